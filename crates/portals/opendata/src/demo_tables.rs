//! The demo's tables: every published demo dataset gets a CSV generated from a fixed seed
//! (schools, clinics, budget lines, air quality, transport, population), so the same demo
//! always has the same data; one air-quality dataset also gets a year of hourly measurements
//! from every station (1,000,000 rows by default) to show the datastore at scale. Each file goes
//! through storage and the datastore's load job like any upload.

use std::fmt::Write as _;
use std::io::Write as _;

use bytes::Bytes;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use opengov_kernel::{Ts, db_run};
use opengov_web::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DISTRICTS: [&str; 12] = [
    "Алмалинский",
    "Ауэзовский",
    "Бостандыкский",
    "Жетысуский",
    "Медеуский",
    "Наурызбайский",
    "Турксибский",
    "Алатауский",
    "Есильский",
    "Сарыаркинский",
    "Байконурский",
    "Алматинский",
];
const STREETS: [&str; 10] = [
    "ул. Абая",
    "пр. Достык",
    "ул. Толе би",
    "ул. Сатпаева",
    "пр. Республики",
    "ул. Кенесары",
    "ул. Жандосова",
    "пр. Аль-Фараби",
    "ул. Байтурсынова",
    "ул. Муканова",
];
const CITIES: [&str; 6] = [
    "Алматы",
    "Астана",
    "Шымкент",
    "Караганда",
    "Актобе",
    "Усть-Каменогорск",
];

/// A generated table: file name, resource name and CSV bytes.
struct Generated {
    filename: String,
    name: String,
    csv: Vec<u8>,
}

