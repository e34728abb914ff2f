//! Catalogue search: each node keeps its own index of the public datasets (in
//! `<data_dir>/search`, through the platform's `SearchIndex` trait), rebuilt from the database
//! and kept current from `search_changes`, the log every dataset change appends to in its own
//! transaction. A search first applies the entries it has not seen, so a node answers with its
//! own writes at once and with other nodes' within the background catch-up interval. While
//! this process has committed nothing since the last look at the log, a search does not look
//! again: its own writes are all applied, and other nodes' arrive through the background
//! catch-up. `opengov search reindex` appends a `reindex` entry: every node
//! then rebuilds its index beside the live one and swaps it in, answering from the old one
//! meanwhile.
//!
//! Numbers in the log are taken when a transaction writes its entry, not when it commits: on
//! PostgreSQL a transaction holding number 10 can commit after another's 11 has been applied.
//! A number missing below the newest applied one is therefore kept as *pending* and looked for
//! again on every catch-up until it appears or [`PENDING_FOR`] has passed (a rolled-back
//! transaction leaves its number unused for good).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use opengov_kernel::{Db, DbError, Ts, db_run, tx_run};
use opengov_search::{Document, Hits, Query, Schema, SearchError, SearchIndex, TantivyIndex};
use opengov_web::{AppError, AppResult, AppState};

use crate::store::{self, Dataset};

/// The facet fields, as CKAN names them.
pub const FACETS: [&str; 5] = ["organization", "groups", "tags", "res_format", "license_id"];

/// A keyword field that is filtered on but not offered as a facet: `public` or `private` (CKAN's
/// name for it). Private datasets are indexed so that their body's officials find them with
/// `include_private`; every search is filtered by [`visibility`].
const CAPACITY: &str = "capacity";

/// How long a number missing from `search_changes` below the newest applied one is looked for
/// again: longer than any transaction that changes a dataset stays open.
const PENDING_FOR: Duration = Duration::from_mins(10);

/// How long entries stay in `search_changes`: a running node applies them within seconds and a
/// starting one builds its index from the database, so only a node that could not read the log
/// for longer would miss some, and it rebuilds when it finds them gone.
const KEEP_CHANGES: Duration = Duration::from_hours(24);

/// How often a node trims the log.
const TRIM_EVERY: Duration = Duration::from_hours(1);

/// How far below the newest entry a rebuild looks for numbers still missing (in flight).
const PENDING_WINDOW: i64 = 1000;

/// The catalogue index of this node and how far into `search_changes` it is. The index is
/// opened on first use, so commands that never search (`migrate`, `backup`, …) leave the
/// serving node's index alone.
pub struct Catalogue {
    dir: std::path::PathBuf,
    result_cache: usize,
    opened: std::sync::Mutex<Option<Arc<TantivyIndex>>>,
    /// The last `search_changes.seq` applied; -1 before the first build.
    applied: tokio::sync::Mutex<i64>,
    /// Numbers below `applied` that were missing when it moved past them, with when they were
    /// first missed (changed only while `applied` is held).
    pending: std::sync::Mutex<Vec<(i64, std::time::Instant)>>,
    seen: std::sync::atomic::AtomicI64,
    /// [`opengov_kernel::db::commits`] as it was before the last look at the log that found
    /// every entry applied; `u64::MAX` before the first.
    checked: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue").finish_non_exhaustive()
    }
}

fn schema() -> Schema {
    Schema {
        facet_fields: FACETS
            .iter()
            .chain(std::iter::once(&CAPACITY))
            .map(|f| (*f).to_owned())
            .collect(),
        date_fields: vec!["metadata_modified".into(), "metadata_created".into()],
        number_fields: vec!["popularity".into()],
    }
}

impl Catalogue {
    /// The index kept in `dir` (opened or created on first use), keeping the answers of up to
    /// `result_cache` recent searches until it changes.
    #[must_use]
    pub fn open(dir: &std::path::Path, result_cache: usize) -> Self {
        Self {
            dir: dir.to_path_buf(),
            result_cache,
            opened: std::sync::Mutex::new(None),
            applied: tokio::sync::Mutex::new(-1),
            pending: std::sync::Mutex::new(Vec::new()),
            seen: std::sync::atomic::AtomicI64::new(-1),
            checked: std::sync::atomic::AtomicU64::new(u64::MAX),
        }
    }

