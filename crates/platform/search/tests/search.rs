//! End-to-end tests of `TantivyIndex` through the `SearchIndex` trait.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers panic on failure, like the tests"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use opengov_search::{
    DEFAULT_RESULT_CACHE, Document, Hits, Query, Schema, SearchError, SearchIndex, SortKey,
    TantivyIndex,
};

const JAN_2026: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

fn schema() -> Schema {
    Schema {
        facet_fields: vec!["organization".into(), "tags".into(), "res_format".into()],
        date_fields: vec!["metadata_modified".into()],
        number_fields: vec!["popularity".into()],
    }
}

fn doc(id: &str, name: &str, titles: [&str; 3], texts: [&str; 3]) -> Document {
    Document {
        id: id.into(),
        name: name.into(),
        titles: titles.map(str::to_owned),
        texts: texts.map(str::to_owned),
        ..Document::default()
    }
}

fn corpus() -> Vec<Document> {
    let mut docs = vec![
        doc(
            "1",
            "schools-almaty",
            ["Алматы мектептері", "Школы Алматы", "Schools of Almaty"],
            [
                "Қаладағы мектептердің тізімі",
                "Список школ города",
                "List of schools in the city",
            ],
        ),
        doc(
            "2",
            "budget-2025",
            [
                "Республикалық бюджет",
                "Республиканский бюджет",
                "Republican budget",
            ],
            [
                "Бюджеттің атқарылуы туралы есеп",
                "Отчёт об исполнении бюджета",
                "Report on budget execution",
            ],
        ),
        doc(
            "3",
            "hospitals",
            [
                "Облыстың ауруханалары",
                "Больницы области",
                "Regional hospitals",
            ],
            [
                "Ауруханалар мен емханалар",
                "Больницы и поликлиники",
                "Hospitals and clinics",
            ],
        ),
        doc(
            "4",
            "air-quality",
            ["Ауа сапасы", "Качество воздуха", "Air quality"],
            [
                "Ауа сапасының мониторингі",
                "Мониторинг качества воздуха",
                "Air quality monitoring",
            ],
        ),
    ];
    let facets: [&[(&str, &str)]; 4] = [
        &[
            ("organization", "edu"),
            ("tags", "білім"),
            ("tags", "schools"),
            ("res_format", "CSV"),
        ],
        &[
            ("organization", "mf"),
            ("tags", "бюджет"),
            ("res_format", "CSV"),
            ("res_format", "XLSX"),
        ],
        &[
            ("organization", "health"),
            ("tags", "health"),
            ("res_format", "JSON"),
        ],
        &[
            ("organization", "eco"),
            ("tags", "Air quality"),
            ("res_format", "CSV"),
        ],
    ];
    for (i, (d, f)) in docs.iter_mut().zip(facets).enumerate() {
        let i = i as i64;
        d.facets = f
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        d.dates = vec![("metadata_modified".into(), JAN_2026 + i * 10 * DAY)];
        d.numbers = vec![("popularity".into(), 100 - i * 10)];
    }
    docs
}

fn index() -> TantivyIndex {
    let index = TantivyIndex::in_memory(schema()).unwrap();
    index.upsert(corpus()).unwrap();
    index
}

fn q(text: &str) -> Query {
    Query {
        q: text.into(),
        rows: 100,
        ..Query::default()
    }
}

fn ids(index: &TantivyIndex, query: &Query) -> Vec<String> {
    let mut ids = index.search(query).unwrap().ids;
    ids.sort();
    ids
}

fn find(index: &TantivyIndex, text: &str) -> Vec<String> {
    ids(index, &q(text))
}

fn fq(text: &str) -> Query {
    Query {
        fq: vec![text.into()],
        ..q("")
    }
}

