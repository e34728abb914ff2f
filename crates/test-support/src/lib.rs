#![doc = include_str!("../README.md")]
#![allow(
    clippy::missing_panics_doc,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test harness: a failed setup must stop the test"
)]

pub mod oidc;

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use opengov_app::app::build_state_with_db;
use opengov_audit::Actor;
use opengov_kernel::db::DbOptions;
use opengov_kernel::{Config, Db, FakeClock, Role, Ts, db_run};
use opengov_web::AppState;
use tempfile::TempDir;
use tokio::sync::oneshot;

pub use reqwest;

/// A running application for one test.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub clock: FakeClock,
    _dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The moment every test starts at: Monday 2 March 2026, 09:00 UTC.
#[must_use]
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

async fn fresh_db(config: &Config) -> Db {
    let options = DbOptions {
        max_connections: 8,
        schema: None,
    };
    if let Ok(url) = std::env::var("OPENGOV_TEST_DATABASE_URL")
        && !url.is_empty()
    {
        let schema = format!("t_{}", &opengov_kernel::secret::random_token("")[..16]);
        let admin = Db::connect(
            Some(&url),
            &config.sqlite_path(),
            &DbOptions {
                max_connections: 1,
                schema: None,
            },
        )
        .await
        .expect("connect to OPENGOV_TEST_DATABASE_URL");
        db_run!(&admin, |c| sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA {schema}"
        )))
        .execute(c)
        .await
        .map(|_| ()))
        .expect("create a test schema");
        admin.close().await;
        let db = Db::connect(
            Some(&url),
            &config.sqlite_path(),
            &DbOptions {
                max_connections: 8,
                schema: Some(schema),
            },
        )
        .await
        .expect("connect to the test schema");
        db.migrate().await.expect("migrate the test schema");
        return db;
    }

    let db = Db::connect(None, &config.sqlite_path(), &options)
        .await
        .expect("open SQLite");
    db.migrate().await.expect("migrate SQLite");
    db
}

impl TestApp {
    /// The password of every account the harness creates.
    pub const PASSWORD: &'static str = "Orange-Steppe-2026!";

    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the application after `adjust` has changed the test configuration.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local address");
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        config.public_url = format!("http://{addr}");
        config.accounts.argon2_memory_kib = 1024;
        config.accounts.argon2_iterations = 1;
        config.jobs.workers = 0;
        // The demo's big table at a size a debug build generates in a moment.
        config.demo_table_rows = 3_000;
        adjust(&mut config);
        let db = fresh_db(&config).await;
        let clock = FakeClock::new(start_time());
        let state =
            build_state_with_db(config, Arc::new(clock.clone()), db).expect("application state");
        let app = opengov_app::router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        });
        Self {
            addr,
            state,
            clock,
            _dir: dir,
            stop: Some(stop),
        }
    }

    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    #[must_use]
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    #[must_use]
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client")
    }

    /// Creates a confirmed account with roles; returns its id. The password is [`Self::PASSWORD`].
    pub async fn create_user(&self, email: &str, name: &str, roles: &[(Role, Option<i64>)]) -> i64 {
        let now = self.state.now();
        let hash = opengov_accounts::password::hash(&self.state.config.accounts, Self::PASSWORD)
            .await
            .expect("hash");
        let mut tx = self.db().begin().await.expect("begin");
        let id = opengov_accounts::store::insert_user(&mut tx, now, email, name, &hash, true)
            .await
            .expect("insert user")
            .expect("email is free");
        for (role, body) in roles {
            opengov_bodies::roles::grant(&mut tx, now, &Actor::system(), id, *role, *body)
                .await
                .expect("grant role");
        }
        tx.commit().await.expect("commit");
        self.state.caches.clear();
        id
    }

    /// Creates a body (kind `ministry`, slug = lowercased code); returns its id.
    pub async fn create_body(
        &self,
        code: &str,
        kk: &str,
        ru: &str,
        en: &str,
        parent: Option<i64>,
    ) -> i64 {
        let now: Ts = self.state.now();
        let id = db_run!(self.db(), |c| sqlx::query_scalar(
            "INSERT INTO bodies (code, slug, parent_id, kind, name_kk, name_ru, name_en, created_at, updated_at) \
             VALUES ($1, $2, $3, 'ministry', $4, $5, $6, $7, $7) RETURNING id"
        )
        .bind(code)
        .bind(code.to_lowercase().replace('_', "-"))
        .bind(parent)
        .bind(kk)
        .bind(ru)
        .bind(en)
        .bind(now)
        .fetch_one(c)
        .await)
        .expect("insert body");
        self.state.caches.clear();
        id
    }

    /// The CSRF token the client holds (fetched from a page's `csrf-token` meta tag).
    pub async fn csrf(&self, client: &reqwest::Client) -> String {
        let html = client
            .get(self.url("/"))
            .send()
            .await
            .expect("GET /")
            .text()
            .await
            .expect("body");
        let marker = "name=\"csrf-token\" content=\"";
        let start = html.find(marker).expect("csrf meta tag") + marker.len();
        html[start..].chars().take_while(|c| *c != '"').collect()
    }

    /// Posts a form with the client's CSRF token added.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf(client).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("_csrf", &token));
        client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// Signs the client in as `email` (password [`Self::PASSWORD`]).
    pub async fn sign_in(&self, client: &reqwest::Client, email: &str) {
        let res = self
            .post_form(
                client,
                "/account/signin",
                &[("email", email), ("password", Self::PASSWORD)],
            )
            .await;
        assert_eq!(
            res.status(),
            303,
            "sign-in of {email} failed: {}",
            res.text().await.unwrap_or_default()
        );
    }

    /// Creates an API token for a user; returns the token.
    pub async fn api_token(&self, user_id: i64) -> String {
        let mut tx = self.db().begin().await.expect("begin");
        let (_, token) =
            opengov_accounts::store::create_token(&mut tx, self.state.now(), user_id, "test")
                .await
                .expect("token");
        tx.commit().await.expect("commit");
        token
    }

    /// Messages in the outbox, oldest first: (to, subject, body).
    pub async fn outbox(&self) -> Vec<(String, String, String)> {
        db_run!(self.db(), |c| sqlx::query_as(
            "SELECT to_email, subject, body_text FROM outbox ORDER BY id"
        )
        .fetch_all(c)
        .await)
        .expect("outbox")
    }

    /// Runs queued jobs until none is due; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        let registry = opengov_app::jobs::registry();
        let mut n = 0;
        while opengov_jobs::run_once(&self.state, &registry, "test")
            .await
            .expect("job queue")
        {
            n += 1;
        }
        n
    }
}

/// The first link in `text` that starts with `prefix` (such as `http://…/account/confirm`).
#[must_use]
pub fn find_link(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    Some(
        text[start..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_owned(),
    )
}