    fn index(&self) -> Result<Arc<TantivyIndex>, SearchError> {
        let mut opened = self
            .opened
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(index) = opened.as_ref() {
            return Ok(index.clone());
        }
        let index =
            Arc::new(TantivyIndex::open(&self.dir, schema())?.with_result_cache(self.result_cache));
        *opened = Some(index.clone());
        Ok(index)
    }

    /// Runs a query on the index (after [`catch_up`]), off the async threads.
    pub async fn search(self: &Arc<Self>, query: Query) -> AppResult<Hits> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.index()?.search(&query))
            .await
            .map_err(|e| AppError::Internal(format!("search stopped: {e}")))?
            .map_err(|e| match e {
                SearchError::Query(m) => AppError::Unprocessable(
                    opengov_web::Msg::new("search-error-query").arg("detail", m),
                ),
                other => index_error(other),
            })
    }

    /// Documents in the index.
    pub fn len(&self) -> Result<u64, SearchError> {
        self.index()?.len()
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> Result<bool, SearchError> {
        self.len().map(|n| n == 0)
    }
}

/// The node's catalogue index.
pub fn service(state: &AppState) -> AppResult<Arc<Catalogue>> {
    state.services.require::<Catalogue>()
}

#[allow(
    clippy::needless_pass_by_value,
    reason = "used as map_err(index_error)"
)]
fn index_error(e: SearchError) -> AppError {
    AppError::Internal(format!("search index: {e}"))
}

/// What a dataset's search document is made of besides its row.
#[derive(Default)]
struct Extra {
    formats: Vec<String>,
    downloads: i64,
}