#[test]
fn upsert_delete_and_visibility() {
    let index = index();
    assert_eq!(index.len().unwrap(), 4);
    assert_eq!(find(&index, "hospitals"), ["3"]);
    // Replace by id.
    let mut replaced = corpus().remove(2);
    replaced.titles[2] = "Clinics".into();
    replaced.texts = Default::default();
    index.upsert(vec![replaced]).unwrap();
    assert_eq!(index.len().unwrap(), 4);
    assert_eq!(find(&index, "clinics"), ["3"]);
    assert!(find(&index, "hospitals").is_empty());
    index.delete(&["3".into(), "nope".into()]).unwrap();
    assert_eq!(index.len().unwrap(), 3);
    assert!(find(&index, "clinics").is_empty());
    assert!(!index.is_empty().unwrap());
}

#[test]
fn kept_answers_never_outlive_a_change_of_the_index() {
    for capacity in [0, 1, DEFAULT_RESULT_CACHE] {
        let index = TantivyIndex::in_memory(schema())
            .unwrap()
            .with_result_cache(capacity);
        index.upsert(corpus()).unwrap();
        let query = Query {
            facets: vec!["organization".into()],
            ..q("")
        };
        let first = index.search(&query).unwrap();
        assert_eq!(index.search(&query).unwrap(), first, "capacity {capacity}");
        assert_eq!(find(&index, "hospitals"), ["3"]);
        // A write, a delete and a rebuild are each seen by the very next search.
        index
            .upsert(vec![doc("9", "new", ["", "", "Hospitals"], ["", "", ""])])
            .unwrap();
        assert_eq!(find(&index, "hospitals"), ["3", "9"], "capacity {capacity}");
        assert_eq!(index.search(&query).unwrap().total, first.total + 1);
        index.delete(&["9".into()]).unwrap();
        assert_eq!(find(&index, "hospitals"), ["3"], "capacity {capacity}");
        index.rebuild(&mut corpus().into_iter().skip(3)).unwrap();
        assert!(find(&index, "hospitals").is_empty(), "capacity {capacity}");
        assert_eq!(index.search(&query).unwrap().total, 1);
    }
}

#[test]
fn kazakh_analysis() {
    let index = index();
    for word in [
        "мектеп",
        "мектептер",
        "мектептердің",
        "мектепке",
        "мектепте",
    ] {
        assert_eq!(find(&index, word), ["1"], "{word}");
    }
    for word in ["бюджет", "бюджеттің", "бюджетке"] {
        assert_eq!(find(&index, word), ["2"], "{word}");
    }
    assert_eq!(find(&index, "аурухана"), ["3"]);
    assert_eq!(find(&index, "облыс"), ["3"]);
    assert_eq!(find(&index, "title_kk:облыс"), ["3"]);
}

#[test]
fn russian_and_english_analysis() {
    let index = index();
    assert_eq!(find(&index, "школа"), ["1"]);
    assert_eq!(find(&index, "ШКОЛЫ"), ["1"]);
    assert_eq!(find(&index, "отчет"), ["2"]); // ё folded
    assert_eq!(find(&index, "school"), ["1"]);
    assert_eq!(find(&index, "hospital"), ["3"]);
    assert_eq!(find(&index, "text_en:hospital"), ["3"]);
    assert!(find(&index, "title_en:clinics").is_empty());
}

#[test]
fn title_outranks_text() {
    let index = TantivyIndex::in_memory(schema()).unwrap();
    index
        .upsert(vec![
            doc("a", "a", ["", "", "Weather"], ["", "", "water water"]),
            doc("b", "b", ["", "", "Water"], ["", "", "weather"]),
        ])
        .unwrap();
    assert_eq!(index.search(&q("water")).unwrap().ids, ["b", "a"]);
}

