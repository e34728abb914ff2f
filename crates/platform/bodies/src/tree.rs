//! The hierarchy of bodies as an ordered, nested list, and the text search over it.
//!
//! Pure functions over a loaded list: the whole hierarchy is small (see
//! [`MAX_BODIES`](crate::store::MAX_BODIES)), and matching names in Rust folds case correctly
//! for Kazakh and Russian, which `SQLite`'s `lower()` does not.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use opengov_kernel::Lang;

use crate::kinds::BodyKind;
use crate::store::Body;

/// One body in depth-first order, with what a template needs to nest `<ul>` lists without
/// recursion: open a child list after it (`has_children`) or close its item and then
/// `closes` enclosing levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeItem<'a> {
    pub body: &'a Body,
    pub depth: usize,
    pub has_children: bool,
    pub closes: usize,
}

/// Text folded for matching: lower case in every script, `ё` as `е`, spaces collapsed.
#[must_use]
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase().replace('ё', "е");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Kazakh Cyrillic alphabet, whose order contains the Russian one.
const CYRILLIC_ORDER: [char; 42] = [
    'а', 'ә', 'б', 'в', 'г', 'ғ', 'д', 'е', 'ё', 'ж', 'з', 'и', 'й', 'к', 'қ', 'л', 'м', 'н', 'ң',
    'о', 'ө', 'п', 'р', 'с', 'т', 'у', 'ұ', 'ү', 'ф', 'х', 'һ', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'і',
    'ь', 'э', 'ю', 'я',
];

/// Rank in [`CYRILLIC_ORDER`] (from 1) of each character of the Cyrillic block; 0 for others.
const CYRILLIC_RANKS: [u32; 256] = {
    let mut table = [0_u32; 256];
    let mut i = 0;
    while i < CYRILLIC_ORDER.len() {
        table[(CYRILLIC_ORDER[i] as u32 - 0x400) as usize] = i as u32 + 1;
        i += 1;
    }
    table
};

/// A key that sorts names alphabetically in Kazakh and Russian (code points put ә, ғ, қ, ң,
/// ө, ұ, ү, һ, і after я): letters of the alphabet rank after Latin text, in alphabet order.
#[must_use]
pub fn sort_key(text: &str) -> Vec<u32> {
    fold(text)
        .chars()
        .map(|c| {
            let rank = (c as u32)
                .checked_sub(0x400)
                .and_then(|i| CYRILLIC_RANKS.get(i as usize))
                .copied()
                .unwrap_or(0);
            if rank == 0 {
                c as u32
            } else {
                0x11_0000 + rank
            }
        })
        .collect()
}

/// Whether a body matches a search: the folded query is part of its name in any language or
/// of its code.
#[must_use]
pub fn matches(body: &Body, folded_query: &str) -> bool {
    if folded_query.is_empty() {
        return true;
    }
    [&body.name.kk, &body.name.ru, &body.name.en, &body.code]
        .iter()
        .any(|text| fold(text).contains(folded_query))
}

/// The ids of `matched` bodies and of all their ancestors (so results keep their place in
/// the tree).
#[must_use]
pub fn with_ancestors<S: BuildHasher>(bodies: &[Body], matched: &HashSet<i64, S>) -> HashSet<i64> {
    let parents: HashMap<i64, Option<i64>> = bodies.iter().map(|b| (b.id, b.parent_id)).collect();
    let mut visible = HashSet::new();
    for &id in matched {
        let mut current = Some(id);
        while let Some(cid) = current {
            if !visible.insert(cid) {
                break;
            }
            current = parents.get(&cid).copied().flatten();
        }
    }
    visible
}

/// The bodies for which `include` holds, depth first; siblings by kind then by name in
/// `lang`. Bodies whose parent is not shown become roots; cycles are cut.
#[must_use]
pub fn ordered(bodies: &[Body], include: impl Fn(&Body) -> bool, lang: Lang) -> Vec<TreeItem<'_>> {
    let shown: Vec<&Body> = bodies.iter().filter(|b| include(b)).collect();
    let ids: HashSet<i64> = shown.iter().map(|b| b.id).collect();
    let mut children: HashMap<Option<i64>, Vec<&Body>> = HashMap::new();
    for b in &shown {
        let parent = b.parent_id.filter(|p| ids.contains(p) && *p != b.id);
        children.entry(parent).or_default().push(b);
    }
    for list in children.values_mut() {
        list.sort_by_cached_key(|b| (BodyKind::rank_of(&b.kind), sort_key(b.name.get(lang)), b.id));
    }
    let mut order: Vec<(usize, &Body)> = Vec::with_capacity(shown.len());
    let mut seen: HashSet<i64> = HashSet::new();
    walk(None, 0, &children, &mut seen, &mut order);
    // Bodies caught in a parent cycle are unreachable from the roots: show them as roots.
    for b in &shown {
        if !seen.contains(&b.id) && seen.insert(b.id) {
            order.push((0, b));
            walk(Some(b.id), 1, &children, &mut seen, &mut order);
        }
    }
    nest(&order)
}

