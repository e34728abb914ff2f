//! Demonstration appeals: a year of Open Dialogue across the demo bodies, produced by the same
//! duty engine the live workflow uses, so every deadline, extension, redirect and answer is
//! what the workflow would have recorded. Reproducible (a seeded generator), idempotent (an
//! existing set of appeals is kept), and quick: a few transactions, no notifications, no audit
//! entries (demo data is set up by the system, like the demo bodies).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use opengov_bodies::BodyKind;
use opengov_bodies::demo::DEMO_BODIES;
use opengov_duty::{Kind, Obligation, Outcome, Rules};
use opengov_kernel::{Lang, LocalizedText, Ts, Tx, WorkCalendar, db_run};
use opengov_web::AppState;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::domain::{Status, registration_number};
use crate::store::{self, Visibility};
use crate::workflow::WorkflowError;

/// How many appeals the demo files (complaints about answers come on top).
pub const APPEALS: usize = 2_150;
/// The demo accounts' e-mail domain (see `opengov demo`).
pub const DEMO_DOMAIN: &str = "demo.opengov.kz";
const SEED: u64 = 0x0DE3_0A77_EA15;
/// Appeals written per transaction.
const BATCH: usize = 400;

/// A demo body as the generator sees it.
struct BodyInfo {
    id: i64,
    code: &'static str,
    parent: Option<usize>,
    children: Vec<usize>,
    heads: Vec<i64>,
    responders: Vec<i64>,
    /// `(category id, code, name)`.
    categories: Vec<(i64, &'static str, [&'static str; 3])>,
    city: Option<usize>,
    weight: u32,
}

impl BodyInfo {
    fn staffed(&self) -> bool {
        !self.heads.is_empty() || !self.responders.is_empty()
    }

    fn responder(&self, rng: &mut StdRng) -> i64 {
        self.responders
            .choose(rng)
            .or_else(|| self.heads.choose(rng))
            .copied()
            .unwrap_or(0)
    }

    fn head(&self, rng: &mut StdRng) -> i64 {
        self.heads
            .choose(rng)
            .or_else(|| self.responders.choose(rng))
            .copied()
            .unwrap_or(0)
    }
}

/// One step after registration, at a past moment.
#[derive(Debug, Clone)]
enum Step {
    Assign {
        at: DateTime<Utc>,
        user: i64,
    },
    Start {
        at: DateTime<Utc>,
        user: i64,
    },
    Redirect {
        at: DateTime<Utc>,
        by: i64,
        to: usize,
        reason: &'static str,
    },
    Extend {
        at: DateTime<Utc>,
        by: i64,
        until: NaiveDate,
        reason: &'static str,
    },
    Answer {
        at: DateTime<Utc>,
        by: i64,
        outcome: Outcome,
        text: String,
        how: &'static str,
    },
    Withdraw {
        at: DateTime<Utc>,
    },
    Rate {
        at: DateTime<Utc>,
        rating: i64,
        comment: &'static str,
    },
}

/// An appeal to write.
struct Plan {
    body: usize,
    applicant: i64,
    lang: Lang,
    kind: Kind,
    category: Option<i64>,
    subject: String,
    text: String,
    address: String,
    location: Option<(f64, f64)>,
    public: bool,
    received: DateTime<Utc>,
    /// The plan whose answer this complains about.
    parent: Option<usize>,
    steps: Vec<Step>,
}

/// An appeal as written: what a complaint about it needs.
#[derive(Clone)]
struct Written {
    id: i64,
    number: String,
    body_id: i64,
    obligation_id: i64,
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Kk => 0,
        Lang::Ru => 1,
        Lang::En => 2,
    }
}

/// `minute` minutes after local midnight of `date`, in UTC.
fn local_at(cal: &WorkCalendar, date: NaiveDate, minute: i64) -> DateTime<Utc> {
    let midnight = cal.end_of_day(date.pred_opt().unwrap_or(date)) + Duration::microseconds(1);
    midnight + Duration::minutes(minute)
}

/// A moment in office hours on `date`, and after `after`.
fn office_time(
    rng: &mut StdRng,
    cal: &WorkCalendar,
    date: NaiveDate,
    after: DateTime<Utc>,
) -> DateTime<Utc> {
    let at = local_at(cal, date, rng.gen_range(9 * 60..18 * 60 + 30));
    if at > after {
        at
    } else {
        after + Duration::minutes(rng.gen_range(15..180))
    }
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn group_thousands(n: i64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The first sentence of a text: an anonymised public summary (the texts name no one).
fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

/// Fills an appeal template's placeholders.
fn fill(s: &str, rng_vars: &Vars, lang: Lang, cat: &str) -> String {
    let l = lang_index(lang);
    let sep = if lang == Lang::En { "," } else { " " };
    s.replace("{street}", STREETS[rng_vars.street][l])
        .replace("{n}", &rng_vars.n.to_string())
        .replace("{amount}", &group_thousands(rng_vars.amount, sep))
        .replace("{year}", &rng_vars.year.to_string())
        .replace("{byear}", &rng_vars.byear.to_string())
        .replace("{days}", &rng_vars.days.to_string())
        .replace("{cat}", cat)
}

/// The small variations of one appeal.
struct Vars {
    street: usize,
    n: u32,
    amount: i64,
    year: i32,
    byear: i32,
    days: u32,
}

impl Vars {
    fn new(rng: &mut StdRng) -> Self {
        Self {
            street: rng.gen_range(0..STREETS.len()),
            n: rng.gen_range(2..=96),
            amount: rng.gen_range(16..=900) * 500,
            year: rng.gen_range(2012..=2022),
            byear: rng.gen_range(2021..=2024),
            days: rng.gen_range(7..=35),
        }
    }
}

fn pick_lang(rng: &mut StdRng) -> Lang {
    match rng.gen_range(0..10) {
        0..=4 => Lang::Kk,
        5..=8 => Lang::Ru,
        _ => Lang::En,
    }
}

fn pick_outcome(rng: &mut StdRng, kind: Kind) -> Outcome {
    let r = rng.gen_range(0..100);
    let satisfied = if matches!(kind, Kind::Feedback | Kind::InformationRequest) {
        75
    } else {
        52
    };
    if r < satisfied {
        Outcome::Satisfied
    } else if r < satisfied + (100 - satisfied) / 2 {
        Outcome::PartlySatisfied
    } else {
        Outcome::Refused
    }
}

/// Everything the generator needs from the database, read once.
struct World {
    bodies: Vec<BodyInfo>,
    citizens: Vec<i64>,
    names: HashMap<i64, String>,
}

async fn load_world(state: &AppState) -> Result<World, WorkflowError> {
    let rows: Vec<(i64, String)> = db_run!(&state.db, |c| sqlx::query_as(
        "SELECT id, code FROM bodies ORDER BY id LIMIT 10000"
    )
    .fetch_all(c)
    .await)?;
    let ids: HashMap<String, i64> = rows.into_iter().map(|(id, code)| (code, id)).collect();
    let mut bodies: Vec<BodyInfo> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for demo in DEMO_BODIES {
        let Some(id) = ids.get(demo.code) else {
            continue;
        };
        let parent = demo.parent_code.and_then(|p| index.get(p).copied());
        let weight = match demo.kind {
            BodyKind::City => 10,
            BodyKind::District => 6,
            BodyKind::Region => 5,
            BodyKind::Ministry => 4,
            BodyKind::Committee => 3,
            BodyKind::Government | BodyKind::Agency => 2,
            BodyKind::RuralDistrict => 1,
        };
        index.insert(demo.code, bodies.len());
        if let Some(p) = parent {
            let me = bodies.len();
            if let Some(pb) = bodies.get_mut(p) {
                pb.children.push(me);
            }
        }
        bodies.push(BodyInfo {
            id: *id,
            code: demo.code,
            parent,
            children: Vec::new(),
            heads: Vec::new(),
            responders: Vec::new(),
            categories: Vec::new(),
            city: city_of(demo.code, demo.kind),
            weight,
        });
    }
    let officials: Vec<(i64, String, i64, String)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT r.body_id, r.role, u.id, u.display_name FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.body_id IS NOT NULL AND r.role IN ('head', 'responder') AND u.disabled_at IS NULL \
         ORDER BY u.id LIMIT 100000"
    )
    .fetch_all(c)
    .await
    })?;
    let by_id: HashMap<i64, usize> = bodies.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    let mut names = HashMap::new();
    for (body_id, role, user, name) in officials {
        names.insert(user, name);
        if let Some(b) = by_id.get(&body_id).and_then(|i| bodies.get_mut(*i)) {
            if role == "head" {
                b.heads.push(user);
            } else {
                b.responders.push(user);
            }
        }
    }
    let citizens: Vec<i64> = db_run!(&state.db, |c| {
        sqlx::query_scalar(
        "SELECT id FROM users WHERE email_key LIKE $1 AND disabled_at IS NULL ORDER BY id LIMIT 10000"
    )
    .bind(format!("citizen%@{DEMO_DOMAIN}"))
    .fetch_all(c)
    .await
    })?;
    Ok(World {
        bodies,
        citizens,
        names,
    })
}

/// Fills the demo bodies with a year of appeals (relative to `now`) and returns how many
/// appeals there are. Does nothing when appeals exist already.
pub async fn seed(state: &AppState, now: DateTime<Utc>) -> Result<usize, WorkflowError> {
    let existing: i64 = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM appeals"
    )
    .fetch_one(c)
    .await)?;
    if existing > 0 {
        return Ok(usize::try_from(existing).unwrap_or(0));
    }
    let mut world = load_world(state).await?;
    if world.citizens.is_empty() || !world.bodies.iter().any(BodyInfo::staffed) {
        return Ok(0);
    }
    let cal = opengov_duty::calendar::current(state).await?;
    let cal = &cal.calendar;
    let rules = &state.config.duty;

    // Categories and the workspace's answer templates, in one transaction.
    let mut tx = state.db.begin().await?;
    for demo in DEMO_BODIES {
        let Some(b) = world.bodies.iter_mut().find(|b| b.code == demo.code) else {
            continue;
        };
        for code in categories_for(demo.code, demo.kind) {
            let Some((_, name)) = CATEGORIES.iter().find(|(c, _)| c == code) else {
                continue;
            };
            let text = LocalizedText::new(name[0], name[1], name[2]);
            let id = store::upsert_category(&mut tx, b.id, code, &text).await?;
            b.categories.push((id, code, *name));
        }
    }
    for (code, title, text) in WORKSPACE_TEMPLATES {
        if let Some(b) = world.bodies.iter().find(|b| b.code == *code)
            && let Some(by) = b.heads.first().or(b.responders.first())
        {
            store::add_template(&mut tx, b.id, title, text, *by, Ts::from(now)).await?;
        }
    }
    tx.commit().await?;

    let mut rng = StdRng::seed_from_u64(SEED);
    let plans = plan_all(&mut rng, &world, cal, rules, now);
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|i| plans[*i].received);
    let mut written: Vec<Option<Written>> = vec![None; plans.len()];
    for chunk in order.chunks(BATCH) {
        let mut tx = state.db.begin().await?;
        for &i in chunk {
            let w = write(&mut tx, state, &world, cal, &plans, &written, i).await?;
            written[i] = Some(w);
        }
        tx.commit().await?;
    }
    Ok(written.iter().flatten().count())
}

