//! Gatekeeper for `datastore_search_sql`: accepts one user-written `SELECT`, refuses
//! everything else, and rewrites user-visible table names to physical table references.
//!
//! # How it works
//!
//! 1. The raw text is bounded ([`MAX_SQL_BYTES`]), tokenized with `sqlparser`'s
//!    iterative tokenizer and its bracket nesting is bounded ([`MAX_PAREN_DEPTH`]) *before*
//!    the recursive-descent parser runs, so deeply nested input cannot overflow the stack.
//!    The parser additionally runs with a recursion limit ([`PARSER_RECURSION_LIMIT`]).
//! 2. The statement is parsed with the dialect of the backend (`SQLite` or `PostgreSQL`).
//!    Exactly one statement is accepted and it must be a plain query.
//! 3. The AST is walked with an **allowlist**: every clause, expression kind, operator,
//!    data type and function name that is not explicitly known to be harmless is refused.
//!    The walk is depth-bounded ([`MAX_AST_DEPTH`]) as well.
//! 4. Every table reference that is not a CTE in scope is passed to the caller's
//!    `resolve` and replaced by the physical reference it returns (printed verbatim).
//!    A reference without an alias gets the user's name as alias, so `r42.col` keeps working.
//! 5. The rewritten AST is printed and wrapped as
//!    `SELECT * FROM (<query>) AS _q LIMIT <row_limit + 1>`; the result is re-parsed once as
//!    a sanity check.
//!
//! # Policy choices
//!
//! * `VALUES` lists are allowed (also as a derived table in `FROM`); they reference nothing.
//! * Table-valued functions, `LATERAL`, `TABLE x`, `WITH RECURSIVE`, placeholders (`$1`,
//!   `?`, `:name`), schema-qualified table or function names, locking clauses,
//!   `SELECT ... INTO` and data-modifying CTEs are refused.
//! * Casts are allowed only to plain scalar types (text, numeric, integer, float, boolean,
//!   date/time, interval, JSON, bytea/blob); `reg*` and custom types are refused.
//! * `PostgreSQL` system columns (`ctid`, `xmin`, `xmax`, `cmin`, `cmax`, `tableoid`) and the
//!   `PostgreSQL` identifier-functions (`current_user`, `session_user`, ...) are refused.
//!   `SQLite`'s `rowid` is allowed (it is ordinary data).
//! * Table names starting with `sqlite_`, `pragma_` or `pg_`, and `information_schema`, are
//!   refused on both backends even if `resolve` would accept them.
//! * Known memory bombs (`randomblob`, `zeroblob`, `repeat`, `lpad`, `rpad`, `printf`,
//!   `format`) are simply not on the allowlist.
//!
//! # What the caller must still enforce
//!
//! This module only checks the *shape* of a query. The caller must still:
//!
//! * run the statement in a **read-only** transaction / connection as a role that can only
//!   read the datastore tables (defence in depth; `PostgreSQL`: `SET TRANSACTION READ ONLY`,
//!   `SQLite`: `SQLITE_OPEN_READONLY` or `PRAGMA query_only`);
//! * pin name resolution: on `PostgreSQL` `search_path` should be `pg_catalog` only, so an
//!   unqualified allowed function cannot resolve to a user-defined one; on `SQLite` do not
//!   register application functions on the connection used for user queries (and never
//!   enable extension loading);
//! * prefer schema-qualified physical references (e.g. `"main"."t_r42"`) so that a user CTE
//!   of the same name can never capture the physical table;
//! * enforce a **timeout** (`PostgreSQL` `statement_timeout`; `SQLite` progress handler /
//!   interrupt): cross joins and regular expressions can still be slow;
//! * bound **memory**: string functions and `||` through chained CTEs can grow values
//!   exponentially (`SQLite`: `sqlite3_limit(SQLITE_LIMIT_LENGTH)`, soft heap limit;
//!   `PostgreSQL`: `work_mem`, `temp_file_limit`, a memory-limited backend);
//! * detect truncation: at most `row_limit + 1` rows come back; receiving `row_limit + 1`
//!   means the result was cut.

use std::fmt::Write as _;
use std::sync::mpsc;

use sqlparser::ast::{
    CeilFloorKind, Cte, DataType, Distinct, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArgumentList, FunctionArguments, GroupByExpr, Ident, InTarget,
    Join, JoinConstraint, JoinOperator, LimitClause, NamedWindowExpr, ObjectName, ObjectNamePart,
    OrderBy, OrderByExpr, OrderByKind, Query, Select, SelectItem, SetExpr, Statement, TableAlias,
    TableFactor, TableWithJoins, Value, WindowFrameBound, WindowSpec, WindowType, With,
};
use sqlparser::dialect::{PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};

/// Longest accepted input, in bytes.
pub const MAX_SQL_BYTES: usize = 16 * 1024;
/// Deepest accepted bracket nesting in the raw token stream.
pub const MAX_PAREN_DEPTH: usize = 32;
/// Recursion limit handed to the `sqlparser` parser.
pub const PARSER_RECURSION_LIMIT: usize = 64;
/// Stack size of the worker thread that parses and walks the query.
pub const WORKER_STACK_BYTES: usize = 32 * 1024 * 1024;
/// Deepest accepted AST nesting (expressions, subqueries, joins...) during the walk.
pub const MAX_AST_DEPTH: usize = 96;

