//! The demo: a Kazakhstan-like state with bodies, officials, citizens, a moderator, an
//! administrator and a year of appeals. Seeding is idempotent: an existing demo data directory
//! is reused as is.

use opengov_audit::Actor;
use opengov_kernel::{Role, db_run};
use opengov_web::AppState;

/// The password of every demo account (printed at start).
pub const DEMO_PASSWORD: &str = "demo-opengov-2026";
pub const DEMO_DOMAIN: &str = "demo.opengov.kz";

/// First names with whether they are women's names (surnames agree in gender).
const FIRST_NAMES: [(&str, bool); 16] = [
    ("Айгерім", true),
    ("Нұрлан", false),
    ("Әлия", true),
    ("Ерлан", false),
    ("Гүлнар", true),
    ("Дәурен", false),
    ("Жанар", true),
    ("Асқар", false),
    ("Мәдина", true),
    ("Бауыржан", false),
    ("Сәуле", true),
    ("Қайрат", false),
    ("Динара", true),
    ("Серік", false),
    ("Аружан", true),
    ("Тимур", false),
];
/// Surname stems: (men's form, women's form).
const LAST_NAMES: [(&str, &str); 12] = [
    ("Сейітов", "Сейітова"),
    ("Омаров", "Омарова"),
    ("Жұмабаев", "Жұмабаева"),
    ("Тоқаев", "Тоқаева"),
    ("Әбенов", "Әбенова"),
    ("Қасымов", "Қасымова"),
    ("Смағұлов", "Смағұлова"),
    ("Ермеков", "Ермекова"),
    ("Иманов", "Иманова"),
    ("Садықов", "Садықова"),
    ("Мұратов", "Мұратова"),
    ("Ахметов", "Ахметова"),
];

fn person(i: usize) -> String {
    let (first, woman) = FIRST_NAMES[i % FIRST_NAMES.len()];
    let (man_form, woman_form) = LAST_NAMES[(i * 7 + 3) % LAST_NAMES.len()];
    format!("{first} {}", if woman { woman_form } else { man_form })
}

/// An account to create: email, name, roles, and what it is (for the start-up message).
type Planned = (String, String, Vec<(Role, Option<i64>)>, String);

/// A seeded account, for the start-up message.
#[derive(Debug, Clone)]
pub struct SeededAccount {
    pub email: String,
    pub what: String,
}

/// Citizens beyond the eight named ones, so that a year of appeals is spread over many people.
const MORE_CITIZENS: usize = 72;

/// What the demo holds, for the start-up message.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub accounts: Vec<SeededAccount>,
    /// Appeals in Open Dialogue.
    pub appeals: usize,
    /// Datasets in the open-data catalogue.
    pub datasets: usize,
    /// Data files attached to them this time (each loaded into the datastore by a job).
    pub tables: usize,
}

/// Fills an empty database with the demo state; returns what to print.
pub async fn seed(state: &AppState) -> anyhow::Result<Seeded> {
    let now = state.now();
    let admin_email = format!("admin@{DEMO_DOMAIN}");
    let bodies = opengov_bodies::demo::seed(&state.db, now).await?;
    let already: Option<i64> = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key = $1"
    )
    .bind(&admin_email)
    .fetch_optional(c)
    .await)?;
    let mut plan: Vec<Planned> = vec![
        (
            admin_email,
            "Администратор Платформасы".to_owned(),
            vec![(Role::Administrator, None)],
            "administrator".to_owned(),
        ),
        (
            format!("moderator@{DEMO_DOMAIN}"),
            "Модератор Сәуле".to_owned(),
            vec![(Role::Moderator, None)],
            "moderator".to_owned(),
        ),
        (
            format!("citizen@{DEMO_DOMAIN}"),
            "Айгерім Сейітова".to_owned(),
            Vec::new(),
            "citizen".to_owned(),
        ),
    ];
    for i in 0..8 + MORE_CITIZENS {
        plan.push((
            format!("citizen{}@{DEMO_DOMAIN}", i + 1),
            person(i + 20),
            Vec::new(),
            "citizen".to_owned(),
        ));
    }
    for (i, (code, body_id)) in bodies.iter().enumerate() {
        let slug = code.to_lowercase().replace('_', "-");
        plan.push((
            format!("head.{slug}@{DEMO_DOMAIN}"),
            person(i * 3),
            vec![(Role::Head, Some(*body_id))],
            format!("head, {code}"),
        ));
        plan.push((
            format!("responder.{slug}@{DEMO_DOMAIN}"),
            person(i * 3 + 1),
            vec![(Role::Responder, Some(*body_id))],
            format!("responder, {code}"),
        ));
        plan.push((
            format!("publisher.{slug}@{DEMO_DOMAIN}"),
            person(i * 3 + 2),
            vec![(Role::Publisher, Some(*body_id))],
            format!("publisher, {code}"),
        ));
    }
    if let Some((code, root)) = bodies.first() {
        plan.push((
            format!("supervisor@{DEMO_DOMAIN}"),
            person(40),
            vec![(Role::Supervisor, Some(*root))],
            format!("supervisor, {code}"),
        ));
    }
    if let Some((code, body)) = bodies.get(1) {
        plan.push((
            format!("council@{DEMO_DOMAIN}"),
            person(41),
            vec![(Role::CouncilMember, Some(*body))],
            format!("council member, {code}"),
        ));
    }
    let accounts: Vec<SeededAccount> = plan
        .iter()
        .map(|(email, _, _, what)| SeededAccount {
            email: email.clone(),
            what: what.clone(),
        })
        .collect();
    if already.is_none() {
        create_accounts(state, now, &plan).await?;
    }
    let appeals = opengov_dialogue::demo::seed(state, now.0)
        .await
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    let datasets = opengov_opendata::demo::seed(state, now.0).await?;
    let tables =
        opengov_opendata::demo_tables::seed(state, now, state.config.demo_table_rows).await?;
    Ok(Seeded {
        accounts,
        appeals,
        datasets,
        tables,
    })
}

async fn create_accounts(
    state: &AppState,
    now: opengov_kernel::Ts,
    plan: &[Planned],
) -> anyhow::Result<()> {
    // One hash for every demo account: hashing is deliberately slow.
    let hash = opengov_accounts::password::hash(&state.config.accounts, DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let mut tx = state.db.begin().await?;
    let system = Actor::system();
    for (email, name, roles, _) in plan {
        let Some(user_id) =
            opengov_accounts::store::insert_user(&mut tx, now, email, name, &hash, true).await?
        else {
            continue;
        };
        opengov_audit::append(
            &mut tx,
            now,
            &system,
            opengov_audit::Event::new("account.create", "user", user_id),
        )
        .await?;
        for (role, body) in roles {
            opengov_bodies::roles::grant(&mut tx, now, &system, user_id, *role, *body)
                .await
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        }
    }
    tx.commit().await?;
    Ok(())
}