/// Decides every appeal and what happened to it, without touching the database.
fn plan_all(
    rng: &mut StdRng,
    world: &World,
    cal: &WorkCalendar,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Vec<Plan> {
    let bodies = &world.bodies;
    let weights: Vec<u32> = bodies
        .iter()
        .map(|b| if b.staffed() { b.weight } else { 0 })
        .collect();
    let total: u32 = weights.iter().sum();
    let today = cal.local_date(now);
    let mut plans: Vec<Plan> = Vec::with_capacity(APPEALS + APPEALS / 10);
    for _ in 0..APPEALS {
        // The body, by weight.
        let mut pick = rng.gen_range(0..total.max(1));
        let mut body = 0;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                body = i;
                break;
            }
            pick -= w;
        }
        let b = &bodies[body];
        let lang = pick_lang(rng);
        let l = lang_index(lang);
        let category = if rng.gen_bool(0.92) {
            b.categories.choose(rng).copied()
        } else {
            None
        };
        let template = match category {
            Some((_, code, _)) => {
                let fitting: Vec<&AppealText> = APPEAL_TEXTS
                    .iter()
                    .filter(|t| t.cats.contains(&code))
                    .collect();
                if fitting.is_empty() || rng.gen_bool(0.12) {
                    let generic: Vec<&AppealText> =
                        APPEAL_TEXTS.iter().filter(|t| t.cats.is_empty()).collect();
                    generic.choose(rng).copied()
                } else {
                    fitting.choose(rng).copied()
                }
            }
            None => ANY_TEXTS.choose(rng),
        };
        let Some(template) = template else { continue };
        let cat_name = category.map_or("", |(_, _, name)| name[l]);
        let vars = Vars::new(rng);
        let [subject, text] = template.get(lang);
        let subject = fill(subject, &vars, lang, cat_name);
        let text = fill(text, &vars, lang, cat_name);
        let (address, location) = match b.city {
            Some(city) if text.contains(STREETS[vars.street][l]) && rng.gen_bool(0.6) => {
                let (names, (lat, lon)) = CITIES[city];
                let street = STREETS[vars.street][l];
                let address = match lang {
                    Lang::Kk => format!("{}, {street}, {}-үй", names[l], vars.n),
                    Lang::Ru => format!("{}, {street}, д. {}", names[l], vars.n),
                    Lang::En => format!("{} {street}, {}", vars.n, names[l]),
                };
                let location = rng.gen_bool(0.8).then(|| {
                    (
                        lat + rng.gen_range(-0.04..0.04),
                        lon + rng.gen_range(-0.06..0.06),
                    )
                });
                (address, location)
            }
            _ => (String::new(), None),
        };
        // Received: any day of the last year, mostly in office hours.
        let back = rng.gen_range(0..365);
        let date = today - chrono::Days::new(back);
        let minute = if rng.gen_bool(0.75) {
            rng.gen_range(8 * 60 + 30..19 * 60)
        } else {
            rng.gen_range(0..24 * 60)
        };
        let mut received = local_at(cal, date, minute);
        if received > now - Duration::minutes(20) {
            received = now - Duration::minutes(rng.gen_range(20..600));
        }
        let applicant = *world.citizens.choose(rng).unwrap_or(&0);
        let kind = template.kind;
        let steps = life(
            rng, bodies, body, cal, rules, now, kind, lang, received, true,
        );
        plans.push(Plan {
            body,
            applicant,
            lang,
            kind,
            category: category.map(|c| c.0),
            subject,
            text,
            address,
            location,
            public: rng.gen_bool(0.3),
            received,
            parent: None,
            steps,
        });
    }
    // Complaints about answers, at the superior body, with their own clock.
    let parents = plans.len();
    for p in 0..parents {
        let plan = &plans[p];
        let mut answered: Option<(DateTime<Utc>, Outcome, usize)> = None;
        let mut last = plan.received;
        let mut owner = plan.body;
        for s in &plan.steps {
            match s {
                Step::Redirect { to, .. } => owner = *to,
                Step::Answer { at, outcome, .. } => {
                    answered = Some((*at, *outcome, owner));
                    last = *at;
                }
                Step::Rate { at, .. } => last = *at,
                _ => {}
            }
        }
        let Some((_, outcome, owner)) = answered else {
            continue;
        };
        let chance = match outcome {
            Outcome::Refused => 0.25,
            Outcome::PartlySatisfied => 0.12,
            Outcome::Satisfied => 0.01,
        };
        if !rng.gen_bool(chance) {
            continue;
        }
        let at = last + Duration::minutes(rng.gen_range(6 * 60..25 * 24 * 60));
        if at > now - Duration::minutes(30) {
            continue;
        }
        let superior = bodies[owner].parent.unwrap_or(owner);
        let lang = plan.lang;
        let l = lang_index(lang);
        // The subject names the parent's number, known once it is written.
        let subject = String::new();
        let text = (*COMPLAINT_TEXTS[l].choose(rng).unwrap_or(&"")).to_owned();
        let applicant = plan.applicant;
        let steps = life(
            rng,
            bodies,
            superior,
            cal,
            rules,
            now,
            Kind::ComplaintAboutAnswer,
            lang,
            at,
            false,
        );
        plans.push(Plan {
            body: superior,
            applicant,
            lang,
            kind: Kind::ComplaintAboutAnswer,
            category: None,
            subject,
            text,
            address: String::new(),
            location: None,
            public: false,
            received: at,
            parent: Some(p),
            steps,
        });
    }
    plans
}

/// What happens to an appeal after registration, up to `now`. `full`: it may also be
/// redirected, extended or withdrawn (not so for complaints about answers).
fn life(
    rng: &mut StdRng,
    bodies: &[BodyInfo],
    body: usize,
    cal: &WorkCalendar,
    rules: &Rules,
    now: DateTime<Utc>,
    kind: Kind,
    lang: Lang,
    received: DateTime<Utc>,
    full: bool,
) -> Vec<Step> {
    let l = lang_index(lang);
    let mut steps = Vec::new();
    let mut ob = Obligation::register(cal, rules, bodies[body].id, kind, received);
    let mut owner = body;
    let mut last = received;
    // Forwarded to the competent body: mostly within the legal three working days.
    if full && rng.gen_bool(0.06) {
        let targets: Vec<usize> = bodies[body]
            .children
            .iter()
            .copied()
            .chain(bodies[body].parent)
            .filter(|t| bodies[*t].staffed())
            .collect();
        if let Some(&to) = targets.choose(rng) {
            let k = if rng.gen_bool(0.85) {
                rng.gen_range(1..=3)
            } else {
                rng.gen_range(4..=6)
            };
            let date = cal.add_working_days(ob.registered_on, k);
            let at = office_time(rng, cal, date, last);
            if at >= now {
                return steps;
            }
            let by = bodies[body].responder(rng);
            if let Ok((forwarded, _, _)) = ob.redirect(cal, rules, at, bodies[to].id) {
                let reason = REDIRECT_REASONS[l][rng.gen_range(0..3)];
                steps.push(Step::Redirect { at, by, to, reason });
                ob = forwarded;
                owner = to;
                last = at;
            }
        }
    }
    let fate = rng.gen_range(0..1000);
    // Withdrawn by the applicant (3%).
    let withdraw_at = (full && fate < 30)
        .then(|| last + Duration::minutes(rng.gen_range(60..8 * 24 * 60)))
        .filter(|at| *at < now);
    // Assigned within a working day or so.
    let b = &bodies[owner];
    let assign_date = cal.add_working_days(ob.registered_on, rng.gen_range(0..=1));
    let assign_at = office_time(rng, cal, assign_date, last);
    let stuck_registered = (30..45).contains(&fate);
    if assign_at >= now || stuck_registered || withdraw_at.is_some_and(|w| w < assign_at) {
        if let Some(at) = withdraw_at {
            steps.push(Step::Withdraw { at });
        }
        return steps;
    }
    let user = b.responder(rng);
    steps.push(Step::Assign {
        at: assign_at,
        user,
    });
    last = assign_at;
    let start_date = cal.add_working_days(cal.local_date(assign_at), rng.gen_range(0..=2));
    let start_at = office_time(rng, cal, start_date, last);
    let stuck_assigned = (45..60).contains(&fate);
    if start_at >= now || stuck_assigned || withdraw_at.is_some_and(|w| w < start_at) {
        if let Some(at) = withdraw_at {
            steps.push(Step::Withdraw { at });
        }
        return steps;
    }
    steps.push(Step::Start { at: start_at, user });
    last = start_at;
    if let Some(at) = withdraw_at {
        steps.push(Step::Withdraw { at });
        return steps;
    }
    // The head's reasoned extension (7%).
    if full && rng.gen_bool(0.07) {
        let decided_on = cal.add_working_days(ob.registered_on, rng.gen_range(6..=12));
        let at = office_time(rng, cal, decided_on.min(ob.due_on), last);
        if at < now && cal.local_date(at) <= ob.due_on {
            let cap = ob.extension_cap(cal, rules);
            let until = cal
                .add_working_days(ob.due_on, rng.gen_range(5..=20))
                .min(cap);
            let by = b.head(rng);
            let reason = EXTENSION_REASONS[l][rng.gen_range(0..4)];
            if ob.extend(cal, rules, at, by, until, reason).is_ok() {
                steps.push(Step::Extend {
                    at,
                    by,
                    until,
                    reason,
                });
                last = at;
            }
        }
    }
    // Never answered (stuck in progress, overdue once the deadline passes): 4%.
    if (60..100).contains(&fate) {
        return steps;
    }
    let late = (100..190).contains(&fate);
    let answer_on = if late {
        cal.add_working_days(ob.due_on, rng.gen_range(1..=12))
    } else {
        let span = cal.working_days_between(ob.registered_on, ob.due_on).max(1);
        let k = rng.gen_range(1..=span).min(rng.gen_range(1..=span));
        cal.add_working_days(ob.registered_on, u32::try_from(k).unwrap_or(1))
            .min(ob.due_on)
            .max(cal.local_date(last))
    };
    let at = office_time(rng, cal, answer_on, last);
    if at >= now {
        return steps;
    }
    let outcome = pick_outcome(rng, kind);
    let texts = match outcome {
        Outcome::Satisfied => &SATISFIED[l],
        Outcome::PartlySatisfied => &PARTLY[l],
        Outcome::Refused => &REFUSED[l],
    };
    let promised = cal.add_working_days(cal.local_date(at), rng.gen_range(10..=40));
    let text = texts[rng.gen_range(0..texts.len())]
        .replace("{date}", &promised.format("%d.%m.%Y").to_string());
    let how = if outcome == Outcome::Satisfied {
        ""
    } else {
        HOW_TO_APPEAL[l][rng.gen_range(0..3)]
    };
    steps.push(Step::Answer {
        at,
        by: user,
        outcome,
        text,
        how,
    });
    // The applicant rates the answer (45%).
    if rng.gen_bool(0.45) {
        let rated = at + Duration::minutes(rng.gen_range(30..10 * 24 * 60));
        if rated < now {
            let choices: &[i64] = match outcome {
                Outcome::Satisfied => &[5, 5, 5, 4, 4, 3],
                Outcome::PartlySatisfied => &[4, 3, 3, 2],
                Outcome::Refused => &[3, 2, 1, 1, 1],
            };
            let mut rating = *choices.choose(rng).unwrap_or(&3);
            if late {
                rating = (rating - 1).max(1);
            }
            let band = match rating {
                4 | 5 => 0,
                3 => 1,
                _ => 2,
            };
            let comment = if rng.gen_bool(0.55) {
                RATING_COMMENTS[l][band][rng.gen_range(0..3)]
            } else {
                ""
            };
            steps.push(Step::Rate {
                at: rated,
                rating,
                comment,
            });
        }
    }
    steps
}