/// Functions allowed on both backends.
const COMMON_FUNCTIONS: &[&str] = &[
    // aggregates
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "string_agg",
    // window functions
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    // scalar
    "abs",
    "round",
    "coalesce",
    "nullif",
    "lower",
    "upper",
    "length",
    "trim",
    "ltrim",
    "rtrim",
    "substr",
    "substring",
    "replace",
    "ceil",
    "ceiling",
    "floor",
    "sqrt",
    "power",
    "exp",
    "ln",
    "log",
    "log10",
    "mod",
    "sign",
    "pi",
    "trunc",
    "random",
    "current_date",
    "current_time",
    "current_timestamp",
];

/// Functions allowed only on `SQLite`.
const SQLITE_FUNCTIONS: &[&str] = &[
    "total",
    "group_concat",
    "ifnull",
    "iif",
    "instr",
    "typeof",
    "unicode",
    "char",
    "hex",
    "pow",
    "log2",
    "date",
    "time",
    "datetime",
    "julianday",
    "strftime",
    "unixepoch",
];

/// Functions allowed only on `PostgreSQL`.
const POSTGRES_FUNCTIONS: &[&str] = &[
    "bool_and",
    "bool_or",
    "every",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "variance",
    "var_pop",
    "var_samp",
    "corr",
    "covar_pop",
    "covar_samp",
    "percentile_cont",
    "percentile_disc",
    "mode",
    "char_length",
    "character_length",
    "btrim",
    "strpos",
    "left",
    "right",
    "split_part",
    "initcap",
    "concat",
    "concat_ws",
    "reverse",
    "starts_with",
    "md5",
    "greatest",
    "least",
    "div",
    "cbrt",
    "degrees",
    "radians",
    "width_bucket",
    "date_trunc",
    "date_part",
    "to_char",
    "to_date",
    "to_timestamp",
    "to_number",
    "now",
    "age",
    "make_date",
    "make_timestamp",
    "localtime",
    "localtimestamp",
];

/// `PostgreSQL` system columns (reserved names, never user columns).
const POSTGRES_SYSTEM_COLUMNS: &[&str] = &["ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"];

/// Bare `PostgreSQL` keywords that evaluate to session information.
const POSTGRES_SESSION_WORDS: &[&str] = &[
    "current_user",
    "session_user",
    "user",
    "current_role",
    "current_catalog",
    "current_schema",
    "system_user",
];

/// SQL dialect of the backend the query will run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `SQLite` (3.35+ assumed for math functions).
    Sqlite,
    /// `PostgreSQL`.
    Postgres,
}

/// A query that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The statement to run: rewritten and wrapped to return at most `row_limit + 1` rows.
    pub sql: String,
    /// The user-visible table names referenced (as written, unquoted; first occurrence order,
    /// no duplicates).
    pub tables: Vec<String>,
}

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The text does not parse.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// Empty input or more than one statement.
    #[error("exactly one SQL statement is required")]
    NotOneStatement,
    /// The statement is not a read-only query.
    #[error("only SELECT queries are allowed")]
    NotSelect,
    /// A table that does not exist or may not be read.
    #[error("unknown table: {0}")]
    UnknownTable(String),
    /// A function that is not on the allowlist.
    #[error("function not allowed: {0}")]
    ForbiddenFunction(String),
    /// Another construct that is not allowed (human readable description).
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// The input is longer than [`MAX_SQL_BYTES`].
    #[error("query too long (max {MAX_SQL_BYTES} bytes)")]
    TooLong,
    /// The query is nested too deeply.
    #[error("query too complex")]
    TooComplex,
}

/// Checks one user query and rewrites its table references.
///
/// `resolve` maps a table name as the user wrote it (quotes removed, case as written) to
/// the physical table reference to put in its place (already quoted/qualified by the
/// caller, inserted verbatim), or `None` when the user may not read it. Names of CTEs in
/// scope are never passed to `resolve`.
///
/// # Errors
///
/// Returns a [`Refusal`] describing the first problem found.
pub fn check(
    sql: &str,
    dialect: Dialect,
    resolve: &dyn Fn(&str) -> Option<String>,
    row_limit: u64,
) -> Result<Checked, Refusal> {
    if sql.len() > MAX_SQL_BYTES {
        return Err(Refusal::TooLong);
    }
    // Parsing, walking, printing and dropping the AST are recursive; `sqlparser` frames are
    // large (especially in debug builds), so all of it runs on a worker thread with a known,
    // generous stack. `resolve` need not be `Send`/`Sync`: it is called on this thread, on
    // the worker's request.
    let (req_tx, req_rx) = mpsc::channel::<Request>();
    let (ans_tx, ans_rx) = mpsc::channel::<Option<String>>();
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("sql_guard".to_owned())
            .stack_size(WORKER_STACK_BYTES)
            .spawn_scoped(scope, move || {
                let remote = |name: &str| -> Option<String> {
                    req_tx.send(Request::Resolve(name.to_owned())).ok()?;
                    ans_rx.recv().ok().flatten()
                };
                let result = check_here(sql, dialect, &remote, row_limit);
                // The receiver only disappears if the caller is gone; nothing to do then.
                let _ = req_tx.send(Request::Done(result));
            });
        let Ok(handle) = worker else {
            return Err(Refusal::TooComplex);
        };
        let mut outcome = Err(Refusal::Syntax("internal error while checking".to_owned()));
        while let Ok(req) = req_rx.recv() {
            match req {
                Request::Resolve(name) => {
                    if ans_tx.send(resolve(&name)).is_err() {
                        break;
                    }
                }
                Request::Done(result) => {
                    outcome = result;
                    break;
                }
            }
        }
        // A panic inside the parser must not take the caller down: it becomes a refusal.
        if handle.join().is_err() {
            return Err(Refusal::Syntax("internal error while checking".to_owned()));
        }
        outcome
    })
}

