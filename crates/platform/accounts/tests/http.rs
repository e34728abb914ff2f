//! Accounts over HTTP: sign-up, confirmation, sign-in, limits, reset, tokens, CSRF, admin.

use opengov_kernel::{Role, db_run};
use opengov_test_support::{TestApp, find_link};

type R = Result<(), Box<dyn std::error::Error>>;

const GOOD: &str = "Orange-Steppe-2026!";

async fn sign_up(app: &TestApp, client: &reqwest::Client, email: &str) -> reqwest::Response {
    app.post_form(
        client,
        "/account/signup?lang=en",
        &[
            ("display_name", "Aigerim S."),
            ("email", email),
            ("password", GOOD),
            ("password_confirm", GOOD),
        ],
    )
    .await
}

#[tokio::test]
async fn a_citizen_signs_up_confirms_through_the_outbox_and_signs_in() -> R {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = sign_up(&app, &client, "aigerim@example.kz").await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await?.contains("aigerim@example.kz"));
    let mail = app.outbox().await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "aigerim@example.kz");
    let link =
        find_link(&mail[0].2, &app.url("/account/confirm?token=")).ok_or("no confirmation link")?;
    // The link shows a button; following it with GET alone confirms nothing.
    let page = client.get(&link).send().await?;
    assert_eq!(page.status(), 200);
    let token = link
        .split("token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .ok_or("token")?;
    let confirmed: Option<opengov_kernel::Ts> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT email_confirmed_at FROM users"
    )
    .fetch_one(c)
    .await)?;
    assert!(confirmed.is_none());
    let res = app
        .post_form(&client, "/account/confirm", &[("token", token)])
        .await;
    assert_eq!(res.status(), 200);
    let confirmed: Option<opengov_kernel::Ts> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT email_confirmed_at FROM users"
    )
    .fetch_one(c)
    .await)?;
    assert!(confirmed.is_some());
    // A used link does not work twice.
    let again = app
        .post_form(&client, "/account/confirm", &[("token", token)])
        .await;
    assert_eq!(again.status(), 400);
    app.sign_in(&client, "Aigerim@Example.kz").await;
    let html = client
        .get(app.url("/account?lang=en"))
        .send()
        .await?
        .text()
        .await?;
    assert!(html.contains("Aigerim S.") && html.contains("confirmed"));
    // The email job delivers (here: stores, as no mail server is configured).
    assert!(app.run_jobs().await >= 1);
    let states: Vec<String> =
        db_run!(app.db(), |c| sqlx::query_scalar("SELECT state FROM outbox")
            .fetch_all(c)
            .await)?;
    assert!(states.iter().all(|s| s == "stored"), "{states:?}");
    Ok(())
}

#[tokio::test]
async fn signing_up_with_a_taken_email_looks_the_same_and_warns_the_owner() -> R {
    let app = TestApp::spawn().await;
    app.create_user("taken@example.kz", "Owner", &[]).await;
    let client = app.client();
    let res = sign_up(&app, &client, "TAKEN@example.kz").await;
    assert_eq!(res.status(), 200);
    let fresh = sign_up(&app, &app.client(), "fresh@example.kz").await;
    let norm = |s: String, e: &str| {
        s.replace(e, "EMAIL")
            .replace(|c: char| c.is_ascii_hexdigit(), "")
    };
    assert_eq!(
        norm(res.text().await?, "TAKEN@example.kz").len(),
        norm(fresh.text().await?, "fresh@example.kz").len(),
        "the answer must not reveal that the address is registered"
    );
    let users: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(users, 2);
    let mail = app.outbox().await;
    assert!(
        mail.iter()
            .any(|(to, subject, _)| to == "taken@example.kz" && subject.contains("already"))
    );
    Ok(())
}