async fn extras(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Extra>, DbError> {
    let mut out: HashMap<i64, Extra> = HashMap::new();
    for r in crate::resources::of_datasets(db, ids).await? {
        let e = out.entry(r.dataset_id).or_default();
        e.downloads += r.downloads;
        let format = r.format.trim().to_uppercase();
        if !format.is_empty() && !e.formats.contains(&format) {
            e.formats.push(format);
        }
    }
    Ok(out)
}

fn seconds(ts: Ts) -> i64 {
    ts.0.timestamp()
}

fn document(
    d: &Dataset,
    body_slug: Option<&str>,
    body_names: &[String; 3],
    extra: Option<&Extra>,
) -> Document {
    let keywords: Vec<&str> = d
        .keywords
        .lines()
        .filter(|k| !k.trim().is_empty())
        .collect();
    let text = |description: &str, body: &str| {
        let mut t = String::with_capacity(description.len() + 200);
        t.push_str(description);
        t.push('\n');
        t.push_str(&keywords.join(" "));
        t.push('\n');
        t.push_str(body);
        t.push('\n');
        t.push_str(&d.spatial);
        t
    };
    let mut facets: Vec<(String, String)> = Vec::new();
    if let Some(slug) = body_slug {
        facets.push(("organization".into(), slug.to_owned()));
    }
    for theme in d.themes.split_whitespace() {
        facets.push(("groups".into(), theme.to_lowercase()));
    }
    for k in &keywords {
        facets.push(("tags".into(), k.trim().to_owned()));
    }
    if let Some(e) = extra {
        for f in &e.formats {
            facets.push(("res_format".into(), f.clone()));
        }
    }
    facets.push(("license_id".into(), d.licence.clone()));
    facets.push((
        CAPACITY.into(),
        if d.private { "private" } else { "public" }.into(),
    ));
    Document {
        id: d.id.to_string(),
        name: d.name.clone(),
        titles: [d.title_kk.clone(), d.title_ru.clone(), d.title_en.clone()],
        texts: [
            text(&d.description_kk, &body_names[0]),
            text(&d.description_ru, &body_names[1]),
            text(&d.description_en, &body_names[2]),
        ],
        facets,
        dates: vec![
            ("metadata_modified".into(), seconds(d.updated_at)),
            ("metadata_created".into(), seconds(d.created_at)),
        ],
        numbers: vec![("popularity".into(), extra.map_or(0, |e| e.downloads))],
    }
}

/// Search documents of the published and withdrawn ones among `datasets` (drafts are never
/// indexed; private ones are, marked by [`CAPACITY`]).
async fn documents(state: &AppState, datasets: &[Dataset]) -> AppResult<Vec<Document>> {
    let public: Vec<&Dataset> = datasets.iter().filter(|d| d.is_listed()).collect();
    let ids: Vec<i64> = public.iter().map(|d| d.id).collect();
    let extra = extras(&state.db, &ids).await?;
    let directory = opengov_bodies::directory::get(state).await?;
    Ok(public
        .iter()
        .map(|d| {
            let body = directory.by_id(d.body_id);
            let names = body.map_or_else(
                || [String::new(), String::new(), String::new()],
                |b| [b.name.kk.clone(), b.name.ru.clone(), b.name.en.clone()],
            );
            document(d, body.map(|b| b.slug.as_str()), &names, extra.get(&d.id))
        })
        .collect())
}

/// The filter every catalogue search carries: public datasets, and with `include_private` also
/// the private ones of the bodies the caller works for (CKAN's `include_private`).
#[must_use]
pub fn visibility(
    user: Option<&opengov_web::auth::CurrentUser>,
    include_private: bool,
    directory: &opengov_bodies::directory::Directory,
) -> String {
    // Negative, so that the common case only excludes the few private documents.
    let mut fq = format!("-{CAPACITY}:private");
    if include_private && let Some(user) = user {
        let mut bodies: Vec<i64> = user
            .roles
            .iter()
            .filter(|(role, _)| role.is_per_body())
            .filter_map(|(_, body)| *body)
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        for body in bodies {
            if let Some(b) = directory.by_id(body) {
                fq = format!(
                    "{fq} OR organization:\"{}\"",
                    b.slug.replace(['"', '\\'], "")
                );
            }
        }
    }
    fq
}

/// Rebuilds the whole index from the database, 1,000 datasets at a time; searches keep
/// answering from the previous index until the new one is swapped in.
async fn rebuild(state: &AppState, catalogue: &Arc<Catalogue>) -> AppResult<u64> {
    let mut all = Vec::new();
    let mut after = 0_i64;
    loop {
        let batch = store::listed_after(&state.db, after, 1000).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        all.extend(documents(state, &batch).await?);
    }
    let me = catalogue.clone();
    tokio::task::spawn_blocking(move || me.index()?.rebuild(&mut all.into_iter()))
        .await
        .map_err(|e| AppError::Internal(format!("rebuild stopped: {e}")))?
        .map_err(index_error)
}

/// The newest entry written before `before` (0 when none): every number below it was taken by
/// a transaction that has ended since.
async fn settled(db: &Db, before: Ts) -> Result<i64, DbError> {
    db_run!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT seq FROM search_changes WHERE created_at < $1 ORDER BY seq DESC LIMIT 1"
    )
    .bind(before)
    .fetch_optional(c)
    .await)
    .map(Option::unwrap_or_default)
}

async fn oldest(db: &Db) -> Result<i64, DbError> {
    db_run!(db, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MIN(seq) FROM search_changes"
    )
    .fetch_one(c)
    .await)
    .map(|n| n.unwrap_or(0))
}

/// Deletes the log's entries written before `before`, except the newest (whose number the next
/// entry follows on SQLite); returns how many went.
pub async fn trim(db: &Db, before: Ts) -> Result<u64, DbError> {
    db_run!(db, |c| sqlx::query(
        "DELETE FROM search_changes WHERE created_at < $1 \
         AND seq < (SELECT MAX(seq) FROM search_changes)"
    )
    .bind(before)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
}

async fn newest(db: &Db) -> Result<i64, DbError> {
    db_run!(db, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MAX(seq) FROM search_changes"
    )
    .fetch_one(c)
    .await)
    .map(|n| n.unwrap_or(0))
}

/// Applies the changes this node has not seen yet (building the index first if it never was),
/// unless this process has committed nothing since the last look found every change applied.
pub async fn catch_up(state: &AppState) -> AppResult<()> {
    let catalogue = service(state)?;
    let commits = opengov_kernel::db::commits();
    if catalogue.checked.load(std::sync::atomic::Ordering::Acquire) == commits {
        return Ok(());
    }
    apply_changes(state, &catalogue, commits).await
}

