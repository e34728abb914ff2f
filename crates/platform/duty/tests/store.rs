//! Obligations survive a round trip through the database on both backends, and overdue ones
//! are found when the clock passes their deadline.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use opengov_duty::store::{self, Subject};
use opengov_duty::{Kind, Obligation, Outcome, Rules, State};
use opengov_kernel::{Ts, WorkCalendar};
use opengov_test_support::TestApp;

type R = Result<(), Box<dyn std::error::Error>>;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

fn subject(id: &str) -> Subject {
    Subject {
        kind: "appeal".to_owned(),
        id: id.to_owned(),
    }
}

#[tokio::test]
async fn an_obligation_round_trips_with_extensions_and_outcome() -> R {
    let app = TestApp::spawn().await;
    let body = app
        .create_body("MF", "Қаржы", "Финансы", "Finance", None)
        .await;
    let head = app.create_user("head@example.kz", "Head", &[]).await;
    let (cal, rules) = (WorkCalendar::builtin("KZ")?, Rules::default());
    let mut o = Obligation::register(
        &cal,
        &rules,
        body,
        Kind::Application,
        at("2026-03-01T10:00:00Z"),
    );
    let mut tx = app.db().begin().await?;
    let id = store::insert(
        &mut tx,
        &cal,
        app.state.now(),
        &o,
        &subject("MF-2026-000001"),
        None,
    )
    .await?;
    tx.commit().await?;

    let mut tx = app.db().begin().await?;
    let loaded = store::load(&mut tx, id).await?.ok_or("missing")?;
    assert_eq!(loaded, o);
    let until = NaiveDate::from_ymd_opt(2026, 4, 24).ok_or("date")?;
    o.extend(
        &cal,
        &rules,
        at("2026-03-20T05:00:00Z"),
        head,
        until,
        "expert opinion needed",
    )?;
    store::save(&mut tx, &cal, id, &o).await?;
    tx.commit().await?;

    let mut tx = app.db().begin().await?;
    let mut loaded = store::load(&mut tx, id).await?.ok_or("missing")?;
    assert_eq!(loaded.extensions.len(), 1);
    assert_eq!(loaded.due_on, until);
    loaded.answer(at("2026-04-20T06:00:00Z"), Outcome::PartlySatisfied)?;
    store::save(&mut tx, &cal, id, &loaded).await?;
    tx.commit().await?;

    let mut tx = app.db().begin().await?;
    let again = store::load(&mut tx, id).await?.ok_or("missing")?;
    assert_eq!(
        again.state,
        State::Answered {
            at: at("2026-04-20T06:00:00Z"),
            outcome: Outcome::PartlySatisfied
        }
    );
    assert_eq!(
        again.extensions.len(),
        1,
        "saving again does not duplicate extensions"
    );
    assert_eq!(
        again
            .facts(&cal, at("2026-05-01T00:00:00Z"))
            .answered_on_time,
        Some(true)
    );
    assert!(store::load(&mut tx, id + 1000).await?.is_none());
    Ok(())
}

#[tokio::test]
async fn overdue_obligations_are_found_when_the_clock_passes_the_deadline() -> R {
    let app = TestApp::spawn().await;
    let a = app
        .create_body("MF", "Қаржы", "Финансы", "Finance", None)
        .await;
    let b = app
        .create_body("MH", "Денсаулық", "Здравоохранение", "Health", None)
        .await;
    let (cal, rules) = (WorkCalendar::builtin("KZ")?, Rules::default());
    let received = app.state.clock.now();
    let mut ids = Vec::new();
    let mut tx = app.db().begin().await?;
    for (i, owner) in [a, a, b].into_iter().enumerate() {
        let o = Obligation::register(&cal, &rules, owner, Kind::Complaint, received);
        ids.push(
            store::insert(
                &mut tx,
                &cal,
                app.state.now(),
                &o,
                &subject(&i.to_string()),
                None,
            )
            .await?,
        );
    }
    tx.commit().await?;
    assert!(
        store::overdue(app.db(), app.state.now(), None, 100)
            .await?
            .is_empty()
    );
    // One of body A's is answered in time.
    let mut tx = app.db().begin().await?;
    let mut first = store::load(&mut tx, ids[0]).await?.ok_or("missing")?;
    first.answer(received + Duration::days(2), Outcome::Satisfied)?;
    store::save(&mut tx, &cal, ids[0], &first).await?;
    tx.commit().await?;
    app.clock.advance(Duration::days(40));
    let now = Ts(app.state.clock.now());
    let all = store::overdue(app.db(), now, None, 100).await?;
    assert_eq!(all, vec![(ids[1], a), (ids[2], b)]);
    assert_eq!(
        store::overdue(app.db(), now, Some(b), 100).await?,
        vec![(ids[2], b)]
    );
    Ok(())
}
