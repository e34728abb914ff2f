//! Every message key the code and templates use exists in all three languages, so no page can
//! show a raw key.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("target") && !path.ends_with("node_modules") {
                files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
            out.push(path);
        }
    }
}

/// String literals that follow one of the calls taking a message key.
fn keys_in(text: &str) -> Vec<String> {
    const CALLS: [&str; 8] = [
        ".t(\"",
        ".t1(\"",
        ".t_args(\"",
        "Msg::new(\"",
        "bad_request(\"",
        "label_key: \"",
        "Conflict(\"",
        "=> \"",
    ];
    let mut keys = Vec::new();
    for call in CALLS {
        let mut rest = text;
        while let Some(i) = rest.find(call) {
            let after = &rest[i + call.len()..];
            let key: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            // Only complete literals (a key built at run time with `format!` ends at a `{`) that
            // look like message ids: a lowercase word, a dash, more words.
            let looks_like_key =
                key.starts_with(|c: char| c.is_ascii_lowercase()) && key.contains('-');
            if after[key.len()..].starts_with('"') && looks_like_key {
                keys.push(key);
            }
            rest = after;
        }
    }
    // Second argument of `errors.add("field", "key")`.
    let mut rest = text;
    while let Some(i) = rest.find(".add(\"") {
        let after = &rest[i + 6..];
        if let Some(j) = after.find("\", \"") {
            let key: String = after[j + 4..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if after[j + 4 + key.len()..].starts_with('"') && key.contains('-') && j < 40 {
                keys.push(key);
            }
        }
        rest = after;
    }
    keys
}

#[test]
fn every_message_key_used_in_code_and_templates_exists_in_every_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(
        all.len() > 50,
        "found only {} source files under {}",
        all.len(),
        root.display()
    );
    let catalog = opengov_kernel::Catalog::platform().expect("catalogue");
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for key in keys_in(&text) {
            checked += 1;
            if !catalog.has(&key) {
                missing.push(format!("{key} ({})", path.display()));
            }
        }
    }
    assert!(
        checked > 300,
        "the scan found only {checked} keys; is it still reading the templates?"
    );
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys missing from the catalogue:\n{}",
        missing.join("\n")
    );
}
