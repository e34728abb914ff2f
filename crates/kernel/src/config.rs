//! Typed configuration: defaults, then `opengov.toml`, then `OPENGOV_*` environment variables.
//!
//! Every legal number and limit lives here with a sensible default and is never a constant in
//! code. Secrets are wrapped in [`Secret`] so `Debug` output and logs never show them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::calendar::Period;
use crate::i18n::Lang;

/// A string that must not be printed.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Secret {
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The whole configuration of one node.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub bind: SocketAddr,
    /// Where the SQLite database, uploaded files and the search index live.
    pub data_dir: PathBuf,
    /// `postgres://…` to run on PostgreSQL; empty for the embedded SQLite database.
    pub database_url: Option<Secret>,
    /// Public base URL, such as `https://opengov.example.kz`; `https` marks cookies `Secure`.
    pub public_url: String,
    /// Language used when neither the request nor the browser chooses one.
    pub default_lang: Lang,
    /// ISO 3166 code of the country whose working-day calendar drives deadlines.
    pub country: String,
    /// Connections per pool (0: decided from the number of cores).
    pub db_max_connections: u32,
    pub log_format: LogFormat,
    /// Demo mode: the outbox is readable by administrators at `/admin/outbox`.
    pub demo: bool,
    /// Rows of the demo's big table (hourly air quality); 0 leaves it out.
    pub demo_table_rows: u64,
    /// Catalogue searches whose answers a node keeps until its index changes (0: none).
    pub search_result_cache: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    /// Moves the server's clock by this many days (demonstrations and browser tests that need
    /// to see deadlines pass). Leave at 0 in production.
    pub clock_offset_days: i64,
    pub limits: Limits,
    pub accounts: AccountsConfig,
    pub smtp: Option<SmtpConfig>,
    pub oidc: Option<OidcConfig>,
    pub storage: StorageConfig,
    pub jobs: JobsConfig,
    /// The legal periods of the duty to answer.
    pub duty: DutyRules,
    pub appeals: AppealsConfig,
    pub datastore: DatastoreConfig,
}

/// Limits on filing appeals.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppealsConfig {
    /// Appeals one account may file per calendar day (in the country's time zone).
    pub per_account_per_day: u32,
    /// Longest appeal text, in characters.
    pub text_max_chars: usize,
    /// Attachments per appeal.
    pub attachments_max: usize,
    /// Largest attachment, in bytes.
    pub attachment_bytes: u64,
    /// How old the public appeal statistics may get before a request reloads them in the
    /// background, in milliseconds; a value twice as old is reloaded before answering.
    pub stats_refresh_millis: u64,
}

impl Default for AppealsConfig {
    fn default() -> Self {
        Self {
            per_account_per_day: 10,
            text_max_chars: 10_000,
            attachments_max: 5,
            attachment_bytes: 20 * 1024 * 1024,
            stats_refresh_millis: 30_000,
        }
    }
}

/// The datastore of tabular resources.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatastoreConfig {
    /// Whether `datastore_search_sql` answers (off by default, as in CKAN).
    pub sql_enabled: bool,
    /// Longest a `datastore_search_sql` statement may run, in milliseconds.
    pub sql_timeout_millis: u64,
    /// Most rows a `datastore_search_sql` statement returns.
    pub sql_rows: u64,
    /// Most rows a loaded file may have.
    pub max_rows: u64,
    /// Most columns a loaded file may have.
    pub max_columns: usize,
    /// Longest single cell, in bytes.
    pub max_field_bytes: usize,
}

impl Default for DatastoreConfig {
    fn default() -> Self {
        Self {
            sql_enabled: false,
            sql_timeout_millis: 3_000,
            sql_rows: 32_000,
            max_rows: 50_000_000,
            max_columns: 1_000,
            max_field_bytes: 1024 * 1024,
        }
    }
}

/// The periods of the duty to answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DutyRules {
    /// Answer to an appeal (application, complaint, proposal, feedback).
    pub answer: Period,
    /// Answer to a request for information.
    pub information_request: Period,
    /// Decision of the superior body on a complaint against an answer.
    pub complaint_about_answer: Period,
    /// Forwarding an appeal outside the body's competence.
    pub redirect_within: Period,
    /// Telling the applicant that the appeal was forwarded.
    pub redirect_notice: Period,
    /// The most all extensions together may add, counted from the original due date.
    pub extension_cap: Period,
    /// Telling the applicant about an extension.
    pub extension_notice: Period,
}

