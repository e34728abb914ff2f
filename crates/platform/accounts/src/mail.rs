//! The emails accounts send, in the recipient's language.

use opengov_kernel::{DbError, Lang, Tx};
use opengov_notify::{Email, outbox};
use opengov_web::AppState;

/// Queues an email and its delivery job in the caller's transaction.
pub async fn queue(tx: &mut Tx, state: &AppState, email: &Email) -> Result<(), DbError> {
    outbox::queue(tx, state, email).await.map(|_| ())
}

fn link(state: &AppState, path_and_query: &str) -> String {
    format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        path_and_query
    )
}

/// Builds a message from `<key>-subject` and `<key>-body` with the given arguments.
#[must_use]
pub fn compose(
    state: &AppState,
    lang: Lang,
    key: &str,
    user_id: Option<i64>,
    to: &str,
    args: &[(&str, &str)],
) -> Email {
    Email {
        user_id,
        to: to.to_owned(),
        subject: state.catalog.t_args(lang, &format!("{key}-subject"), args),
        body: state.catalog.t_args(lang, &format!("{key}-body"), args),
    }
}

/// The confirmation link email.
#[must_use]
pub fn confirmation(
    state: &AppState,
    lang: Lang,
    user_id: i64,
    to: &str,
    name: &str,
    token: &str,
) -> Email {
    let url = link(
        state,
        &format!("/account/confirm?token={token}&lang={lang}"),
    );
    let hours = state.config.accounts.confirmation_hours.to_string();
    compose(
        state,
        lang,
        "mail-confirm",
        Some(user_id),
        to,
        &[("name", name), ("link", &url), ("hours", &hours)],
    )
}

/// Creates a confirmation link for an account and queues the email that carries it.
pub async fn send_confirmation(
    tx: &mut Tx,
    state: &AppState,
    lang: Lang,
    user_id: i64,
    to: &str,
    name: &str,
) -> Result<(), DbError> {
    let hours = state.config.accounts.confirmation_hours;
    let token =
        crate::store::create_email_token(tx, state.now(), user_id, "confirm", hours).await?;
    queue(
        tx,
        state,
        &confirmation(state, lang, user_id, to, name, &token),
    )
    .await
}

/// The email sent when someone signs up with an address that already has an account.
#[must_use]
pub fn already_registered(
    state: &AppState,
    lang: Lang,
    user_id: i64,
    to: &str,
    name: &str,
) -> Email {
    let signin = link(state, &format!("/account/signin?lang={lang}"));
    let reset = link(state, &format!("/account/reset?lang={lang}"));
    compose(
        state,
        lang,
        "mail-already",
        Some(user_id),
        to,
        &[("name", name), ("signin", &signin), ("reset", &reset)],
    )
}

/// The password reset email.
#[must_use]
pub fn reset(
    state: &AppState,
    lang: Lang,
    user_id: i64,
    to: &str,
    name: &str,
    token: &str,
) -> Email {
    let url = link(
        state,
        &format!("/account/reset/confirm?token={token}&lang={lang}"),
    );
    let hours = state.config.accounts.reset_hours.to_string();
    compose(
        state,
        lang,
        "mail-reset",
        Some(user_id),
        to,
        &[("name", name), ("link", &url), ("hours", &hours)],
    )
}

/// The notice that a password was changed.
#[must_use]
pub fn password_changed(state: &AppState, lang: Lang, user_id: i64, to: &str, name: &str) -> Email {
    let reset = link(state, &format!("/account/reset?lang={lang}"));
    compose(
        state,
        lang,
        "mail-password-changed",
        Some(user_id),
        to,
        &[("name", name), ("reset", &reset)],
    )
}
