//! Delivery of outbox messages: SMTP when configured, otherwise kept as `stored`.

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use opengov_kernel::config::SmtpConfig;
use opengov_kernel::{Db, Ts, db_run};

use crate::outbox;

/// Delivers outbox message `id`: sends it over SMTP, or marks it `stored` when no mail server
/// is configured. `Err` makes the job retry later.
pub async fn deliver(db: &Db, smtp: Option<&SmtpConfig>, id: i64, now: Ts) -> Result<(), String> {
    let row: Option<(String, String, String, String)> = db_run!(db, |c| sqlx::query_as(
        "SELECT to_email, subject, body_text, state FROM outbox WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
    .map_err(|e| e.to_string())?;
    let Some((to, subject, body, state)) = row else {
        return Ok(()); // deleted meanwhile: nothing to do
    };
    if state == "sent" {
        return Ok(());
    }
    let Some(smtp) = smtp else {
        return outbox::mark(db, id, "stored", now, None)
            .await
            .map_err(|e| e.to_string());
    };
    match send(smtp, &to, &subject, &body).await {
        Ok(()) => outbox::mark(db, id, "sent", now, None)
            .await
            .map_err(|e| e.to_string()),
        Err(error) => {
            outbox::mark(db, id, "pending", now, Some(&error))
                .await
                .map_err(|e| e.to_string())?;
            Err(error)
        }
    }
}

async fn send(smtp: &SmtpConfig, to: &str, subject: &str, body: &str) -> Result<(), String> {
    let message = Message::builder()
        .from(
            smtp.from
                .parse()
                .map_err(|e| format!("invalid sender address: {e}"))?,
        )
        .to(to
            .parse()
            .map_err(|e| format!("invalid recipient address: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| format!("cannot build the message: {e}"))?;
    let builder = match smtp.security.as_str() {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
        "none" => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &smtp.host,
        )),
        _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host),
    }
    .map_err(|e| format!("SMTP setup: {e}"))?
    .port(smtp.port);
    let builder = if smtp.username.is_empty() {
        builder
    } else {
        builder.credentials(Credentials::new(
            smtp.username.clone(),
            smtp.password.expose().to_owned(),
        ))
    };
    builder
        .build()
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| format!("SMTP: {e}"))
}
