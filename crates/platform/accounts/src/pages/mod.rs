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

/// Translated errors, as the error summary lists them.
pub type Errors = BTreeMap<&'static str, String>;