#[test]
fn query_syntax() {
    let index = index();
    assert_eq!(find(&index, ""), ["1", "2", "3", "4"]);
    assert_eq!(find(&index, "*:*"), ["1", "2", "3", "4"]);
    assert_eq!(find(&index, "budget report"), ["2"]);
    assert!(find(&index, "budget hospitals").is_empty());
    assert_eq!(find(&index, "budget OR hospitals"), ["2", "3"]);
    assert_eq!(find(&index, "budget || hospitals"), ["2", "3"]);
    assert_eq!(find(&index, "budget AND report"), ["2"]);
    assert_eq!(find(&index, "(budget OR hospitals) AND NOT clinics"), ["2"]);
    assert_eq!(find(&index, "-organization:mf"), ["1", "3", "4"]);
    assert_eq!(find(&index, "NOT organization:mf"), ["1", "3", "4"]);
    assert_eq!(find(&index, "\"air quality\""), ["4"]);
    assert!(find(&index, "\"quality air\"").is_empty());
    assert_eq!(find(&index, "tags:\"Air quality\""), ["4"]);
    assert!(find(&index, "tags:air").is_empty());
    assert_eq!(find(&index, "res_format:(JSON OR XLSX)"), ["2", "3"]);
    assert_eq!(find(&index, "name:budget-2025"), ["2"]);
    assert_eq!(find(&index, "name:budget*"), ["2"]);
    assert_eq!(find(&index, "id:4"), ["4"]);
    assert_eq!(find(&index, "title:budget"), ["2"]);
    assert_eq!(find(&index, "notes:execution"), ["2"]);
    assert!(find(&index, "title:execution").is_empty());
    assert_eq!(find(&index, "text:execution"), ["2"]);
    assert_eq!(find(&index, "popularity:90"), ["2"]);
    assert_eq!(find(&index, "popularity:[80 TO *]"), ["1", "2", "3"]);
    assert_eq!(find(&index, "popularity:{80 TO 100]"), ["1", "2"]);
    assert_eq!(find(&index, "tags:*"), ["1", "2", "3", "4"]);
    assert_eq!(find(&index, "+budget -hospitals"), ["2"]);
    // Punctuation alone is ignored rather than matching nothing.
    assert_eq!(find(&index, "budget -"), ["2"]);
}

#[test]
fn date_ranges() {
    let index = index();
    assert_eq!(
        find(&index, "metadata_modified:[2026-01-01 TO 2026-01-11]"),
        ["1", "2"]
    );
    assert_eq!(
        find(
            &index,
            "metadata_modified:[2026-01-01T00:00:00Z TO 2026-01-11T00:00:00Z}"
        ),
        ["1"]
    );
    assert_eq!(
        find(&index, "metadata_modified:{2026-01-11 TO *]"),
        ["3", "4"]
    );
    assert_eq!(
        find(&index, "metadata_modified:[* TO NOW]"),
        ["1", "2", "3", "4"]
    );
    assert!(find(&index, "metadata_modified:[NOW+1DAY TO *]").is_empty());
    assert_eq!(find(&index, "metadata_modified:2026-01-21"), ["3"]);
    assert_eq!(
        ids(&index, &fq("metadata_modified:[2026-01-15 TO *]")),
        ["3", "4"]
    );
}

fn facet(hits: &Hits, name: &str) -> Vec<(String, u64)> {
    hits.facets
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, c)| ((*v).to_owned(), *c)).collect()
}

#[test]
fn facets_with_filters() {
    let index = index();
    let mut query = q("");
    query.facets = vec!["res_format".into(), "organization".into()];
    let hits = index.search(&query).unwrap();
    assert_eq!(hits.total, 4);
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 3), ("JSON", 1), ("XLSX", 1)])
    );
    assert_eq!(facet(&hits, "organization").len(), 4);

    query.fq = vec!["res_format:CSV".into(), "-organization:eco".into()];
    query.rows = 1;
    let hits = index.search(&query).unwrap();
    assert_eq!(hits.total, 2);
    assert_eq!(hits.ids.len(), 1);
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 2), ("XLSX", 1)])
    );
    assert_eq!(
        facet(&hits, "organization"),
        pairs(&[("edu", 1), ("mf", 1)])
    );

    query.facet_limit = 1;
    let hits = index.search(&query).unwrap();
    assert_eq!(facet(&hits, "res_format"), pairs(&[("CSV", 2)]));
    query.facet_limit = usize::MAX;
    query.facet_mincount = 2;
    let hits = index.search(&query).unwrap();
    assert_eq!(facet(&hits, "res_format"), pairs(&[("CSV", 2)]));
    query.facet_mincount = 0;
    let hits = index.search(&query).unwrap();
    assert_eq!(facet(&hits, "res_format").len(), 3);

    // Filters do not change scores: same order with and without a match-all filter.
    let plain = index.search(&q("budget OR schools OR air")).unwrap();
    let mut filtered = q("budget OR schools OR air");
    filtered.fq = vec!["*:*".into()];
    assert_eq!(index.search(&filtered).unwrap().ids, plain.ids);
}

