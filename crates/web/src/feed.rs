//! Atom 1.0 feeds (RFC 4287) of new and changed items, one writer for every portal.

use std::fmt::Write;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use opengov_kernel::Ts;

/// One entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The item's permanent address (also its `id`).
    pub url: String,
    pub title: String,
    /// The language of `title` and `summary`.
    pub lang: String,
    pub summary: String,
    pub author: String,
    pub published: Ts,
    pub updated: Ts,
}

/// A feed: its address, title and entries (newest first).
#[derive(Debug, Clone)]
pub struct Feed {
    /// The page the feed follows (also its `id`).
    pub url: String,
    /// The feed's own address.
    pub self_url: String,
    pub title: String,
    pub entries: Vec<Entry>,
}

fn time(ts: Ts) -> String {
    ts.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Feed {
    /// The document; `now` is its `updated` when it has no entries.
    #[must_use]
    pub fn render(&self, now: Ts) -> String {
        let updated = self.entries.first().map_or(now, |e| e.updated);
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
             <id>{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
             <link rel=\"self\" href=\"{self_url}\"/>\n<link rel=\"alternate\" href=\"{id}\"/>\n",
            id = crate::xml::escape(&self.url),
            title = crate::xml::escape(&self.title),
            updated = time(updated),
            self_url = crate::xml::escape(&self.self_url),
        );
        for e in &self.entries {
            let lang = crate::xml::escape(&e.lang);
            let _ = write!(
                out,
                "<entry>\n<id>{url}</id>\n<title xml:lang=\"{lang}\">{title}</title>\n\
                 <link href=\"{url}\"/>\n<updated>{updated}</updated>\n<published>{published}</published>\n\
                 <author><name>{author}</name></author>\n<summary xml:lang=\"{lang}\">{summary}</summary>\n</entry>\n",
                url = crate::xml::escape(&e.url),
                title = crate::xml::escape(&e.title),
                updated = time(e.updated),
                published = time(e.published),
                author = crate::xml::escape(&e.author),
                summary = crate::xml::escape(&e.summary),
            );
        }
        out.push_str("</feed>\n");
        out
    }

    /// The feed as a response.
    #[must_use]
    pub fn response(&self, now: Ts) -> Response {
        (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            self.render(now),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_escaped_and_the_feed_is_dated_by_its_newest_entry() {
        let t = Ts(chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default());
        let feed = Feed {
            url: "https://x/data".into(),
            self_url: "https://x/data/feed.atom".into(),
            title: "A & B".into(),
            entries: vec![Entry {
                url: "https://x/data/a?b=1&c=2".into(),
                title: "<b>Бюджет</b>".into(),
                lang: "ru".into(),
                summary: "x\u{0}y".into(),
                author: "MF".into(),
                published: t,
                updated: t,
            }],
        };
        let xml = feed.render(t);
        assert!(xml.contains("<title>A &amp; B</title>"));
        assert!(xml.contains("&lt;b&gt;Бюджет&lt;/b&gt;"));
        assert!(xml.contains("a?b=1&amp;c=2"));
        assert!(
            xml.contains("<summary xml:lang=\"ru\">xy</summary>"),
            "NUL dropped"
        );
        assert!(xml.contains("<updated>2026-05-28T"));
    }
}
