//! The application as a whole: pages, languages, headers, errors, health, metrics, OpenAPI.

use opengov_test_support::TestApp;

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn home_page_is_served_in_the_language_asked_for_and_remembered() -> R {
    let app = TestApp::spawn().await;
    let client = app.client();
    for (lang, words) in [
        ("kk", "Ашық үкімет"),
        ("ru", "Открытое правительство"),
        ("en", "Open Government"),
    ] {
        let res = client
            .get(app.url(&format!("/?lang={lang}")))
            .send()
            .await?;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-language"], lang);
        let html = res.text().await?;
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(html.contains(words), "{lang}: {words}");
    }
    // The last explicit choice (en) is kept in a cookie and wins over Accept-Language.
    let html = client
        .get(app.url("/"))
        .header("accept-language", "ru")
        .send()
        .await?
        .text()
        .await?;
    assert!(html.contains("<html lang=\"en\">"));
    Ok(())
}

#[tokio::test]
async fn accept_language_is_used_when_nothing_else_chooses() -> R {
    let app = TestApp::spawn().await;
    let html = reqwest::Client::new()
        .get(app.url("/"))
        .header("accept-language", "de-DE, ru;q=0.8, en;q=0.5")
        .send()
        .await?
        .text()
        .await?;
    assert!(html.contains("<html lang=\"ru\">"));
    let default = reqwest::get(app.url("/")).await?.text().await?;
    assert!(
        default.contains("<html lang=\"kk\">"),
        "the configured default is Kazakh"
    );
    Ok(())
}

#[tokio::test]
async fn pages_have_landmarks_skip_link_and_language_switcher() -> R {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/?lang=en")).await?.text().await?;
    assert!(html.contains("class=\"skip-link\" href=\"#main\""));
    assert!(html.contains("<main id=\"main\""));
    assert!(
        html.contains("<header")
            && html.contains("<footer")
            && html.contains("aria-label=\"Main navigation\"")
    );
    for lang in ["kk", "ru", "en"] {
        assert!(html.contains(&format!("hreflang=\"{lang}\"")));
    }
    assert!(
        !html.contains("style=") && !html.contains("<script>"),
        "no inline style or script (CSP)"
    );
    Ok(())
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() -> R {
    let app = TestApp::spawn().await;
    for path in ["/", "/no-such-page", "/api/v1/audit"] {
        let res = reqwest::get(app.url(path)).await?;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str()?;
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(h.contains_key("x-request-id"), "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn static_assets_have_hashed_names_and_long_caching() -> R {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/")).await?.text().await?;
    let start = html.find("/static/app.").ok_or("no stylesheet link")?;
    // The first asset link in the page is the stylesheet: /static/app.<10 hex digits>.css

    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert!(
        std::path::Path::new(&href)
            .extension()
            .is_some_and(|e| e == "css")
            && href.len() == "/static/app..css".len() + 10,
        "{href}"
    );
    let res = reqwest::get(app.url(&href)).await?;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["cache-control"]
            .to_str()?
            .contains("immutable")
    );
    assert_eq!(
        reqwest::get(app.url("/static/app.css")).await?.status(),
        404,
        "unhashed names are not served"
    );
    Ok(())
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_in_the_users_language() -> R {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/nowhere?lang=ru")).await?;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()?
            .starts_with("text/html")
    );
    let html = res.text().await?;
    assert!(html.contains("Страница не найдена"), "{html}");
    Ok(())
}

#[tokio::test]
async fn api_errors_are_json_with_one_shape() -> R {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/api/v1/nothing?lang=en")).await?;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    let res = reqwest::get(app.url("/api/v1/audit?after=abc")).await?;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body["error"]["code"], "bad_request");
    Ok(())
}

