//! The queries of government bodies and their officials, on both backends.
//!
//! Lists are bounded by [`MAX_BODIES`]: a state has a few thousand bodies at most, so pages
//! that show the whole hierarchy load it once and filter in Rust (which also keeps search
//! correct for Cyrillic, where `SQLite`'s `lower()` only folds ASCII).

use opengov_kernel::{Db, DbError, LocalizedText, Role, Ts, Tx, db_run, tx_run};

/// The most bodies a whole-hierarchy query returns.
pub const MAX_BODIES: i64 = 5000;

/// A government body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub id: i64,
    pub code: String,
    pub slug: String,
    pub parent_id: Option<i64>,
    /// A [`BodyKind`](crate::BodyKind) code.
    pub kind: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub head_name: LocalizedText,
    pub head_user_id: Option<i64>,
    pub email: String,
    pub phone: String,
    pub address: LocalizedText,
    pub website: String,
    /// Business identification number: 12 digits, or empty.
    pub bin: String,
    pub active: bool,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// The editable fields of a body, validated (see [`crate::validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyInput {
    pub code: String,
    pub slug: String,
    pub kind: crate::BodyKind,
    pub parent_id: Option<i64>,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub head_name: LocalizedText,
    pub email: String,
    pub phone: String,
    pub address: LocalizedText,
    pub website: String,
    pub bin: String,
    pub active: bool,
}

/// One role an official holds in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub user_id: i64,
    pub display_name: String,
    pub role: Role,
}

#[derive(sqlx::FromRow)]
struct BodyRow {
    id: i64,
    code: String,
    slug: String,
    parent_id: Option<i64>,
    kind: String,
    name_kk: String,
    name_ru: String,
    name_en: String,
    description_kk: String,
    description_ru: String,
    description_en: String,
    head_name_kk: String,
    head_name_ru: String,
    head_name_en: String,
    head_user_id: Option<i64>,
    email: String,
    phone: String,
    address_kk: String,
    address_ru: String,
    address_en: String,
    website: String,
    bin: String,
    active: bool,
    created_at: Ts,
    updated_at: Ts,
}