/// Messages from the worker thread to the calling thread.
enum Request {
    Resolve(String),
    Done(Result<Checked, Refusal>),
}

/// The whole check, on the current thread.
fn check_here(
    sql: &str,
    dialect: Dialect,
    resolve: &dyn Fn(&str) -> Option<String>,
    row_limit: u64,
) -> Result<Checked, Refusal> {
    let mut query = parse_one_query(sql, dialect)?;
    let mut walker = Walker {
        dialect,
        resolve,
        tables: Vec::new(),
        ctes: Vec::new(),
        depth: 0,
    };
    walker.query(&mut query)?;
    let mut out = String::with_capacity(sql.len() + 64);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "SELECT * FROM ({query}) AS _q LIMIT {}",
        row_limit.saturating_add(1)
    );
    // Sanity check: what we print must still be exactly one query.
    parse_one_query(&out, dialect).map_err(|e| match e {
        Refusal::TooComplex | Refusal::TooLong => Refusal::TooComplex,
        other => Refusal::Syntax(format!("rewritten query is not valid: {other}")),
    })?;
    Ok(Checked {
        sql: out,
        tables: walker.tables,
    })
}

/// Tokenizes, bounds nesting, parses, and returns the single query statement.
fn parse_one_query(sql: &str, dialect: Dialect) -> Result<Box<Query>, Refusal> {
    let sqlite = SQLiteDialect {};
    let postgres = PostgreSqlDialect {};
    let d: &dyn sqlparser::dialect::Dialect = match dialect {
        Dialect::Sqlite => &sqlite,
        Dialect::Postgres => &postgres,
    };
    let tokens = Tokenizer::new(d, sql)
        .tokenize_with_location()
        .map_err(|e| Refusal::Syntax(e.to_string()))?;
    let mut depth = 0usize;
    let mut meaningful = false;
    for t in &tokens {
        match t.token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                depth += 1;
                if depth > MAX_PAREN_DEPTH {
                    return Err(Refusal::TooComplex);
                }
            }
            Token::RParen | Token::RBracket | Token::RBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !matches!(
            t.token,
            Token::Whitespace(_) | Token::SemiColon | Token::EOF
        ) {
            meaningful = true;
        }
    }
    if !meaningful {
        return Err(Refusal::NotOneStatement);
    }
    let mut statements = Parser::new(d)
        .with_recursion_limit(PARSER_RECURSION_LIMIT)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .map_err(|e| match e {
            ParserError::RecursionLimitExceeded => Refusal::TooComplex,
            ParserError::TokenizerError(m) | ParserError::ParserError(m) => Refusal::Syntax(m),
        })?;
    if statements.len() != 1 {
        return Err(Refusal::NotOneStatement);
    }
    match statements.pop() {
        Some(Statement::Query(q)) => Ok(q),
        Some(_) => Err(Refusal::NotSelect),
        None => Err(Refusal::NotOneStatement),
    }
}

fn forbidden(what: impl Into<String>) -> Refusal {
    Refusal::Forbidden(what.into())
}

/// AST walker: checks and rewrites in one pass.
struct Walker<'r> {
    dialect: Dialect,
    resolve: &'r dyn Fn(&str) -> Option<String>,
    tables: Vec<String>,
    /// Stack of CTE scopes; each holds normalized names.
    ctes: Vec<Vec<String>>,
    depth: usize,
}

