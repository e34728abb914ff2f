//! Prints figures for a synthetic trilingual catalogue: build time, query latency percentiles
//! and throughput. `DOCS=100000 cargo bench -p opengov-search` (DOCS defaults to 100000).

use std::time::{Duration, Instant};

use opengov_search::{Document, Query, Schema, SearchError, SearchIndex, SortKey, TantivyIndex};

const KK: &[&str] = &[
    "деректер",
    "деректері",
    "мектеп",
    "мектептер",
    "мектептердің",
    "бюджет",
    "бюджеттің",
    "аурухана",
    "ауруханалар",
    "облыс",
    "облыстың",
    "қала",
    "қаладағы",
    "халық",
    "халқының",
    "саны",
    "туралы",
    "мәліметтер",
    "есеп",
    "есебі",
    "жылдың",
    "жыл",
    "бойынша",
    "көрсеткіштер",
    "білім",
    "беру",
    "денсаулық",
    "сақтау",
    "көлік",
    "жол",
    "жолдар",
    "ауыл",
    "шаруашылығы",
    "экология",
    "ауа",
    "сапасы",
    "су",
    "ресурстар",
    "энергетика",
    "өндіріс",
    "кәсіпорындар",
    "тізімі",
    "мониторинг",
    "статистика",
    "министрлігі",
    "әкімдігі",
    "бағдарлама",
    "жоба",
    "жобалар",
    "инвестиция",
    "салық",
    "түсімдер",
    "шығыстар",
    "тұрғын",
    "үй",
    "құрылыс",
    "мәдениет",
    "спорт",
    "туризм",
    "жастар",
    "зейнетақы",
    "әлеуметтік",
    "көмек",
    "еңбек",
];
const RU: &[&str] = &[
    "данные",
    "данных",
    "школа",
    "школы",
    "школ",
    "бюджет",
    "бюджета",
    "больница",
    "больницы",
    "область",
    "области",
    "город",
    "города",
    "население",
    "численность",
    "о",
    "сведения",
    "отчёт",
    "отчет",
    "года",
    "год",
    "по",
    "показатели",
    "образование",
    "здравоохранение",
    "транспорт",
    "дороги",
    "дорог",
    "село",
    "сельское",
    "хозяйство",
    "экология",
    "воздух",
    "качество",
    "воды",
    "ресурсы",
    "энергетика",
    "производство",
    "предприятия",
    "список",
    "мониторинг",
    "статистика",
    "министерство",
    "акимат",
    "программа",
    "проект",
    "проекты",
    "инвестиции",
    "налог",
    "налоговые",
    "поступления",
    "расходы",
    "жильё",
    "строительство",
    "культура",
    "спорт",
    "туризм",
    "молодёжь",
    "пенсии",
    "социальная",
    "помощь",
    "труд",
];
const EN: &[&str] = &[
    "data",
    "dataset",
    "school",
    "schools",
    "budget",
    "budgets",
    "hospital",
    "hospitals",
    "region",
    "regional",
    "city",
    "cities",
    "population",
    "number",
    "about",
    "information",
    "report",
    "reports",
    "year",
    "annual",
    "by",
    "indicators",
    "education",
    "health",
    "care",
    "transport",
    "roads",
    "road",
    "village",
    "agriculture",
    "farming",
    "ecology",
    "air",
    "quality",
    "water",
    "resources",
    "energy",
    "production",
    "enterprises",
    "list",
    "monitoring",
    "statistics",
    "ministry",
    "akimat",
    "programme",
    "project",
    "projects",
    "investment",
    "tax",
    "taxes",
    "revenue",
    "expenditure",
    "housing",
    "construction",
    "culture",
    "sport",
    "tourism",
    "youth",
    "pensions",
    "social",
    "assistance",
    "labour",
    "employment",
];
const FORMATS: &[&str] = &["CSV", "XLSX", "JSON", "XML", "PDF", "API"];
const LICENSES: &[&str] = &["cc-by", "cc-by-sa", "cc-zero", "odc-odbl"];
const THEMES: usize = 13;
const ORGS: usize = 50;
const TAGS: usize = 300;
const NOW: i64 = 1_780_000_000;
const YEAR: i64 = 365 * 86_400;

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    fn words(&mut self, list: &[&str], min: usize, max: usize) -> String {
        let n = min + self.below(max - min + 1);
        (0..n)
            .map(|_| self.pick(list))
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// Skewed towards small values, like real facet distributions.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

fn tag(i: usize) -> String {
    let words = [KK, RU, EN][i % 3];
    format!("{} {}", words[i % words.len()], i / 3)
}

fn document(i: usize, rng: &mut Rng) -> Document {
    let mut facets = vec![
        (
            "organization".to_owned(),
            format!("org-{}", rng.skewed(ORGS)),
        ),
        ("license_id".to_owned(), rng.pick(LICENSES).to_owned()),
    ];
    for _ in 0..=rng.below(2) {
        facets.push(("groups".to_owned(), format!("theme-{}", rng.skewed(THEMES))));
    }
    for _ in 0..=rng.below(5) {
        facets.push(("tags".to_owned(), tag(rng.skewed(TAGS))));
    }
    for _ in 0..=rng.below(3) {
        facets.push(("res_format".to_owned(), rng.pick(FORMATS).to_owned()));
    }
    let created = NOW - (rng.next() % (5 * YEAR as u64)) as i64;
    let modified = created + (rng.next() % ((NOW - created) as u64 + 1)) as i64;
    Document {
        id: format!("{i:08x}-dataset"),
        name: format!("dataset-{i}"),
        titles: [
            rng.words(KK, 3, 8),
            rng.words(RU, 3, 8),
            rng.words(EN, 3, 8),
        ],
        texts: [
            rng.words(KK, 30, 80),
            rng.words(RU, 30, 80),
            rng.words(EN, 30, 80),
        ],
        facets,
        dates: vec![
            ("metadata_created".to_owned(), created),
            ("metadata_modified".to_owned(), modified),
        ],
        numbers: vec![("popularity".to_owned(), rng.skewed(10_000) as i64)],
    }
}

fn queries(n: usize, rng: &mut Rng) -> Vec<Query> {
    (0..n)
        .map(|_| {
            let q = match rng.below(10) {
                0 => String::new(),
                1..=3 => rng.words(KK, 1, 2),
                4..=6 => rng.words(RU, 1, 2),
                _ => rng.words(EN, 1, 2),
            };
            let fq = (0..=rng.below(2))
                .map(|_| match rng.below(6) {
                    0 => format!("organization:org-{}", rng.skewed(ORGS)),
                    1 => format!("groups:theme-{}", rng.skewed(THEMES)),
                    2 => format!("res_format:{}", rng.pick(FORMATS)),
                    3 => format!("license_id:{}", rng.pick(LICENSES)),
                    4 => format!("tags:\"{}\"", tag(rng.skewed(TAGS))),
                    _ => "metadata_modified:[NOW-1YEAR TO *]".to_owned(),
                })
                .collect();
            Query {
                q,
                fq,
                sort: vec![
                    (SortKey::Score, true),
                    (SortKey::Date("metadata_modified".into()), true),
                ],
                start: 0,
                rows: 10,
                facets: ["organization", "groups", "tags", "res_format", "license_id"]
                    .map(str::to_owned)
                    .to_vec(),
                facet_limit: 50,
                facet_mincount: 1,
            }
        })
        .collect()
}

/// CPU time of the calling thread (Linux), to see through a busy machine; `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i.min(sorted.len() - 1)])
}

