//! Time limits on requests. A request is answered within `limits.request_secs` (60 s) or gets
//! 408. A request that sends files (`multipart/form-data`) has no such limit: a 2 GiB upload
//! over a slow line takes far longer than any fixed time. It may take as long as its bytes keep
//! coming, and ends (the upload is refused, nothing kept) when the client sends nothing for
//! `limits.upload_idle_secs` (60 s) while the server waits for it.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use crate::AppState;

/// The middleware: a deadline for the whole request, or an idle limit on an upload's body.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limits = &state.config.limits;
    let sends_files = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .get(..19)
                .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
        });
    if sends_files {
        let idle = Duration::from_secs(limits.upload_idle_secs.max(1));
        return next
            .run(request.map(|body| Body::new(IdleLimited::new(body, idle))))
            .await;
    }
    let whole = Duration::from_secs(limits.request_secs.max(1));
    match tokio::time::timeout(whole, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// A request body that fails when the client sends nothing for `idle` while it is being read.
/// Only time spent waiting for the client counts: while the handler is busy elsewhere (storage
/// slow to take a chunk), the clock is stopped.
struct IdleLimited {
    inner: Body,
    idle: Duration,
    /// Armed while a read waits for the client.
    timer: Option<Pin<Box<Sleep>>>,
}

impl IdleLimited {
    fn new(inner: Body, idle: Duration) -> Self {
        Self {
            inner,
            idle,
            timer: None,
        }
    }
}

impl http_body::Body for IdleLimited {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            this.timer = None;
            return Poll::Ready(frame);
        }
        let idle = this.idle;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(Instant::now() + idle)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.timer = None;
                Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("the client sent nothing for {} s", idle.as_secs()),
                )))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn stream_of(rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>) -> Body {
        Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_upload_goes_on_as_long_as_bytes_keep_coming() {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let mut body = IdleLimited::new(stream_of(rx), Duration::from_mins(1));
        let sender = tokio::spawn(async move {
            // Ten minutes in all, a piece every 50 s: longer than any request limit.
            for _ in 0..12 {
                tokio::time::sleep(Duration::from_secs(50)).await;
                tx.send(Ok(Bytes::from_static(b"data"))).await.unwrap();
            }
        });
        let mut got = 0;
        while let Some(frame) = body.frame().await {
            got += frame.unwrap().into_data().unwrap().len();
        }
        sender.await.unwrap();
        assert_eq!(got, 48);
    }

    #[tokio::test(start_paused = true)]
    async fn an_upload_that_stalls_past_the_idle_limit_fails() {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let mut body = IdleLimited::new(stream_of(rx), Duration::from_mins(1));
        tx.send(Ok(Bytes::from_static(b"first"))).await.unwrap();
        assert!(body.frame().await.unwrap().is_ok());
        let started = Instant::now();
        let err = body.frame().await.unwrap().unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_mins(1));
        assert!(err.to_string().contains("sent nothing for 60 s"), "{err}");
        drop(tx);
    }

    #[tokio::test(start_paused = true)]
    async fn time_the_server_spends_elsewhere_does_not_count() {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let mut body = IdleLimited::new(stream_of(rx), Duration::from_mins(1));
        tx.send(Ok(Bytes::from_static(b"a"))).await.unwrap();
        assert!(body.frame().await.unwrap().is_ok());
        // The handler is busy for five minutes (storage slow); the client has sent the rest.
        tx.send(Ok(Bytes::from_static(b"b"))).await.unwrap();
        drop(tx);
        tokio::time::sleep(Duration::from_mins(5)).await;
        assert!(body.frame().await.unwrap().is_ok());
        assert!(body.frame().await.is_none());
    }
}
