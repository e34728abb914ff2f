//! The `opengov` command line.

#![allow(
    clippy::doc_markdown,
    reason = "doc comments here are the --help text, shown without Markdown"
)]

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use opengov::demo;
use opengov_audit::{Actor, Event};
use opengov_kernel::config::LogFormat;
use opengov_kernel::{Config, Role, db_run};
use tokio::net::TcpListener;

/// opengov: an Open Government platform (open data, draft acts, appeals, budgets, evaluation).
#[derive(Parser, Debug)]
#[command(name = "opengov", version)]
struct Cli {
    /// Configuration file (default: <data dir>/opengov.toml, then ./opengov.toml, if present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory: SQLite database, files and search index [env: OPENGOV_DATA_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal over HTTP (SQLite by default; OPENGOV_DATABASE_URL=postgres://… for PostgreSQL).
    Serve(ServeArgs),
    /// Serve a demo portal filled with a Kazakhstan-like state, and print the demo sign-ins.
    Demo(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Run background job workers without the web server.
    Worker {
        /// Number of workers.
        #[arg(long, default_value_t = 2)]
        workers: usize,
    },
    /// Manage accounts and roles.
    #[command(subcommand)]
    User(UserCommand),
    /// Check or publish the audit chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The catalogue search index.
    #[command(subcommand)]
    Search(SearchCommand),
    /// Make a consistent copy of the SQLite database while the server runs.
    Backup {
        /// Where to write the copy (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum SearchCommand {
    /// Ask every running node to rebuild its search index from the database (each keeps
    /// answering from its current index until the new one is complete); a node started later
    /// builds its index at start anyway.
    Reindex,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080; env: OPENGOV_BIND].
    #[arg(long, value_name = "ADDR")]
    bind: Option<std::net::SocketAddr>,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a confirmed account (prints a generated password unless --password is given).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Password; when absent a random one is generated and printed.
        #[arg(long, env = "OPENGOV_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Roles to grant: `administrator`, `moderator`, or `ROLE@BODYCODE` (e.g. `responder@MF`).
        #[arg(long = "role", value_name = "ROLE[@BODY]")]
        roles: Vec<String>,
    },
    /// Grant a role: `administrator`, `moderator`, or a per-body role with --body.
    Grant(RoleArgs),
    /// Revoke a role.
    Revoke(RoleArgs),
}