impl From<BodyRow> for Body {
    fn from(r: BodyRow) -> Self {
        Self {
            id: r.id,
            code: r.code,
            slug: r.slug,
            parent_id: r.parent_id,
            kind: r.kind,
            name: LocalizedText::new(r.name_kk, r.name_ru, r.name_en),
            description: LocalizedText::new(r.description_kk, r.description_ru, r.description_en),
            head_name: LocalizedText::new(r.head_name_kk, r.head_name_ru, r.head_name_en),
            head_user_id: r.head_user_id,
            email: r.email,
            phone: r.phone,
            address: LocalizedText::new(r.address_kk, r.address_ru, r.address_en),
            website: r.website,
            bin: r.bin,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// `SELECT <every column> FROM bodies <tail>`, as a static string.
macro_rules! select_bodies {
    ($tail:literal) => {
        concat!(
            "SELECT id, code, slug, parent_id, kind, name_kk, name_ru, name_en, description_kk, \
             description_ru, description_en, head_name_kk, head_name_ru, head_name_en, head_user_id, \
             email, phone, address_kk, address_ru, address_en, website, bin, active, created_at, \
             updated_at FROM bodies ",
            $tail
        )
    };
}

/// Every body (active ones only unless `include_inactive`), ordered by id.
pub async fn list_all(db: &Db, include_inactive: bool) -> Result<Vec<Body>, DbError> {
    let rows: Vec<BodyRow> = db_run!(db, |c| sqlx::query_as(select_bodies!(
        "WHERE (active = TRUE OR $1 = TRUE) ORDER BY id LIMIT $2"
    ))
    .bind(include_inactive)
    .bind(MAX_BODIES)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(Body::from).collect())
}

/// Filters of [`list_page`].
#[derive(Debug, Clone, Default)]
pub struct PageFilter {
    pub kind: Option<String>,
    pub parent_id: Option<i64>,
    /// Only ids greater than this (keyset paging).
    pub after: i64,
    pub limit: i64,
}

/// One keyset page of active bodies, ordered by id; returns up to `limit + 1` rows so the
/// caller can tell whether another page follows.
pub async fn list_page(db: &Db, filter: &PageFilter) -> Result<Vec<Body>, DbError> {
    let rows: Vec<BodyRow> = db_run!(db, |c| sqlx::query_as(select_bodies!(
        "WHERE active = TRUE AND id > $1 AND ($2 IS NULL OR kind = $2) \
         AND ($3 IS NULL OR parent_id = $3) ORDER BY id LIMIT $4"
    ))
    .bind(filter.after)
    .bind(filter.kind.as_deref())
    .bind(filter.parent_id)
    .bind(filter.limit + 1)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(Body::from).collect())
}

pub async fn get_by_slug(db: &Db, slug: &str) -> Result<Option<Body>, DbError> {
    let row: Option<BodyRow> = db_run!(db, |c| sqlx::query_as(select_bodies!("WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(Body::from))
}

pub async fn get_by_id(db: &Db, id: i64) -> Result<Option<Body>, DbError> {
    let row: Option<BodyRow> = db_run!(db, |c| sqlx::query_as(select_bodies!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(Body::from))
}

/// The roles held in a body by active accounts, by display name then account then role (see
/// [`all_officials`]).
pub async fn officials(db: &Db, body_id: i64) -> Result<Vec<Official>, DbError> {
    let rows: Vec<OfficialRow> = db_run!(db, |c| {
        sqlx::query_as(
            "SELECT r.body_id, u.id, u.display_name, r.role FROM user_roles r \
             JOIN users u ON u.id = r.user_id \
             WHERE r.body_id = $1 AND u.disabled_at IS NULL ORDER BY u.id, r.role LIMIT 1000",
        )
        .bind(body_id)
        .fetch_all(c)
        .await
    })?;
    Ok(sorted_officials(rows).into_iter().map(|(_, o)| o).collect())
}

/// Every role held in any body by active accounts: `(body id, official)`, by body, then as
/// [`officials`] orders one body's.
pub async fn all_officials(db: &Db) -> Result<Vec<(i64, Official)>, DbError> {
    let rows: Vec<OfficialRow> = db_run!(db, |c| {
        sqlx::query_as(
            "SELECT r.body_id, u.id, u.display_name, r.role FROM user_roles r \
             JOIN users u ON u.id = r.user_id \
             WHERE r.body_id IS NOT NULL AND u.disabled_at IS NULL \
             ORDER BY r.body_id, u.id, r.role LIMIT 200000",
        )
        .fetch_all(c)
        .await
    })?;
    Ok(sorted_officials(rows))
}

/// `(body id, user id, display name, role code)`.
type OfficialRow = (i64, i64, String, String);

/// The officials of known roles, by body, then display name in alphabet order (any case; see
/// [`crate::tree::sort_key`]), then account, then role. Sorted here rather than by `ORDER BY`,
/// whose order of text follows the database's collation: byte order in `SQLite`, the locale in
/// PostgreSQL. The roles of one account are adjacent, which
/// [`group_officials`](crate::pages::show::group_officials) relies on.
fn sorted_officials(rows: Vec<OfficialRow>) -> Vec<(i64, Official)> {
    let mut out: Vec<(i64, Official)> = rows
        .into_iter()
        .filter_map(|(body_id, user_id, display_name, role)| {
            let role = Role::from_code(&role)?;
            Some((
                body_id,
                Official {
                    user_id,
                    display_name,
                    role,
                },
            ))
        })
        .collect();
    out.sort_by_cached_key(|(body_id, o)| {
        (
            *body_id,
            crate::tree::sort_key(&o.display_name),
            o.user_id,
            o.role.code(),
        )
    });
    out
}

/// An account found by email for granting a role: `(id, display name)`.
///
/// Matches the normalised key (trimmed, lower case), as accounts store it. An address with
/// control characters or over 254 characters belongs to no account and is not looked up
/// (PostgreSQL refuses NUL in text).
pub async fn find_user_by_email(db: &Db, email: &str) -> Result<Option<(i64, String)>, DbError> {
    let key = email.trim().to_lowercase();
    if key.len() > 254 || key.chars().any(char::is_control) {
        return Ok(None);
    }
    db_run!(db, |c| sqlx::query_as(
        "SELECT id, display_name FROM users WHERE email_key = $1 AND disabled_at IS NULL"
    )
    .bind(&key)
    .fetch_optional(c)
    .await)
}

/// The id of the body with this code, inside a transaction.
pub async fn id_by_code(tx: &mut Tx, code: &str) -> Result<Option<i64>, DbError> {
    tx_run!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM bodies WHERE code = $1"
    )
    .bind(code)
    .fetch_optional(&mut *c)
    .await)
}

/// Inserts a body; returns its id. A duplicate code or slug is a unique violation
/// ([`opengov_kernel::db::is_unique_violation`]).
pub async fn create(tx: &mut Tx, now: Ts, input: &BodyInput) -> Result<i64, DbError> {
    tx_run!(tx, |c| sqlx::query_scalar(
        "INSERT INTO bodies (code, slug, parent_id, kind, name_kk, name_ru, name_en, \
         description_kk, description_ru, description_en, head_name_kk, head_name_ru, head_name_en, \
         email, phone, address_kk, address_ru, address_en, website, bin, active, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $22) RETURNING id"
    )
    .bind(&input.code)
    .bind(&input.slug)
    .bind(input.parent_id)
    .bind(input.kind.code())
    .bind(&input.name.kk)
    .bind(&input.name.ru)
    .bind(&input.name.en)
    .bind(&input.description.kk)
    .bind(&input.description.ru)
    .bind(&input.description.en)
    .bind(&input.head_name.kk)
    .bind(&input.head_name.ru)
    .bind(&input.head_name.en)
    .bind(&input.email)
    .bind(&input.phone)
    .bind(&input.address.kk)
    .bind(&input.address.ru)
    .bind(&input.address.en)
    .bind(&input.website)
    .bind(&input.bin)
    .bind(input.active)
    .bind(now)
    .fetch_one(&mut *c)
    .await)
}

/// Replaces the editable fields of a body; returns whether it exists.
pub async fn update(tx: &mut Tx, now: Ts, id: i64, input: &BodyInput) -> Result<bool, DbError> {
    let n = tx_run!(tx, |c| sqlx::query(
        "UPDATE bodies SET code = $1, slug = $2, parent_id = $3, kind = $4, name_kk = $5, \
         name_ru = $6, name_en = $7, description_kk = $8, description_ru = $9, \
         description_en = $10, head_name_kk = $11, head_name_ru = $12, head_name_en = $13, \
         email = $14, phone = $15, address_kk = $16, address_ru = $17, address_en = $18, \
         website = $19, bin = $20, active = $21, updated_at = $22 WHERE id = $23"
    )
    .bind(&input.code)
    .bind(&input.slug)
    .bind(input.parent_id)
    .bind(input.kind.code())
    .bind(&input.name.kk)
    .bind(&input.name.ru)
    .bind(&input.name.en)
    .bind(&input.description.kk)
    .bind(&input.description.ru)
    .bind(&input.description.en)
    .bind(&input.head_name.kk)
    .bind(&input.head_name.ru)
    .bind(&input.head_name.en)
    .bind(&input.email)
    .bind(&input.phone)
    .bind(&input.address.kk)
    .bind(&input.address.ru)
    .bind(&input.address.en)
    .bind(&input.website)
    .bind(&input.bin)
    .bind(input.active)
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Which of `code` and `slug` another body (not `except_id`) already uses: `(code, slug)`.
pub async fn taken(
    db: &Db,
    code: &str,
    slug: &str,
    except_id: Option<i64>,
) -> Result<(bool, bool), DbError> {
    let except = except_id.unwrap_or(0);
    let code_taken: Option<i64> = db_run!(db, |c| sqlx::query_scalar(
        "SELECT id FROM bodies WHERE code = $1 AND id <> $2 LIMIT 1"
    )
    .bind(code)
    .bind(except)
    .fetch_optional(c)
    .await)?;
    let slug_taken: Option<i64> = db_run!(db, |c| sqlx::query_scalar(
        "SELECT id FROM bodies WHERE slug = $1 AND id <> $2 LIMIT 1"
    )
    .bind(slug)
    .bind(except)
    .fetch_optional(c)
    .await)?;
    Ok((code_taken.is_some(), slug_taken.is_some()))
}

/// The names of the fields that differ between a stored body and an input (for the audit
/// log: names only, never values, so no contact details end up in the public chain).
#[must_use]
pub fn changed_fields(old: &Body, new: &BodyInput) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut check = |name: &'static str, same: bool| {
        if !same {
            changed.push(name);
        }
    };
    check("code", old.code == new.code);
    check("slug", old.slug == new.slug);
    check("kind", old.kind == new.kind.code());
    check("parent_id", old.parent_id == new.parent_id);
    check("name", old.name == new.name);
    check("description", old.description == new.description);
    check("head_name", old.head_name == new.head_name);
    check("email", old.email == new.email);
    check("phone", old.phone == new.phone);
    check("address", old.address == new.address);
    check("website", old.website == new.website);
    check("bin", old.bin == new.bin);
    check("active", old.active == new.active);
    changed
}
