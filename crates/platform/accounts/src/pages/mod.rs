//! Account pages.

pub mod admin;
pub mod profile;
pub mod reset;
pub mod signin;
pub mod signup;

use std::collections::BTreeMap;

use askama::Template;
use opengov_web::PageCtx;

/// A page with a heading, a message and optional links (confirmations and outcomes).
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage<'a> {
    pub ctx: &'a PageCtx,
    pub title: String,
    pub message: String,
    pub links: Vec<(String, String)>,
    /// A form with one button posting hidden fields to an address.
    pub action: Option<ButtonForm>,
}

/// A one-button form: (action, button label, hidden fields).
pub type ButtonForm = (String, String, Vec<(String, String)>);

/// Checks a new password and its repetition against the policy, reporting on the
/// `password` and `password_confirm` fields.
pub fn check_new_password(
    state: &opengov_web::AppState,
    errors: &mut opengov_web::form::FieldErrors,
    password: &str,
    confirm: &str,
    email: &str,
    name: &str,
) {
    let min = state.config.accounts.password_min_length;
    if let Err(weak) = crate::password::check(password, min, email, name) {
        errors.add(
            "password",
            opengov_web::error::Msg::new(weak.key()).arg("min", min),
        );
    }
    if password != confirm {
        errors.add("password_confirm", "account-password-mismatch");
    }
}

/// The "new password" and "repeat it" fields, with the policy as a hint.
#[must_use]
pub fn new_password_fields(
    ctx: &PageCtx,
    state: &opengov_web::AppState,
    label_key: &str,
    errors: &Errors,
) -> Vec<opengov_web::form::FieldView> {
    use opengov_web::form::FieldView;
    let min = state.config.accounts.password_min_length.to_string();
    vec![
        FieldView::new("password", ctx.t(label_key), "password")
            .hint(ctx.t_args("account-password-hint", &[("min", &min)]))
            .autocomplete("new-password")
            .required()
            .error_from(errors),
        FieldView::new(
            "password_confirm",
            ctx.t("account-password-confirm"),
            "password",
        )
        .autocomplete("new-password")
        .required()
        .error_from(errors),
    ]
}

/// Translated errors, as the error summary lists them.
pub type Errors = BTreeMap<&'static str, String>;