impl Walker<'_> {
    fn descend(&mut self) -> Result<(), Refusal> {
        self.depth += 1;
        if self.depth > MAX_AST_DEPTH {
            Err(Refusal::TooComplex)
        } else {
            Ok(())
        }
    }

    /// Name as the database compares it. Never looser than the database: `SQLite` compares
    /// identifiers ASCII-case-insensitively (quoted or not); `PostgreSQL` folds unquoted
    /// identifiers to lower case and compares quoted ones exactly.
    fn norm(&self, ident: &Ident) -> String {
        match (self.dialect, ident.quote_style) {
            (Dialect::Postgres, Some(_)) => ident.value.clone(),
            _ => ident.value.to_ascii_lowercase(),
        }
    }

    fn is_cte(&self, ident: &Ident) -> bool {
        let n = self.norm(ident);
        self.ctes.iter().rev().any(|scope| scope.contains(&n))
    }

    fn query(&mut self, q: &mut Query) -> Result<(), Refusal> {
        self.descend()?;
        let r = self.query_inner(q);
        self.depth -= 1;
        r
    }

    fn query_inner(&mut self, q: &mut Query) -> Result<(), Refusal> {
        let Query {
            with,
            body,
            order_by,
            limit_clause,
            fetch,
            locks,
            for_clause,
            settings,
            format_clause,
            pipe_operators,
        } = q;
        if !locks.is_empty() {
            return Err(forbidden("FOR UPDATE/SHARE locking clause"));
        }
        if for_clause.is_some() {
            return Err(forbidden("FOR XML/JSON clause"));
        }
        if settings.is_some() {
            return Err(forbidden("SETTINGS clause"));
        }
        if format_clause.is_some() {
            return Err(forbidden("FORMAT clause"));
        }
        if !pipe_operators.is_empty() {
            return Err(forbidden("pipe operators"));
        }
        let pushed = if let Some(w) = with {
            self.with(w)?;
            true
        } else {
            false
        };
        let r = self.query_rest(body, order_by, limit_clause, fetch.as_mut());
        if pushed {
            self.ctes.pop();
        }
        r
    }

    fn query_rest(
        &mut self,
        body: &mut SetExpr,
        order_by: &mut Option<OrderBy>,
        limit_clause: &mut Option<LimitClause>,
        fetch: Option<&mut sqlparser::ast::Fetch>,
    ) -> Result<(), Refusal> {
        self.set_expr(body)?;
        if let Some(ob) = order_by {
            if ob.interpolate.is_some() {
                return Err(forbidden("INTERPOLATE"));
            }
            match &mut ob.kind {
                OrderByKind::All(_) => return Err(forbidden("ORDER BY ALL")),
                OrderByKind::Expressions(items) => self.order_by_exprs(items)?,
            }
        }
        match limit_clause {
            None => {}
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) => {
                if !limit_by.is_empty() {
                    return Err(forbidden("LIMIT BY"));
                }
                if let Some(l) = limit {
                    self.expr(l)?;
                }
                if let Some(o) = offset {
                    self.expr(&mut o.value)?;
                }
            }
            Some(LimitClause::OffsetCommaLimit { offset, limit }) => {
                self.expr(offset)?;
                self.expr(limit)?;
            }
        }
        if let Some(f) = fetch {
            if f.percent {
                return Err(forbidden("FETCH ... PERCENT"));
            }
            if let Some(qty) = &mut f.quantity {
                self.expr(qty)?;
            }
        }
        Ok(())
    }

    /// Checks the CTE definitions and pushes a scope with their names; the caller pops it.
    fn with(&mut self, w: &mut With) -> Result<(), Refusal> {
        if w.recursive {
            return Err(forbidden("WITH RECURSIVE"));
        }
        // Each CTE sees the ones defined before it (never itself: a self-reference is
        // treated as a table reference and resolved, so it cannot recurse).
        self.ctes.push(Vec::new());
        for cte in &mut w.cte_tables {
            let r = self.cte(cte);
            if let Err(e) = r {
                self.ctes.pop();
                return Err(e);
            }
            let name = self.norm(&cte.alias.name);
            if let Some(scope) = self.ctes.last_mut() {
                scope.push(name);
            }
        }
        Ok(())
    }

    fn cte(&mut self, cte: &mut Cte) -> Result<(), Refusal> {
        let Cte {
            alias,
            query,
            from,
            materialized: _,
            closing_paren_token: _,
        } = cte;
        if from.is_some() {
            return Err(forbidden("CTE FROM clause"));
        }
        Self::alias(alias)?;
        self.query(query)
    }

    fn alias(alias: &TableAlias) -> Result<(), Refusal> {
        if alias.at.is_some() {
            return Err(forbidden("alias AT clause"));
        }
        if alias.columns.iter().any(|c| c.data_type.is_some()) {
            return Err(forbidden("typed alias columns"));
        }
        Ok(())
    }

    fn set_expr(&mut self, s: &mut SetExpr) -> Result<(), Refusal> {
        self.descend()?;
        let r = self.set_expr_inner(s);
        self.depth -= 1;
        r
    }

    fn set_expr_inner(&mut self, s: &mut SetExpr) -> Result<(), Refusal> {
        match s {
            SetExpr::Select(sel) => self.select(sel),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left)?;
                self.set_expr(right)
            }
            SetExpr::Values(v) => {
                for row in &mut v.rows {
                    self.exprs(row)?;
                }
                Ok(())
            }
            SetExpr::Insert(_) | SetExpr::Update(_) | SetExpr::Delete(_) | SetExpr::Merge(_) => {
                Err(Refusal::NotSelect)
            }
            SetExpr::Table(_) => Err(forbidden("TABLE shorthand")),
        }
    }

    fn select(&mut self, s: &mut Select) -> Result<(), Refusal> {
        let Select {
            select_token: _,
            optimizer_hints,
            distinct,
            select_modifiers,
            top,
            top_before_distinct: _,
            projection,
            exclude,
            into,
            from,
            lateral_views,
            prewhere,
            selection,
            connect_by,
            group_by,
            cluster_by,
            distribute_by,
            sort_by,
            having,
            named_window,
            qualify,
            window_before_qualify: _,
            value_table_mode,
            flavor,
        } = s;
        if into.is_some() {
            return Err(forbidden("SELECT INTO"));
        }
        if !optimizer_hints.is_empty()
            || select_modifiers.is_some()
            || top.is_some()
            || exclude.is_some()
            || !lateral_views.is_empty()
            || prewhere.is_some()
            || !connect_by.is_empty()
            || !cluster_by.is_empty()
            || !distribute_by.is_empty()
            || !sort_by.is_empty()
            || qualify.is_some()
            || value_table_mode.is_some()
            || *flavor != sqlparser::ast::SelectFlavor::Standard
        {
            return Err(forbidden("non-standard SELECT clause"));
        }
        // FROM first: it introduces no names we track, but keeps error order natural.
        for twj in from.iter_mut() {
            self.table_with_joins(twj)?;
        }
        if let Some(Distinct::On(exprs)) = distinct {
            self.exprs(exprs)?;
        }
        for item in projection.iter_mut() {
            self.select_item(item)?;
        }
        if let Some(e) = selection {
            self.expr(e)?;
        }
        match group_by {
            GroupByExpr::All(_) => return Err(forbidden("GROUP BY ALL")),
            GroupByExpr::Expressions(exprs, modifiers) => {
                if !modifiers.is_empty() {
                    return Err(forbidden("GROUP BY modifiers"));
                }
                self.exprs(exprs)?;
            }
        }
        if let Some(e) = having {
            self.expr(e)?;
        }
        for w in named_window.iter_mut() {
            match &mut w.1 {
                NamedWindowExpr::NamedWindow(_) => {}
                NamedWindowExpr::WindowSpec(spec) => self.window_spec(spec)?,
            }
        }
        Ok(())
    }

    fn select_item(&mut self, item: &mut SelectItem) -> Result<(), Refusal> {
        match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                self.expr(e)?;
            }
            SelectItem::Wildcard(opts) | SelectItem::QualifiedWildcard(_, opts) => {
                if opts.opt_ilike.is_some()
                    || opts.opt_exclude.is_some()
                    || opts.opt_except.is_some()
                    || opts.opt_replace.is_some()
                    || opts.opt_rename.is_some()
                    || opts.opt_alias.is_some()
                {
                    return Err(forbidden("wildcard options"));
                }
                if let SelectItem::QualifiedWildcard(kind, _) = item {
                    match kind {
                        sqlparser::ast::SelectItemQualifiedWildcardKind::ObjectName(n) => {
                            if n.0.len() != 1 {
                                return Err(forbidden("schema-qualified wildcard"));
                            }
                        }
                        sqlparser::ast::SelectItemQualifiedWildcardKind::Expr(_) => {
                            return Err(forbidden("expression wildcard"));
                        }
                    }
                }
            }
            SelectItem::ExprWithAliases { .. } => {
                return Err(forbidden("multiple aliases"));
            }
        }
        Ok(())
    }

    fn table_with_joins(&mut self, twj: &mut TableWithJoins) -> Result<(), Refusal> {
        self.descend()?;
        let r = self.table_with_joins_inner(twj);
        self.depth -= 1;
        r
    }

    fn table_with_joins_inner(&mut self, twj: &mut TableWithJoins) -> Result<(), Refusal> {
        self.table_factor(&mut twj.relation)?;
        for join in &mut twj.joins {
            self.join(join)?;
        }
        Ok(())
    }

    fn join(&mut self, join: &mut Join) -> Result<(), Refusal> {
        if join.global {
            return Err(forbidden("GLOBAL JOIN"));
        }
        self.table_factor(&mut join.relation)?;
        let (JoinOperator::Join(constraint)
        | JoinOperator::Inner(constraint)
        | JoinOperator::Left(constraint)
        | JoinOperator::LeftOuter(constraint)
        | JoinOperator::Right(constraint)
        | JoinOperator::RightOuter(constraint)
        | JoinOperator::FullOuter(constraint)
        | JoinOperator::CrossJoin(constraint)) = &mut join.join_operator
        else {
            return Err(forbidden("this kind of JOIN"));
        };
        match constraint {
            JoinConstraint::On(e) => self.expr(e),
            JoinConstraint::Using(cols) => {
                if cols.iter().any(|c| c.0.len() != 1) {
                    return Err(forbidden("qualified USING column"));
                }
                Ok(())
            }
            JoinConstraint::UsingAlias(..) => Err(forbidden("USING ... AS")),
            JoinConstraint::Natural | JoinConstraint::None => Ok(()),
        }
    }

    fn table_factor(&mut self, tf: &mut TableFactor) -> Result<(), Refusal> {
        match tf {
            TableFactor::Table {
                name,
                alias,
                args,
                with_hints,
                version,
                with_ordinality,
                partitions,
                json_path,
                sample,
                index_directives,
                inheritance,
            } => {
                if args.is_some() {
                    return Err(forbidden(format!("table function {name}")));
                }
                if !with_hints.is_empty()
                    || version.is_some()
                    || *with_ordinality
                    || !partitions.is_empty()
                    || json_path.is_some()
                    || sample.is_some()
                    || !index_directives.is_empty()
                    || inheritance.is_some()
                {
                    return Err(forbidden(format!("table modifiers on {name}")));
                }
                if let Some(a) = alias {
                    Self::alias(a)?;
                }
                self.table_name(name, alias)
            }
            TableFactor::Derived {
                lateral,
                subquery,
                alias,
                sample,
            } => {
                if *lateral {
                    return Err(forbidden("LATERAL"));
                }
                if sample.is_some() {
                    return Err(forbidden("TABLESAMPLE"));
                }
                if let Some(a) = alias {
                    Self::alias(a)?;
                }
                self.query(subquery)
            }
            TableFactor::NestedJoin {
                table_with_joins,
                alias,
            } => {
                if let Some(a) = alias {
                    Self::alias(a)?;
                }
                self.table_with_joins(table_with_joins)
            }
            TableFactor::Function { lateral: true, .. } => Err(forbidden("LATERAL")),
            TableFactor::Function { name, .. } => Err(forbidden(format!("table function {name}"))),
            TableFactor::TableFunction { .. } | TableFactor::UNNEST { .. } => {
                Err(forbidden("table function"))
            }
            _ => Err(forbidden("this kind of FROM item")),
        }
    }

    /// Resolves (or keeps, for CTEs) a table name and rewrites it in place.
    fn table_name(
        &mut self,
        name: &mut ObjectName,
        alias: &mut Option<TableAlias>,
    ) -> Result<(), Refusal> {
        let ident = match name.0.as_slice() {
            [ObjectNamePart::Identifier(ident)] => ident.clone(),
            [_] => return Err(forbidden(format!("table reference {name}"))),
            _ => return Err(forbidden(format!("schema-qualified table {name}"))),
        };
        if self.is_cte(&ident) {
            return Ok(());
        }
        let lower = ident.value.to_ascii_lowercase();
        // Checked for both dialects: the same resource may be served by either backend.
        let reserved = ["sqlite_", "pragma_", "pg_"]
            .iter()
            .any(|p| lower.starts_with(p))
            || lower == "information_schema";
        if reserved {
            return Err(forbidden(format!("system table {}", ident.value)));
        }
        let Some(physical) = (self.resolve)(&ident.value) else {
            return Err(Refusal::UnknownTable(ident.value));
        };
        if !self.tables.contains(&ident.value) {
            self.tables.push(ident.value.clone());
        }
        // The physical reference is printed verbatim (an unquoted Ident prints as-is).
        *name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new(physical))]);
        if alias.is_none() {
            *alias = Some(TableAlias {
                explicit: true,
                name: ident,
                columns: Vec::new(),
                at: None,
            });
        }
        Ok(())
    }

    fn order_by_exprs(&mut self, items: &mut [OrderByExpr]) -> Result<(), Refusal> {
        for item in items {
            if item.with_fill.is_some() {
                return Err(forbidden("WITH FILL"));
            }
            if matches!(
                item.options.sort,
                Some(sqlparser::ast::OrderBySort::Using(_))
            ) {
                return Err(forbidden("ORDER BY ... USING operator"));
            }
            self.expr(&mut item.expr)?;
        }
        Ok(())
    }

    fn window_spec(&mut self, spec: &mut WindowSpec) -> Result<(), Refusal> {
        self.exprs(&mut spec.partition_by)?;
        self.order_by_exprs(&mut spec.order_by)?;
        if let Some(frame) = &mut spec.window_frame {
            for bound in std::iter::once(&mut frame.start_bound).chain(frame.end_bound.as_mut()) {
                match bound {
                    WindowFrameBound::CurrentRow
                    | WindowFrameBound::Preceding(None)
                    | WindowFrameBound::Following(None) => {}
                    WindowFrameBound::Preceding(Some(e)) | WindowFrameBound::Following(Some(e)) => {
                        self.expr(e)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn exprs(&mut self, exprs: &mut [Expr]) -> Result<(), Refusal> {
        for e in exprs {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &mut Expr) -> Result<(), Refusal> {
        self.descend()?;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    #[allow(clippy::too_many_lines)]
    fn expr_inner(&mut self, e: &mut Expr) -> Result<(), Refusal> {
        match e {
            Expr::Identifier(ident) => self.column(std::slice::from_ref(ident)),
            Expr::CompoundIdentifier(parts) => {
                if parts.len() > 3 {
                    return Err(forbidden("over-qualified column reference"));
                }
                self.column(parts)
            }
            Expr::IsFalse(x)
            | Expr::IsNotFalse(x)
            | Expr::IsTrue(x)
            | Expr::IsNotTrue(x)
            | Expr::IsNull(x)
            | Expr::IsNotNull(x)
            | Expr::IsUnknown(x)
            | Expr::IsNotUnknown(x)
            | Expr::Nested(x) => self.expr(x),
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                self.expr(a)?;
                self.expr(b)
            }
            Expr::In { expr, target, .. } => {
                self.expr(expr)?;
                match target {
                    InTarget::List(list) => self.exprs(list),
                    InTarget::Subquery(q) => self.query(q),
                    InTarget::Unnest(_) => Err(forbidden("IN UNNEST")),
                    InTarget::Table { .. } => Err(forbidden("IN table")),
                }
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                self.expr(expr)?;
                self.expr(low)?;
                self.expr(high)
            }
            Expr::BinaryOp { left, op, right } => {
                check_binary_op(op)?;
                self.expr(left)?;
                self.expr(right)
            }
            Expr::Like {
                expr,
                pattern,
                escape_char,
                any,
                ..
            }
            | Expr::ILike {
                expr,
                pattern,
                escape_char,
                any,
                ..
            } => {
                if *any {
                    return Err(forbidden("LIKE ANY"));
                }
                self.expr(expr)?;
                self.expr(pattern)?;
                if let Some(esc) = escape_char {
                    self.expr(esc)?;
                }
                Ok(())
            }
            Expr::SimilarTo {
                expr,
                pattern,
                escape_char,
                ..
            } => {
                self.expr(expr)?;
                self.expr(pattern)?;
                if let Some(esc) = escape_char {
                    self.expr(esc)?;
                }
                Ok(())
            }
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            }
            | Expr::AllOp {
                left,
                compare_op,
                right,
            } => {
                check_binary_op(compare_op)?;
                self.expr(left)?;
                self.expr(right)
            }
            Expr::UnaryOp { op, expr } => {
                use sqlparser::ast::UnaryOperator as U;
                match op {
                    U::Plus | U::Minus | U::Not | U::BitwiseNot => self.expr(expr),
                    other => Err(forbidden(format!("operator {other}"))),
                }
            }
            Expr::Cast {
                expr,
                data_type,
                format,
                ..
            } => {
                if format.is_some() {
                    return Err(forbidden("CAST ... FORMAT"));
                }
                check_data_type(data_type)?;
                self.expr(expr)
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                self.expr(timestamp)?;
                self.expr(time_zone)
            }
            Expr::Extract { expr, .. } => self.expr(expr),
            Expr::Ceil { expr, field } | Expr::Floor { expr, field } => {
                if let CeilFloorKind::Scale(v) = field {
                    check_value(&v.value)?;
                }
                self.expr(expr)
            }
            Expr::Position { expr, r#in } => {
                self.expr(expr)?;
                self.expr(r#in)
            }
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                self.expr(expr)?;
                if let Some(x) = substring_from {
                    self.expr(x)?;
                }
                if let Some(x) = substring_for {
                    self.expr(x)?;
                }
                Ok(())
            }
            Expr::Trim {
                expr,
                trim_what,
                trim_characters,
                ..
            } => {
                self.expr(expr)?;
                if let Some(x) = trim_what {
                    self.expr(x)?;
                }
                if let Some(xs) = trim_characters {
                    self.exprs(xs)?;
                }
                Ok(())
            }
            Expr::Collate { expr, collation } => {
                if collation.0.len() != 1 {
                    return Err(forbidden("qualified collation"));
                }
                self.expr(expr)
            }
            Expr::Value(v) => check_value(&v.value),
            Expr::TypedString(ts) => {
                check_data_type(&ts.data_type)?;
                if ts.uses_odbc_syntax {
                    return Err(forbidden("ODBC literal"));
                }
                check_value(&ts.value.value)
            }
            Expr::Function(f) => self.function(f),
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                if let Some(x) = operand {
                    self.expr(x)?;
                }
                for cw in conditions {
                    self.expr(&mut cw.condition)?;
                    self.expr(&mut cw.result)?;
                }
                if let Some(x) = else_result {
                    self.expr(x)?;
                }
                Ok(())
            }
            Expr::Exists { subquery, .. } | Expr::Subquery(subquery) => self.query(subquery),
            Expr::Tuple(xs) => self.exprs(xs),
            Expr::Interval(iv) => self.expr(&mut iv.value),
            other => Err(forbidden(format!(
                "expression {}",
                truncate(&other.to_string(), 40)
            ))),
        }
    }

    fn column(&mut self, parts: &[Ident]) -> Result<(), Refusal> {
        if self.dialect == Dialect::Postgres
            && let Some(last) = parts.last()
        {
            {
                let lower = last.value.to_ascii_lowercase();
                if POSTGRES_SYSTEM_COLUMNS.contains(&lower.as_str()) {
                    return Err(forbidden(format!("system column {}", last.value)));
                }
                if parts.len() == 1
                    && last.quote_style.is_none()
                    && POSTGRES_SESSION_WORDS.contains(&lower.as_str())
                {
                    return Err(Refusal::ForbiddenFunction(lower));
                }
            }
        }
        Ok(())
    }

    fn function(&mut self, f: &mut Function) -> Result<(), Refusal> {
        let Function {
            name,
            uses_odbc_syntax,
            parameters,
            args,
            within_group,
            filter,
            null_treatment: _,
            over,
        } = f;
        let key = match name.0.as_slice() {
            [ObjectNamePart::Identifier(ident)] => self.norm(ident),
            _ => return Err(Refusal::ForbiddenFunction(name.to_string())),
        };
        if !self.function_allowed(&key) {
            return Err(Refusal::ForbiddenFunction(key));
        }
        if *uses_odbc_syntax {
            return Err(forbidden("ODBC function call"));
        }
        if !matches!(parameters, FunctionArguments::None) {
            return Err(forbidden("parametric function"));
        }
        match args {
            FunctionArguments::None => {}
            FunctionArguments::Subquery(_) => {
                return Err(forbidden(format!("subquery as argument of {key}")));
            }
            FunctionArguments::List(list) => self.function_args(list)?,
        }
        self.order_by_exprs(within_group)?;
        if let Some(x) = filter {
            self.expr(x)?;
        }
        match over {
            None | Some(WindowType::NamedWindow(_)) => {}
            Some(WindowType::WindowSpec(spec)) => self.window_spec(spec)?,
        }
        Ok(())
    }

    fn function_allowed(&self, key: &str) -> bool {
        COMMON_FUNCTIONS.contains(&key)
            || match self.dialect {
                Dialect::Sqlite => SQLITE_FUNCTIONS.contains(&key),
                Dialect::Postgres => POSTGRES_FUNCTIONS.contains(&key),
            }
    }

    fn function_args(&mut self, list: &mut FunctionArgumentList) -> Result<(), Refusal> {
        for arg in &mut list.args {
            match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => self.expr(e)?,
                FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => {}
                FunctionArg::Unnamed(_) => return Err(forbidden("qualified wildcard argument")),
                FunctionArg::Named { .. } | FunctionArg::ExprNamed { .. } => {
                    return Err(forbidden("named function argument"));
                }
            }
        }
        for clause in &mut list.clauses {
            match clause {
                FunctionArgumentClause::OrderBy(items) => self.order_by_exprs(items)?,
                FunctionArgumentClause::IgnoreOrRespectNulls(_) => {}
                _ => return Err(forbidden("function argument clause")),
            }
        }
        Ok(())
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn check_value(v: &Value) -> Result<(), Refusal> {
    match v {
        Value::Placeholder(p) => Err(forbidden(format!("placeholder {p}"))),
        Value::Number(..)
        | Value::SingleQuotedString(_)
        | Value::DollarQuotedString(_)
        | Value::EscapedStringLiteral(_)
        | Value::UnicodeStringLiteral(_)
        | Value::NationalStringLiteral(_)
        | Value::HexStringLiteral(_)
        | Value::Boolean(_)
        | Value::Null => Ok(()),
        other => Err(forbidden(format!(
            "literal {}",
            truncate(&other.to_string(), 40)
        ))),
    }
}

fn check_binary_op(op: &sqlparser::ast::BinaryOperator) -> Result<(), Refusal> {
    use sqlparser::ast::BinaryOperator as B;
    match op {
        B::Plus
        | B::Minus
        | B::Multiply
        | B::Divide
        | B::Modulo
        | B::StringConcat
        | B::Gt
        | B::Lt
        | B::GtEq
        | B::LtEq
        | B::Eq
        | B::NotEq
        | B::And
        | B::Or
        | B::BitwiseOr
        | B::BitwiseAnd
        | B::PGBitwiseXor
        | B::PGBitwiseShiftLeft
        | B::PGBitwiseShiftRight
        | B::PGExp
        | B::PGRegexMatch
        | B::PGRegexIMatch
        | B::PGRegexNotMatch
        | B::PGRegexNotIMatch
        | B::PGLikeMatch
        | B::PGILikeMatch
        | B::PGNotLikeMatch
        | B::PGNotILikeMatch
        | B::PGStartsWith
        | B::Glob
        | B::Is
        | B::IsNot
        | B::Overlaps => Ok(()),
        other => Err(forbidden(format!("operator {other}"))),
    }
}

fn check_data_type(t: &DataType) -> Result<(), Refusal> {
    use DataType as T;
    match t {
        T::Character(_)
        | T::Char(_)
        | T::CharacterVarying(_)
        | T::CharVarying(_)
        | T::Varchar(_)
        | T::Text
        | T::Numeric(_)
        | T::Decimal(_)
        | T::Dec(_)
        | T::Float(_)
        | T::SmallInt(_)
        | T::Int(_)
        | T::Int2(_)
        | T::Int4(_)
        | T::Int8(_)
        | T::Integer(_)
        | T::BigInt(_)
        | T::Real
        | T::Float4
        | T::Float8
        | T::Double(_)
        | T::DoublePrecision
        | T::Bool
        | T::Boolean
        | T::Date
        | T::Time(..)
        | T::Timestamp(..)
        | T::Interval { .. }
        | T::JSON
        | T::JSONB
        | T::Bytea
        | T::Blob(_) => Ok(()),
        other => Err(forbidden(format!("cast to type {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_follows_dialect_rules() {
        let w = |dialect| Walker {
            dialect,
            resolve: &|_| None,
            tables: Vec::new(),
            ctes: Vec::new(),
            depth: 0,
        };
        let quoted = Ident::with_quote('"', "AbC");
        let bare = Ident::new("AbC");
        assert_eq!(w(Dialect::Postgres).norm(&quoted), "AbC");
        assert_eq!(w(Dialect::Postgres).norm(&bare), "abc");
        assert_eq!(w(Dialect::Sqlite).norm(&quoted), "abc");
    }

    #[test]
    fn data_type_allowlist() {
        assert!(check_data_type(&DataType::Text).is_ok());
        assert!(check_data_type(&DataType::Regclass).is_err());
    }
}