/// Writes one appeal and its whole timeline through the store functions, replaying each step
/// on the obligation exactly as the workflow does.
async fn write(
    tx: &mut Tx,
    state: &AppState,
    world: &World,
    cal: &WorkCalendar,
    plans: &[Plan],
    written: &[Option<Written>],
    i: usize,
) -> Result<Written, WorkflowError> {
    let rules = &state.config.duty;
    let plan = &plans[i];
    let bodies = &world.bodies;
    let body = &bodies[plan.body];
    let received = Ts::from(plan.received);
    let mut ob = Obligation::register(cal, rules, body.id, plan.kind, received.0);
    let local = cal.local_date(received.0);
    let seq = store::next_number(tx, body.id, local.year()).await?;
    let number = registration_number(body.code, local.year(), seq);
    let parent = plan.parent.and_then(|p| written[p].clone());
    let parent_number = parent.as_ref().map(|p| p.number.clone());
    let subject = match &parent_number {
        Some(n) => state
            .catalog
            .t_args(plan.lang, "appeal-complaint-subject", &[("number", n)])
            .chars()
            .take(crate::domain::SUBJECT_MAX)
            .collect(),
        None => plan.subject.clone(),
    };
    let mut ob_id = opengov_duty::store::insert(
        tx,
        cal,
        received,
        &ob,
        &opengov_duty::store::Subject {
            kind: "appeal".into(),
            id: number.clone(),
        },
        parent.as_ref().map(|p| p.obligation_id),
    )
    .await?;
    let month = format!("{:04}-{:02}", local.year(), local.month());
    let due_on = day_text(ob.due_on);
    let summary = if plan.public {
        first_sentence(&plan.text)
    } else {
        String::new()
    };
    let id = store::insert(
        tx,
        &store::NewAppeal {
            number: &number,
            body_id: body.id,
            applicant_id: plan.applicant,
            kind: plan.kind.code(),
            category_id: plan.category,
            lang: plan.lang.code(),
            subject: &subject,
            text: &plan.text,
            address: &plan.address,
            location: plan.location,
            public_allowed: plan.public,
            public_summary: &summary,
            obligation_id: ob_id,
            received_at: received,
            received_month: &month,
            due_on: &due_on,
            due_at: Ts::from(ob.due_at(cal)),
            parent_id: parent.as_ref().map(|p| p.id),
        },
    )
    .await?;
    store::add_event(
        tx,
        id,
        received,
        Some(plan.applicant),
        body.id,
        "registered",
        Visibility::Public,
        "",
        &json!({ "registered_on": day_text(ob.registered_on), "due_on": due_on,
                 "parent": parent_number }),
    )
    .await?;
    if let Some(p) = &parent {
        store::add_event(
            tx,
            p.id,
            received,
            Some(plan.applicant),
            p.body_id,
            "complained",
            Visibility::Public,
            "",
            &json!({ "complaint": number }),
        )
        .await?;
    }
    let mut body_id = body.id;
    let mut due = ob.due_on;
    for step in &plan.steps {
        match step {
            Step::Assign { at, user } => {
                let at = Ts::from(*at);
                let name = world.names.get(user).cloned().unwrap_or_default();
                store::set_assignee(tx, id, Some(*user), at).await?;
                store::set_status(tx, id, Status::Assigned, at).await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(*user),
                    body_id,
                    "assigned",
                    Visibility::Applicant,
                    "",
                    &json!({ "assignee": name }),
                )
                .await?;
            }
            Step::Start { at, user } => {
                let at = Ts::from(*at);
                store::set_status(tx, id, Status::InProgress, at).await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(*user),
                    body_id,
                    "in_progress",
                    Visibility::Applicant,
                    "",
                    &json!({}),
                )
                .await?;
            }
            Step::Redirect { at, by, to, reason } => {
                let at = Ts::from(*at);
                let to_id = bodies[*to].id;
                let (forwarded, notify_by, on_time) = ob.redirect(cal, rules, at.0, to_id)?;
                opengov_duty::store::save(tx, cal, ob_id, &ob).await?;
                let new_id = opengov_duty::store::insert(
                    tx,
                    cal,
                    at,
                    &forwarded,
                    &opengov_duty::store::Subject {
                        kind: "appeal".into(),
                        id: number.clone(),
                    },
                    Some(ob_id),
                )
                .await?;
                let due_on = day_text(forwarded.due_on);
                store::set_deadline(
                    tx,
                    id,
                    to_id,
                    new_id,
                    &due_on,
                    Ts::from(forwarded.due_at(cal)),
                    at,
                )
                .await?;
                store::set_assignee(tx, id, None, at).await?;
                store::set_status(tx, id, Status::Registered, at).await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(*by),
                    body_id,
                    "redirected",
                    Visibility::Public,
                    reason,
                    &json!({ "from_body": body_id, "to_body": to_id, "due_on": due_on,
                             "forwarded_on_time": on_time, "notify_by": day_text(notify_by) }),
                )
                .await?;
                ob = forwarded;
                ob_id = new_id;
                body_id = to_id;
                due = ob.due_on;
            }
            Step::Extend {
                at,
                by,
                until,
                reason,
            } => {
                let at = Ts::from(*at);
                let notify_by = ob.extend(cal, rules, at.0, *by, *until, reason)?;
                opengov_duty::store::save(tx, cal, ob_id, &ob).await?;
                let due_on = day_text(ob.due_on);
                store::set_deadline(
                    tx,
                    id,
                    body_id,
                    ob_id,
                    &due_on,
                    Ts::from(ob.due_at(cal)),
                    at,
                )
                .await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(*by),
                    body_id,
                    "extended",
                    Visibility::Public,
                    reason,
                    &json!({ "from": day_text(due), "until": due_on, "notify_by": day_text(notify_by) }),
                )
                .await?;
                due = ob.due_on;
            }
            Step::Answer {
                at,
                by,
                outcome,
                text,
                how,
            } => {
                let at = Ts::from(*at);
                ob.answer(at.0, *outcome)?;
                let facts = ob.facts(cal, at.0);
                opengov_duty::store::save(tx, cal, ob_id, &ob).await?;
                let text = text.replace("{number}", &number);
                store::set_answer(
                    tx,
                    id,
                    &store::AnswerRow {
                        text: &text,
                        outcome: outcome.code(),
                        how_to_appeal: how,
                        by: *by,
                        on_time: facts.answered_on_time.unwrap_or(false),
                        working_days: facts.working_days_to_answer.unwrap_or(0),
                    },
                    at,
                )
                .await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(*by),
                    body_id,
                    "answered",
                    Visibility::Public,
                    "",
                    &json!({ "outcome": outcome.code(), "on_time": facts.answered_on_time }),
                )
                .await?;
            }
            Step::Withdraw { at } => {
                let at = Ts::from(*at);
                ob.withdraw(at.0)?;
                opengov_duty::store::save(tx, cal, ob_id, &ob).await?;
                store::set_status(tx, id, Status::Withdrawn, at).await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(plan.applicant),
                    body_id,
                    "withdrawn",
                    Visibility::Public,
                    "",
                    &json!({}),
                )
                .await?;
            }
            Step::Rate {
                at,
                rating,
                comment,
            } => {
                let at = Ts::from(*at);
                store::set_rating(tx, id, *rating, comment, at).await?;
                store::add_event(
                    tx,
                    id,
                    at,
                    Some(plan.applicant),
                    body_id,
                    "rated",
                    Visibility::Applicant,
                    comment,
                    &json!({ "rating": rating }),
                )
                .await?;
            }
        }
    }
    Ok(Written {
        id,
        number,
        body_id,
        obligation_id: ob_id,
    })
}

// ---------------------------------------------------------------------------------------------
// Texts. Arrays of three are Kazakh, Russian, English. Placeholders: {street}, {n}, {amount},
// {year}, {byear}, {days}, {cat} (the category's name) in appeals; {number}, {date} in answers.
// ---------------------------------------------------------------------------------------------

/// A category: its code and its name in Kazakh, Russian and English.
type CategoryDef = (&'static str, [&'static str; 3]);

const CATEGORIES: &[CategoryDef] = &[
    (
        "roads",
        [
            "Жолдар және жол жөндеу",
            "Дороги и ремонт дорог",
            "Roads and road repair",
        ],
    ),
    (
        "utilities",
        ["Коммуналдық қызметтер", "Коммунальные услуги", "Utilities"],
    ),
    (
        "transport",
        [
            "Қоғамдық көлік",
            "Общественный транспорт",
            "Public transport",
        ],
    ),
    (
        "housing",
        [
            "Тұрғын үй және тұрғын үй кезегі",
            "Жильё и очередь на жильё",
            "Housing and the housing queue",
        ],
    ),
    (
        "landscaping",
        [
            "Абаттандыру және көгалдандыру",
            "Благоустройство и озеленение",
            "Landscaping and public spaces",
        ],
    ),
    (
        "social",
        ["Әлеуметтік көмек", "Социальная помощь", "Social assistance"],
    ),
    (
        "water",
        [
            "Ауыз сумен жабдықтау",
            "Питьевое водоснабжение",
            "Drinking water supply",
        ],
    ),
    (
        "lighting",
        ["Көше жарығы", "Уличное освещение", "Street lighting"],
    ),
    (
        "pasture",
        [
            "Жайылымдар және жер",
            "Пастбища и земля",
            "Pastures and land",
        ],
    ),
    ("taxes", ["Салықтар", "Налоги", "Taxes"]),
    ("customs", ["Кеден ісі", "Таможенное дело", "Customs"]),
    ("pensions", ["Зейнетақылар", "Пенсии", "Pensions"]),
    (
        "procurement",
        [
            "Мемлекеттік сатып алу",
            "Государственные закупки",
            "Public procurement",
        ],
    ),
    (
        "treasury",
        [
            "Қазынашылық төлемдер",
            "Казначейские платежи",
            "Treasury payments",
        ],
    ),
    (
        "prices",
        [
            "Бағалар мен тарифтер",
            "Цены и тарифы",
            "Prices and tariffs",
        ],
    ),
    (
        "business",
        [
            "Шағын және орта бизнесті қолдау",
            "Поддержка малого и среднего бизнеса",
            "Support for small and medium business",
        ],
    ),
    (
        "clinics",
        [
            "Емханалар мен ауруханалар",
            "Поликлиники и больницы",
            "Clinics and hospitals",
        ],
    ),
    (
        "medicines",
        [
            "Дәрі-дәрмекпен қамтамасыз ету",
            "Лекарственное обеспечение",
            "Medicines",
        ],
    ),
    (
        "insurance",
        [
            "Міндетті әлеуметтік медициналық сақтандыру",
            "Обязательное социальное медицинское страхование",
            "Compulsory health insurance",
        ],
    ),
    (
        "sanitary",
        [
            "Санитариялық-эпидемиологиялық бақылау",
            "Санитарно-эпидемиологический контроль",
            "Sanitary and epidemiological control",
        ],
    ),
    ("schools", ["Мектептер", "Школы", "Schools"]),
    (
        "kindergartens",
        ["Балабақшалар", "Детские сады", "Kindergartens"],
    ),
    (
        "universities",
        [
            "Жоғары оқу орындары",
            "Высшие учебные заведения",
            "Universities",
        ],
    ),
    (
        "grants",
        [
            "Білім гранттары мен стипендиялар",
            "Образовательные гранты и стипендии",
            "Education grants and scholarships",
        ],
    ),
    (
        "notary",
        [
            "Нотариат және заң көмегі",
            "Нотариат и юридическая помощь",
            "Notaries and legal aid",
        ],
    ),
    (
        "property",
        [
            "Жылжымайтын мүлікті тіркеу",
            "Регистрация недвижимости",
            "Property registration",
        ],
    ),
    (
        "egov",
        [
            "Электрондық үкімет қызметтері",
            "Услуги электронного правительства",
            "E-government services",
        ],
    ),
    (
        "internet",
        [
            "Байланыс және интернет",
            "Связь и интернет",
            "Telecoms and internet",
        ],
    ),
    (
        "ecology",
        [
            "Қоршаған ортаны қорғау",
            "Охрана окружающей среды",
            "Environmental protection",
        ],
    ),
    (
        "waste",
        [
            "Қалдықтармен жұмыс",
            "Обращение с отходами",
            "Waste management",
        ],
    ),
    (
        "forests",
        [
            "Орман және жануарлар дүниесі",
            "Леса и животный мир",
            "Forests and wildlife",
        ],
    ),
    (
        "fuel",
        ["Жанар-жағармай", "Горюче-смазочные материалы", "Fuel"],
    ),
    ("gas", ["Газбен жабдықтау", "Газоснабжение", "Gas supply"]),
    (
        "railways",
        ["Темір жол көлігі", "Железнодорожный транспорт", "Railways"],
    ),
    (
        "aviation",
        ["Азаматтық авиация", "Гражданская авиация", "Civil aviation"],
    ),
    (
        "benefits",
        [
            "Әлеуметтік төлемдер мен жәрдемақылар",
            "Социальные выплаты и пособия",
            "Social benefits",
        ],
    ),
    ("employment", ["Жұмыспен қамту", "Занятость", "Employment"]),
    (
        "disability",
        [
            "Мүгедектігі бар адамдарды қолдау",
            "Поддержка лиц с инвалидностью",
            "Support for people with disabilities",
        ],
    ),
    (
        "public_order",
        ["Қоғамдық тәртіп", "Общественный порядок", "Public order"],
    ),
    (
        "traffic",
        [
            "Жол қозғалысының қауіпсіздігі",
            "Безопасность дорожного движения",
            "Road safety",
        ],
    ),
    (
        "migration",
        [
            "Көші-қон және тіркеу",
            "Миграция и регистрация",
            "Migration and registration",
        ],
    ),
    (
        "subsidies",
        [
            "Ауыл шаруашылығын субсидиялау",
            "Субсидирование сельского хозяйства",
            "Farm subsidies",
        ],
    ),
    (
        "veterinary",
        ["Ветеринария", "Ветеринария", "Veterinary services"],
    ),
    (
        "civil_service",
        [
            "Мемлекеттік қызмет",
            "Государственная служба",
            "Civil service",
        ],
    ),
    (
        "corruption",
        [
            "Сыбайлас жемқорлық туралы хабарламалар",
            "Сообщения о коррупции",
            "Reports of corruption",
        ],
    ),
    (
        "competition",
        [
            "Бәсекелестік және монополиялар",
            "Конкуренция и монополии",
            "Competition and monopolies",
        ],
    ),
    (
        "statistics",
        [
            "Статистикалық деректер",
            "Статистические данные",
            "Statistical data",
        ],
    ),
    (
        "reforms",
        [
            "Реформалар бойынша ұсыныстар",
            "Предложения по реформам",
            "Proposals on reforms",
        ],
    ),
    (
        "general",
        ["Жалпы мәселелер", "Общие вопросы", "General matters"],
    ),
    (
        "quality",
        [
            "Білім беру сапасы",
            "Качество образования",
            "Quality of education",
        ],
    ),
];

/// The categories of a demo body, by its code (and, for akimats, its kind).
fn categories_for(code: &str, kind: BodyKind) -> &'static [&'static str] {
    match code {
        "GOV" => &["general", "reforms", "corruption", "social"],
        "MF" => &["taxes", "customs", "pensions", "procurement", "treasury"],
        "MNE" => &["prices", "business", "general"],
        "MH" => &["clinics", "medicines", "insurance"],
        "MEDU" => &["schools", "kindergartens", "quality"],
        "MSHE" => &["universities", "grants", "quality"],
        "MJ" => &["notary", "property", "general"],
        "MDD" => &["egov", "internet", "general"],
        "MECO" => &["ecology", "waste", "forests"],
        "MENERGY" => &["fuel", "gas", "prices"],
        "MT" => &["railways", "aviation", "transport"],
        "MLSP" => &["pensions", "benefits", "employment", "disability"],
        "MIA" => &["public_order", "traffic", "migration"],
        "MA" => &["subsidies", "pasture", "veterinary"],
        "ACS" => &["civil_service", "general", "corruption"],
        "ACC" => &["corruption", "civil_service", "procurement"],
        "APDC" => &["competition", "prices", "fuel"],
        "ASPR" => &["reforms", "statistics", "business"],
        "MF_SRC" => &["taxes", "customs", "egov"],
        "MF_TREASURY" => &["treasury", "procurement", "general"],
        "ASPR_BNS" => &["statistics", "general", "reforms"],
        "MH_SEC" => &["sanitary", "medicines", "water"],
        "MEDU_QA" => &["quality", "schools", "kindergartens"],
        "MIA_MIGRATION" => &["migration", "egov", "general"],
        "MECO_FORESTRY" => &["forests", "ecology", "general"],
        "MT_ROADS" => &["roads", "traffic", "transport"],
        "MA_VET" => &["veterinary", "subsidies", "pasture"],
        _ => match kind {
            BodyKind::City => &[
                "roads",
                "utilities",
                "transport",
                "housing",
                "landscaping",
                "social",
            ],
            BodyKind::Region => &["roads", "utilities", "transport", "housing", "gas"],
            BodyKind::District => &["roads", "utilities", "landscaping", "housing", "lighting"],
            BodyKind::RuralDistrict => &["roads", "water", "lighting", "pasture", "internet"],
            _ => &["general", "reforms", "corruption"],
        },
    }
}