#[test]
fn sorting_and_paging() {
    let index = index();
    let sorted = |sort: Vec<(SortKey, bool)>| {
        let mut query = q("");
        query.sort = sort;
        index.search(&query).unwrap().ids
    };
    assert_eq!(sorted(vec![(SortKey::Name, false)]), ["4", "2", "3", "1"]);
    assert_eq!(sorted(vec![(SortKey::Name, true)]), ["1", "3", "2", "4"]);
    assert_eq!(
        sorted(vec![(SortKey::Date("metadata_modified".into()), true)]),
        ["4", "3", "2", "1"]
    );
    assert_eq!(
        sorted(vec![(SortKey::Number("popularity".into()), false)]),
        ["4", "3", "2", "1"]
    );
    assert_eq!(sorted(vec![(SortKey::Id, true)]), ["4", "3", "2", "1"]);
    // All scores equal on *:*: ties broken by id.
    assert_eq!(sorted(vec![(SortKey::Score, true)]), ["1", "2", "3", "4"]);
    // Paged one at a time, a tie on the first key is settled by the second, then by id.
    let by_score_then_date = vec![
        (SortKey::Score, true),
        (SortKey::Date("metadata_modified".into()), true),
    ];
    let pages: Vec<String> = (0..4)
        .map(|start| {
            let mut query = q("");
            query.sort.clone_from(&by_score_then_date);
            query.start = start;
            query.rows = 1;
            index.search(&query).unwrap().ids.concat()
        })
        .collect();
    assert_eq!(pages, ["4", "3", "2", "1"]);
    let mut query = q("budget OR schools OR air");
    query.sort = by_score_then_date;
    let all = index.search(&query).unwrap().ids;
    query.rows = 1;
    assert_eq!(index.search(&query).unwrap().ids, all[..1]);
    let mut query = q("");
    query.sort = vec![(SortKey::Id, false)];
    query.start = 1;
    query.rows = 2;
    let hits = index.search(&query).unwrap();
    assert_eq!(
        (hits.total, hits.ids),
        (4, vec!["2".to_owned(), "3".to_owned()])
    );
    query.start = 10;
    assert!(index.search(&query).unwrap().ids.is_empty());
    query.rows = 1001;
    assert!(matches!(index.search(&query), Err(SearchError::Query(_))));
    query.sort = vec![(SortKey::Date("nope".into()), false)];
    query.rows = 1;
    assert!(matches!(index.search(&query), Err(SearchError::Query(_))));
}

#[test]
fn sorting_across_segments() {
    let index = TantivyIndex::in_memory(schema()).unwrap();
    // One upsert per document: one segment each.
    for (id, name) in [("a", "zeta"), ("b", "alpha"), ("c", "mu"), ("d", "")] {
        index
            .upsert(vec![doc(id, name, ["", "", "x"], ["", "", ""])])
            .unwrap();
    }
    let mut query = q("x");
    query.sort = vec![(SortKey::Name, false)];
    assert_eq!(index.search(&query).unwrap().ids, ["d", "b", "c", "a"]);
    query.sort = vec![(SortKey::Name, true)];
    assert_eq!(index.search(&query).unwrap().ids, ["a", "c", "b", "d"]);
    query.sort = vec![(SortKey::Date("metadata_modified".into()), true)];
    // Missing values sort last, ties by id.
    assert_eq!(index.search(&query).unwrap().ids, ["a", "b", "c", "d"]);
}

