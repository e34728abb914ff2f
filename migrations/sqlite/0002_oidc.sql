-- Pending OpenID Connect identity verifications (state, nonce and PKCE verifier per attempt).
CREATE TABLE oidc_states (
    state_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    created_at TEXT NOT NULL
);