/// An appeal's text: the categories it fits (empty: any, naming the category as `{cat}`),
/// its kind, and its subject and text in Kazakh, Russian and English.
struct AppealText {
    cats: &'static [&'static str],
    kind: Kind,
    kk: [&'static str; 2],
    ru: [&'static str; 2],
    en: [&'static str; 2],
}

impl AppealText {
    fn get(&self, lang: Lang) -> [&'static str; 2] {
        match lang {
            Lang::Kk => self.kk,
            Lang::Ru => self.ru,
            Lang::En => self.en,
        }
    }
}

const APPEAL_TEXTS: &[AppealText] = &[
    AppealText {
        cats: &["roads"],
        kind: Kind::Application,
        kk: [
            "{street} бойындағы шұңқырларды жөндеу",
            "{street} бойындағы жол төсемі қатты бұзылған, әсіресе {n}-үйдің тұсында терең шұңқырлар пайда болды. Көліктер зақымданып жатыр, жаяу жүргіншілерге де қауіпті. Жолға ағымдағы жөндеу жүргізуді сұраймын.",
        ],
        ru: [
            "Ремонт ям на дороге",
            "Дорожное покрытие по адресу: {street}, д. {n} сильно разрушено, образовались глубокие ямы. Автомобили получают повреждения, пешеходам тоже опасно. Прошу провести ямочный ремонт дороги.",
        ],
        en: [
            "Potholes on {street}",
            "The road surface on {street} is badly damaged; there are deep potholes opposite building {n}. Cars are being damaged and it is dangerous for pedestrians. Please repair the road.",
        ],
    },
    AppealText {
        cats: &["roads", "landscaping"],
        kind: Kind::Complaint,
        kk: [
            "Қар тазартылмаған",
            "Бірнеше күннен бері {street}, {n}-үйдің маңындағы тротуарлар мен аула жолдары қардан тазартылмаған, мұз қатып қалған. Қарт адамдар мен балалар құлап жарақат алуда. Қар шығаруды және құм себуді ұйымдастыруды сұраймын.",
        ],
        ru: [
            "Не убирается снег",
            "Уже несколько дней не убираются тротуары и внутридворовые проезды по адресу: {street}, д. {n}, образовалась наледь. Пожилые люди и дети падают и травмируются. Прошу организовать вывоз снега и подсыпку противогололёдной смесью.",
        ],
        en: [
            "Snow not cleared",
            "For several days the pavements and yard driveways by building {n} on {street} have not been cleared of snow and are covered in ice. Elderly people and children are falling. Please arrange snow removal and gritting.",
        ],
    },
    AppealText {
        cats: &["roads", "traffic"],
        kind: Kind::Proposal,
        kk: [
            "№{n} мектеп маңына жаяу жүргіншілер өткелі",
            "№{n} мектептің қасында балалар {street} арқылы күн сайын өтеді, бірақ реттелетін өткел жоқ, көліктер жылдамдығын азайтпайды. Бағдаршам немесе жасанды кедір-бұдыр орнатуды ұсынамын.",
        ],
        ru: [
            "Пешеходный переход у школы № {n}",
            "Возле школы № {n} дети каждый день переходят дорогу ({street}), но регулируемого перехода нет, и машины не снижают скорость. Предлагаю установить светофор или искусственную неровность.",
        ],
        en: [
            "A pedestrian crossing by school No. {n}",
            "Children cross {street} by school No. {n} every day, but there is no controlled crossing and cars do not slow down. I propose installing traffic lights or a speed bump.",
        ],
    },
    AppealText {
        cats: &["utilities"],
        kind: Kind::Complaint,
        kk: [
            "Ыстық су жоқ",
            "{street}, {n}-үйде екі аптадан бері ыстық су жоқ, ешқандай хабарландыру ілінбеген. Коммуналдық қызметтерге ақыны толық төлеп отырмыз. Себебін анықтап, ыстық суды қалпына келтіруді сұраймын.",
        ],
        ru: [
            "Нет горячей воды",
            "В доме по адресу: {street}, д. {n} уже две недели нет горячей воды, никаких объявлений не вывешено. Коммунальные услуги оплачиваем полностью. Прошу выяснить причину и восстановить подачу горячей воды.",
        ],
        en: [
            "No hot water for two weeks",
            "Building {n} on {street} has had no hot water for two weeks and no notice was posted. We pay our utility bills in full. Please find out why and restore the hot water supply.",
        ],
    },
    AppealText {
        cats: &["utilities", "prices"],
        kind: Kind::Complaint,
        kk: [
            "Жылу үшін төлем тым жоғары",
            "Осы айда жылу үшін {amount} теңге есептелген, бұл өткен жылғыдан екі есе көп, ал пәтердегі радиаторлар әрең жылы. Есептеуді тексеріп, қайта есептеу жүргізуді сұраймын.",
        ],
        ru: [
            "Завышенная плата за отопление",
            "В этом месяце за отопление начислено {amount} тенге, это вдвое больше, чем в прошлом году, при этом батареи в квартире еле тёплые. Прошу проверить начисления и сделать перерасчёт.",
        ],
        en: [
            "Heating bill too high",
            "This month I was charged {amount} tenge for heating, twice as much as last year, while the radiators in the flat are barely warm. Please check the charges and recalculate them.",
        ],
    },
    AppealText {
        cats: &["water", "utilities", "sanitary"],
        kind: Kind::Application,
        kk: [
            "Ауыз судың сапасы",
            "Соңғы айда крандағы су лайлы әрі иісі бар. {street}, {n}-үйдің тұрғындары суды сатып алуға мәжбүр. Судың сапасына зертханалық тексеру жүргізуді және себебін жоюды сұраймыз.",
        ],
        ru: [
            "Качество питьевой воды",
            "Последний месяц вода из крана мутная и с запахом. Жители дома по адресу: {street}, д. {n} вынуждены покупать воду. Просим провести лабораторную проверку воды и устранить причину.",
        ],
        en: [
            "Drinking water quality",
            "For the last month the tap water has been cloudy and smells. Residents of building {n} on {street} have to buy bottled water. We ask for a laboratory test of the water and for the cause to be fixed.",
        ],
    },
    AppealText {
        cats: &["transport"],
        kind: Kind::Complaint,
        kk: [
            "№{n} автобус сирек жүреді",
            "№{n} бағыттағы автобустар таңертең 30–40 минутта бір рет келеді, аялдамаларда адам көп жиналады. Қозғалыс аралығын қысқартуды және желіге қосымша автобус шығаруды сұраймын.",
        ],
        ru: [
            "Большие интервалы автобуса № {n}",
            "Автобусы маршрута № {n} утром приходят раз в 30–40 минут, на остановках скапливается много людей. Прошу сократить интервал движения и выпустить на линию дополнительные автобусы.",
        ],
        en: [
            "Bus route {n} runs too rarely",
            "In the morning buses on route {n} come once every 30–40 minutes and crowds build up at the stops. Please shorten the interval and add buses to the route.",
        ],
    },
    AppealText {
        cats: &["transport", "landscaping"],
        kind: Kind::Proposal,
        kk: [
            "Аялдамаға павильон орнату",
            "{street} бойындағы аялдамада күн мен жаңбырдан қорғайтын павильон да, орындық та жоқ. Қыста адамдар ашық далада күтеді. Жабық аялдама павильонын орнатуды ұсынамын.",
        ],
        ru: [
            "Установить павильон на остановке",
            "На остановке у дома № {n} ({street}) нет ни навеса, ни скамейки. Зимой люди ждут автобус на открытом ветру. Предлагаю установить закрытый остановочный павильон.",
        ],
        en: [
            "A shelter at the bus stop",
            "The bus stop on {street} has no shelter and no bench. In winter people wait in the open wind. I suggest installing a closed bus shelter.",
        ],
    },
    AppealText {
        cats: &["housing"],
        kind: Kind::InformationRequest,
        kk: [
            "Тұрғын үй кезегіндегі орным",
            "Мен {year} жылдан бері әлеуметтік осал топ ретінде тұрғын үй кезегінде тұрмын. Қазіргі кезектегі нөмірімді және биыл қанша пәтер бөлінетінін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Моя очередь на жильё",
            "С {year} года я состою в очереди на жильё как социально уязвимая категория. Прошу сообщить мой текущий номер в очереди и сколько квартир планируется распределить в этом году.",
        ],
        en: [
            "My place in the housing queue",
            "I have been on the social housing waiting list since {year}. Please tell me my current number in the queue and how many flats are to be allocated this year.",
        ],
    },
    AppealText {
        cats: &["housing"],
        kind: Kind::Application,
        kk: [
            "Апатты үйден көшіру",
            "{street}, {n}-үй өткен ғасырдың алпысыншы жылдары салынған, қабырғалары жарылған, шатыры ағады. Үйді апатты деп тануды және тұрғындарды көшіру мәселесін қарауды сұраймыз.",
        ],
        ru: [
            "Расселение аварийного дома",
            "Дом по адресу: {street}, д. {n} построен в 1960-х годах, стены в трещинах, крыша течёт. Просим признать дом аварийным и рассмотреть вопрос о расселении жильцов.",
        ],
        en: [
            "Resettling a dilapidated building",
            "Building {n} on {street} was built in the 1960s; its walls are cracked and the roof leaks. We ask for the building to be declared unsafe and the residents resettled.",
        ],
    },
    AppealText {
        cats: &["landscaping"],
        kind: Kind::Application,
        kk: [
            "Ауладағы балалар алаңы бұзылған",
            "{street}, {n}-үйдің ауласындағы балалар алаңында әткеншектер сынған, темір бөліктері шығып тұр. Бұл балаларға қауіпті. Алаңды жөндеуді немесе жаңасын орнатуды сұраймын.",
        ],
        ru: [
            "Сломана детская площадка",
            "На детской площадке во дворе дома по адресу: {street}, д. {n} сломаны качели, торчат металлические части. Это опасно для детей. Прошу отремонтировать площадку или установить новую.",
        ],
        en: [
            "Broken playground in our yard",
            "The swings on the playground in the yard of building {n} on {street} are broken and metal parts stick out. It is dangerous for children. Please repair the playground or install a new one.",
        ],
    },
    AppealText {
        cats: &["landscaping", "ecology"],
        kind: Kind::InformationRequest,
        kk: [
            "Саябақтағы ағаштарды кесу",
            "{street} маңындағы саябақта сау ағаштар кесіліп жатыр. Кесуге рұқсат бар-жоғын және олардың орнына қанша көшет отырғызылатынын хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Вырубка деревьев в сквере",
            "В сквере рядом с домом № {n} ({street}) вырубают здоровые деревья. Прошу сообщить, есть ли разрешение на вырубку и сколько саженцев будет высажено взамен.",
        ],
        en: [
            "Trees felled in the park",
            "Healthy trees are being cut down in the park near {street}. Please tell me whether there is a permit and how many saplings will be planted in their place.",
        ],
    },
    AppealText {
        cats: &["lighting", "roads"],
        kind: Kind::Application,
        kk: [
            "Көше шамдары жанбайды",
            "{street} бойындағы көше шамдары бір айдан бері жанбайды, кешке көше қараңғы. Жарықтандыруды қалпына келтіруді сұраймын.",
        ],
        ru: [
            "Не горят уличные фонари",
            "Уже месяц не горят фонари у дома № {n} ({street}), вечером на улице темно. Прошу восстановить уличное освещение.",
        ],
        en: [
            "Street lights are out",
            "The street lights on {street} have been out for a month and the street is dark in the evenings. Please restore the lighting.",
        ],
    },
    AppealText {
        cats: &["social", "benefits"],
        kind: Kind::Application,
        kk: [
            "Көпбалалы отбасына біржолғы көмек",
            "Мен бес баланы жалғыз тәрбиелеп отырмын. Балаларды мектепке дайындау үшін біржолғы әлеуметтік көмек көрсету мүмкіндігін қарауыңызды сұраймын.",
        ],
        ru: [
            "Единовременная помощь многодетной семье",
            "Я одна воспитываю пятерых детей. Прошу рассмотреть возможность оказания единовременной социальной помощи для подготовки детей к школе.",
        ],
        en: [
            "One-off help for a large family",
            "I am raising five children alone. Please consider one-off social assistance to help prepare the children for school.",
        ],
    },
    AppealText {
        cats: &["taxes"],
        kind: Kind::Complaint,
        kk: [
            "Мүлік салығы қате есептелген",
            "Маған {amount} теңге мүлік салығы туралы хабарлама келді, бірақ онда пәтердің ауданы мен құны қате көрсетілген. Салықты қайта есептеуді сұраймын.",
        ],
        ru: [
            "Неверно начислен налог на имущество",
            "Мне пришло уведомление о налоге на имущество на сумму {amount} тенге, но площадь и стоимость квартиры в нём указаны неверно. Прошу пересчитать налог.",
        ],
        en: [
            "Property tax calculated wrongly",
            "I received a property tax notice for {amount} tenge, but the floor area and value of the flat in it are wrong. Please recalculate the tax.",
        ],
    },
    AppealText {
        cats: &["taxes", "treasury"],
        kind: Kind::Application,
        kk: [
            "Артық төленген салықты қайтару",
            "Жеке кәсіпкер ретінде {amount} теңге артық салық төледім. Қайтару туралы өтінішті салық төлеушінің кабинеті арқылы екі ай бұрын жібердім, бірақ ақша әлі қайтарылған жоқ. Қайтаруды жеделдетуді сұраймын.",
        ],
        ru: [
            "Возврат излишне уплаченного налога",
            "Как индивидуальный предприниматель я переплатил {amount} тенге налога. Заявление на возврат подал через кабинет налогоплательщика два месяца назад, но деньги так и не вернули. Прошу ускорить возврат.",
        ],
        en: [
            "Refund of overpaid tax",
            "As a sole trader I overpaid {amount} tenge in tax. I applied for a refund through the taxpayer's online account two months ago but have not received the money. Please speed up the refund.",
        ],
    },
    AppealText {
        cats: &["customs"],
        kind: Kind::InformationRequest,
        kk: [
            "Сәлемдеме кеденде ұсталып тұр",
            "Шетелден тапсырыс берген сәлемдемем {days} күннен бері кеденде тұр. Қандай құжаттар қажет екенін және баж қалай есептелетінін түсіндіруіңізді сұраймын.",
        ],
        ru: [
            "Посылка задержана на таможне",
            "Моя посылка из-за рубежа уже {days} дней находится на таможне. Прошу разъяснить, какие документы нужны и как рассчитывается пошлина.",
        ],
        en: [
            "Parcel held at customs",
            "My parcel from abroad has been held at customs for {days} days. Please explain which documents are needed and how the duty is calculated.",
        ],
    },
    AppealText {
        cats: &["pensions"],
        kind: Kind::Application,
        kk: [
            "Зейнетақыны қайта есептеу",
            "Зейнетақы тағайындалғанда тоқсаныншы жылдардағы еңбек өтілім ескерілмеген. Мұрағаттық анықтамалар қолымда бар. Зейнетақыны қайта есептеуді сұраймын.",
        ],
        ru: [
            "Перерасчёт пенсии",
            "При назначении пенсии не был учтён мой трудовой стаж 1990-х годов. Архивные справки у меня есть. Прошу сделать перерасчёт пенсии.",
        ],
        en: [
            "Recalculating my pension",
            "My work record from the 1990s was not counted when my pension was granted. I have the archive certificates. Please recalculate my pension.",
        ],
    },
    AppealText {
        cats: &["clinics", "insurance"],
        kind: Kind::Complaint,
        kk: [
            "Маман дәрігерге жазылу мүмкін емес",
            "№{n} емханада кардиологқа бір айдан ерте жазылу мүмкін емес, тіркеу бөлімі телефон көтермейді. Мамандарға жазылу тәртібін тексеруді сұраймын.",
        ],
        ru: [
            "Невозможно записаться к специалисту",
            "В поликлинике № {n} невозможно записаться к кардиологу раньше чем через месяц, регистратура не отвечает на звонки. Прошу проверить порядок записи к специалистам.",
        ],
        en: [
            "Cannot get an appointment with a specialist",
            "At clinic No. {n} there is no appointment with a cardiologist for a month, and reception does not answer the phone. Please look into how appointments are made.",
        ],
    },
    AppealText {
        cats: &["medicines", "clinics", "insurance"],
        kind: Kind::Complaint,
        kk: [
            "Тегін дәрі берілмейді",
            "Мен диспансерлік есепте тұрмын, бірақ маған тегін берілуге тиіс дәрі екі айдан бері дәріханада жоқ. Дәріні қашан алуға болатынын хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Не выдают бесплатное лекарство",
            "Я состою на диспансерном учёте, но положенного мне бесплатного лекарства уже два месяца нет в аптеке. Прошу сообщить, когда его можно будет получить.",
        ],
        en: [
            "Free medicine not available",
            "I am registered for chronic care, but the medicine I should get free has been missing from the pharmacy for two months. Please tell me when I can get it.",
        ],
    },
    AppealText {
        cats: &["schools", "quality"],
        kind: Kind::Complaint,
        kk: [
            "№{n} мектеп оқушыларға лық толы",
            "№{n} мектепте сыныптарда 40-тан астам оқушы бар, сабақ үш ауысыммен жүреді. Жаңа мектеп салу немесе қосымша ғимарат тұрғызу жоспарлары туралы хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Переполненная школа № {n}",
            "В школе № {n} в классах больше 40 учеников, обучение идёт в три смены. Прошу сообщить о планах строительства новой школы или пристройки.",
        ],
        en: [
            "School No. {n} is overcrowded",
            "School No. {n} has more than 40 pupils per class and works in three shifts. Please tell us about plans for a new school or an extension.",
        ],
    },
    AppealText {
        cats: &["kindergartens"],
        kind: Kind::InformationRequest,
        kk: [
            "Балабақша кезегі",
            "{byear} жылы туған балам балабақша кезегінде тұр, бірақ кезек жылжымайды. Кезектегі орнымызды және мемлекеттік тапсырыс бойынша орын алу мерзімін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Очередь в детский сад",
            "Мой ребёнок {byear} года рождения стоит в очереди в детский сад, но очередь не двигается. Прошу сообщить наше место в очереди и сроки получения места по госзаказу.",
        ],
        en: [
            "Kindergarten waiting list",
            "My child, born in {byear}, is on the kindergarten waiting list, but the list does not move. Please tell me our place and when we can expect a state-funded place.",
        ],
    },
    AppealText {
        cats: &["universities", "grants"],
        kind: Kind::Application,
        kk: [
            "Жатақханадан орын беру",
            "Мен мемлекеттік грант бойынша бірінші курста оқимын, басқа облыстан келдім. Жатақханадан орын берілмеді, ал пәтер жалдауға қаражатым жоқ. Жатақханадан орын алуға көмектесуіңізді сұраймын.",
        ],
        ru: [
            "Место в общежитии",
            "Я студент первого курса по государственному гранту, приехал из другой области. Место в общежитии мне не дали, а снимать квартиру не на что. Прошу помочь с местом в общежитии.",
        ],
        en: [
            "A place in a dormitory",
            "I am a first-year student on a state grant from another region. I was not given a dormitory place and cannot afford to rent. Please help me get a place in a dormitory.",
        ],
    },
    AppealText {
        cats: &["egov", "property"],
        kind: Kind::Complaint,
        kk: [
            "eGov порталындағы қате",
            "eGov порталы арқылы анықтама алмақ болғанда «сервис уақытша қолжетімсіз» деген қате шығады. Бір апта бойы қызметті ала алмай жүрмін. Ақауды жоюды сұраймын.",
        ],
        ru: [
            "Ошибка на портале eGov",
            "При попытке получить справку через портал eGov появляется ошибка «сервис временно недоступен». Уже неделю не могу получить услугу. Прошу устранить неисправность.",
        ],
        en: [
            "Error on the eGov portal",
            "When I try to get a certificate on the eGov portal I get the error 'service temporarily unavailable'. I have not been able to use the service for a week. Please fix it.",
        ],
    },
    AppealText {
        cats: &["internet"],
        kind: Kind::Application,
        kk: [
            "Ауылда мобильді интернет жоқ",
            "Біздің ауылда мобильді интернет мүлде жоқ: балалар қашықтан оқи алмайды, тұрғындар электрондық қызметтерді пайдалана алмайды. Байланыс мұнарасын орнатуды сұраймыз.",
        ],
        ru: [
            "Нет мобильного интернета в селе",
            "В нашем селе совсем нет мобильного интернета: дети не могут учиться дистанционно, жители не могут пользоваться электронными услугами. Просим установить вышку связи.",
        ],
        en: [
            "No mobile internet in our village",
            "There is no mobile internet in our village: children cannot study online and residents cannot use e-services. We ask for a mobile mast to be installed.",
        ],
    },
    AppealText {
        cats: &["waste", "ecology", "landscaping"],
        kind: Kind::Complaint,
        kk: [
            "Рұқсатсыз қоқыс үйіндісі",
            "{street} маңындағы бос алаңда рұқсатсыз қоқыс үйіндісі пайда болды: жағымсыз иіс шығады, қаңғыбас иттер көбейді. Қоқысты шығаруды және кінәлілерді анықтауды сұраймын.",
        ],
        ru: [
            "Несанкционированная свалка",
            "На пустыре рядом с домом № {n} ({street}) образовалась несанкционированная свалка: запах, бродячие собаки. Прошу вывезти мусор и установить виновных.",
        ],
        en: [
            "Illegal rubbish dump",
            "An illegal rubbish dump has appeared on the waste ground near {street}; it smells and attracts stray dogs. Please remove the rubbish and find those responsible.",
        ],
    },
    AppealText {
        cats: &["ecology", "gas"],
        kind: Kind::Complaint,
        kk: [
            "Ауаның ластануы",
            "Қыста жеке үйлер секторында көмір жағудан ауа қатты ластанады, кешке тыныс алу қиын. Жеке үйлерді газға қосуды жеделдетуді және ауа сапасын бақылауды күшейтуді сұраймын.",
        ],
        ru: [
            "Загрязнение воздуха",
            "Зимой в частном секторе от сжигания угля воздух сильно загрязнён, вечером трудно дышать. Прошу ускорить газификацию частных домов и усилить контроль качества воздуха.",
        ],
        en: [
            "Air pollution",
            "In winter the air is heavily polluted by coal burning in the private housing sector and it is hard to breathe in the evenings. Please speed up connecting houses to gas and monitor the air more closely.",
        ],
    },
    AppealText {
        cats: &["benefits", "social", "pensions"],
        kind: Kind::Complaint,
        kk: [
            "Бала күтіміне арналған жәрдемақы кешікті",
            "Бала бір жасқа толғанға дейінгі күтіміне арналған жәрдемақы екі айдан бері түспей жатыр, ал өтінішті уақытында бердім. Төлемнің кешігу себебін анықтауыңызды сұраймын.",
        ],
        ru: [
            "Задержка пособия по уходу за ребёнком",
            "Пособие по уходу за ребёнком до года не поступает уже два месяца, хотя заявление я подала вовремя. Прошу выяснить причину задержки выплаты.",
        ],
        en: [
            "Childcare benefit delayed",
            "My childcare benefit has not been paid for two months although I applied on time. Please find out why the payment is late.",
        ],
    },
    AppealText {
        cats: &["employment", "social"],
        kind: Kind::Application,
        kk: [
            "Қайта даярлау курсы",
            "Мен жұмыссыз ретінде тіркелгенмін. Дәнекерлеуші мамандығы бойынша тегін қайта даярлау курсына жіберуді және кейін жұмысқа орналасуға көмектесуді сұраймын.",
        ],
        ru: [
            "Курсы переподготовки",
            "Я зарегистрирован как безработный. Прошу направить меня на бесплатные курсы переподготовки по специальности сварщика и помочь с трудоустройством.",
        ],
        en: [
            "Retraining course",
            "I am registered as unemployed. Please send me on a free welding course and help me find a job afterwards.",
        ],
    },
    AppealText {
        cats: &["public_order", "sanitary"],
        kind: Kind::Complaint,
        kk: [
            "Түнгі шу",
            "{street}, {n}-үйдің бірінші қабатындағы кафеде түнгі сағат үшке дейін қатты музыка ойналады, тұрғындар ұйықтай алмайды. Тексеру жүргізуді сұраймын.",
        ],
        ru: [
            "Шум по ночам",
            "В кафе на первом этаже дома по адресу: {street}, д. {n} до трёх часов ночи играет громкая музыка, жильцы не могут спать. Прошу провести проверку.",
        ],
        en: [
            "Noise at night",
            "The café on the ground floor of building {n} on {street} plays loud music until 3 a.m. and residents cannot sleep. Please carry out an inspection.",
        ],
    },
    AppealText {
        cats: &["traffic", "roads"],
        kind: Kind::Proposal,
        kk: [
            "Жылдамдықты бақылау камерасы",
            "{street} бойында жүргізушілер жылдамдықты үнемі асырады, өткен айда екі жол-көлік оқиғасы болды. Жылдамдықты бақылау камерасын орнатуды ұсынамын.",
        ],
        ru: [
            "Камера контроля скорости",
            "На дороге у дома № {n} ({street}) водители постоянно превышают скорость, в прошлом месяце произошло два ДТП. Предлагаю установить камеру контроля скорости.",
        ],
        en: [
            "A speed camera",
            "Drivers constantly speed on {street}; there were two accidents there last month. I propose installing a speed camera.",
        ],
    },
    AppealText {
        cats: &["migration"],
        kind: Kind::InformationRequest,
        kk: [
            "Тұрғылықты жері бойынша тіркеу",
            "Мен басқа қаладан көшіп келіп, пәтер жалдап тұрамын. Меншік иесі өзі келе алмаса, уақытша тіркелу үшін қандай құжаттар қажет екенін түсіндіруіңізді сұраймын.",
        ],
        ru: [
            "Регистрация по месту жительства",
            "Я переехал из другого города и снимаю квартиру. Прошу разъяснить, какие документы нужны для временной регистрации, если собственник не может прийти лично.",
        ],
        en: [
            "Registering my address",
            "I have moved from another city and rent a flat. Please explain which documents I need for temporary registration if the owner cannot come in person.",
        ],
    },
    AppealText {
        cats: &["veterinary", "public_order", "landscaping"],
        kind: Kind::Application,
        kk: [
            "Қаңғыбас иттер",
            "{street} маңында қаңғыбас иттер үйірі жүр, балаларға шабуыл жасаған жағдайлар болды. Иттерді аулауды және ветеринарлық тексеруді ұйымдастыруды сұраймын.",
        ],
        ru: [
            "Бродячие собаки",
            "Рядом с домом № {n} ({street}) бегает стая бродячих собак, были случаи нападения на детей. Прошу организовать отлов и ветеринарный осмотр животных.",
        ],
        en: [
            "Stray dogs",
            "A pack of stray dogs roams near {street}, and children have been attacked. Please arrange for the dogs to be caught and checked by a vet.",
        ],
    },
    AppealText {
        cats: &["subsidies", "veterinary"],
        kind: Kind::Complaint,
        kk: [
            "Субсидия төленбеді",
            "Шаруа қожалығымыз асыл тұқымды мал сатып алуға субсидия алуға өтінім берді, өтінім мақұлданды, бірақ {amount} теңге әлі аударылған жоқ. Төлем мерзімін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Не выплачена субсидия",
            "Наше крестьянское хозяйство подало заявку на субсидию за приобретение племенного скота, заявка одобрена, но {amount} тенге до сих пор не перечислены. Прошу сообщить сроки выплаты.",
        ],
        en: [
            "Subsidy not paid",
            "Our farm applied for a subsidy for buying pedigree cattle; the application was approved, but the {amount} tenge has still not been paid. Please tell us when it will be paid.",
        ],
    },
    AppealText {
        cats: &["pasture", "subsidies"],
        kind: Kind::Application,
        kk: [
            "Жайылым жетіспейді",
            "Ауыл маңындағы жайылымдар жеке тұлғаларға жалға берілген, тұрғындардың малын жаятын жер қалмады. Ауыл тұрғындарына ортақ жайылым бөлуді сұраймыз.",
        ],
        ru: [
            "Не хватает пастбищ",
            "Пастбища возле села сданы в аренду частным лицам, жителям негде пасти скот. Просим выделить общественное пастбище для жителей села.",
        ],
        en: [
            "Not enough pasture",
            "The pastures around the village have been leased to private owners and residents have nowhere to graze their livestock. We ask for common pasture to be set aside for the village.",
        ],
    },
    AppealText {
        cats: &["corruption", "civil_service"],
        kind: Kind::Complaint,
        kk: [
            "Лауазымды тұлғаның заңсыз талабы",
            "Рұқсат құжатын рәсімдеу кезінде қызметкер «тезірек болу үшін» ақша сұрады. Осы жағдайды тексеруіңізді сұраймын, қосымша мәліметтер беруге дайынмын.",
        ],
        ru: [
            "Незаконное требование должностного лица",
            "При оформлении разрешительного документа сотрудник попросил деньги «за ускорение». Прошу провести проверку, готов предоставить дополнительные сведения.",
        ],
        en: [
            "Unlawful demand by an official",
            "While my permit was being processed, an employee asked for money 'to speed things up'. Please investigate; I am ready to give further details.",
        ],
    },
    AppealText {
        cats: &["competition", "fuel", "prices"],
        kind: Kind::Complaint,
        kk: [
            "Бензин бағасының негізсіз өсуі",
            "Соңғы айда өңіріміздегі барлық жанармай құю бекеттерінде АИ-92 бағасы бір мезгілде {days} теңгеге өсті. Бағаға қатысты сөз байласу бар-жоғын тексеруді сұраймын.",
        ],
        ru: [
            "Необоснованный рост цен на бензин",
            "За последний месяц на всех заправках нашего региона цена АИ-92 одновременно выросла на {days} тенге. Прошу проверить, нет ли ценового сговора.",
        ],
        en: [
            "Unjustified rise in petrol prices",
            "Over the last month the price of AI-92 petrol rose by {days} tenge at every filling station in our region at the same time. Please check for price collusion.",
        ],
    },
    AppealText {
        cats: &["statistics"],
        kind: Kind::InformationRequest,
        kk: [
            "Статистикалық деректерді сұрату",
            "Ғылыми жұмысым үшін соңғы бес жылдағы халықтың ішкі көші-қоны туралы облыстар бөлінісіндегі деректер қажет. Деректерді ашық форматта ұсынуыңызды сұраймын.",
        ],
        ru: [
            "Запрос статистических данных",
            "Для научной работы мне нужны данные о внутренней миграции населения в разрезе областей за последние пять лет. Прошу предоставить данные в открытом формате.",
        ],
        en: [
            "Request for statistical data",
            "For my research I need data on internal migration by region for the last five years. Please provide the data in an open format.",
        ],
    },
    AppealText {
        cats: &["civil_service"],
        kind: Kind::InformationRequest,
        kk: [
            "Мемлекеттік қызметке орналасу конкурсы",
            "Мемлекеттік қызметке орналасу конкурсына қатысып, тестілеуден өттім, бірақ әңгімелесу нәтижесі туралы хабар алмадым. Нәтижені және шағымдану тәртібін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Конкурс на государственную службу",
            "Я участвовал в конкурсе на государственную службу, прошёл тестирование, но результаты собеседования мне не сообщили. Прошу сообщить результат и порядок обжалования.",
        ],
        en: [
            "Civil service competition",
            "I took part in a civil service competition and passed the test, but I was not told the result of the interview. Please tell me the result and how to appeal.",
        ],
    },
    AppealText {
        cats: &["notary", "property"],
        kind: Kind::InformationRequest,
        kk: [
            "Мұраны ресімдеу",
            "Әкем қайтыс болғаннан кейін үйді мұра ретінде ресімдеу керек, бірақ құжаттардың бір бөлігі жоғалған. Мұраны ресімдеу тәртібін және тегін заң көмегін алу мүмкіндігін түсіндіруіңізді сұраймын.",
        ],
        ru: [
            "Оформление наследства",
            "После смерти отца нужно оформить дом в наследство, но часть документов утеряна. Прошу разъяснить порядок оформления наследства и возможность получить бесплатную юридическую помощь.",
        ],
        en: [
            "Registering an inheritance",
            "After my father died I need to register the house as an inheritance, but some documents are lost. Please explain the procedure and whether I can get free legal aid.",
        ],
    },
    AppealText {
        cats: &["railways", "transport"],
        kind: Kind::Complaint,
        kk: [
            "Пойыздың кешігуі",
            "Астана – Алматы пойызы бес сағатқа кешікті, жолаушыларға ешқандай ақпарат берілмеді, вагонда су болмады. Тасымалдаушыға шара қолдануыңызды сұраймын.",
        ],
        ru: [
            "Опоздание поезда",
            "Поезд Астана – Алматы опоздал на пять часов, пассажирам не дали никакой информации, в вагоне не было воды. Прошу принять меры к перевозчику.",
        ],
        en: [
            "Train delay",
            "The Astana–Almaty train was five hours late, passengers were given no information and there was no water in the carriage. Please take action against the carrier.",
        ],
    },
    AppealText {
        cats: &["aviation"],
        kind: Kind::Complaint,
        kk: [
            "Рейстің тоқтатылуы",
            "Әуе компаниясы рейсті ұшардан бір күн бұрын тоқтатып, билет ақшасын әлі қайтармады. Жолаушылар құқықтарының сақталуын тексеруіңізді сұраймын.",
        ],
        ru: [
            "Отмена рейса",
            "Авиакомпания отменила рейс за день до вылета и до сих пор не вернула деньги за билет. Прошу проверить соблюдение прав пассажиров.",
        ],
        en: [
            "Cancelled flight",
            "The airline cancelled my flight a day before departure and still has not refunded the ticket. Please check that passengers' rights are respected.",
        ],
    },
    AppealText {
        cats: &["gas", "utilities"],
        kind: Kind::Application,
        kk: [
            "Үйлерді газға қосу",
            "Біздің көшедегі үйлер әлі газға қосылмаған, ал көрші көшелерге газ тартылды. Газдандыру жоспарына біздің көшені енгізуіңізді сұраймыз.",
        ],
        ru: [
            "Подключение к газу",
            "Дома на нашей улице до сих пор не подключены к газу, хотя на соседние улицы газ уже провели. Просим включить нашу улицу в план газификации.",
        ],
        en: [
            "Connecting to gas",
            "The houses on our street are still not connected to gas, although the neighbouring streets are. We ask for our street to be included in the gas connection plan.",
        ],
    },
    AppealText {
        cats: &["procurement", "treasury", "competition"],
        kind: Kind::Complaint,
        kk: [
            "Мемлекеттік сатып алу қорытындысы",
            "№{n} конкурстың жеңімпазы біліктілік талаптарына сай келмейді деп есептеймін. Конкурс қорытындысын тексеруіңізді сұраймын.",
        ],
        ru: [
            "Итоги государственных закупок",
            "Считаю, что победитель конкурса № {n} не соответствует квалификационным требованиям. Прошу проверить итоги конкурса.",
        ],
        en: [
            "Public procurement results",
            "I believe the winner of tender No. {n} does not meet the qualification requirements. Please review the results of the tender.",
        ],
    },
    AppealText {
        cats: &["disability"],
        kind: Kind::Application,
        kk: [
            "Техникалық көмекші құралдар",
            "Мүгедектігі бар адам ретінде оңалтудың жеке бағдарламасы бойынша маған арба берілуі тиіс, бірақ жарты жылдан бері берілмей жатыр. Беру мерзімін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Технические средства реабилитации",
            "Как человеку с инвалидностью мне по индивидуальной программе реабилитации положена коляска, но её не выдают уже полгода. Прошу сообщить срок выдачи.",
        ],
        en: [
            "Assistive equipment",
            "As a person with a disability I am entitled to a wheelchair under my rehabilitation programme, but I have been waiting for six months. Please tell me when I will get it.",
        ],
    },
    AppealText {
        cats: &["sanitary"],
        kind: Kind::Complaint,
        kk: [
            "Дүкенде мерзімі өткен өнім сатылады",
            "{street} бойындағы дүкенде жарамдылық мерзімі өткен сүт өнімдері сатылып жатыр. Санитариялық тексеру жүргізуді сұраймын.",
        ],
        ru: [
            "Просроченные продукты в магазине",
            "В магазине у дома № {n} ({street}) продаются молочные продукты с истёкшим сроком годности. Прошу провести санитарную проверку.",
        ],
        en: [
            "Expired food in a shop",
            "A shop on {street} is selling dairy products past their use-by date. Please carry out a sanitary inspection.",
        ],
    },
    AppealText {
        cats: &["forests"],
        kind: Kind::Complaint,
        kk: [
            "Орманды заңсыз кесу",
            "Бурабай маңындағы орманда түнде ағаштар заңсыз кесіліп, жүк көліктерімен тасылып жатыр. Рейд жүргізуіңізді сұраймын.",
        ],
        ru: [
            "Незаконная вырубка леса",
            "В лесу возле Бурабая по ночам незаконно рубят деревья и вывозят их грузовиками. Прошу провести рейд.",
        ],
        en: [
            "Illegal logging",
            "Trees are being cut down illegally at night in the forest near Burabay and taken away by lorries. Please carry out a raid.",
        ],
    },
    AppealText {
        cats: &["business", "reforms", "statistics"],
        kind: Kind::Proposal,
        kk: [
            "Шағын бизнестің есептілігін азайту",
            "Шағын бизнес есептілігі тым көп: бір мәліметті бірнеше органға қайта-қайта тапсыруға тура келеді. Есептілікті «бір терезе» арқылы тапсыруды енгізуді ұсынамын.",
        ],
        ru: [
            "Сократить отчётность малого бизнеса",
            "У малого бизнеса слишком много отчётности: одни и те же сведения приходится сдавать в разные органы. Предлагаю ввести подачу отчётности через «одно окно».",
        ],
        en: [
            "Less reporting for small business",
            "Small businesses have too much reporting: the same data has to be submitted to several agencies. I propose a single window for all reports.",
        ],
    },
    AppealText {
        cats: &["reforms", "egov", "general"],
        kind: Kind::Proposal,
        kk: [
            "Проактивті мемлекеттік қызметтер",
            "Бала туғандағы жәрдемақы қазір өтінішсіз тағайындалады. Зейнеткерлікке шыққанда да барлық төлемдер өтінішсіз тағайындалса екен. Осы тәсілді басқа қызметтерге де кеңейтуді ұсынамын.",
        ],
        ru: [
            "Проактивные государственные услуги",
            "Пособие при рождении ребёнка сейчас назначается без заявления. Хотелось бы, чтобы и при выходе на пенсию все выплаты назначались без заявлений. Предлагаю распространить такой подход на другие услуги.",
        ],
        en: [
            "Proactive public services",
            "The birth benefit is now granted without an application. All payments on retirement should be granted the same way. I propose extending this approach to other services.",
        ],
    },
    AppealText {
        cats: &["quality", "universities"],
        kind: Kind::Application,
        kk: [
            "Ұлттық бірыңғай тестілеу",
            "ҰБТ кезінде компьютерім қатып қалып, уақытымның бір бөлігі жоғалды. Нәтижені қайта қарау немесе қайта тапсыруға рұқсат беру мүмкіндігін қарауыңызды сұраймын.",
        ],
        ru: [
            "Единое национальное тестирование",
            "Во время ЕНТ у меня завис компьютер, и я потерял часть времени. Прошу рассмотреть возможность пересмотра результата или пересдачи.",
        ],
        en: [
            "National entrance test",
            "During the national entrance test my computer froze and I lost part of my time. Please consider reviewing my result or letting me retake the test.",
        ],
    },
    // Any body: the category is named.
    AppealText {
        cats: &[],
        kind: Kind::InformationRequest,
        kk: [
            "«{cat}» бойынша ақпарат",
            "«{cat}» мәселесі бойынша қандай мемлекеттік бағдарламалар мен қолдау шаралары бар екенін, қайда және қандай құжаттармен жүгіну керектігін түсіндіруіңізді сұраймын.",
        ],
        ru: [
            "Информация по вопросу «{cat}»",
            "Прошу разъяснить, какие государственные программы и меры поддержки действуют по вопросу «{cat}», куда и с какими документами следует обращаться.",
        ],
        en: [
            "Information on “{cat}”",
            "Please explain which state programmes and support measures apply to “{cat}”, and where and with which documents to apply.",
        ],
    },
    AppealText {
        cats: &[],
        kind: Kind::InformationRequest,
        kk: [
            "«{cat}» бағыты бойынша шығыстар",
            "Өткен жылы «{cat}» бағыты бойынша қанша қаражат бөлінгенін және қандай нәтижеге қол жеткізілгенін хабарлауыңызды сұраймын.",
        ],
        ru: [
            "Расходы по направлению «{cat}»",
            "Прошу сообщить, сколько средств было выделено в прошлом году по направлению «{cat}» и каких результатов удалось достичь.",
        ],
        en: [
            "Spending on “{cat}”",
            "Please tell me how much money was allocated last year to “{cat}” and what results were achieved.",
        ],
    },
];

/// For an appeal without a category, or to vary: fits any body.
const ANY_TEXTS: &[AppealText] = &[
    AppealText {
        cats: &[],
        kind: Kind::Proposal,
        kk: [
            "Қабылдауға онлайн жазылу",
            "Азаматтарды жеке қабылдауға жазылу тек телефон арқылы жүргізіледі, ал телефон әрдайым бос емес. Қабылдауға онлайн жазылуды енгізуді ұсынамын.",
        ],
        ru: [
            "Онлайн-запись на приём",
            "Запись на личный приём граждан ведётся только по телефону, который почти всегда занят. Предлагаю ввести онлайн-запись на приём.",
        ],
        en: [
            "Online booking for appointments",
            "Appointments with officials can only be booked by phone, and the line is almost always busy. I propose online booking.",
        ],
    },
    AppealText {
        cats: &[],
        kind: Kind::Feedback,
        kk: [
            "Алғыс",
            "Мәселемді тез әрі сапалы шешкені үшін мамандарыңызға алғысымды білдіремін. Осындай жауапкершілікпен жұмыс істей беріңіздер.",
        ],
        ru: [
            "Благодарность",
            "Выражаю благодарность вашим специалистам за быстрое и качественное решение моего вопроса. Желаю и дальше работать так же ответственно.",
        ],
        en: [
            "Thank you",
            "I would like to thank your staff for resolving my issue quickly and properly. Please keep up the good work.",
        ],
    },
    AppealText {
        cats: &[],
        kind: Kind::Complaint,
        kk: [
            "Қызметкердің әдепсіздігі",
            "Мекемеге барғанымда қызметкер сұрағыма жауап бермей, дөрекі сөйледі. Қызметтік әдеп нормаларының сақталуын тексеруіңізді сұраймын.",
        ],
        ru: [
            "Некорректное поведение сотрудника",
            "Во время визита в учреждение сотрудник отказался отвечать на мой вопрос и разговаривал грубо. Прошу проверить соблюдение норм служебной этики.",
        ],
        en: [
            "An official's rude behaviour",
            "When I visited the office, an employee refused to answer my question and was rude. Please check that the rules of official conduct are followed.",
        ],
    },
    AppealText {
        cats: &[],
        kind: Kind::Feedback,
        kk: [
            "Сайттағы ақпарат ескірген",
            "Сайттағы байланыс телефондары мен қабылдау кестесі ескірген, көрсетілген нөмірлер жауап бермейді. Ақпаратты жаңартуыңызды сұраймын.",
        ],
        ru: [
            "Устаревшая информация на сайте",
            "Контактные телефоны и график приёма на сайте устарели, указанные номера не отвечают. Прошу обновить информацию.",
        ],
        en: [
            "Outdated information on the website",
            "The phone numbers and office hours on the website are out of date and the numbers do not answer. Please update the information.",
        ],
    },
];

/// Answers by outcome, ten per language.
const SATISFIED: [[&str; 10]; 3] = [
    [
        "{number} нөмірлі өтінішіңіз қаралды. Көтерілген мәселе негізді деп танылды, қажетті жұмыстар {date} дейін орындалады.",
        "Өтінішіңіз бойынша тексеру жүргізілді. Анықталған кемшіліктер жойылды, жауапты қызметкерге ескерту жасалды.",
        "Ұсынысыңыз қолдау тапты және келесі жылға арналған жұмыс жоспарына енгізілді.",
        "Өтінішіңіз қанағаттандырылды: сұралған ақпарат осы жауапқа қоса беріліп отыр.",
        "Мердігер ұйымға тапсырма берілді, жұмыстар {date} дейін аяқталады. Орындалуы бақылауға алынды.",
        "Қайта есептеу жүргізілді, артық есептелген сома келесі айдың төлем құжатында ескеріледі.",
        "Мәселе шешілді: қызмет көрсету қалпына келтірілді. Келтірілген қолайсыздық үшін кешірім сұраймыз.",
        "Өтінішіңіз бойынша оң шешім қабылданды. Құжаттарды {date} дейін алуға болады.",
        "Алғысыңыз ұжымға жеткізілді. Пікіріңіз үшін рақмет.",
        "Сұралған деректер ашық деректер порталында жарияланды, сілтемесі осы жауапқа қоса берілді.",
    ],
    [
        "Ваше обращение № {number} рассмотрено. Поставленный вопрос признан обоснованным, необходимые работы будут выполнены до {date}.",
        "По вашему обращению проведена проверка. Выявленные нарушения устранены, ответственному сотруднику сделано замечание.",
        "Ваше предложение поддержано и включено в план работ на следующий год.",
        "Ваше обращение удовлетворено: запрошенная информация прилагается к настоящему ответу.",
        "Подрядной организации дано поручение, работы будут завершены до {date}. Исполнение взято на контроль.",
        "Произведён перерасчёт, излишне начисленная сумма будет учтена в платёжном документе следующего месяца.",
        "Вопрос решён: предоставление услуги восстановлено. Приносим извинения за доставленные неудобства.",
        "По вашему обращению принято положительное решение. Документы можно получить до {date}.",
        "Ваша благодарность доведена до коллектива. Спасибо за отзыв.",
        "Запрошенные данные опубликованы на портале открытых данных, ссылка приложена к ответу.",
    ],
    [
        "Your appeal {number} has been considered. The issue you raised was found to be justified and the necessary work will be done by {date}.",
        "We have looked into your appeal. The shortcomings found have been put right and the official responsible has been reprimanded.",
        "Your proposal has been supported and included in next year's work plan.",
        "Your request is granted: the information you asked for is attached to this answer.",
        "The contractor has been instructed to finish the work by {date}. We are monitoring it.",
        "The charges have been recalculated; the overcharged amount will be credited on next month's bill.",
        "The problem has been solved and the service restored. We apologise for the inconvenience.",
        "A positive decision has been taken on your application. The documents can be collected until {date}.",
        "Your thanks have been passed on to the team. Thank you for your feedback.",
        "The data you asked for has been published on the open data portal; the link is attached.",
    ],
];

const PARTLY: [[&str; 10]; 3] = [
    [
        "Өтінішіңіз ішінара қанағаттандырылды: шұғыл жөндеу жұмыстары жүргізілді, ал күрделі жөндеу келесі жылғы бюджетке ұсынылды.",
        "Көтерілген мәселенің бір бөлігі шешілді. Қалған бөлігі бойынша қаржыландыру көзі анықталғаннан кейін шешім қабылданады.",
        "Сұралған ақпараттың бір бөлігі беріліп отыр; қалған мәліметтер дербес деректерге жатады және берілмейді.",
        "Ұсынысыңыз ішінара ескерілді: жұмыс жоспарына енгізілді, бірақ орындау мерзімі келесі жылы нақтыланады.",
        "Тексеру барысында сіз көрсеткен фактілердің бір бөлігі расталды және тиісті шаралар қабылданды. Қалған фактілер расталмады.",
        "Қайта есептеу ішінара жүргізілді: нормативтен тыс есептелген сома алынып тасталды, қалған сома заңға сәйкес есептелген.",
        "Уақытша шешім ретінде қосымша рейстер енгізілді; кестені толық өзгерту жолаушылар ағынын зерттегеннен кейін қаралады.",
        "Кезектегі орныңыз туралы ақпарат берілді. Тұрғын үйді кезектен тыс беру заңда көзделмегендіктен, бұл бөлігінде өтініш қанағаттандырылмады.",
        "Аумақты тазалау жұмыстары жүргізілді. Жаңа жабдық орнату келесі жылғы бюджетті қалыптастыру кезінде қаралады.",
        "Мәселе жергілікті атқарушы органмен бірлесіп қаралды; шаралардың бір бөлігі {date} дейін орындалады.",
    ],
    [
        "Ваше обращение удовлетворено частично: проведён текущий ремонт, а капитальный ремонт предложен к включению в бюджет следующего года.",
        "Часть поставленного вопроса решена. По остальной части решение будет принято после определения источника финансирования.",
        "Часть запрошенной информации предоставлена; остальные сведения относятся к персональным данным и предоставлены быть не могут.",
        "Ваше предложение учтено частично: оно включено в план работ, но срок исполнения будет уточнён в следующем году.",
        "В ходе проверки часть указанных вами фактов подтвердилась, приняты соответствующие меры. Остальные факты не подтвердились.",
        "Перерасчёт произведён частично: сумма, начисленная сверх норматива, снята, остальная сумма начислена правомерно.",
        "В качестве временной меры введены дополнительные рейсы; полное изменение расписания будет рассмотрено после обследования пассажиропотока.",
        "Вам сообщено ваше место в очереди. Внеочередное предоставление жилья законом не предусмотрено, в этой части обращение не удовлетворено.",
        "Уборка территории проведена. Установка нового оборудования будет рассмотрена при формировании бюджета следующего года.",
        "Вопрос рассмотрен совместно с местным исполнительным органом; часть мер будет выполнена до {date}.",
    ],
    [
        "Your appeal is partly granted: urgent repairs have been carried out and a major repair has been proposed for next year's budget.",
        "Part of the issue has been resolved. A decision on the rest will be taken once a source of funding is found.",
        "Part of the information is provided; the rest is personal data and cannot be disclosed.",
        "Your proposal is partly taken into account: it is in the work plan, but the deadline will be set next year.",
        "Our inspection confirmed some of the facts you reported and action has been taken. The other facts were not confirmed.",
        "The charges were partly recalculated: the amount above the standard rate was removed; the rest was charged lawfully.",
        "Extra buses have been added as a temporary measure; a new timetable will be considered after a passenger survey.",
        "You have been told your place in the queue. Housing out of turn is not provided for by law, so this part of the request is refused.",
        "The area has been cleaned up. New equipment will be considered when next year's budget is drawn up.",
        "The matter was considered together with the local executive body; some of the measures will be completed by {date}.",
    ],
];

const REFUSED: [[&str; 10]; 3] = [
    [
        "Өтінішіңіз қаралды. Көтерілген мәселе бойынша заң бұзушылықтар анықталмады, сондықтан өтініш қанағаттандырылмады.",
        "Сұралған төлемді тағайындауға негіз жоқ: отбасының табысы белгіленген шектен асады.",
        "Ұсынылып отырған жұмыстар ағымдағы жылдың бюджетінде көзделмеген, сондықтан өтініш қанағаттандырылмады.",
        "Сұралған мәліметтер заңмен қорғалатын құпияға жатады және берілмейді.",
        "Тексеру барысында өтініште көрсетілген фактілер расталмады.",
        "Жер учаскесі жеке меншікте болғандықтан, онда жұмыс жүргізу әкімдіктің құзыретіне жатпайды.",
        "Қайта есептеуге негіз жоқ: төлем бекітілген тарифтер мен нормативтерге сәйкес есептелген.",
        "Өтінішке қажетті құжаттар қоса берілмеген. Құжаттарды толық жинап, қайта жүгінуге болады.",
        "Ұсыныс қолданыстағы заңнамаға қайшы келетіндіктен қолдау таппады.",
        "Осындай мәселе бойынша сізге бұрын жауап берілген, жаңа дәлелдер келтірілмеген.",
    ],
    [
        "Ваше обращение рассмотрено. Нарушений законодательства по поставленному вопросу не выявлено, в связи с чем обращение не удовлетворено.",
        "Оснований для назначения запрашиваемой выплаты нет: доход семьи превышает установленный порог.",
        "Предлагаемые работы не предусмотрены бюджетом текущего года, в связи с чем обращение не удовлетворено.",
        "Запрошенные сведения составляют охраняемую законом тайну и не предоставляются.",
        "В ходе проверки изложенные в обращении факты не подтвердились.",
        "Земельный участок находится в частной собственности, проведение работ на нём не относится к компетенции акимата.",
        "Оснований для перерасчёта нет: начисление произведено по утверждённым тарифам и нормативам.",
        "К обращению не приложены необходимые документы. Вы можете обратиться повторно с полным пакетом документов.",
        "Предложение не поддержано, так как противоречит действующему законодательству.",
        "По аналогичному вопросу вам ранее был дан ответ, новых доводов в обращении не приведено.",
    ],
    [
        "Your appeal has been considered. No breach of the law was found, so the appeal is not granted.",
        "There are no grounds for the payment requested: the family's income is above the threshold.",
        "The work proposed is not in this year's budget, so the request cannot be granted.",
        "The information requested is a secret protected by law and cannot be disclosed.",
        "Our inspection did not confirm the facts stated in the appeal.",
        "The land is privately owned; work on it is outside the akimat's competence.",
        "There are no grounds for recalculation: the charges follow the approved tariffs and standards.",
        "The required documents were not attached. You may apply again with the full set of documents.",
        "The proposal is not supported because it contradicts the law in force.",
        "You were already answered on the same matter and the appeal raises no new arguments.",
    ],
];

const HOW_TO_APPEAL: [[&str; 3]; 3] = [
    [
        "Бұл шешімге Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексіне сәйкес жоғары тұрған органға немесе сотқа шағымдана аласыз.",
        "Жауаппен келіспесеңіз, оны алған күннен бастап үш ай ішінде жоғары тұрған органға шағым бере аласыз.",
        "Шешімге осы портал арқылы жоғары тұрған органға немесе сот тәртібімен шағымдануға құқығыңыз бар.",
    ],
    [
        "Вы вправе обжаловать это решение в вышестоящем органе или в суде в порядке, установленном Административным процедурно-процессуальным кодексом Республики Казахстан.",
        "В случае несогласия с ответом вы можете подать жалобу в вышестоящий орган в течение трёх месяцев со дня его получения.",
        "Решение может быть обжаловано в вышестоящий орган через этот портал или в судебном порядке.",
    ],
    [
        "You may appeal this decision to the superior body or to a court under the Administrative Procedure Code of the Republic of Kazakhstan.",
        "If you disagree with this answer, you may complain to the superior body within three months of receiving it.",
        "The decision can be appealed to the superior body through this portal or in court.",
    ],
];

const EXTENSION_REASONS: [[&str; 4]; 3] = [
    [
        "Мәселені шешу үшін басқа мемлекеттік органдардан мәліметтер сұрату қажет.",
        "Орнына шығып тексеру жүргізу және мердігер ұйымның қорытындысын алу қажет.",
        "Қарау мерзімінен ұзақ уақыт алатын сараптама жүргізу қажет.",
        "Мәселе бірнеше ведомствоның құзыретіне жатады, келісу қажет.",
    ],
    [
        "Для решения вопроса необходимо запросить сведения у других государственных органов.",
        "Необходимо провести выездную проверку и получить заключение подрядной организации.",
        "Требуется экспертиза, срок проведения которой превышает срок рассмотрения.",
        "Вопрос затрагивает компетенцию нескольких ведомств, требуется согласование.",
    ],
    [
        "Information has to be requested from other state bodies.",
        "An on-site inspection and the contractor's report are needed.",
        "An expert examination is needed that takes longer than the period for the answer.",
        "The matter involves several agencies and needs to be agreed between them.",
    ],
];

const REDIRECT_REASONS: [[&str; 3]; 3] = [
    [
        "Мәселе органның құзыретіне жатпайды, өтініш уәкілетті органға жіберілді.",
        "Көтерілген мәселені шешу ведомстволық бағынысты органның құзыретіне жатады.",
        "Өтініш мәні бойынша қарау үшін тиесілілігі бойынша жіберілді.",
    ],
    [
        "Вопрос не относится к компетенции органа, обращение направлено в уполномоченный орган.",
        "Решение поставленного вопроса относится к компетенции подведомственного органа.",
        "Обращение направлено по принадлежности для рассмотрения по существу.",
    ],
    [
        "The matter is outside this body's competence; the appeal is forwarded to the competent body.",
        "The issue raised is for the subordinate body to decide.",
        "The appeal is forwarded to the body it belongs to, to be considered on the merits.",
    ],
];

/// Rating comments: good (4–5), middling (3), bad (1–2), per language.
const RATING_COMMENTS: [[[&str; 3]; 3]; 3] = [
    [
        [
            "Тез әрі нақты жауап берілді, рақмет!",
            "Мәселе шынымен шешілді.",
            "Жауап түсінікті, мерзімінде келді.",
        ],
        [
            "Жауап келді, бірақ жұмыстар әлі басталған жоқ.",
            "Ішінара ғана шешілді.",
            "Жауап түсінікті, бірақ тым жалпы.",
        ],
        [
            "Жауап формалды, мәселе шешілмеді.",
            "Жауап кешігіп келді және сұрағыма жауап бермейді.",
            "Ешкім хабарласқан жоқ, жауап жалпылама.",
        ],
    ],
    [
        [
            "Ответили быстро и по существу, спасибо!",
            "Проблема действительно решена.",
            "Ответ понятный, пришёл вовремя.",
        ],
        [
            "Ответ пришёл, но работы так и не начались.",
            "Решено только частично.",
            "Ответ понятный, но слишком общий.",
        ],
        [
            "Отписка, проблема не решена.",
            "Ответ пришёл с опозданием и не отвечает на мой вопрос.",
            "Со мной никто не связался, ответ общими словами.",
        ],
    ],
    [
        [
            "Quick and to the point, thank you!",
            "The problem really was fixed.",
            "Clear answer, and on time.",
        ],
        [
            "I got an answer, but the work has not started.",
            "Only partly solved.",
            "Clear, but too general.",
        ],
        [
            "A formal reply; nothing was solved.",
            "The answer came late and does not address my question.",
            "Nobody contacted me; the answer is vague.",
        ],
    ],
];

const COMPLAINT_TEXTS: [[&str; 4]; 3] = [
    [
        "Жауаппен келіспеймін: жауапта көрсетілген жұмыстар іс жүзінде орындалған жоқ. Өтінішімді мәні бойынша қайта қарауды сұраймын.",
        "Жауапта менің дәлелдерім ескерілмеген, бас тарту себебі негізсіз. Шешімнің заңдылығын тексеруіңізді сұраймын.",
        "Берілген жауап формалды, нақты сұрақтарыма жауап жоқ. Жоғары тұрған органның араласуын сұраймын.",
        "Жауапта уәде етілген мерзім өтіп кетті, бірақ ештеңе өзгерген жоқ. Шара қолдануыңызды сұраймын.",
    ],
    [
        "Не согласен с ответом: указанные в нём работы фактически не выполнены. Прошу пересмотреть моё обращение по существу.",
        "В ответе не учтены мои доводы, причина отказа необоснованна. Прошу проверить законность решения.",
        "Ответ носит формальный характер, на мои конкретные вопросы ответа нет. Прошу вмешательства вышестоящего органа.",
        "Обещанный в ответе срок прошёл, но ничего не изменилось. Прошу принять меры.",
    ],
    [
        "I disagree with the answer: the work it describes has not actually been done. Please review my appeal on the merits.",
        "The answer ignores my arguments and the refusal has no proper grounds. Please check whether the decision is lawful.",
        "The answer is a formality and does not address my specific questions. I ask the superior body to step in.",
        "The deadline promised in the answer has passed and nothing has changed. Please take action.",
    ],
];

/// Streets found in most Kazakh cities: Kazakh, Russian (nominative), English.
const STREETS: [[&str; 3]; 12] = [
    ["Абай даңғылы", "проспект Абая", "Abai Avenue"],
    ["Сарыарқа даңғылы", "проспект Сарыарка", "Saryarka Avenue"],
    ["Кенесары көшесі", "улица Кенесары", "Kenesary Street"],
    ["Төле би көшесі", "улица Толе би", "Tole Bi Street"],
    ["Сәтбаев көшесі", "улица Сатпаева", "Satbayev Street"],
    ["Жамбыл көшесі", "улица Жамбыла", "Zhambyl Street"],
    [
        "Республика даңғылы",
        "проспект Республики",
        "Respublika Avenue",
    ],
    [
        "Тәуке хан даңғылы",
        "проспект Тауке хана",
        "Tauke Khan Avenue",
    ],
    [
        "Бейбітшілік көшесі",
        "улица Бейбитшилик",
        "Beibitshilik Street",
    ],
    [
        "Қабанбай батыр даңғылы",
        "проспект Кабанбай батыра",
        "Kabanbay Batyr Avenue",
    ],
    [
        "Бұқар жырау даңғылы",
        "проспект Бухар жырау",
        "Bukhar Zhyrau Avenue",
    ],
    [
        "Наурызбай батыр көшесі",
        "улица Наурызбай батыра",
        "Nauryzbay Batyr Street",
    ],
];

/// Cities where akimats' appeals carry an address: names and the centre's coordinates.
const CITIES: [([&str; 3], (f64, f64)); 5] = [
    (["Астана қ.", "г. Астана", "Astana"], (51.1282, 71.4304)),
    (["Алматы қ.", "г. Алматы", "Almaty"], (43.2380, 76.9450)),
    (["Шымкент қ.", "г. Шымкент", "Shymkent"], (42.3155, 69.5869)),
    (
        ["Қарағанды қ.", "г. Караганда", "Karaganda"],
        (49.8060, 73.0850),
    ),
    (
        ["Көкшетау қ.", "г. Кокшетау", "Kokshetau"],
        (53.2836, 69.3961),
    ),
];

/// The city of an akimat of a city or of a city's district.
fn city_of(code: &str, kind: BodyKind) -> Option<usize> {
    if !matches!(kind, BodyKind::City | BodyKind::District) {
        return None;
    }
    [
        ("ASTANA", 0),
        ("ALMATY", 1),
        ("SHYMKENT", 2),
        ("KARAGANDA_CITY", 3),
        ("AKMOLA_KOKSHETAU", 4),
    ]
    .into_iter()
    .find(|(prefix, _)| code.starts_with(prefix))
    .map(|(_, i)| i)
}

/// Answer templates for the officials' workspace: (body code, title, text).
const WORKSPACE_TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "ASTANA",
        "Жұмыстар жоспарға енгізілді",
        "Көтерілген мәселе негізді деп танылды. Жұмыстар ағымдағы жылдың жоспарына енгізілді, орындалу мерзімі туралы қосымша хабарланады.",
    ),
    (
        "ASTANA",
        "Работы включены в план",
        "Поставленный вопрос признан обоснованным. Работы включены в план текущего года, о сроках выполнения будет сообщено дополнительно.",
    ),
    (
        "ASTANA",
        "Нарушений не выявлено",
        "В ходе выездной проверки изложенные в обращении факты не подтвердились. Вы вправе обжаловать это решение в вышестоящем органе или в суде.",
    ),
    (
        "MF_SRC",
        "Перерасчёт произведён",
        "По результатам проверки произведён перерасчёт налога. Уточнённое уведомление направлено в ваш кабинет налогоплательщика.",
    ),
    (
        "MF_SRC",
        "Қайта есептеу жүргізілді",
        "Тексеру нәтижесі бойынша салық қайта есептелді. Нақтыланған хабарлама салық төлеушінің кабинетіне жіберілді.",
    ),
    (
        "MF_SRC",
        "Tax refund processed",
        "The overpaid tax has been refunded to the bank account given in your application.",
    ),
    (
        "MH",
        "Лекарство поступило",
        "Лекарственное средство поступило в аптеку по месту прикрепления. Вы можете получить его по рецепту участкового врача.",
    ),
    (
        "MH",
        "Дәрі түсті",
        "Дәрілік зат тіркелген жеріңіздегі дәріханаға түсті. Оны учаскелік дәрігердің рецепті бойынша алуға болады.",
    ),
];
