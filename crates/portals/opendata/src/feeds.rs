//! The catalogue for machines besides the CKAN API: an Atom feed of new and changed datasets
//! (`/data/feed.atom`) and the whole public catalogue as CSV (`/data.csv`, RFC 4180, streamed
//! page by page so memory stays flat however large the catalogue grows).

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_bodies::csv::quote;
use opengov_web::feed::{Entry, Feed};
use opengov_web::{AppResult, AppState};

use crate::store::{self, Dataset};

fn rfc3339(ts: opengov_kernel::Ts) -> String {
    ts.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `GET /data/feed.atom`: the 50 most recently changed public datasets.
pub async fn atom(State(state): State<AppState>) -> AppResult<Response> {
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let rows = store::recently_changed(&state.db, 50, 0).await?;
    let directory = opengov_bodies::directory::get(&state).await?;
    let entries = rows
        .iter()
        .map(|d| Entry {
            url: format!("{base}/data/{}", d.name),
            title: d.title_ru.clone(),
            lang: "ru".to_owned(),
            summary: [&d.description_ru, &d.description_kk, &d.description_en]
                .into_iter()
                .find(|t| !t.is_empty())
                .cloned()
                .unwrap_or_default(),
            author: directory
                .by_id(d.body_id)
                .map(|b| b.name.ru.clone())
                .unwrap_or_default(),
            published: d.published_at.unwrap_or(d.created_at),
            updated: d.updated_at,
        })
        .collect();
    Ok(Feed {
        url: format!("{base}/data"),
        self_url: format!("{base}/data/feed.atom"),
        title: "opengov: open data".to_owned(),
        entries,
    }
    .response(state.now()))
}

/// The CSV header, in column order.
pub const CSV_COLUMNS: [&str; 16] = [
    "name",
    "title_kk",
    "title_ru",
    "title_en",
    "publisher_code",
    "publisher",
    "state",
    "themes",
    "keywords",
    "licence",
    "frequency",
    "temporal_start",
    "temporal_end",
    "private",
    "modified",
    "url",
];

fn csv_row(base: &str, d: &Dataset, code: &str, publisher: &str) -> String {
    let fields = [
        d.name.clone(),
        d.title_kk.clone(),
        d.title_ru.clone(),
        d.title_en.clone(),
        code.to_owned(),
        publisher.to_owned(),
        d.state.clone(),
        d.themes.clone(),
        d.keyword_list().join("; "),
        d.licence.clone(),
        d.frequency.clone(),
        d.temporal_start.clone().unwrap_or_default(),
        d.temporal_end.clone().unwrap_or_default(),
        d.private.to_string(),
        rfc3339(d.updated_at),
        format!("{base}/data/{}", d.name),
    ];
    let mut line = fields
        .iter()
        .map(|f| quote(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// `GET /data.csv`: every public dataset, newest first.
pub async fn csv(State(state): State<AppState>) -> AppResult<Response> {
    let directory = opengov_bodies::directory::get(&state).await?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let header_line = format!("{}\r\n", CSV_COLUMNS.join(","));
    // (cursor, finished): each step reads one keyset page.
    let pages = futures_util::stream::unfold((None::<i64>, false), move |(before, done)| {
        let state = state.clone();
        let directory = directory.clone();
        let base = base.clone();
        async move {
            if done {
                return None;
            }
            match store::public_page(&state.db, before, 1000).await {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let last = rows.last().map(|d| d.id);
                    let finished = rows.len() < 1000;
                    let mut chunk = String::new();
                    for d in &rows {
                        let (code, name) = directory
                            .by_id(d.body_id)
                            .map(|b| (b.code.clone(), b.name.ru.clone()))
                            .unwrap_or_default();
                        chunk.push_str(&csv_row(&base, d, &code, &name));
                    }
                    Some((Ok::<_, std::io::Error>(chunk), (last, finished)))
                }
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), (None, true))),
            }
        }
    });
    let stream = futures_util::stream::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(header_line) }),
        pages,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"datasets.csv\"",
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