impl Default for DutyRules {
    fn default() -> Self {
        Self {
            answer: Period::WorkingDays(15),
            information_request: Period::CalendarDays(15),
            complaint_about_answer: Period::WorkingDays(20),
            redirect_within: Period::WorkingDays(3),
            redirect_notice: Period::WorkingDays(3),
            extension_cap: Period::Months(2),
            extension_notice: Period::WorkingDays(3),
        }
    }
}

/// Request size and rate limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest request body accepted for forms and JSON, in bytes.
    pub body_bytes: usize,
    /// Largest uploaded file, in bytes.
    pub upload_bytes: u64,
    /// Seconds a request may take before it gets 408 (requests sending files excepted).
    pub request_secs: u64,
    /// Seconds a file upload may wait for the client's next bytes; an upload has no overall
    /// time limit.
    pub upload_idle_secs: u64,
    /// Sign-in attempts allowed per account in `signin_window_secs`.
    pub signin_per_account: u32,
    /// Sign-in attempts allowed per client address in `signin_window_secs`.
    pub signin_per_ip: u32,
    pub signin_window_secs: u64,
    /// Sign-ups and password-reset requests per client address per hour.
    pub signup_per_ip_per_hour: u32,
    /// CKAN Action API requests per minute per client address without a token (per node).
    pub api_anonymous_per_minute: u32,
    /// CKAN Action API requests per minute per account with a valid token (per node).
    pub api_token_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 2 * 1024 * 1024,
            upload_bytes: 2 * 1024 * 1024 * 1024,
            request_secs: 60,
            upload_idle_secs: 60,
            signin_per_account: 5,
            signin_per_ip: 30,
            signin_window_secs: 15 * 60,
            signup_per_ip_per_hour: 20,
            api_anonymous_per_minute: 600,
            api_token_per_minute: 6000,
        }
    }
}

/// Password and session policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountsConfig {
    pub password_min_length: usize,
    /// argon2id memory cost in KiB (OWASP: 19456 with 2 iterations).
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub session_days: i64,
    pub confirmation_hours: i64,
    pub reset_hours: i64,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        Self {
            password_min_length: 10,
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            session_days: 30,
            confirmation_hours: 48,
            reset_hours: 2,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: Secret,
    pub from: String,
    /// `starttls` (default), `tls` or `none` (only for a relay on the same host).
    #[serde(default = "default_smtp_security")]
    pub security: String,
}

fn default_smtp_port() -> u16 {
    587
}
fn default_smtp_security() -> String {
    "starttls".to_owned()
}

/// An OpenID Connect identity provider used to verify identity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Shown on the button, such as "eGov ID".
    #[serde(default)]
    pub display_name: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StorageConfig {
    /// Empty: files under `<data_dir>/files`. Otherwise an S3-compatible bucket.
    pub s3_bucket: Option<String>,
    pub s3_endpoint: Option<String>,
    pub s3_region: Option<String>,
    pub s3_access_key: Option<Secret>,
    pub s3_secret_key: Option<Secret>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Workers `serve` runs in-process (0: none; run `opengov worker` apart).
    pub workers: usize,
    pub poll_millis: u64,
    pub max_attempts: i32,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            workers: 1,
            poll_millis: 500,
            max_attempts: 8,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("opengov-data"),
            database_url: None,
            public_url: "http://127.0.0.1:8080".to_owned(),
            default_lang: Lang::Kk,
            country: "KZ".to_owned(),
            db_max_connections: 0,
            log_format: LogFormat::Text,
            demo: false,
            trust_forwarded_for: false,
            clock_offset_days: 0,
            demo_table_rows: 1_000_000,
            search_result_cache: 1024,
            limits: Limits::default(),
            accounts: AccountsConfig::default(),
            smtp: None,
            oidc: None,
            storage: StorageConfig::default(),
            jobs: JobsConfig::default(),
            duty: DutyRules::default(),
            appeals: AppealsConfig::default(),
            datastore: DatastoreConfig::default(),
        }
    }
}