#[tokio::test]
async fn bad_sign_up_input_is_reported_per_field_and_kept() -> R {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = app
        .post_form(
            &client,
            "/account/signup?lang=en",
            &[
                ("display_name", "A"),
                ("email", "not-an-email"),
                ("password", "password123"),
                ("password_confirm", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await?;
    assert!(
        html.contains("value=\"not-an-email\""),
        "typed values are kept"
    );
    assert!(html.contains("value=\"A\""));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("one of the most common"));
    assert!(html.contains("The two passwords are different"));
    assert!(html.contains("Enter an email address"));
    assert!(
        !html.contains("password123"),
        "passwords are never echoed back"
    );
    let users: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(users, 0);
    Ok(())
}

#[tokio::test]
async fn a_wrong_password_does_not_say_whether_the_account_exists() -> R {
    let app = TestApp::spawn().await;
    app.create_user("real@example.kz", "Real", &[]).await;
    let client = app.client();
    let wrong = app
        .post_form(
            &client,
            "/account/signin?lang=en",
            &[("email", "real@example.kz"), ("password", "nope-nope-nope")],
        )
        .await;
    let missing = app
        .post_form(
            &client,
            "/account/signin?lang=en",
            &[
                ("email", "ghost@example.kz"),
                ("password", "nope-nope-nope"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(missing.status(), 422);
    let a = wrong.text().await?.replace("real@example.kz", "E");
    let b = missing.text().await?.replace("ghost@example.kz", "E");
    assert_eq!(
        a.replace(|c: char| c.is_ascii_hexdigit(), ""),
        b.replace(|c: char| c.is_ascii_hexdigit(), "")
    );
    Ok(())
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account_with_retry_after() -> R {
    let app = TestApp::spawn().await;
    app.create_user("target@example.kz", "Target", &[]).await;
    let client = app.client();
    for _ in 0..5 {
        let res = app
            .post_form(
                &client,
                "/account/signin",
                &[
                    ("email", "target@example.kz"),
                    ("password", "wrong-wrong-1"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[
                ("email", "target@example.kz"),
                ("password", TestApp::PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        429,
        "even the right password waits once the limit is reached"
    );
    assert!(res.headers().contains_key("retry-after"));
    // The window passes.
    app.clock.advance(chrono::Duration::minutes(16));
    app.sign_in(&client, "target@example.kz").await;
    let audit: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account.signin_failed'"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(audit, 5);
    Ok(())
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_address_across_accounts() -> R {
    let app = TestApp::spawn_with(|c| c.limits.signin_per_ip = 3).await;
    let client = app.client();
    for i in 0..3 {
        let email = format!("u{i}@example.kz");
        let res = app
            .post_form(
                &client,
                "/account/signin",
                &[("email", &email), ("password", "wrong-wrong-1")],
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[("email", "other@example.kz"), ("password", "x")],
        )
        .await;
    assert_eq!(res.status(), 429);
    Ok(())
}

#[tokio::test]
async fn sign_out_ends_the_session() -> R {
    let app = TestApp::spawn().await;
    app.create_user("a@example.kz", "A B", &[]).await;
    let client = app.client();
    app.sign_in(&client, "a@example.kz").await;
    assert_eq!(client.get(app.url("/account")).send().await?.status(), 200);
    let res = app.post_form(&client, "/account/signout", &[]).await;
    assert_eq!(res.status(), 303);
    let res = client.get(app.url("/account")).send().await?;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()?
            .starts_with("/account/signin?next=")
    );
    let sessions: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(sessions, 0);
    Ok(())
}

#[tokio::test]
async fn sign_in_returns_to_a_local_next_page_only() -> R {
    let app = TestApp::spawn().await;
    app.create_user("a@example.kz", "A B", &[]).await;
    let client = app.client();
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[
                ("email", "a@example.kz"),
                ("password", TestApp::PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/account");
    let client = app.client();
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[
                ("email", "a@example.kz"),
                ("password", TestApp::PASSWORD),
                ("next", "/audit"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/audit");
    Ok(())
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() -> R {
    let app = TestApp::spawn().await;
    app.create_user("a@example.kz", "A B", &[]).await;
    let client = app.client();
    let _ = app.csrf(&client).await; // the client now holds the cookie
    let res = client
        .post(app.url("/account/signin?lang=en"))
        .form(&[
            ("email", "a@example.kz"),
            ("password", TestApp::PASSWORD),
            ("_csrf", "forged"),
        ])
        .send()
        .await?;
    assert_eq!(res.status(), 403);
    assert!(res.text().await?.contains("form has expired"));
    let res = client
        .post(app.url("/account/signin"))
        .form(&[("email", "a@example.kz")])
        .send()
        .await?;
    assert_eq!(res.status(), 403);
    // Another site's Origin is refused even with the right token.
    let token = app.csrf(&client).await;
    let res = client
        .post(app.url("/account/signin"))
        .header("origin", "https://evil.example")
        .form(&[
            ("email", "a@example.kz"),
            ("password", TestApp::PASSWORD),
            ("_csrf", &token),
        ])
        .send()
        .await?;
    assert_eq!(res.status(), 403);
    Ok(())
}

#[tokio::test]
async fn a_password_reset_works_once_and_signs_out_everywhere() -> R {
    let app = TestApp::spawn().await;
    app.create_user("r@example.kz", "Reset Me", &[]).await;
    let other = app.client();
    app.sign_in(&other, "r@example.kz").await;
    let client = app.client();
    let res = app
        .post_form(
            &client,
            "/account/reset?lang=en",
            &[("email", "r@example.kz")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let unknown = app
        .post_form(
            &client,
            "/account/reset?lang=en",
            &[("email", "nobody@example.kz")],
        )
        .await;
    assert_eq!(unknown.status(), 200);
    let mail = app.outbox().await;
    assert_eq!(mail.len(), 1, "only the real account gets a message");
    let link = find_link(&mail[0].2, &app.url("/account/reset/confirm?token=")).ok_or("no link")?;
    let token = link
        .split("token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .ok_or("token")?
        .to_owned();
    assert_eq!(client.get(&link).send().await?.status(), 200);
    let weak = app
        .post_form(
            &client,
            "/account/reset/confirm",
            &[
                ("token", &token),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status(), 422);
    let res = app
        .post_form(
            &client,
            "/account/reset/confirm",
            &[
                ("token", &token),
                ("password", "Blue-Caspian-2027"),
                ("password_confirm", "Blue-Caspian-2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        other.get(app.url("/account")).send().await?.status(),
        303,
        "old sessions end"
    );
    let again = app
        .post_form(
            &client,
            "/account/reset/confirm",
            &[
                ("token", &token),
                ("password", "Blue-Caspian-2028"),
                ("password_confirm", "Blue-Caspian-2028"),
            ],
        )
        .await;
    assert_eq!(again.status(), 400);
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[("email", "r@example.kz"), ("password", "Blue-Caspian-2027")],
        )
        .await;
    assert_eq!(res.status(), 303);
    // An expired link is refused.
    let _ = app
        .post_form(
            &app.client(),
            "/account/reset",
            &[("email", "r@example.kz")],
        )
        .await;
    let mail = app.outbox().await;
    let link = find_link(
        &mail.last().ok_or("mail")?.2,
        &app.url("/account/reset/confirm?token="),
    )
    .ok_or("no link")?;
    app.clock.advance(chrono::Duration::hours(3));
    assert_eq!(client.get(&link).send().await?.status(), 400);
    Ok(())
}

#[tokio::test]
async fn api_tokens_are_shown_once_accepted_in_three_headers_and_revocable() -> R {
    let app = TestApp::spawn().await;
    let id = app.create_user("dev@example.kz", "Dev", &[]).await;
    let client = app.client();
    app.sign_in(&client, "dev@example.kz").await;
    let res = app
        .post_form(&client, "/account/tokens?lang=en", &[("name", "harvester")])
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await?;
    let start = html.find("og_").ok_or("token not shown")?;
    let token: String = html[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric_or_underscore)
        .collect();
    assert_eq!(token.len(), 67);
    let stored: String = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT token_hash FROM api_tokens"
    )
    .fetch_one(c)
    .await)?;
    assert_ne!(stored, token, "stored hashed");
    let api = reqwest::Client::new();
    for (name, value) in [
        ("authorization", token.clone()),
        ("authorization", format!("Bearer {token}")),
        ("x-ckan-api-key", token.clone()),
    ] {
        let res = api
            .get(app.url("/api/v1/me"))
            .header(name, value)
            .send()
            .await?;
        assert_eq!(res.status(), 200, "{name}");
        let me: serde_json::Value = res.json().await?;
        assert_eq!(me["id"], id);
    }
    let page = client.get(app.url("/account")).send().await?.text().await?;
    assert!(!page.contains(&token), "never shown again");
    let token_id: i64 = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT id FROM api_tokens"
    )
    .fetch_one(c)
    .await)?;
    let res = app
        .post_form(&client, &format!("/account/tokens/{token_id}/revoke"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = api
        .get(app.url("/api/v1/me"))
        .header("authorization", &token)
        .send()
        .await?;
    assert_eq!(res.status(), 401);
    // Someone else cannot revoke my token.
    app.create_user("other@example.kz", "Other", &[]).await;
    let other = app.client();
    app.sign_in(&other, "other@example.kz").await;
    let res = app
        .post_form(&other, &format!("/account/tokens/{token_id}/revoke"), &[])
        .await;
    assert_eq!(res.status(), 404);
    Ok(())
}

trait TokenChar {
    fn is_ascii_alphanumeric_or_underscore(&self) -> bool;
}
impl TokenChar for char {
    fn is_ascii_alphanumeric_or_underscore(&self) -> bool {
        self.is_ascii_alphanumeric() || *self == '_'
    }
}

#[tokio::test]
async fn api_writes_ignore_the_session_cookie() -> R {
    let app = TestApp::spawn().await;
    app.create_user("a@example.kz", "A B", &[]).await;
    let client = app.client();
    app.sign_in(&client, "a@example.kz").await;
    // Reads may use the session...
    assert_eq!(
        client.get(app.url("/api/v1/me")).send().await?.status(),
        200
    );
    // ...an invalid token makes the caller anonymous, not an error of its own.
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("authorization", "garbage")
        .send()
        .await?;
    assert_eq!(res.status(), 401);
    Ok(())
}

#[tokio::test]
async fn password_change_needs_the_current_password() -> R {
    let app = TestApp::spawn().await;
    app.create_user("p@example.kz", "P Q", &[]).await;
    let client = app.client();
    app.sign_in(&client, "p@example.kz").await;
    let res = app
        .post_form(
            &client,
            "/account/password?lang=en",
            &[
                ("current_password", "wrong"),
                ("password", "Blue-Caspian-2027"),
                ("password_confirm", "Blue-Caspian-2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await?.contains("current password is not right"));
    let res = app
        .post_form(
            &client,
            "/account/password",
            &[
                ("current_password", TestApp::PASSWORD),
                ("password", "Blue-Caspian-2027"),
                ("password_confirm", "Blue-Caspian-2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        client.get(app.url("/account")).send().await?.status(),
        200,
        "this session stays"
    );
    Ok(())
}

#[tokio::test]
async fn only_administrators_reach_the_administration() -> R {
    let app = TestApp::spawn().await;
    let body = app
        .create_body(
            "MF",
            "Қаржы министрлігі",
            "Министерство финансов",
            "Ministry of Finance",
            None,
        )
        .await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    app.create_user("mod@example.kz", "Moderator", &[(Role::Moderator, None)])
        .await;
    app.create_user("head@example.kz", "Head", &[(Role::Head, Some(body))])
        .await;
    app.create_user("citizen@example.kz", "Citizen", &[]).await;
    let paths = [
        "/admin",
        "/admin/users",
        "/admin/users/1",
        "/admin/jobs",
        "/admin/outbox",
    ];
    let anonymous = app.client();
    for path in paths {
        let res = anonymous.get(app.url(path)).send().await?;
        assert_eq!(res.status(), 303, "{path}");
    }
    for who in ["mod@example.kz", "head@example.kz", "citizen@example.kz"] {
        let client = app.client();
        app.sign_in(&client, who).await;
        for path in paths {
            assert_eq!(
                client.get(app.url(path)).send().await?.status(),
                403,
                "{who} {path}"
            );
        }
        let res = app
            .post_form(
                &client,
                "/admin/users/4/roles",
                &[("role", "administrator")],
            )
            .await;
        assert_eq!(res.status(), 403, "{who} cannot grant roles");
    }
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    for path in paths {
        assert_eq!(
            admin.get(app.url(path)).send().await?.status(),
            200,
            "{path}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn an_administrator_grants_revokes_and_disables_with_audit() -> R {
    let app = TestApp::spawn().await;
    app.create_body(
        "MF",
        "Қаржы министрлігі",
        "Министерство финансов",
        "Ministry of Finance",
        None,
    )
    .await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let citizen = app.create_user("c@example.kz", "Citizen", &[]).await;
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    let res = app
        .post_form(
            &admin,
            &format!("/admin/users/{citizen}/roles"),
            &[("role", "responder"), ("body", "MF")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let bad = app
        .post_form(
            &admin,
            &format!("/admin/users/{citizen}/roles"),
            &[("role", "responder"), ("body", "")],
        )
        .await;
    assert_eq!(bad.status(), 400, "a per-body role needs a body");
    let bad = app
        .post_form(
            &admin,
            &format!("/admin/users/{citizen}/roles"),
            &[("role", "moderator"), ("body", "MF")],
        )
        .await;
    assert_eq!(bad.status(), 400, "a platform role takes no body");
    let c = app.client();
    app.sign_in(&c, "c@example.kz").await;
    let me: serde_json::Value = c.get(app.url("/api/v1/me")).send().await?.json().await?;
    assert_eq!(me["roles"][0]["role"], "responder");
    let res = app
        .post_form(&admin, &format!("/admin/users/{citizen}/disable"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        c.get(app.url("/account")).send().await?.status(),
        303,
        "a disabled account is signed out"
    );
    let res = app
        .post_form(
            &c,
            "/account/signin",
            &[("email", "c@example.kz"), ("password", TestApp::PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 422);
    let actions: Vec<String> = db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT action FROM audit_log ORDER BY seq"
    )
    .fetch_all(c)
    .await)?;
    for a in ["role.grant", "user.disable"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing in {actions:?}");
    }
    assert!(opengov_audit::verify(app.db(), None).await?.ok());
    Ok(())
}

mod identity {
    use super::*;
    use opengov_test_support::oidc::{FakeOidc, Trick};

    /// Follows the verification round trip: our redirect → the provider → our callback.
    async fn verify(
        app: &TestApp,
        client: &reqwest::Client,
    ) -> Result<reqwest::Response, Box<dyn std::error::Error>> {
        let start = app.post_form(client, "/account/verify?lang=en", &[]).await;
        assert_eq!(start.status(), 303);
        let to_provider = start.headers()["location"].to_str()?.to_owned();
        assert!(
            to_provider.contains("code_challenge_method=S256") && to_provider.contains("nonce=")
        );
        let back = client.get(&to_provider).send().await?;
        assert_eq!(back.status(), 303, "the provider redirects back");
        let callback = back.headers()["location"].to_str()?.to_owned();
        Ok(client.get(callback).send().await?)
    }

    async fn verified(
        app: &TestApp,
        email: &str,
    ) -> Result<Option<String>, opengov_kernel::DbError> {
        db_run!(app.db(), |c| sqlx::query_scalar(
            "SELECT identity_subject FROM users WHERE email_key = $1"
        )
        .bind(email)
        .fetch_one(c)
        .await)
    }

    #[tokio::test]
    async fn an_account_verifies_its_identity_with_the_provider() -> R {
        let provider = FakeOidc::start().await;
        let config = provider.config();
        let app = TestApp::spawn_with(move |c| c.oidc = Some(config)).await;
        app.create_user("v@example.kz", "Verify Me", &[]).await;
        let client = app.client();
        app.sign_in(&client, "v@example.kz").await;
        let page = client
            .get(app.url("/account?lang=en"))
            .send()
            .await?
            .text()
            .await?;
        assert!(page.contains("Verify my identity with Test ID"));
        let res = verify(&app, &client).await?;
        assert_eq!(res.status(), 200);
        assert!(res.text().await?.contains("Identity verified"));
        assert_eq!(
            verified(&app, "v@example.kz").await?.as_deref(),
            Some("870101300123")
        );
        let me: serde_json::Value = client
            .get(app.url("/api/v1/me"))
            .send()
            .await?
            .json()
            .await?;
        assert_eq!(me["identity_verified"], true);
        // The same person cannot verify a second account.
        app.create_user("w@example.kz", "Second", &[]).await;
        let other = app.client();
        app.sign_in(&other, "w@example.kz").await;
        let res = verify(&app, &other).await?;
        assert_eq!(res.status(), 409);
        assert_eq!(verified(&app, "w@example.kz").await?, None);
        Ok(())
    }

    #[tokio::test]
    async fn forged_or_stale_id_tokens_verify_nothing() -> R {
        let provider = FakeOidc::start().await;
        let config = provider.config();
        let app = TestApp::spawn_with(move |c| c.oidc = Some(config)).await;
        app.create_user("v@example.kz", "Verify Me", &[]).await;
        let client = app.client();
        app.sign_in(&client, "v@example.kz").await;
        for trick in [
            Trick::WrongNonce,
            Trick::WrongAudience,
            Trick::Expired,
            Trick::ForeignKey,
        ] {
            provider.set_trick(trick);
            let res = verify(&app, &client).await?;
            assert_eq!(res.status(), 400, "{trick:?}");
            assert_eq!(verified(&app, "v@example.kz").await?, None, "{trick:?}");
        }
        // A callback with a state that was never issued (or replayed) is refused.
        let res = client
            .get(app.url("/account/verify/callback?code=x&state=forged"))
            .send()
            .await?;
        assert_eq!(res.status(), 400);
        Ok(())
    }

    #[tokio::test]
    async fn verification_needs_a_configured_provider_and_a_signed_in_user() -> R {
        let app = TestApp::spawn().await;
        app.create_user("v@example.kz", "Verify Me", &[]).await;
        let anonymous = app.client();
        let res = app.post_form(&anonymous, "/account/verify", &[]).await;
        assert_eq!(res.status(), 303, "sign in first");
        let client = app.client();
        app.sign_in(&client, "v@example.kz").await;
        let res = app.post_form(&client, "/account/verify", &[]).await;
        assert_eq!(res.status(), 404, "no provider configured");
        Ok(())
    }
}