fn walk<'a>(
    parent: Option<i64>,
    depth: usize,
    children: &HashMap<Option<i64>, Vec<&'a Body>>,
    seen: &mut HashSet<i64>,
    out: &mut Vec<(usize, &'a Body)>,
) {
    let Some(list) = children.get(&parent) else {
        return;
    };
    for b in list {
        if seen.insert(b.id) {
            out.push((depth, b));
            walk(Some(b.id), depth + 1, children, seen, out);
        }
    }
}

fn nest<'a>(order: &[(usize, &'a Body)]) -> Vec<TreeItem<'a>> {
    order
        .iter()
        .enumerate()
        .map(|(i, &(depth, body))| {
            let next_depth = order.get(i + 1).map_or(0, |(d, _)| *d);
            let has_children = next_depth > depth;
            TreeItem {
                body,
                depth,
                has_children,
                closes: if has_children { 0 } else { depth - next_depth },
            }
        })
        .collect()
}

/// The ids of `id` and of every body below it (a body may not move under these).
#[must_use]
pub fn self_and_descendants(bodies: &[Body], id: i64) -> HashSet<i64> {
    let mut out = HashSet::from([id]);
    let mut grew = true;
    while grew {
        grew = false;
        for b in bodies {
            if let Some(p) = b.parent_id
                && out.contains(&p)
                && out.insert(b.id)
            {
                grew = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use opengov_kernel::{LocalizedText, Ts};

    use super::*;

    fn body(id: i64, parent_id: Option<i64>, kind: &str, ru: &str) -> Body {
        let at = Ts(chrono::DateTime::UNIX_EPOCH);
        Body {
            id,
            code: format!("B{id}"),
            slug: format!("b{id}"),
            parent_id,
            kind: kind.to_owned(),
            name: LocalizedText::new("", ru, ""),
            description: LocalizedText::default(),
            head_name: LocalizedText::default(),
            head_user_id: None,
            email: String::new(),
            phone: String::new(),
            address: LocalizedText::default(),
            website: String::new(),
            bin: String::new(),
            active: true,
            created_at: at,
            updated_at: at,
        }
    }

    fn sample() -> Vec<Body> {
        vec![
            body(1, None, "government", "Правительство"),
            body(2, Some(1), "ministry", "Министерство юстиции"),
            body(3, Some(1), "city", "Акимат города Астаны"),
            body(4, Some(1), "ministry", "Министерство финансов"),
            body(5, Some(4), "committee", "Комитет казначейства"),
            body(6, Some(3), "district", "Акимат района Есиль"),
        ]
    }

    #[test]
    fn depth_first_with_siblings_by_kind_then_name_and_balanced_nesting() {
        let bodies = sample();
        let items = ordered(&bodies, |_| true, Lang::Ru);
        let ids: Vec<i64> = items.iter().map(|i| i.body.id).collect();
        assert_eq!(ids, vec![1, 4, 5, 2, 3, 6]);
        let opens = items.iter().filter(|i| i.has_children).count();
        let closes: usize = items.iter().map(|i| i.closes).sum();
        assert_eq!(opens, closes, "every nested list is closed");
        assert_eq!(items.last().map(|i| i.closes), Some(2));
    }

    #[test]
    fn search_folds_cyrillic_case_and_keeps_ancestors() {
        let bodies = sample();
        let q = fold("КАЗНАЧЕЙСТВА");
        let matched: HashSet<i64> = bodies
            .iter()
            .filter(|b| matches(b, &q))
            .map(|b| b.id)
            .collect();
        assert_eq!(matched, HashSet::from([5]));
        let visible = with_ancestors(&bodies, &matched);
        assert_eq!(visible, HashSet::from([1, 4, 5]));
        let ids: Vec<i64> = ordered(&bodies, |b| visible.contains(&b.id), Lang::Ru)
            .iter()
            .map(|i| i.body.id)
            .collect();
        assert_eq!(ids, vec![1, 4, 5]);
        assert!(matches(&bodies[0], &fold("правительство")));
        let kk = Body {
            name: LocalizedText::new("Қаржы министрлігі", "", ""),
            ..body(9, None, "ministry", "")
        };
        assert!(matches(&kk, &fold("ҚАРЖЫ")));
    }

    #[test]
    fn names_sort_in_kazakh_alphabet_order() {
        let mut names = vec![
            "Ішкі",
            "Ұлттық",
            "Қаржы",
            "Ғылым",
            "Әділет",
            "Энергетика",
            "Ауыл",
            "ёлка",
            "Жер",
            "Digital",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec![
                "Digital",
                "Ауыл",
                "Әділет",
                "Ғылым",
                "ёлка",
                "Жер",
                "Қаржы",
                "Ұлттық",
                "Ішкі",
                "Энергетика"
            ]
        );
        assert!(sort_key("Министерство финансов") < sort_key("Министерство юстиции"));
    }

    #[test]
    fn cycles_do_not_lose_bodies_or_loop() {
        let bodies = vec![
            body(1, Some(2), "ministry", "А"),
            body(2, Some(1), "committee", "Б"),
        ];
        let items = ordered(&bodies, |_| true, Lang::Ru);
        assert_eq!(items.len(), 2);
        assert_eq!(self_and_descendants(&bodies, 1), HashSet::from([1, 2]));
    }
}
