//! The demo catalogue: datasets with realistic trilingual metadata for every demo body,
//! reproducible (seeded), dated over the last two years and recorded in the audit chain in the
//! name of the body's demo publisher. The chain's entries carry the time of seeding (a chain
//! whose time went backwards would look tampered with). Most datasets are published; some are
//! drafts, withdrawn (with the reason) or private.

use chrono::{DateTime, Duration, Utc};
use opengov_audit::{Actor, Event};
use opengov_kernel::{LocalizedText, Ts, db_run, tx_run};
use opengov_web::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::domain::{DatasetInput, State};
use crate::store;

/// A kind of dataset: name stem, titles, themes, keywords, frequency.
struct Topic {
    stem: &'static str,
    kk: &'static str,
    ru: &'static str,
    en: &'static str,
    about_ru: &'static str,
    about_en: &'static str,
    themes: &'static [&'static str],
    keywords: &'static [&'static str],
    frequency: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        stem: "schools",
        kk: "Жалпы білім беретін мектептер тізімі",
        ru: "Перечень общеобразовательных школ",
        en: "General education schools",
        about_ru: "Адрес, язык обучения, число учащихся и мест по каждой школе.",
        about_en: "Address, language of instruction, pupils and places for each school.",
        themes: &["EDUC"],
        keywords: &["мектеп", "школа", "school"],
        frequency: "ANNUAL",
    },
    Topic {
        stem: "kindergartens",
        kk: "Балабақшалар және оларға кезек",
        ru: "Детские сады и очередь в них",
        en: "Kindergartens and waiting lists",
        about_ru: "Государственные и частные детские сады, места и очередь по возрастам.",
        about_en: "Public and private kindergartens, places and waiting lists by age.",
        themes: &["EDUC", "SOCI"],
        keywords: &["балабақша", "детский сад", "kindergarten"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "clinics",
        kk: "Емханалар мен ауруханалар",
        ru: "Поликлиники и больницы",
        en: "Clinics and hospitals",
        about_ru: "Медицинские организации: адреса, профиль, число коек и прикреплённого населения.",
        about_en: "Medical organisations: addresses, profile, beds and attached population.",
        themes: &["HEAL"],
        keywords: &["емхана", "поликлиника", "clinic"],
        frequency: "QUARTERLY",
    },
    Topic {
        stem: "pharmacies",
        kk: "Дәріханалар тізілімі",
        ru: "Реестр аптек",
        en: "Register of pharmacies",
        about_ru: "Аптеки и аптечные пункты с лицензиями и часами работы.",
        about_en: "Pharmacies with licences and opening hours.",
        themes: &["HEAL"],
        keywords: &["дәріхана", "аптека", "pharmacy"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "budget-execution",
        kk: "Бюджеттің атқарылуы",
        ru: "Исполнение бюджета",
        en: "Budget execution",
        about_ru: "План, уточнённый план и исполнение по программам и экономической классификации.",
        about_en: "Plan, revised plan and execution by programme and economic class.",
        themes: &["ECON", "GOVE"],
        keywords: &["бюджет", "budget", "расходы"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "procurement",
        kk: "Мемлекеттік сатып алулар жоспары",
        ru: "План государственных закупок",
        en: "Public procurement plan",
        about_ru: "Закупки товаров, работ и услуг: предмет, способ, сумма, срок.",
        about_en: "Procurement of goods, works and services: subject, method, amount, date.",
        themes: &["ECON", "GOVE"],
        keywords: &["сатып алу", "госзакупки", "procurement"],
        frequency: "QUARTERLY",
    },
    Topic {
        stem: "air-quality",
        kk: "Атмосфералық ауа сапасы",
        ru: "Качество атмосферного воздуха",
        en: "Air quality",
        about_ru: "Концентрации PM2.5, PM10, NO2 и SO2 по постам наблюдения.",
        about_en: "PM2.5, PM10, NO2 and SO2 concentrations by monitoring station.",
        themes: &["ENVI", "HEAL"],
        keywords: &["ауа", "воздух", "air quality", "PM2.5"],
        frequency: "DAILY",
    },
    Topic {
        stem: "bus-routes",
        kk: "Қоғамдық көлік бағыттары",
        ru: "Маршруты общественного транспорта",
        en: "Public transport routes",
        about_ru: "Маршруты, остановки, интервалы и перевозчики.",
        about_en: "Routes, stops, headways and operators.",
        themes: &["TRAN", "REGI"],
        keywords: &["автобус", "маршрут", "bus"],
        frequency: "QUARTERLY",
    },
    Topic {
        stem: "road-repairs",
        kk: "Жолдарды жөндеу",
        ru: "Ремонт дорог",
        en: "Road repairs",
        about_ru: "Участки дорог в ремонте: подрядчик, сроки, сумма контракта.",
        about_en: "Road sections under repair: contractor, dates, contract amount.",
        themes: &["TRAN", "ECON"],
        keywords: &["жол", "дороги", "roads"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "population",
        kk: "Халық саны",
        ru: "Численность населения",
        en: "Population",
        about_ru: "Численность населения по полу, возрасту и населённым пунктам.",
        about_en: "Population by sex, age and settlement.",
        themes: &["SOCI", "REGI"],
        keywords: &["халық", "население", "population"],
        frequency: "ANNUAL",
    },
    Topic {
        stem: "social-benefits",
        kk: "Әлеуметтік төлемдер",
        ru: "Социальные выплаты",
        en: "Social benefits",
        about_ru: "Получатели и суммы адресной социальной помощи по месяцам.",
        about_en: "Recipients and amounts of targeted social assistance by month.",
        themes: &["SOCI", "ECON"],
        keywords: &["жәрдемақы", "пособия", "benefits"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "appeals-statistics",
        kk: "Өтініштерді қарау статистикасы",
        ru: "Статистика рассмотрения обращений",
        en: "Statistics of appeals",
        about_ru: "Поступило, рассмотрено, в срок — по месяцам.",
        about_en: "Received, answered, on time, by month.",
        themes: &["GOVE"],
        keywords: &["өтініш", "обращения", "appeals"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "licences-issued",
        kk: "Берілген лицензиялар мен рұқсаттар",
        ru: "Выданные лицензии и разрешения",
        en: "Licences and permits issued",
        about_ru: "Лицензии и разрешения: вид, дата, срок действия.",
        about_en: "Licences and permits: type, date, validity.",
        themes: &["ECON", "JUST"],
        keywords: &["лицензия", "разрешение", "licence"],
        frequency: "MONTHLY",
    },
    Topic {
        stem: "water-supply",
        kk: "Сумен жабдықтау",
        ru: "Водоснабжение",
        en: "Water supply",
        about_ru: "Охват централизованным водоснабжением по населённым пунктам.",
        about_en: "Coverage of central water supply by settlement.",
        themes: &["ENVI", "REGI"],
        keywords: &["су", "вода", "water"],
        frequency: "ANNUAL",
    },
    Topic {
        stem: "sports-facilities",
        kk: "Спорт нысандары",
        ru: "Спортивные объекты",
        en: "Sports facilities",
        about_ru: "Стадионы, залы и площадки с адресами и часами работы.",
        about_en: "Stadiums, halls and grounds with addresses and opening hours.",
        themes: &["EDUC"],
        keywords: &["спорт", "sport"],
        frequency: "ANNUAL",
    },
    Topic {
        stem: "energy-tariffs",
        kk: "Коммуналдық қызметтер тарифтері",
        ru: "Тарифы на коммунальные услуги",
        en: "Utility tariffs",
        about_ru: "Тарифы на электроэнергию, тепло и воду по поставщикам.",
        about_en: "Electricity, heat and water tariffs by supplier.",
        themes: &["ENER", "ECON"],
        keywords: &["тариф", "коммунальные", "tariff"],
        frequency: "IRREG",
    },
];

/// The topic stem of a demo dataset's name (`schools-mon` → `schools`).
#[must_use]
pub fn stem_of(name: &str) -> &str {
    TOPICS
        .iter()
        .filter(|t| name.starts_with(t.stem) && name[t.stem.len()..].starts_with('-'))
        .map(|t| t.stem)
        .max_by_key(|s| s.len())
        .unwrap_or("")
}

/// Creates the demo datasets when the catalogue is empty; returns how many there are.
pub async fn seed(state: &AppState, now: DateTime<Utc>) -> Result<usize, opengov_kernel::DbError> {
    let existing: i64 = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM datasets"
    )
    .fetch_one(c)
    .await)?;
    if existing > 0 {
        return Ok(usize::try_from(existing).unwrap_or(0));
    }
    let bodies: Vec<(i64, String, String, String, String)> =
        db_run!(&state.db, |c| sqlx::query_as(
            "SELECT id, slug, name_kk, name_ru, name_en FROM bodies WHERE active ORDER BY id"
        )
        .fetch_all(c)
        .await)?;
    let publishers: Vec<(String, i64, String)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT email_key, id, display_name FROM users WHERE email_key LIKE 'publisher.%' ORDER BY id"
    )
    .fetch_all(c)
    .await
    })?;
    let mut rng = StdRng::seed_from_u64(3_2026);
    let mut made = 0usize;
    let seeded = Ts::from(now);
    let mut tx = state.db.begin().await?;
    for (i, (body_id, slug, kk, ru, en)) in bodies.iter().enumerate() {
        let actor = publishers
            .iter()
            .find(|(email, _, _)| email.starts_with(&format!("publisher.{slug}@")))
            .map_or_else(Actor::system, |(_, id, name)| Actor::official(*id, name));
        let count = 4 + (i % 3);
        for k in 0..count {
            let topic = &TOPICS[(i * 5 + k * 3) % TOPICS.len()];
            let created = now
                - Duration::days(rng.gen_range(30..730))
                - Duration::minutes(rng.gen_range(0..1440));
            let start_year = 2026 - rng.gen_range(0..6);
            let input = DatasetInput {
                name: format!("{}-{slug}", topic.stem),
                body_id: *body_id,
                title: LocalizedText::new(
                    format!("{} — {kk}", topic.kk),
                    format!("{} — {ru}", topic.ru),
                    format!("{} — {en}", topic.en),
                ),
                description: LocalizedText::new(
                    String::new(),
                    topic.about_ru.to_owned(),
                    topic.about_en.to_owned(),
                ),
                themes: topic.themes.to_vec(),
                keywords: topic.keywords.iter().map(|k| (*k).to_owned()).collect(),
                licence: [
                    "CC-BY-4.0",
                    "CC-BY-4.0",
                    "national-open-1.0",
                    "CC0-1.0",
                    "ODbL-1.0",
                ][rng.gen_range(0..5)],
                frequency: topic.frequency,
                temporal: (chrono::NaiveDate::from_ymd_opt(start_year, 1, 1), None),
                spatial: ru.clone(),
                contact_name: String::new(),
                contact_email: format!("opendata@{slug}.gov.kz"),
                private: rng.gen_bool(0.02),
            };
            let at = Ts::from(created);
            let id = store::insert(&mut tx, &input, at).await?;
            opengov_audit::append(
                &mut tx,
                seeded,
                &actor,
                Event::new("dataset.created", "dataset", id)
                    .body(Some(*body_id))
                    .data(json!({ "name": input.name })),
            )
            .await?;
            let roll: f64 = rng.gen_range(0.0..1.0);
            let published_at = Ts::from(created + Duration::days(rng.gen_range(1..20)));
            if roll < 0.93 {
                store::set_state(&mut tx, id, State::Published, "", published_at).await?;
                opengov_audit::append(
                    &mut tx,
                    seeded,
                    &actor,
                    Event::new("dataset.published", "dataset", id)
                        .body(Some(*body_id))
                        .data(json!({ "name": input.name, "reason": "" })),
                )
                .await?;
                if roll > 0.90 {
                    let reason = "Заменён новым набором с расширенным составом полей.";
                    let at = Ts::from(published_at.0 + Duration::days(rng.gen_range(30..200)));
                    store::set_state(&mut tx, id, State::Withdrawn, reason, at).await?;
                    opengov_audit::append(
                        &mut tx,
                        seeded,
                        &actor,
                        Event::new("dataset.withdrawn", "dataset", id)
                            .body(Some(*body_id))
                            .data(json!({ "name": input.name, "reason": reason })),
                    )
                    .await?;
                }
            }
            made += 1;
            // Most datasets are on the body's approved list; the due date falls before or
            // after the first publication, so some are late.
            if k < 3 {
                let due = (created + Duration::days(rng.gen_range(-10..25))).date_naive();
                tx_run!(&mut tx, |c| {
                    sqlx::query(
                    "INSERT INTO publication_plans (body_id, title_kk, title_ru, title_en, frequency, due_on, dataset_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                )
                .bind(*body_id)
                .bind(&input.title.kk)
                .bind(&input.title.ru)
                .bind(&input.title.en)
                .bind(input.frequency)
                .bind(due.format("%Y-%m-%d").to_string())
                .bind(id)
                .bind(seeded)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected())
                })?;
            }
        }
        // And one promised dataset that was never published.
        let topic = &TOPICS[(i * 7 + 1) % TOPICS.len()];
        let due = (now - Duration::days(rng.gen_range(10..200))).date_naive();
        tx_run!(&mut tx, |c| {
            sqlx::query(
            "INSERT INTO publication_plans (body_id, title_kk, title_ru, title_en, frequency, due_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(*body_id)
        .bind(format!("{} — {kk}", topic.kk))
        .bind(format!("{} — {ru}", topic.ru))
        .bind(format!("{} — {en}", topic.en))
        .bind(topic.frequency)
        .bind(due.format("%Y-%m-%d").to_string())
        .bind(seeded)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    tx.commit().await?;
    Ok(made)
}