#[derive(Args, Debug)]
struct RoleArgs {
    #[arg(long)]
    email: String,
    /// publisher, responder, head, supervisor, council_member, moderator, administrator.
    #[arg(long)]
    role: Role,
    /// The body's code, for per-body roles.
    #[arg(long, value_name = "CODE")]
    body: Option<String>,
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Recompute the whole chain; exit status 1 and the first broken entry if it fails.
    Verify {
        /// A checkpoint saved elsewhere, `SEQ:HASH`, that the log must still contain.
        #[arg(long, value_name = "SEQ:HASH")]
        expect: Option<String>,
    },
    /// Publish a checkpoint at the current head of the chain.
    Checkpoint,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("OPENGOV_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("opengov: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("opengov: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let demo_mode = matches!(cli.command, Command::Demo(_));
    let data_dir = cli.data_dir.clone().or_else(|| {
        (demo_mode && std::env::var_os("OPENGOV_DATA_DIR").is_none())
            .then(|| PathBuf::from("opengov-demo"))
    });
    let mut config = Config::load(cli.config.as_deref(), data_dir.as_deref())?;
    init_logging(config.log_format);
    match cli.command {
        Command::Serve(args) | Command::Demo(args) => {
            if let Some(bind) = args.bind {
                config.bind = bind;
            }
            if demo_mode {
                config.demo = true;
            }
            if config.public_url == Config::default().public_url {
                config.public_url = format!("http://{}", config.bind);
            }
            serve(config, demo_mode).await
        }
        Command::Migrate => {
            let state = opengov::build_state_clocked(config).await?;
            println!("database is up to date ({:?})", state.db.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::Worker { workers } => {
            let state = opengov::build_state_clocked(config).await?;
            let shutdown = opengov::server::shutdown_signal();
            let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
            let handles = opengov_jobs::spawn_workers(
                &state,
                &opengov::jobs::registry(),
                workers.max(1),
                &stop_rx,
            );
            tracing::info!(workers, "job workers running");
            shutdown.await;
            let _ = stop_tx.send(true);
            for h in handles {
                let _ = h.await;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User(cmd) => user(config, cmd).await,
        Command::Audit(cmd) => audit(config, cmd).await,
        Command::Search(SearchCommand::Reindex) => {
            let state = opengov::build_state_clocked(config).await?;
            opengov_opendata::search::request_reindex(&state.db, state.now()).await?;
            println!("reindex requested: every node rebuilds its index within a few seconds");
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { out } => backup(config, out).await,
    }
}

async fn serve(config: Config, demo_mode: bool) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let bind = config.bind;
    let data_dir = config.data_dir.clone();
    let state = opengov::build_state_clocked(config).await?;
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let shutdown = opengov::server::shutdown_signal();
    if demo_mode {
        let demo::Seeded {
            accounts,
            appeals,
            datasets,
            tables,
        } = demo::seed(&state).await?;
        println!(
            "opengov demo: http://{bind}/  (data in {})",
            data_dir.display()
        );
        println!(
            "Every demo account has the password: {}",
            demo::DEMO_PASSWORD
        );
        println!("Open Dialogue: {appeals} appeals over the last 12 months");
        println!("Open Data: {datasets} datasets");
        if tables > 0 {
            println!(
                "  {tables} data files are being loaded into the datastore in the background \
                 (the biggest has {} rows)",
                state.config.demo_table_rows
            );
        }
        for a in accounts
            .iter()
            .filter(|a| {
                !a.what.starts_with("head")
                    && !a.what.starts_with("publisher")
                    && !a.what.starts_with("responder")
            })
            .take(8)
        {
            println!("  {:<40} {}", a.email, a.what);
        }
        for a in accounts
            .iter()
            .filter(|a| {
                a.what.starts_with("head")
                    || a.what.starts_with("publisher")
                    || a.what.starts_with("responder")
            })
            .take(6)
        {
            println!("  {:<40} {}", a.email, a.what);
        }
        println!(
            "  … and head./responder./publisher.<body code>@{} for every body",
            demo::DEMO_DOMAIN
        );
    }
    tracing::info!(%bind, backend = ?state.db.backend(), ready_ms = started.elapsed().as_millis() as u64, "listening");
    opengov::server::serve(state, listener, shutdown).await?;
    Ok(ExitCode::SUCCESS)
}

fn parse_role(spec: &str) -> anyhow::Result<(Role, Option<String>)> {
    let (role, body) = match spec.split_once('@') {
        Some((r, b)) => (r, Some(b.to_owned())),
        None => (spec, None),
    };
    let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    Ok((role, body))
}

async fn body_id(
    state: &opengov_web::AppState,
    role: Role,
    code: Option<&str>,
) -> anyhow::Result<Option<i64>> {
    match (role.is_per_body(), code) {
        (true, None) => anyhow::bail!("the role {role} is held in a body: add --body CODE"),
        (false, Some(_)) => anyhow::bail!("the role {role} is platform-wide: leave out the body"),
        (false, None) => Ok(None),
        (true, Some(code)) => {
            let id: Option<i64> = db_run!(&state.db, |c| sqlx::query_scalar(
                "SELECT id FROM bodies WHERE code = $1"
            )
            .bind(code)
            .fetch_optional(c)
            .await)?;
            id.map(Some)
                .with_context(|| format!("no body has the code {code:?}"))
        }
    }
}

async fn user(config: Config, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let state = opengov::build_state_clocked(config).await?;
    let now = state.now();
    let actor = Actor {
        user_id: None,
        name: "command line".to_owned(),
    };
    match cmd {
        UserCommand::Create {
            email,
            name,
            password,
            roles,
        } => {
            if !opengov_accounts::validate::is_email(&email) {
                anyhow::bail!("{email:?} is not a valid email address");
            }
            if !opengov_accounts::validate::is_display_name(&name) {
                anyhow::bail!("the name must be 2 to 80 characters");
            }
            let generated = password.is_none();
            let password = password
                .unwrap_or_else(|| opengov_kernel::secret::random_token("")[..20].to_owned());
            if let Err(weak) = opengov_accounts::password::check(
                &password,
                state.config.accounts.password_min_length,
                &email,
                &name,
            ) {
                anyhow::bail!(
                    "password refused: {}",
                    state.catalog.t(opengov_kernel::Lang::En, weak.key())
                );
            }
            let mut grants = Vec::new();
            for spec in &roles {
                let (role, body) = parse_role(spec)?;
                grants.push((role, body_id(&state, role, body.as_deref()).await?));
            }
            let hash = opengov_accounts::password::hash(&state.config.accounts, &password)
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
            let mut tx = state.db.begin().await?;
            let Some(id) =
                opengov_accounts::store::insert_user(&mut tx, now, &email, &name, &hash, true)
                    .await?
            else {
                anyhow::bail!("an account with {email:?} already exists");
            };
            opengov_audit::append(
                &mut tx,
                now,
                &actor,
                Event::new("account.create", "user", id),
            )
            .await?;
            for (role, body) in grants {
                opengov_bodies::roles::grant(&mut tx, now, &actor, id, role, body)
                    .await
                    .map_err(|e| anyhow::anyhow!(e.to_string()))?;
            }
            tx.commit().await?;
            println!("created account {id} for {email}");
            if generated {
                println!("password: {password}");
            }
        }
        UserCommand::Grant(args) => {
            let (id, body) = role_target(&state, &args).await?;
            let mut tx = state.db.begin().await?;
            let changed = opengov_bodies::roles::grant(&mut tx, now, &actor, id, args.role, body)
                .await
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
            tx.commit().await?;
            println!("{}", if changed { "granted" } else { "already held" });
        }
        UserCommand::Revoke(args) => {
            let (id, body) = role_target(&state, &args).await?;
            let mut tx = state.db.begin().await?;
            let changed = opengov_bodies::roles::revoke(&mut tx, now, &actor, id, args.role, body)
                .await
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
            tx.commit().await?;
            println!("{}", if changed { "revoked" } else { "was not held" });
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn role_target(
    state: &opengov_web::AppState,
    args: &RoleArgs,
) -> anyhow::Result<(i64, Option<i64>)> {
    let key = opengov_accounts::validate::email_key(&args.email);
    let user = opengov_accounts::store::find_by_email(&state.db, &key)
        .await?
        .with_context(|| format!("no account has the email {:?}", args.email))?;
    Ok((
        user.id,
        body_id(state, args.role, args.body.as_deref()).await?,
    ))
}

async fn audit(config: Config, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    let state = opengov::build_state_clocked(config).await?;
    match cmd {
        AuditCommand::Verify { expect } => {
            let expect = match expect {
                Some(spec) => {
                    let (seq, hash) = spec.split_once(':').context("--expect takes SEQ:HASH")?;
                    Some((
                        seq.parse::<i64>().context("SEQ must be a number")?,
                        hash.to_owned(),
                    ))
                }
                None => None,
            };
            let report = opengov_audit::verify(&state.db, expect).await?;
            match &report.broken {
                None => {
                    println!(
                        "audit chain OK: {} entries, head {} {}, {} checkpoints",
                        report.entries, report.head_seq, report.head_hash, report.checkpoints
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, why)) => {
                    println!("audit chain BROKEN at entry {seq}: {why}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        AuditCommand::Checkpoint => {
            match opengov_audit::chain::checkpoint(&state.db, state.now()).await? {
                Some((seq, hash)) => println!("checkpoint {seq}:{hash}"),
                None => println!("the audit log is empty"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn backup(config: Config, out: PathBuf) -> anyhow::Result<ExitCode> {
    if config.database_url().is_some() {
        println!(
            "This node runs on PostgreSQL. Back it up with the PostgreSQL tools, for example:\n  \
             pg_dump --format=custom --file=opengov.dump \"$OPENGOV_DATABASE_URL\"\n\
             and restore with pg_restore. Uploaded files live in the configured file storage \
             (see docs/operations.md)."
        );
        return Ok(ExitCode::from(2));
    }
    if out.exists() {
        anyhow::bail!("{} already exists; choose a new file", out.display());
    }
    let state = opengov::build_state_clocked(config).await?;
    let target = out
        .to_str()
        .context("the backup path must be valid UTF-8")?
        .to_owned();
    if let opengov_kernel::Db::Sqlite(pool) = &state.db {
        // VACUUM INTO writes a consistent snapshot while readers and writers go on.
        sqlx::query("VACUUM INTO $1")
            .bind(&target)
            .execute(pool)
            .await?;
    }
    println!(
        "backup written to {} (files are in {})",
        out.display(),
        state.config.data_dir.join("files").display()
    );
    Ok(ExitCode::SUCCESS)
}
