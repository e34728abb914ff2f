//! Running the HTTP server with in-process workers and graceful shutdown.

use std::net::SocketAddr;

use opengov_web::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// A future that resolves when SIGTERM or Ctrl-C arrives. The handlers are installed when this
/// is called, not when the future is first polled, so a signal that comes right after start-up
/// still shuts down gracefully.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    #[cfg(unix)]
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    async move {
        #[cfg(unix)]
        {
            match (terminate, interrupt) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {},
                        _ = int.recv() => {},
                    }
                }
                (term, int) => {
                    tracing::error!(term = ?term.err(), int = ?int.err(), "cannot listen for signals");
                    std::future::pending::<()>().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            if let Err(err) = tokio::signal::ctrl_c().await {
                tracing::error!(%err, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        }
        tracing::info!("shutting down");
    }
}

/// Serves on `listener` until `shutdown` resolves, with job workers and maintenance.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let workers = opengov_jobs::spawn_workers(
        &state,
        &crate::jobs::registry(),
        state.config.jobs.workers,
        &stop_rx,
    );
    let search = opengov_opendata::search::spawn_catch_up(state.clone(), stop_rx.clone());
    let maintenance = crate::jobs::spawn_maintenance(state.clone(), stop_rx);
    let db = state.db.clone();
    let app = crate::app::router(state);
    let result = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    let _ = stop_tx.send(true);
    for w in workers {
        let _ = w.await;
    }
    let _ = maintenance.await;
    let _ = search.await;
    db.close().await;
    result
}