/// Applies the changes this node has not seen yet; `commits` is the process's commit count
/// read before, recorded as checked once everything up to the newest entry is applied.
async fn apply_changes(
    state: &AppState,
    catalogue: &Arc<Catalogue>,
    commits: u64,
) -> AppResult<()> {
    apply_unseen(state, catalogue).await?;
    catalogue
        .checked
        .store(commits, std::sync::atomic::Ordering::Release);
    Ok(())
}

/// Applies every entry of the log up to its newest, and any pending one that has appeared (one
/// query when there is nothing new and nothing pending).
async fn apply_unseen(state: &AppState, catalogue: &Arc<Catalogue>) -> AppResult<()> {
    let newest = newest(&state.db).await?;
    if catalogue.seen.load(std::sync::atomic::Ordering::Acquire) >= newest
        && catalogue.pending_numbers().is_empty()
    {
        return Ok(());
    }
    let mut applied = catalogue.applied.lock().await;
    let pending = catalogue.pending_numbers();
    if *applied >= newest && pending.is_empty() {
        return Ok(());
    }
    if *applied < 0 {
        // Numbers present now are committed, and the rebuild reads the datasets after this.
        // Only numbers above the newest entry older than any open transaction can be in
        // flight: the others missing were trimmed or rolled back.
        let open_since =
            Ts(state.now().0 - chrono::Duration::from_std(PENDING_FOR).unwrap_or_default());
        let from = (newest - PENDING_WINDOW).max(settled(&state.db, open_since).await?);
        let present = changes(&state.db, from, newest, &[]).await?;
        rebuild(state, catalogue).await?;
        catalogue.note_missing(from, newest, &present, &[]);
        *applied = newest;
    } else {
        let from = (*applied).min(newest);
        let changes = changes(&state.db, from, newest, &pending).await?;
        // Entries after the last applied one trimmed before this node read them: only a
        // rebuild brings what they said.
        let trimmed = oldest(&state.db).await? > *applied + 1;
        if trimmed || changes.iter().any(|(_, kind, _)| kind == "reindex") {
            let count = rebuild(state, catalogue).await?;
            tracing::info!(documents = count, "search index rebuilt");
        } else {
            let mut ids: Vec<i64> = changes.iter().map(|(_, _, id)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            for chunk in ids.chunks(500) {
                apply_datasets(state, catalogue, chunk).await?;
            }
        }
        catalogue.note_missing(from, newest, &changes, &pending);
        *applied = (*applied).max(newest);
    }
    catalogue
        .seen
        .store(*applied, std::sync::atomic::Ordering::Release);
    Ok(())
}

/// The entries numbered after `from` up to `to`, and those among `also`, in order.
async fn changes(
    db: &Db,
    from: i64,
    to: i64,
    also: &[i64],
) -> Result<Vec<(i64, String, i64)>, DbError> {
    let sql = format!(
        "SELECT seq, kind, entity_id FROM search_changes \
         WHERE (seq > $2 AND seq <= $3) OR seq IN (SELECT wanted FROM {}) ORDER BY seq",
        db.backend().ids_table()
    );
    let also = opengov_kernel::db::ids_json(also);
    db_run!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(&also)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)
}

/// Puts the current documents of `ids` into the index, and takes out those no longer listed.
async fn apply_datasets(
    state: &AppState,
    catalogue: &Arc<Catalogue>,
    ids: &[i64],
) -> AppResult<()> {
    let datasets = store::by_ids(&state.db, ids).await?;
    let docs = documents(state, &datasets).await?;
    let gone: Vec<String> = ids
        .iter()
        .filter(|id| !docs.iter().any(|d| d.id == id.to_string()))
        .map(i64::to_string)
        .collect();
    let me = catalogue.clone();
    tokio::task::spawn_blocking(move || {
        let index = me.index()?;
        if !gone.is_empty() {
            index.delete(&gone)?;
        }
        index.upsert(docs)
    })
    .await
    .map_err(|e| AppError::Internal(format!("index update stopped: {e}")))?
    .map_err(index_error)
}

impl Catalogue {
    /// How many missing numbers this node still looks for on every catch-up.
    #[must_use]
    pub fn pending_len(&self) -> usize {
        self.pending_numbers().len()
    }

