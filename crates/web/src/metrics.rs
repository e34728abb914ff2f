//! Prometheus counters: requests by method and status class, and a latency histogram.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

const BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 20, 50, 100, 250, 1000, 5000];
const METHODS: [&str; 5] = ["GET", "HEAD", "POST", "OTHER", "DELETE"];

#[derive(Debug, Default)]
pub struct Metrics {
    /// [method][status class 1..=5]
    requests: [[AtomicU64; 6]; 5],
    buckets: [AtomicU64; BUCKETS_MS.len()],
    latency_sum_us: AtomicU64,
    latency_count: AtomicU64,
    in_flight: AtomicU64,
}

fn method_index(method: &axum::http::Method) -> usize {
    match method.as_str() {
        "GET" => 0,
        "HEAD" => 1,
        "POST" => 2,
        "DELETE" => 4,
        _ => 3,
    }
}

impl Metrics {
    pub fn record(&self, method: usize, status: u16, micros: u64) {
        let class = usize::from(status / 100).min(5);
        self.requests[method][class].fetch_add(1, Ordering::Relaxed);
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if micros <= b * 1000 {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_sum_us.fetch_add(micros, Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of the HTTP metrics.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP opengov_http_requests_total HTTP requests by method and status class.\n",
        );
        out.push_str("# TYPE opengov_http_requests_total counter\n");
        for (m, name) in METHODS.iter().enumerate() {
            for class in 1..=5 {
                let n = self.requests[m][class].load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "opengov_http_requests_total{{method=\"{name}\",status=\"{class}xx\"}} {n}"
                );
            }
        }
        out.push_str("# HELP opengov_http_request_duration_seconds Time to produce a response.\n");
        out.push_str("# TYPE opengov_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            let n = self.buckets[i].load(Ordering::Relaxed);
            let le = *b as f64 / 1000.0;
            let _ = writeln!(
                out,
                "opengov_http_request_duration_seconds_bucket{{le=\"{le}\"}} {n}"
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "opengov_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency_sum_us.load(Ordering::Relaxed) as f64 / 1_000_000.0;
        let _ = writeln!(out, "opengov_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "opengov_http_request_duration_seconds_count {count}");
        out.push_str("# HELP opengov_http_requests_in_flight Requests being served now.\n");
        out.push_str("# TYPE opengov_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "opengov_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out
    }
}

/// Counts every request.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = method_index(req.method());
    let start = Instant::now();
    state.metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let response = next.run(req).await;
    state.metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    state
        .metrics
        .record(method, response.status().as_u16(), micros);
    response
}
