//! A small OpenID Connect provider for tests: discovery, authorization (answers at once),
//! token endpoint with PKCE and client authentication, and a JWK set. ID tokens are signed
//! with a fresh Ed25519 key per provider, so no key is kept in the repository.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use ring::signature::KeyPair as _;
use sha2::{Digest, Sha256};

/// How the provider should misbehave, to test that each check holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trick {
    #[default]
    None,
    WrongNonce,
    WrongAudience,
    Expired,
    ForeignKey,
}

#[derive(Default)]
struct Inner {
    /// code → (nonce, challenge, `redirect_uri`)
    codes: HashMap<String, (String, String, String)>,
    subject: String,
    trick: Trick,
}

/// A running fake provider.
#[derive(Clone)]
pub struct FakeOidc {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    inner: Arc<Mutex<Inner>>,
    pkcs8: Arc<Vec<u8>>,
    public: Arc<Vec<u8>>,
}

impl FakeOidc {
    pub async fn start() -> Self {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).expect("key");
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("key pair");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let provider = Self {
            issuer: format!("http://{addr}"),
            client_id: "opengov-test".to_owned(),
            client_secret: "test-client-secret".to_owned(),
            inner: Arc::new(Mutex::new(Inner {
                subject: "870101300123".to_owned(),
                ..Inner::default()
            })),
            pkcs8: Arc::new(pkcs8.as_ref().to_vec()),
            public: Arc::new(pair.public_key().as_ref().to_vec()),
        };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/jwks", get(jwks))
            .with_state(provider.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        provider
    }

    /// The subject (person identifier) the next ID tokens carry.
    pub fn set_subject(&self, subject: &str) {
        subject.clone_into(&mut self.inner.lock().expect("lock").subject);
    }

    pub fn set_trick(&self, trick: Trick) {
        self.inner.lock().expect("lock").trick = trick;
    }

    /// The configuration for opengov.
    #[must_use]
    pub fn config(&self) -> opengov_kernel::config::OidcConfig {
        opengov_kernel::config::OidcConfig {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: opengov_kernel::config::Secret(self.client_secret.clone()),
            display_name: "Test ID".to_owned(),
        }
    }
}

async fn discovery(State(p): State<FakeOidc>) -> Response {
    axum::Json(serde_json::json!({
        "issuer": p.issuer,
        "authorization_endpoint": format!("{}/authorize", p.issuer),
        "token_endpoint": format!("{}/token", p.issuer),
        "jwks_uri": format!("{}/jwks", p.issuer),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
    }))
    .into_response()
}

async fn authorize(
    State(p): State<FakeOidc>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    if get("client_id") != p.client_id
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
    {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let code = opengov_kernel::secret::random_token("code-");
    p.inner.lock().expect("lock").codes.insert(
        code.clone(),
        (get("nonce"), get("code_challenge"), get("redirect_uri")),
    );
    let mut back = url::Url::parse(&get("redirect_uri")).expect("redirect_uri");
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &get("state"));
    Redirect::to(back.as_str()).into_response()
}

#[derive(serde::Serialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    exp: i64,
    iat: i64,
    nonce: String,
}

async fn token(
    State(p): State<FakeOidc>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", p.client_id, p.client_secret))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let (nonce, challenge, redirect_uri, subject, trick) = {
        let mut inner = p.inner.lock().expect("lock");
        let Some((nonce, challenge, redirect_uri)) = inner.codes.remove(&get("code")) else {
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(serde_json::json!({"error": "invalid_grant"})),
            )
                .into_response();
        };
        (
            nonce,
            challenge,
            redirect_uri,
            inner.subject.clone(),
            inner.trick,
        )
    };
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(get("code_verifier").as_bytes()));
    if computed != challenge || redirect_uri != get("redirect_uri") {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(serde_json::json!({"error": "invalid_grant"})),
        )
            .into_response();
    }
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        iss: p.issuer.clone(),
        sub: subject,
        aud: if trick == Trick::WrongAudience {
            "someone-else".to_owned()
        } else {
            p.client_id.clone()
        },
        exp: if trick == Trick::Expired {
            now - 3600
        } else {
            now + 300
        },
        iat: now,
        nonce: if trick == Trick::WrongNonce {
            "forged".to_owned()
        } else {
            nonce
        },
    };
    let key = if trick == Trick::ForeignKey {
        let rng = ring::rand::SystemRandom::new();
        ring::signature::Ed25519KeyPair::generate_pkcs8(&rng)
            .expect("key")
            .as_ref()
            .to_vec()
    } else {
        p.pkcs8.as_ref().clone()
    };
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some("test-key".to_owned());
    let id_token = encode(&header, &claims, &EncodingKey::from_ed_der(&key)).expect("sign");
    axum::Json(
        serde_json::json!({"access_token": "unused", "token_type": "Bearer", "id_token": id_token}),
    )
    .into_response()
}

async fn jwks(State(p): State<FakeOidc>) -> Response {
    axum::Json(serde_json::json!({
        "keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": "test-key",
                  "x": URL_SAFE_NO_PAD.encode(p.public.as_slice())}]
    }))
    .into_response()
}
