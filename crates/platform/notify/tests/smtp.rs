//! Delivery over SMTP against a small SMTP sink on loopback: a message is sent with the right
//! envelope and content and marked sent; a refusal keeps it pending with the error.

use opengov_kernel::config::{Secret, SmtpConfig};
use opengov_kernel::db_run;
use opengov_notify::{Email, outbox, smtp};
use opengov_test_support::TestApp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

type R = Result<(), Box<dyn std::error::Error>>;

/// Accepts one SMTP session and returns everything the client said. `refuse_rcpt` answers
/// 550 to the recipient.
async fn sink(refuse_rcpt: bool) -> Result<(u16, tokio::task::JoinHandle<String>), std::io::Error> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let handle = tokio::spawn(async move {
        let mut transcript = String::new();
        let Ok((socket, _)) = listener.accept().await else {
            return transcript;
        };
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            transcript.push_str(&line);
            transcript.push('\n');
            let reply: &[u8] = if in_data {
                if line == "." {
                    in_data = false;
                    b"250 queued\r\n"
                } else {
                    continue;
                }
            } else {
                let upper = line.to_ascii_uppercase();
                if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                    b"250-sink.test\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("MAIL FROM") {
                    b"250 ok\r\n"
                } else if upper.starts_with("RCPT TO") {
                    if refuse_rcpt {
                        b"550 no such user\r\n"
                    } else {
                        b"250 ok\r\n"
                    }
                } else if upper == "DATA" {
                    in_data = true;
                    b"354 go ahead\r\n"
                } else if upper == "QUIT" {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    break;
                } else {
                    b"250 ok\r\n"
                }
            };
            if write.write_all(reply).await.is_err() {
                break;
            }
        }
        transcript
    });
    Ok((port, handle))
}

fn config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".to_owned(),
        port,
        username: String::new(),
        password: Secret::default(),
        from: "opengov@gov.example.kz".to_owned(),
        security: "none".to_owned(),
    }
}

async fn queued(app: &TestApp) -> Result<i64, opengov_kernel::DbError> {
    let mut tx = app.db().begin().await?;
    let id = outbox::email(
        &mut tx,
        app.state.now(),
        &Email {
            user_id: None,
            to: "aigerim@example.kz".to_owned(),
            subject: "Your appeal was answered".to_owned(),
            body: "Hello, Aigerim.\nSee the answer online.".to_owned(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn state_of(
    app: &TestApp,
    id: i64,
) -> Result<(String, Option<String>), opengov_kernel::DbError> {
    db_run!(app.db(), |c| sqlx::query_as(
        "SELECT state, last_error FROM outbox WHERE id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

#[tokio::test]
async fn a_message_is_delivered_over_smtp_and_marked_sent() -> R {
    let app = TestApp::spawn().await;
    let id = queued(&app).await?;
    let (port, transcript) = sink(false).await?;
    smtp::deliver(app.db(), Some(&config(port)), id, app.state.now()).await?;
    let said = transcript.await?;
    assert!(
        said.contains("MAIL FROM:<opengov@gov.example.kz>"),
        "{said}"
    );
    assert!(said.contains("RCPT TO:<aigerim@example.kz>"), "{said}");
    assert!(said.contains("Subject: Your appeal was answered"), "{said}");
    assert!(said.contains("See the answer online."), "{said}");
    assert_eq!(state_of(&app, id).await?.0, "sent");
    Ok(())
}

#[tokio::test]
async fn a_refused_message_stays_pending_with_the_reason() -> R {
    let app = TestApp::spawn().await;
    let id = queued(&app).await?;
    let (port, _transcript) = sink(true).await?;
    let result = smtp::deliver(app.db(), Some(&config(port)), id, app.state.now()).await;
    assert!(result.is_err(), "the job must fail so that it is retried");
    let (state, error) = state_of(&app, id).await?;
    assert_eq!(state, "pending");
    assert!(error.is_some_and(|e| e.contains("550") || e.contains("no such user")));
    Ok(())
}

#[tokio::test]
async fn without_a_mail_server_the_message_is_kept_as_stored() -> R {
    let app = TestApp::spawn().await;
    let id = queued(&app).await?;
    smtp::deliver(app.db(), None, id, app.state.now()).await?;
    assert_eq!(state_of(&app, id).await?.0, "stored");
    Ok(())
}
