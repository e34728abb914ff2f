//! The bodies as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed).

use std::collections::HashMap;

use crate::store::Body;

/// The header row, in column order.
pub const COLUMNS: [&str; 20] = [
    "id",
    "code",
    "slug",
    "kind",
    "parent_id",
    "parent_code",
    "name_kk",
    "name_ru",
    "name_en",
    "head_name_kk",
    "head_name_ru",
    "head_name_en",
    "email",
    "phone",
    "website",
    "bin",
    "address_kk",
    "address_ru",
    "address_en",
    "updated_at",
];

/// One field, quoted when it holds a comma, a quote, a line break or edge spaces (quotes are
/// doubled inside).
#[must_use]
pub fn quote(field: &str) -> String {
    let needs_quotes =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn push_row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(field.as_ref()));
    }
    out.push_str("\r\n");
}

/// The whole file: a header row, then one row per body.
#[must_use]
pub fn render(bodies: &[Body]) -> String {
    let codes: HashMap<i64, &str> = bodies.iter().map(|b| (b.id, b.code.as_str())).collect();
    let mut out = String::with_capacity(256 * (bodies.len() + 1));
    push_row(&mut out, &COLUMNS);
    for b in bodies {
        let parent_code = b
            .parent_id
            .and_then(|p| codes.get(&p).copied())
            .unwrap_or("");
        let row: [String; 20] = [
            b.id.to_string(),
            b.code.clone(),
            b.slug.clone(),
            b.kind.clone(),
            b.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            parent_code.to_owned(),
            b.name.kk.clone(),
            b.name.ru.clone(),
            b.name.en.clone(),
            b.head_name.kk.clone(),
            b.head_name.ru.clone(),
            b.head_name.en.clone(),
            b.email.clone(),
            b.phone.clone(),
            b.website.clone(),
            b.bin.clone(),
            b.address.kk.clone(),
            b.address.ru.clone(),
            b.address.en.clone(),
            b.updated_at.to_text(),
        ];
        push_row(&mut out, &row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote(""), "");
        assert_eq!(quote("Астана, Есиль"), "\"Астана, Есиль\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\rlf"), "\"cr\rlf\"");
        assert_eq!(quote(" padded"), "\" padded\"");
        assert_eq!(quote("+7 7172 74 10 01"), "+7 7172 74 10 01");
    }

    #[test]
    fn header_row_comes_first() {
        let text = render(&[]);
        assert!(text.starts_with("id,code,slug,kind,parent_id,parent_code,name_kk"));
        assert!(text.ends_with("updated_at\r\n"));
    }
}