#[test]
fn errors_are_query_errors() {
    let index = index();
    for bad in [
        "(budget",
        "budget)",
        "\"budget",
        "unknown:x",
        "popularity:abc",
        "metadata_modified:[yesterday TO *]",
        "tags:[a TO b]",
        "title:[a TO b]",
        "organization:",
        "AND",
    ] {
        match index.search(&q(bad)) {
            Err(SearchError::Query(message)) => assert!(!message.is_empty()),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let mut query = q("");
    query.facets = vec!["nope".into()];
    assert!(matches!(index.search(&query), Err(SearchError::Query(_))));
    let Err(SearchError::Query(message)) = index.search(&q("unknown:x")) else {
        panic!("expected an error");
    };
    assert!(message.contains("unknown field 'unknown'"), "{message}");
    assert!(matches!(index.search(&fq("(")), Err(SearchError::Query(_))));
    // Undeclared fields in documents are refused.
    let mut bad = corpus().remove(0);
    bad.facets.push(("colour".into(), "red".into()));
    assert!(matches!(
        index.upsert(vec![bad]),
        Err(SearchError::Document(_))
    ));
}

#[test]
fn garbage_never_panics() {
    let index = index();
    let alphabet: Vec<char> =
        "ab қә:()[]{}\"\\*-+!&|^~?/ TO AND OR NOT NOW 2026-01-01 tags name popularity metadata_modified"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        let len = (state % 40) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        state = state.wrapping_add(1);
        match index.search(&q(&text)) {
            Ok(_) | Err(SearchError::Query(_)) => {}
            Err(other) => panic!("{text:?}: {other}"),
        }
    }
    let long = "a ".repeat(5000);
    assert!(matches!(
        index.search(&q(&long)),
        Err(SearchError::Query(_))
    ));
    let deep = format!("{}a{}", "(".repeat(2000), ")".repeat(2000));
    assert!(matches!(
        index.search(&q(&deep)),
        Err(SearchError::Query(_))
    ));
}

#[test]
fn rebuild_swaps_while_searching() {
    let index = Arc::new(index());
    let stop = Arc::new(AtomicBool::new(false));
    let searcher = {
        let index = Arc::clone(&index);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut searches = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let hits = index.search(&q("")).unwrap();
                assert!(hits.total > 0, "a search saw an empty index");
                searches += 1;
            }
            searches
        })
    };
    for round in 0..3 {
        let mut docs = corpus().into_iter().chain((0..200).map(|i| {
            doc(
                &format!("x{round}-{i}"),
                "x",
                ["", "", "extra"],
                ["", "", ""],
            )
        }));
        assert_eq!(index.rebuild(&mut docs).unwrap(), 204);
        assert_eq!(index.len().unwrap(), 204);
    }
    stop.store(true, Ordering::Relaxed);
    assert!(searcher.join().unwrap() > 0);
    assert_eq!(find(&index, "budget"), ["2"]);
}

#[test]
fn reopen_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = TantivyIndex::open(dir.path(), schema()).unwrap();
        index.upsert(corpus()).unwrap();
        let mut docs = corpus().into_iter().take(3);
        assert_eq!(index.rebuild(&mut docs).unwrap(), 3);
    }
    let generations: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("gen-"))
        .collect();
    assert_eq!(generations, ["gen-000002"]);
    let index = TantivyIndex::open(dir.path(), schema()).unwrap();
    assert_eq!(index.len().unwrap(), 3);
    assert_eq!(find(&index, "бюджет"), ["2"]);
    index.delete(&["2".into()]).unwrap();
    drop(index);
    let index = TantivyIndex::open(dir.path(), schema()).unwrap();
    assert_eq!(index.len().unwrap(), 2);
    drop(index);
    // A different schema starts empty (the caller rebuilds).
    let mut changed = schema();
    changed.facet_fields.push("groups".into());
    let index = TantivyIndex::open(dir.path(), changed).unwrap();
    assert_eq!(index.len().unwrap(), 0);
}