fn main() -> Result<(), SearchError> {
    let docs: usize = std::env::var("DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let schema = Schema {
        facet_fields: ["organization", "groups", "tags", "res_format", "license_id"]
            .map(str::to_owned)
            .to_vec(),
        date_fields: vec!["metadata_modified".into(), "metadata_created".into()],
        number_fields: vec!["popularity".into()],
    };
    // The engine itself: no kept answers (the mix repeats queries).
    let index = TantivyIndex::open(dir.path(), schema)?.with_result_cache(0);

    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let started = Instant::now();
    let mut source = (0..docs).map(|i| document(i, &mut rng));
    let count = index.rebuild(&mut source)?;
    let build = started.elapsed();
    let size: u64 = std::fs::read_dir(dir.path())?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .flat_map(|e| std::fs::read_dir(e.path()).into_iter().flatten())
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "build: {count} documents in {:.1} s ({:.0} docs/s), index {:.1} MB on disk",
        build.as_secs_f64(),
        count as f64 / build.as_secs_f64(),
        size as f64 / 1e6
    );

    let mut qrng = Rng(0xBEEF_0000_1111_2222);
    let mix = queries(1000, &mut qrng);
    for query in mix.iter().take(100) {
        index.search(query)?;
    }
    let mut times = Vec::with_capacity(mix.len());
    let mut hits_total = 0u64;
    let started = Instant::now();
    let cpu_started = thread_cpu();
    for query in &mix {
        let t = Instant::now();
        hits_total += index.search(query)?.total;
        times.push(t.elapsed());
    }
    let single = started.elapsed();
    let cpu = thread_cpu()
        .zip(cpu_started)
        .map(|(end, start)| end.saturating_sub(start));
    times.sort();
    println!(
        "1 thread: {} queries (free text kk/ru/en + 1-2 fq + 5 facets, rows 10, sort score, metadata_modified): \
         p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} queries/s (mean {:.0} hits/query)",
        mix.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        ms(times[times.len() - 1]),
        mix.len() as f64 / single.as_secs_f64(),
        hits_total as f64 / mix.len() as f64,
    );
    if let Some(cpu) = cpu {
        println!(
            "1 thread, CPU time only: {:.2} ms/query mean, {:.0} queries/s per core",
            ms(cpu) / mix.len() as f64,
            mix.len() as f64 / cpu.as_secs_f64()
        );
    }

    let threads = 2;
    let started = Instant::now();
    std::thread::scope(|scope| -> Result<(), SearchError> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let index = &index;
                let mix = &mix;
                scope.spawn(move || -> Result<(), SearchError> {
                    for query in mix.iter().skip(t * 500).chain(mix.iter().take(t * 500)) {
                        index.search(query)?;
                    }
                    Ok(())
                })
            })
            .collect();
        for handle in handles {
            handle
                .join()
                .map_err(|_| SearchError::Query("a benchmark thread panicked".into()))??;
        }
        Ok(())
    })?;
    let elapsed = started.elapsed();
    let done = threads * mix.len();
    println!(
        "{threads} threads: {done} queries in {:.2} s, {:.0} queries/s",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}