/// Why configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("invalid value for {name}: {value:?} ({reason})")]
    Env {
        name: String,
        value: String,
        reason: String,
    },
}

impl Config {
    /// Loads the configuration: defaults, then the file (`explicit`, else
    /// `<data_dir>/opengov.toml`, else `./opengov.toml`, when present), then the environment.
    pub fn load(explicit: Option<&Path>, data_dir: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load_from(explicit, data_dir, |name| std::env::var(name).ok())
    }

    /// Same as [`Config::load`] with the environment given as a function (for tests).
    pub fn load_from(
        explicit: Option<&Path>,
        data_dir: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let data_dir = data_dir
            .map(Path::to_path_buf)
            .or_else(|| env("OPENGOV_DATA_DIR").map(PathBuf::from));
        let candidates: Vec<PathBuf> = if let Some(p) = explicit {
            vec![p.to_path_buf()]
        } else {
            let mut v = Vec::new();
            if let Some(d) = &data_dir {
                v.push(d.join("opengov.toml"));
            }
            v.push(PathBuf::from("opengov.toml"));
            v
        };
        let mut config = Self::default();
        for path in candidates {
            if explicit.is_none() && !path.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                path: path.clone(),
                source,
            })?;
            config = toml::from_str(&text).map_err(|source| ConfigError::Parse {
                path: path.clone(),
                source: Box::new(source),
            })?;
            break;
        }
        if let Some(d) = data_dir {
            config.data_dir = d;
        }
        config.apply_env(env)?;
        Ok(config)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.parse().map_err(|e: T::Err| ConfigError::Env {
                name: name.to_owned(),
                value: value.to_owned(),
                reason: e.to_string(),
            })
        }
        if let Some(v) = env("OPENGOV_BIND") {
            self.bind = parse("OPENGOV_BIND", &v)?;
        }
        if let Some(v) = env("OPENGOV_DATABASE_URL").filter(|v| !v.is_empty()) {
            self.database_url = Some(Secret(v));
        }
        if let Some(v) = env("OPENGOV_PUBLIC_URL") {
            self.public_url = v;
        }
        if let Some(v) = env("OPENGOV_DEFAULT_LANG") {
            self.default_lang = Lang::from_code(&v).ok_or_else(|| ConfigError::Env {
                name: "OPENGOV_DEFAULT_LANG".into(),
                value: v.clone(),
                reason: "expected kk, ru or en".into(),
            })?;
        }
        if let Some(v) = env("OPENGOV_COUNTRY") {
            self.country = v;
        }
        if let Some(v) = env("OPENGOV_LOG_FORMAT") {
            self.log_format = match v.as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                _ => {
                    return Err(ConfigError::Env {
                        name: "OPENGOV_LOG_FORMAT".into(),
                        value: v,
                        reason: "expected text or json".into(),
                    });
                }
            };
        }
        if let Some(v) = env("OPENGOV_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("OPENGOV_DB_MAX_CONNECTIONS", &v)?;
        }
        if let Some(v) = env("OPENGOV_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = parse("OPENGOV_TRUST_FORWARDED_FOR", &v)?;
        }
        if let Some(v) = env("OPENGOV_API_ANONYMOUS_PER_MINUTE") {
            self.limits.api_anonymous_per_minute = parse("OPENGOV_API_ANONYMOUS_PER_MINUTE", &v)?;
        }
        if let Some(v) = env("OPENGOV_DEMO_TABLE_ROWS") {
            self.demo_table_rows = parse("OPENGOV_DEMO_TABLE_ROWS", &v)?;
        }
        if let Some(v) = env("OPENGOV_SEARCH_RESULT_CACHE") {
            self.search_result_cache = parse("OPENGOV_SEARCH_RESULT_CACHE", &v)?;
        }
        if let Some(v) = env("OPENGOV_DATASTORE_SQL") {
            self.datastore.sql_enabled = parse("OPENGOV_DATASTORE_SQL", &v)?;
        }
        if let Some(v) = env("OPENGOV_CLOCK_OFFSET_DAYS") {
            self.clock_offset_days = parse("OPENGOV_CLOCK_OFFSET_DAYS", &v)?;
        }
        if let Some(v) = env("OPENGOV_WORKERS") {
            self.jobs.workers = parse("OPENGOV_WORKERS", &v)?;
        }
        if let Some(v) = env("OPENGOV_UPLOAD_MAX_BYTES") {
            self.limits.upload_bytes = parse("OPENGOV_UPLOAD_MAX_BYTES", &v)?;
        }
        if let (Some(issuer), Some(id), Some(secret)) = (
            env("OPENGOV_OIDC_ISSUER"),
            env("OPENGOV_OIDC_CLIENT_ID"),
            env("OPENGOV_OIDC_CLIENT_SECRET"),
        ) {
            self.oidc = Some(OidcConfig {
                issuer,
                client_id: id,
                client_secret: Secret(secret),
                display_name: env("OPENGOV_OIDC_NAME").unwrap_or_default(),
            });
        }
        if let Some(host) = env("OPENGOV_SMTP_HOST") {
            self.smtp = Some(SmtpConfig {
                host,
                port: match env("OPENGOV_SMTP_PORT") {
                    Some(p) => parse("OPENGOV_SMTP_PORT", &p)?,
                    None => default_smtp_port(),
                },
                username: env("OPENGOV_SMTP_USERNAME").unwrap_or_default(),
                password: Secret(env("OPENGOV_SMTP_PASSWORD").unwrap_or_default()),
                from: env("OPENGOV_SMTP_FROM").unwrap_or_else(|| "opengov@localhost".into()),
                security: env("OPENGOV_SMTP_SECURITY").unwrap_or_else(default_smtp_security),
            });
        }
        if let Some(bucket) = env("OPENGOV_S3_BUCKET") {
            self.storage.s3_bucket = Some(bucket);
            self.storage.s3_endpoint = env("OPENGOV_S3_ENDPOINT");
            self.storage.s3_region = env("OPENGOV_S3_REGION");
            self.storage.s3_access_key = env("OPENGOV_S3_ACCESS_KEY").map(Secret);
            self.storage.s3_secret_key = env("OPENGOV_S3_SECRET_KEY").map(Secret);
        }
        Ok(())
    }

    /// Cookies get the `Secure` flag when the public URL is https.
    #[must_use]
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The SQLite database file (used when no PostgreSQL URL is set).
    #[must_use]
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("opengov.sqlite3")
    }

    #[must_use]
    pub fn database_url(&self) -> Option<&str> {
        self.database_url.as_ref().map(Secret::expose)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults_and_secrets_stay_hidden() {
        let env = |name: &str| match name {
            "OPENGOV_DATABASE_URL" => Some("postgres://u:pw@localhost/db".to_owned()),
            "OPENGOV_BIND" => Some("0.0.0.0:9000".to_owned()),
            _ => None,
        };
        let config = Config::load_from(None, Some(Path::new("/nonexistent-opengov")), env)
            .unwrap_or_default();
        assert_eq!(config.bind.port(), 9000);
        assert_eq!(config.database_url(), Some("postgres://u:pw@localhost/db"));
        assert!(!format!("{config:?}").contains("pw@"));
    }

    #[test]
    fn a_bad_environment_value_is_named_in_the_error() {
        let env = |name: &str| (name == "OPENGOV_BIND").then(|| "not an address".to_owned());
        let err = Config::load_from(None, Some(Path::new("/nonexistent-opengov")), env)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("OPENGOV_BIND"), "{err}");
    }

    #[test]
    fn legal_periods_and_appeal_limits_come_from_the_file() {
        let text = r#"
[duty]
answer = { unit = "calendar_days", length = 30 }
extension_cap = { unit = "months", length = 1 }

[appeals]
per_account_per_day = 3
"#;
        let config: Config = toml::from_str(text).unwrap_or_default();
        assert_eq!(config.duty.answer, Period::CalendarDays(30));
        assert_eq!(config.duty.extension_cap, Period::Months(1));
        // What the file does not name keeps the legal default.
        assert_eq!(config.duty.redirect_within, Period::WorkingDays(3));
        assert_eq!(config.appeals.per_account_per_day, 3);
        assert_eq!(config.appeals.text_max_chars, 10_000);
        let typo = toml::from_str::<Config>("[duty]\nanswr = { unit = \"months\", length = 1 }\n");
        assert!(typo.is_err(), "an unknown rule name must be refused");
    }
}