#[test]
fn concurrent_searches_and_writes() {
    let index = Arc::new(index());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let index = Arc::clone(&index);
            std::thread::spawn(move || {
                for i in 0..20 {
                    if t == 0 {
                        index
                            .upsert(vec![doc(
                                &format!("w{i}"),
                                "w",
                                ["", "", "written"],
                                ["", "", ""],
                            )])
                            .unwrap();
                    } else {
                        index.search(&q("budget OR written")).unwrap();
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(index.search(&q("written")).unwrap().total, 20);
}

#[test]
fn bad_schema() {
    let mut bad = schema();
    bad.facet_fields.push("name".into());
    assert!(matches!(
        TantivyIndex::in_memory(bad),
        Err(SearchError::Schema(_))
    ));
    let mut dup = schema();
    dup.number_fields.push("tags".into());
    assert!(matches!(
        TantivyIndex::in_memory(dup),
        Err(SearchError::Schema(_))
    ));
}

#[test]
fn facet_counts_follow_updates_and_deletes_across_segments() {
    let index = TantivyIndex::in_memory(schema()).unwrap();
    // One upsert per document: a segment each.
    for d in corpus() {
        index.upsert(vec![d]).unwrap();
    }
    assert_eq!(
        index.column_memory(),
        0,
        "nothing is read out before a search"
    );
    let mut query = q("");
    query.facets = vec!["res_format".into(), "organization".into()];
    let hits = index.search(&query).unwrap();
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 3), ("JSON", 1), ("XLSX", 1)])
    );
    let held = index.column_memory();
    assert!(held > 0);
    index.search(&query).unwrap();
    assert_eq!(index.column_memory(), held, "each segment is read out once");
    // The budget moves from CSV to JSON; the hospitals go.
    let mut budget = corpus().remove(1);
    budget.facets = vec![
        ("organization".into(), "mf".into()),
        ("res_format".into(), "JSON".into()),
    ];
    index.upsert(vec![budget]).unwrap();
    index.delete(&["3".into()]).unwrap();
    let hits = index.search(&query).unwrap();
    assert_eq!(hits.total, 3);
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 2), ("JSON", 1)])
    );
    assert_eq!(
        facet(&hits, "organization"),
        pairs(&[("eco", 1), ("edu", 1), ("mf", 1)])
    );
    // A rebuild starts a new generation with nothing read out until it is searched.
    index.rebuild(&mut corpus().into_iter()).unwrap();
    assert_eq!(index.column_memory(), 0);
    let hits = index.search(&query).unwrap();
    assert_eq!(facet(&hits, "organization").len(), 4);
    // Most of a segment matches: its totals less what did not match, deleted documents too.
    index.delete(&["4".into()]).unwrap();
    let hits = index.search(&query).unwrap();
    assert_eq!(hits.total, 3);
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 2), ("JSON", 1), ("XLSX", 1)])
    );
    query.fq = vec!["-organization:health".into()];
    let hits = index.search(&query).unwrap();
    assert_eq!(
        facet(&hits, "res_format"),
        pairs(&[("CSV", 2), ("XLSX", 1)])
    );
    assert_eq!(
        facet(&hits, "organization"),
        pairs(&[("edu", 1), ("mf", 1)])
    );
}

#[test]
fn ties_are_broken_by_id_on_every_page() {
    let index = TantivyIndex::in_memory(schema()).unwrap();
    // Documents whose order in the index is not the ids' order, every key tied.
    let ids: Vec<String> = (1..=30).rev().map(|n| n.to_string()).collect();
    let docs: Vec<Document> = ids
        .iter()
        .map(|id| doc(id, "same", ["", "", "x"], ["", "", ""]))
        .collect();
    index.upsert(docs).unwrap();
    let mut by_id = ids.clone();
    by_id.sort();
    for sort in [
        vec![(SortKey::Score, true)],
        vec![(SortKey::Name, false)],
        vec![],
    ] {
        for text in ["", "x"] {
            let mut query = q(text);
            query.sort.clone_from(&sort);
            assert_eq!(
                index.search(&query).unwrap().ids,
                by_id,
                "{sort:?} {text:?}"
            );
            let paged: Vec<String> = (0..15)
                .flat_map(|page| {
                    let mut query = q(text);
                    query.sort.clone_from(&sort);
                    query.start = page * 2;
                    query.rows = 2;
                    index.search(&query).unwrap().ids
                })
                .collect();
            assert_eq!(paged, by_id, "two at a time, {sort:?} {text:?}");
        }
    }
}