#[tokio::test]
async fn a_wrong_method_is_405_with_a_page() -> R {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = app.post_form(&client, "/", &[]).await;
    assert_eq!(res.status(), 405);
    assert!(res.headers().contains_key("allow"));
    assert!(res.text().await?.contains("<html"));
    Ok(())
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() -> R {
    let app = TestApp::spawn_with(|c| c.limits.body_bytes = 1024).await;
    let client = app.client();
    let big = "x".repeat(4096);
    let res = app
        .post_form(
            &client,
            "/account/signin",
            &[("email", &big), ("password", "y")],
        )
        .await;
    assert_eq!(res.status(), 413);
    Ok(())
}

#[tokio::test]
async fn healthz_and_metrics() -> R {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/healthz")).await?;
    assert_eq!(res.status(), 200);
    let _ = reqwest::get(app.url("/")).await?;
    let text = reqwest::get(app.url("/metrics")).await?.text().await?;
    assert!(text.contains("opengov_http_requests_total{method=\"GET\",status=\"2xx\"}"));
    assert!(text.contains("opengov_http_request_duration_seconds_bucket"));
    assert!(text.contains("opengov_db_connections"));
    Ok(())
}

#[tokio::test]
async fn openapi_document_is_3_1_and_lists_the_api() -> R {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/openapi.json"))
        .await?
        .json()
        .await?;
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    for path in [
        "/api/v1/audit",
        "/api/v1/audit/checkpoints",
        "/api/v1/me",
        "/api/v1/bodies",
        "/api/v1/calendar",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    let html = reqwest::get(app.url("/api/docs?lang=en"))
        .await?
        .text()
        .await?;
    assert!(html.contains("GET /api/v1/audit"));
    Ok(())
}

#[tokio::test]
async fn every_error_status_has_a_page_in_the_users_language() -> R {
    use opengov_kernel::{Catalog, Lang, Role};
    let catalog = Catalog::platform()?;
    let app = TestApp::spawn_with(|c| {
        c.limits.body_bytes = 4096;
        c.limits.signin_per_account = 1;
    })
    .await;
    let admin_id = app
        .create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    app.create_user("citizen@example.kz", "Citizen", &[]).await;
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    let citizen = app.client();
    app.sign_in(&citizen, "citizen@example.kz").await;
    let anonymous = app.client();
    let big = "x".repeat(10_000);
    let cases: Vec<(u16, reqwest::Response)> = vec![
        (
            400,
            app.post_form(
                &anonymous,
                "/account/confirm?lang=ru",
                &[("token", "not-a-token")],
            )
            .await,
        ),
        (403, citizen.get(app.url("/admin?lang=ru")).send().await?),
        (
            404,
            anonymous
                .get(app.url("/no/such/page?lang=ru"))
                .send()
                .await?,
        ),
        (
            409,
            app.post_form(
                &admin,
                &format!("/admin/users/{admin_id}/disable?lang=ru"),
                &[],
            )
            .await,
        ),
        (
            413,
            app.post_form(&anonymous, "/account/signin?lang=ru", &[("email", &big)])
                .await,
        ),
    ];
    for (status, res) in cases {
        assert_eq!(res.status(), status);
        let html = res.text().await?;
        assert!(html.contains("<html lang=\"ru\">"), "{status}");
        let title = catalog.t(Lang::Ru, &format!("error-{status}-title"));
        assert!(html.contains(&title), "{status}: no {title:?} in the page");
    }
    // 422: the form comes back with its problems, in Russian.
    let res = app
        .post_form(
            &anonymous,
            "/account/signup?lang=ru",
            &[
                ("display_name", "A"),
                ("email", "x"),
                ("password", "1"),
                ("password_confirm", "2"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await?
            .contains(&catalog.t(Lang::Ru, "form-errors-title"))
    );
    // 429: too many failed sign-ins, with Retry-After.
    let _ = app
        .post_form(
            &anonymous,
            "/account/signin?lang=ru",
            &[("email", "citizen@example.kz"), ("password", "wrong-wrong")],
        )
        .await;
    let res = app
        .post_form(
            &anonymous,
            "/account/signin?lang=ru",
            &[("email", "citizen@example.kz"), ("password", "wrong-wrong")],
        )
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert!(
        res.text()
            .await?
            .contains(&catalog.t(Lang::Ru, "error-429-title"))
    );
    Ok(())
}

#[tokio::test]
async fn nul_characters_in_forms_and_queries_are_refused_on_every_backend() -> R {
    use opengov_kernel::Role;
    let app = TestApp::spawn().await;
    app.create_user("admin@example.kz", "Admin", &[(Role::Administrator, None)])
        .await;
    let admin = app.client();
    app.sign_in(&admin, "admin@example.kz").await;
    let res = admin
        .get(app.url("/admin/users?q=%00&lang=en"))
        .send()
        .await?;
    assert_eq!(res.status(), 400);
    assert!(res.text().await?.contains("control characters"));
    let res = app
        .post_form(&admin, "/account/tokens", &[("name", "bad\u{0}name")])
        .await;
    assert_eq!(res.status(), 400);
    let res = reqwest::get(app.url("/api/v1/audit?after=%00")).await?;
    assert_eq!(res.status(), 400);
    let tokens: i64 = opengov_kernel::db_run!(app.db(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_tokens"
    )
    .fetch_one(c)
    .await)?;
    assert_eq!(tokens, 0);
    Ok(())
}