fn line(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', '\n']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push('\n');
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// The table of a dataset by its topic (the dataset name's stem), or none.
fn generate(stem: &str, city: &str, rng: &mut StdRng) -> Option<Generated> {
    let mut out = String::new();
    let (filename, name) = match stem {
        "schools" | "kindergartens" | "sports-facilities" => {
            let rows = rng.gen_range(40..220);
            line(
                &mut out,
                &[
                    "Название",
                    "Район",
                    "Адрес",
                    "Язык обучения",
                    "Учащихся",
                    "Мест",
                    "Год постройки",
                    "Аккредитация",
                    "Широта",
                    "Долгота",
                ]
                .map(str::to_owned),
            );
            let kind = match stem {
                "schools" => "Школа-гимназия №",
                "kindergartens" => "Детский сад №",
                _ => "Спортивный комплекс №",
            };
            for n in 1..=rows {
                let places = rng.gen_range(8..40) * 30;
                line(
                    &mut out,
                    &[
                        format!("{kind}{n}"),
                        pick(rng, &DISTRICTS).to_owned(),
                        format!("{}, {}", pick(rng, &STREETS), rng.gen_range(1..300)),
                        pick(
                            rng,
                            &[
                                "казахский",
                                "русский",
                                "смешанный",
                                "казахский",
                                "английский",
                            ],
                        )
                        .to_owned(),
                        (places * rng.gen_range(70..125) / 100).to_string(),
                        places.to_string(),
                        rng.gen_range(1936..2025).to_string(),
                        pick(rng, &["да", "да", "нет"]).to_owned(),
                        format!("{:.6}", 43.2 + rng.gen_range(0.0..0.2)),
                        format!("{:.6}", 76.8 + rng.gen_range(0.0..0.2)),
                    ],
                );
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
        "clinics" | "pharmacies" => {
            let rows = rng.gen_range(30..160);
            line(
                &mut out,
                &[
                    "Наименование",
                    "Район",
                    "Адрес",
                    "Профиль",
                    "Коек",
                    "Прикреплено жителей",
                    "Дата открытия",
                    "Телефон",
                ]
                .map(str::to_owned),
            );
            for n in 1..=rows {
                let opened = NaiveDate::from_ymd_opt(
                    rng.gen_range(1960..2025),
                    rng.gen_range(1..13),
                    rng.gen_range(1..29),
                )
                .map_or_else(String::new, |d| d.format("%d.%m.%Y").to_string());
                line(
                    &mut out,
                    &[
                        format!(
                            "{} №{n}",
                            if stem == "clinics" {
                                "Городская поликлиника"
                            } else {
                                "Аптека"
                            }
                        ),
                        pick(rng, &DISTRICTS).to_owned(),
                        format!("{}, {}", pick(rng, &STREETS), rng.gen_range(1..300)),
                        pick(
                            rng,
                            &[
                                "общий",
                                "детский",
                                "стоматология",
                                "кардиология",
                                "родильный дом",
                            ],
                        )
                        .to_owned(),
                        if stem == "clinics" {
                            rng.gen_range(0..400).to_string()
                        } else {
                            String::new()
                        },
                        rng.gen_range(5_000..60_000).to_string(),
                        opened,
                        format!(
                            "+7 727 {} {:02} {:02}",
                            rng.gen_range(200..400),
                            rng.gen_range(0..100),
                            rng.gen_range(0..100)
                        ),
                    ],
                );
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
        "budget-execution" | "procurement" | "social-benefits" | "energy-tariffs"
        | "water-supply" => {
            line(
                &mut out,
                &[
                    "Код программы",
                    "Наименование программы",
                    "Год",
                    "План, тыс. тенге",
                    "Факт, тыс. тенге",
                    "Исполнение, %",
                    "Администратор",
                ]
                .map(str::to_owned),
            );
            let programmes = [
                "Обеспечение деятельности акима",
                "Капитальный ремонт дорог",
                "Содержание школ",
                "Благоустройство дворов",
                "Освещение улиц",
                "Социальная помощь",
                "Водоснабжение",
                "Поддержка малого бизнеса",
                "Спортивные мероприятия",
                "Озеленение",
            ];
            for year in 2019..=2026 {
                for (i, p) in programmes.iter().enumerate() {
                    let plan = f64::from(rng.gen_range(10_000..2_500_000)) / 10.0;
                    let done = plan * rng.gen_range(0.6..1.0);
                    line(
                        &mut out,
                        &[
                            format!("{:03}", i * 11 + 1),
                            (*p).to_owned(),
                            year.to_string(),
                            format!("{plan:.1}"),
                            format!("{done:.1}"),
                            format!("{:.1}", done / plan * 100.0),
                            format!(
                                "Управление {}",
                                pick(rng, &["финансов", "образования", "здравоохранения", "ЖКХ"])
                            ),
                        ],
                    );
                }
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
        "air-quality" => {
            line(
                &mut out,
                &[
                    "Станция",
                    "Дата",
                    "PM2.5",
                    "PM10",
                    "NO2",
                    "Индекс качества воздуха",
                ]
                .map(str::to_owned),
            );
            let start = NaiveDate::from_ymd_opt(2026, 1, 1)?;
            for station in 1..=4 {
                for day in 0..90 {
                    let pm25 = rng.gen_range(5.0..180.0_f64);
                    line(
                        &mut out,
                        &[
                            format!("{city}-{station:02}"),
                            (start + Duration::days(day)).format("%Y-%m-%d").to_string(),
                            format!("{pm25:.1}"),
                            format!("{:.1}", pm25 * rng.gen_range(1.2..1.9)),
                            format!("{:.1}", rng.gen_range(10.0..90.0_f64)),
                            ((pm25 * 1.6) as i64).to_string(),
                        ],
                    );
                }
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
        "bus-routes" | "road-repairs" => {
            line(
                &mut out,
                &[
                    "Маршрут",
                    "Начальная остановка",
                    "Конечная остановка",
                    "Длина, км",
                    "Остановок",
                    "Автобусов",
                    "Первый рейс",
                    "Последний рейс",
                    "Тариф, тенге",
                ]
                .map(str::to_owned),
            );
            for n in 1..rng.gen_range(30..140) {
                let suffix = if rng.gen_bool(0.15) { "А" } else { "" };
                line(
                    &mut out,
                    &[
                        format!("{n}{suffix}"),
                        pick(rng, &STREETS).to_owned(),
                        format!("мкр. {}", rng.gen_range(1..12)),
                        format!("{:.1}", rng.gen_range(6.0..42.0_f64)),
                        rng.gen_range(12..70).to_string(),
                        rng.gen_range(4..40).to_string(),
                        format!("06:{:02}", rng.gen_range(0..60)),
                        format!("23:{:02}", rng.gen_range(0..60)),
                        "200".to_owned(),
                    ],
                );
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
        _ => {
            line(
                &mut out,
                &["Год", "Район", "Показатель", "Значение"].map(str::to_owned),
            );
            for year in 2015..=2026 {
                for d in DISTRICTS.iter().take(8) {
                    line(
                        &mut out,
                        &[
                            year.to_string(),
                            (*d).to_owned(),
                            stem.to_owned(),
                            rng.gen_range(100..250_000).to_string(),
                        ],
                    );
                }
            }
            (format!("{stem}.csv"), format!("{city}: {stem}"))
        }
    };
    Some(Generated {
        filename,
        name,
        csv: out.into_bytes(),
    })
}

/// Writes `rows` hourly measurements from every station to `out`: station, city, time, six
/// pollutant and weather readings, and an index (10 columns, about 95 bytes a row).
pub fn write_hourly_air_quality(out: &mut impl std::io::Write, rows: u64) -> std::io::Result<()> {
    let mut rng = StdRng::seed_from_u64(1_000_000);
    writeln!(
        out,
        "station,city,measured_at,pm25,pm10,no2,so2,co,temperature,aqi"
    )?;
    let stations: u64 = 114;
    let start = NaiveDate::from_ymd_opt(2025, 11, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MIN);
    let mut line = String::with_capacity(128);
    for i in 0..rows {
        let station = i % stations;
        let hour = i / stations;
        let at = start + Duration::hours(hour as i64);
        let city = CITIES[(station % CITIES.len() as u64) as usize];
        let pm25 = rng.gen_range(2.0..220.0_f64);
        line.clear();
        let _ = write!(
            line,
            "KZ-{station:03},{city},{},{pm25:.1},{:.1},{:.1},{:.1},{:.2},{:.1},{}",
            at.format("%Y-%m-%dT%H:%M:%S"),
            pm25 * rng.gen_range(1.1..1.9),
            rng.gen_range(5.0..120.0_f64),
            rng.gen_range(1.0..40.0_f64),
            rng.gen_range(0.1..4.0_f64),
            rng.gen_range(-30.0..38.0_f64),
            (pm25 * 1.7) as i64,
        );
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Attaches the demo tables to the published demo datasets (once); the big table gets
/// `big_rows` rows (none when 0). Returns how many files were attached.
pub async fn seed(state: &AppState, now: Ts, big_rows: u64) -> Result<usize, SeedError> {
    let existing: i64 = db_run!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM resources"
    )
    .fetch_one(c)
    .await)?;
    if existing > 0 {
        return Ok(0);
    }
    let datasets: Vec<(i64, String, String, Option<i64>)> = db_run!(&state.db, |c| {
        sqlx::query_as(
        "SELECT d.id, d.name, b.name_ru, \
           (SELECT ur.user_id FROM user_roles ur WHERE ur.body_id = d.body_id AND ur.role = 'publisher' \
            ORDER BY ur.user_id LIMIT 1) \
         FROM datasets d JOIN bodies b ON b.id = d.body_id \
         WHERE d.state = 'published' ORDER BY d.id"
    )
    .fetch_all(c)
    .await
    })?;
    let mut rng = StdRng::seed_from_u64(7_2026);
    let mut attached = 0;
    let mut big_done = big_rows == 0;
    for (id, name, body, publisher) in datasets {
        let stem = crate::demo::stem_of(&name);
        let city = body
            .split_whitespace()
            .last()
            .unwrap_or("Алматы")
            .to_owned();
        let Some(g) = generate(stem, &city, &mut rng) else {
            continue;
        };
        let stored = put(state, id, Bytes::from(g.csv)).await?;
        let mut tx = state.db.begin().await?;
        crate::resources::insert_upload(
            &mut tx,
            id,
            &g.name,
            "",
            &stored,
            &g.filename,
            publisher,
            now,
        )
        .await?;
        if !big_done && stem == "air-quality" {
            let stored = put_big(state, id, big_rows).await?;
            crate::resources::insert_upload(
                &mut tx,
                id,
                "Почасовые измерения всех станций / Hourly measurements, all stations",
                "",
                &stored,
                "air-quality-hourly.csv",
                publisher,
                now,
            )
            .await?;
            big_done = true;
            attached += 1;
        }
        tx.commit().await?;
        attached += 1;
    }
    Ok(attached)
}

/// Why the demo tables could not be attached.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("{0}")]
    Db(#[from] opengov_kernel::DbError),
    #[error("{0}")]
    Storage(#[from] opengov_storage::StorageError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

async fn put(
    state: &AppState,
    dataset: i64,
    bytes: Bytes,
) -> Result<opengov_storage::StoredObject, opengov_storage::StorageError> {
    let key = opengov_web::upload::new_key(&format!("data/{dataset}"));
    let stream: opengov_storage::ByteStream =
        Box::pin(futures_util::stream::once(async move { Ok(bytes) }));
    state.storage.put(&key, stream, u64::MAX).await
}

/// Writes the big table to a temporary file and streams it into storage.
async fn put_big(
    state: &AppState,
    dataset: i64,
    rows: u64,
) -> Result<opengov_storage::StoredObject, SeedError> {
    let dir = state.config.data_dir.join("tmp");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("demo-hourly-{dataset}.csv"));
    let file_path = path.clone();
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        let mut out =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&file_path)?);
        write_hourly_air_quality(&mut out, rows)?;
        out.flush()
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))??;
    let file = tokio::fs::File::open(&path).await?;
    let stream: opengov_storage::ByteStream =
        Box::pin(tokio_util::io::ReaderStream::with_capacity(file, 1 << 20));
    let key = opengov_web::upload::new_key(&format!("data/{dataset}"));
    let stored = state.storage.put(&key, stream, u64::MAX).await;
    let _ = std::fs::remove_file(&path);
    Ok(stored?)
}