    /// The pending numbers still worth looking for (dropping those looked for long enough).
    fn pending_numbers(&self) -> Vec<i64> {
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pending.retain(|(_, since)| since.elapsed() < PENDING_FOR);
        pending.iter().map(|(seq, _)| *seq).collect()
    }

    /// After reading the entries after `from` up to `to` (and the pending ones, `looked_for`):
    /// those found stop being pending, and numbers in the range that were not there become so.
    fn note_missing(&self, from: i64, to: i64, found: &[(i64, String, i64)], looked_for: &[i64]) {
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let found: std::collections::HashSet<i64> = found.iter().map(|(seq, _, _)| *seq).collect();
        pending.retain(|(seq, _)| !found.contains(seq));
        let now = std::time::Instant::now();
        // A range far longer than any burst of concurrent writers means a trimmed log or a
        // first look: only the numbers near the newest can still be in flight.
        let lowest = from.max(to - PENDING_WINDOW).max(0);
        for seq in (lowest + 1)..=to {
            if !found.contains(&seq) && !looked_for.contains(&seq) {
                pending.push((seq, now));
            }
        }
    }
}

/// Asks every node to rebuild its index from the database (`opengov search reindex`).
pub async fn request_reindex(db: &Db, now: Ts) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    tx_run!(&mut tx, |c| sqlx::query(
        "INSERT INTO search_changes (kind, entity_id, created_at) VALUES ('reindex', 0, $1)"
    )
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await
}

/// Keeps this node's index current until shutdown: catches up every two seconds, and trims the
/// log of entries older than [`KEEP_CHANGES`] every hour.
#[must_use]
pub fn spawn_catch_up(
    state: AppState,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut trimmed: Option<std::time::Instant> = None;
        loop {
            if trimmed.is_none_or(|at| at.elapsed() >= TRIM_EVERY) {
                trimmed = Some(std::time::Instant::now());
                let before =
                    Ts(state.now().0
                        - chrono::Duration::from_std(KEEP_CHANGES).unwrap_or_default());
                match trim(&state.db, before).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(entries = n, "search change log trimmed"),
                    Err(err) => tracing::warn!(?err, "search change log not trimmed"),
                }
            }
            // Always looks at the log: other nodes' and processes' writes are not counted.
            let commits = opengov_kernel::db::commits();
            let looked = async { apply_changes(&state, &service(&state)?, commits).await }.await;
            if let Err(err) = looked {
                tracing::warn!(?err, "search catch-up failed");
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(2)) => {}
                _ = stop.changed() => break,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64) -> (i64, String, i64) {
        (seq, "dataset".into(), 1)
    }

    #[test]
    fn numbers_missing_from_a_read_range_stay_pending_until_they_appear() {
        let c = Catalogue::open(std::path::Path::new("unused"), 0);
        c.note_missing(10, 14, &[entry(11), entry(13), entry(14)], &[]);
        assert_eq!(c.pending_numbers(), vec![12]);
        // The next look reads nothing new and does not find 12 yet: still pending, not twice.
        c.note_missing(14, 14, &[], &[12]);
        assert_eq!(c.pending_numbers(), vec![12]);
        c.note_missing(14, 15, &[entry(12), entry(15)], &[12]);
        assert!(c.pending_numbers().is_empty());
    }

    #[test]
    fn only_numbers_near_the_newest_are_looked_for_after_a_long_range() {
        let c = Catalogue::open(std::path::Path::new("unused"), 0);
        // A first look, or a trimmed log: a thousand numbers below the newest at most.
        c.note_missing(-1, 5000, &[entry(5000)], &[]);
        let pending = c.pending_numbers();
        assert_eq!(pending.len(), usize::try_from(PENDING_WINDOW).unwrap() - 1);
        assert_eq!(pending.first(), Some(&4001));
    }

    #[test]
    fn a_number_never_committed_is_given_up_after_the_pending_time() {
        let c = Catalogue::open(std::path::Path::new("unused"), 0);
        c.note_missing(1, 3, &[entry(3)], &[]);
        assert_eq!(c.pending_numbers(), vec![2]);
        let long_ago = std::time::Instant::now().checked_sub(PENDING_FOR).unwrap();
        c.pending.lock().unwrap()[0].1 = long_ago;
        assert!(c.pending_numbers().is_empty());
    }
}
