//! Workers: claim a job, run its handler, record the outcome; repeat.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use opengov_web::AppState;
use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::queue;

/// Runs one job: `Err` is recorded and the job retried.
pub type Handler =
    Arc<dyn Fn(AppState, Value) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

/// The handlers by job kind.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the handler of a job kind.
    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F)
    where
        F: Fn(AppState, Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
    {
        self.handlers.insert(
            kind,
            Arc::new(move |state, payload| Box::pin(handler(state, payload))),
        );
    }
}

/// Claims and runs at most one due job; returns whether one ran.
pub async fn run_once(
    state: &AppState,
    registry: &Registry,
    worker: &str,
) -> Result<bool, opengov_kernel::DbError> {
    let Some(job) = queue::claim(&state.db, state.now(), worker).await? else {
        return Ok(false);
    };
    let payload: Value = serde_json::from_str(&job.payload).unwrap_or(Value::Null);
    let outcome = match registry.handlers.get(job.kind.as_str()) {
        Some(handler) => {
            // A panicking handler must not take the worker down with it.
            let fut = handler(state.clone(), payload);
            match tokio::spawn(fut).await {
                Ok(result) => result,
                Err(join) => Err(format!("handler panicked: {join}")),
            }
        }
        None => Err(format!("no handler for job kind {:?}", job.kind)),
    };
    match outcome {
        Ok(()) => queue::complete(&state.db, job.id, state.now()).await?,
        Err(error) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "job failed");
            queue::fail(&state.db, &job, state.now(), &error).await?;
        }
    }
    Ok(true)
}

/// Starts `count` workers that poll until `shutdown` turns true.
#[must_use]
pub fn spawn_workers(
    state: &AppState,
    registry: &Registry,
    count: usize,
    shutdown: &watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".to_owned());
    (0..count)
        .map(|i| {
            let state = state.clone();
            let registry = registry.clone();
            let mut shutdown = shutdown.clone();
            let name = format!("{host}-{}-{i}", std::process::id());
            tokio::spawn(async move {
                let idle = Duration::from_millis(state.config.jobs.poll_millis.max(50));
                loop {
                    if *shutdown.borrow() {
                        break;
                    }
                    let ran = match run_once(&state, &registry, &name).await {
                        Ok(ran) => ran,
                        Err(err) => {
                            tracing::error!(%err, "job queue unavailable");
                            false
                        }
                    };
                    if !ran {
                        tokio::select! {
                            () = tokio::time::sleep(idle) => {}
                            _ = shutdown.changed() => {}
                        }
                    }
                }
            })
        })
        .collect()
}
