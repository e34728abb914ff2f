//! The query language: a recursive-descent parser for the subset of Solr syntax that CKAN and
//! its harvesters send, producing a small syntax tree that the (private) `compile` module
//! turns into a tantivy query.
//!
//! ```text
//! query    := or
//! or       := and (("OR" | "||") and)*
//! and      := unary (("AND" | "&&")? unary)*       adjacent clauses are ANDed
//! unary    := ("NOT" | "!") unary | "-" primary | "+" primary | primary
//! primary  := "(" or ")" | "*:*" | FIELD ":" value | "\"phrase\"" | word
//! value    := "(" or ")"        (bare words inside take FIELD as their field)
//!           | "[" bound "TO" bound "]"   (also "{" … "}" for exclusive ends, mixable)
//!           | "\"phrase\"" | "*" | word | word*
//! ```
//! A backslash escapes the next character. Errors carry the character position.

use std::ops::Bound;

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// Deepest accepted nesting of parentheses and negations.
const MAX_DEPTH: usize = 32;

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Every document (`*:*`, or an empty query).
    All,
    /// A word or phrase, in a field or (field `None`) in the free text.
    Text {
        field: Option<String>,
        text: String,
        phrase: bool,
    },
    /// `field:prefix*`
    Prefix {
        field: String,
        prefix: String,
    },
    /// `field:*` or `field:[* TO *]`
    Exists {
        field: String,
    },
    /// `field:[a TO b]`; `*` is an unbounded end.
    Range {
        field: String,
        lower: Bound<String>,
        upper: Bound<String>,
    },
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Character position (0-based).
    pub position: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at position {}", self.message, self.position)
    }
}

/// Parses a query; blank input and `*:*` are [`Node::All`].
pub fn parse(input: &str) -> Result<Node, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(ParseError {
            position: MAX_QUERY_CHARS,
            message: format!("query longer than {MAX_QUERY_CHARS} characters"),
        });
    }
    let mut parser = Parser {
        chars,
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    if parser.at_end() {
        return Ok(Node::All);
    }
    let node = parser.or(None)?;
    parser.skip_ws();
    if !parser.at_end() {
        return Err(parser.error(if parser.peek() == Some(')') {
            "unbalanced ')'"
        } else {
            "unexpected input"
        }));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

/// Characters that end a free-text word.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | ':' | '[' | ']' | '{' | '}')
}

/// Characters that end a field value.
fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

impl Parser {
    fn error(&self, message: &str) -> ParseError {
        ParseError {
            position: self.pos,
            message: message.to_owned(),
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// True (and consumes it) when the next token is the keyword `word` followed by a boundary.
    fn keyword(&mut self, word: &str) -> bool {
        let len = word.chars().count();
        let matches = word
            .chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c));
        let boundary = self
            .peek_at(len)
            .is_none_or(|c| c.is_whitespace() || c == '(' || c == '"');
        if matches && boundary {
            self.pos += len;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error("query nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn or(&mut self, field: Option<&str>) -> Result<Node, ParseError> {
        let mut items = vec![self.and(field)?];
        loop {
            self.skip_ws();
            if self.keyword("OR") || self.keyword("||") {
                items.push(self.and(field)?);
            } else {
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self, field: Option<&str>) -> Result<Node, ParseError> {
        let mut items = vec![self.unary(field)?];
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some(')') => break,
                _ => {}
            }
            let save = self.pos;
            if self.keyword("OR") || self.keyword("||") {
                self.pos = save;
                break;
            }
            // An explicit AND is optional.
            let _ = self.keyword("AND") || self.keyword("&&");
            items.push(self.unary(field)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn unary(&mut self, field: Option<&str>) -> Result<Node, ParseError> {
        self.skip_ws();
        if self.keyword("NOT") || self.keyword("!") {
            self.enter()?;
            let inner = self.unary(field)?;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        match (self.peek(), self.peek_at(1)) {
            (Some('-' | '!'), Some(c)) if !c.is_whitespace() => {
                self.pos += 1;
                self.enter()?;
                let inner = self.primary(field)?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(inner)))
            }
            (Some('+'), Some(c)) if !c.is_whitespace() => {
                self.pos += 1;
                self.primary(field)
            }
            _ => self.primary(field),
        }
    }

    fn primary(&mut self, field: Option<&str>) -> Result<Node, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error("expected a term, found the end of the query")),
            Some('(') => self.group(field),
            Some(')') => Err(self.error("expected a term before ')'")),
            Some('"') => {
                let text = self.quoted()?;
                Ok(Node::Text {
                    field: field.map(str::to_owned),
                    text,
                    phrase: true,
                })
            }
            Some('*') if self.peek_at(1) == Some(':') && self.peek_at(2) == Some('*') => {
                self.pos += 3;
                Ok(Node::All)
            }
            Some(_) => {
                let save = self.pos;
                for op in ["AND", "OR", "&&", "||"] {
                    if self.keyword(op) {
                        self.pos = save;
                        return Err(self.error(&format!("expected a term before '{op}'")));
                    }
                }
                if let Some(name) = self.field_name() {
                    if field.is_some() {
                        return Err(self.error("a field inside field:(…) is not supported"));
                    }
                    return self.value(&name);
                }
                let start = self.pos;
                let text = self.word(ends_word);
                if text.is_empty() {
                    self.pos = start;
                    return Err(self.error("expected a term"));
                }
                match field {
                    Some(f) => Ok(value_node(f, text)),
                    None => Ok(Node::Text {
                        field: None,
                        text,
                        phrase: false,
                    }),
                }
            }
        }
    }

    fn group(&mut self, field: Option<&str>) -> Result<Node, ParseError> {
        let open = self.pos;
        self.pos += 1;
        self.enter()?;
        self.skip_ws();
        let inner = if self.peek() == Some(')') {
            Node::All
        } else {
            self.or(field)?
        };
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(ParseError {
                position: open,
                message: "unbalanced '(': expected ')'".to_owned(),
            });
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(inner)
    }

    /// A field name followed by ':' (consumed), or `None` without moving.
    fn field_name(&mut self) -> Option<String> {
        let mut end = self.pos;
        while let Some(&c) = self.chars.get(end) {
            if c.is_alphanumeric() || c == '_' || c == '.' || (c == '-' && end > self.pos) {
                end += 1;
            } else {
                break;
            }
        }
        if end > self.pos && self.chars.get(end) == Some(&':') {
            let name: String = self.chars[self.pos..end].iter().collect();
            self.pos = end + 1;
            Some(name)
        } else {
            None
        }
    }

    fn value(&mut self, field: &str) -> Result<Node, ParseError> {
        match self.peek() {
            Some('(') => self.group(Some(field)),
            Some('[' | '{') => self.range(field),
            Some('"') => Ok(Node::Text {
                field: Some(field.to_owned()),
                text: self.quoted()?,
                phrase: true,
            }),
            None => Err(self.error("expected a value after ':'")),
            Some(c) if c.is_whitespace() => Err(self.error("expected a value after ':'")),
            Some(_) => {
                let text = self.word(ends_value);
                if text.is_empty() {
                    return Err(self.error("expected a value after ':'"));
                }
                Ok(value_node(field, text))
            }
        }
    }

    fn range(&mut self, field: &str) -> Result<Node, ParseError> {
        let inclusive_lower = self.peek() == Some('[');
        self.pos += 1;
        self.skip_ws();
        let lower = self.bound_word()?;
        self.skip_ws();
        if !self.keyword("TO") {
            return Err(self.error("expected 'TO' in range"));
        }
        self.skip_ws();
        let upper = self.bound_word()?;
        self.skip_ws();
        let inclusive_upper = match self.peek() {
            Some(']') => true,
            Some('}') => false,
            _ => return Err(self.error("expected ']' or '}' to close the range")),
        };
        self.pos += 1;
        let bound = |value: String, inclusive: bool| match (value.as_str(), inclusive) {
            ("*", _) => Bound::Unbounded,
            (_, true) => Bound::Included(value),
            (_, false) => Bound::Excluded(value),
        };
        let lower = bound(lower, inclusive_lower);
        let upper = bound(upper, inclusive_upper);
        if lower == Bound::Unbounded && upper == Bound::Unbounded {
            return Ok(Node::Exists {
                field: field.to_owned(),
            });
        }
        Ok(Node::Range {
            field: field.to_owned(),
            lower,
            upper,
        })
    }

    fn bound_word(&mut self) -> Result<String, ParseError> {
        if self.peek() == Some('"') {
            return self.quoted();
        }
        let word = self.word(|c| c.is_whitespace() || matches!(c, ']' | '}' | '[' | '{'));
        if word.is_empty() {
            Err(self.error("expected a range bound"))
        } else {
            Ok(word)
        }
    }

    /// Reads a run of characters up to a stop character, resolving backslash escapes.
    fn word(&mut self, stop: fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '\\' {
                if let Some(next) = self.peek_at(1) {
                    out.push(next);
                    self.pos += 2;
                    continue;
                }
                self.pos += 1;
                break;
            }
            if stop(c) {
                break;
            }
            out.push(c);
            self.pos += 1;
        }
        out
    }

    fn quoted(&mut self) -> Result<String, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(ParseError {
                        position: open,
                        message: "unbalanced '\"': expected a closing quote".to_owned(),
                    });
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') if self.peek_at(1).is_some() => {
                    out.extend(self.peek_at(1));
                    self.pos += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

fn value_node(field: &str, text: String) -> Node {
    if text == "*" {
        return Node::Exists {
            field: field.to_owned(),
        };
    }
    if let Some(prefix) = text.strip_suffix('*')
        && !prefix.is_empty()
        && !prefix.contains('*')
    {
        return Node::Prefix {
            field: field.to_owned(),
            prefix: prefix.to_owned(),
        };
    }
    Node::Text {
        field: Some(field.to_owned()),
        text,
        phrase: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(field: Option<&str>, t: &str, phrase: bool) -> Node {
        Node::Text {
            field: field.map(str::to_owned),
            text: t.to_owned(),
            phrase,
        }
    }

    #[test]
    fn basics() {
        assert_eq!(parse(""), Ok(Node::All));
        assert_eq!(parse("  *:* "), Ok(Node::All));
        assert_eq!(parse("water"), Ok(text(None, "water", false)));
        assert_eq!(
            parse("water quality"),
            Ok(Node::And(vec![
                text(None, "water", false),
                text(None, "quality", false)
            ]))
        );
        assert_eq!(
            parse("\"air quality\""),
            Ok(text(None, "air quality", true))
        );
        assert_eq!(
            parse("tags:\"Air quality\""),
            Ok(text(Some("tags"), "Air quality", true))
        );
        assert_eq!(
            parse("res_format:CSV"),
            Ok(text(Some("res_format"), "CSV", false))
        );
        assert_eq!(
            parse("-tags:x"),
            Ok(Node::Not(Box::new(text(Some("tags"), "x", false))))
        );
        assert_eq!(
            parse("NOT x"),
            Ok(Node::Not(Box::new(text(None, "x", false))))
        );
        assert_eq!(
            parse("name:foo*"),
            Ok(Node::Prefix {
                field: "name".into(),
                prefix: "foo".into()
            })
        );
        assert_eq!(
            parse("tags:*"),
            Ok(Node::Exists {
                field: "tags".into()
            })
        );
        assert_eq!(parse("id:a\\:b"), Ok(text(Some("id"), "a:b", false)));
    }

    #[test]
    fn precedence() {
        assert_eq!(
            parse("a OR b c"),
            Ok(Node::Or(vec![
                text(None, "a", false),
                Node::And(vec![text(None, "b", false), text(None, "c", false)])
            ]))
        );
        assert_eq!(
            parse("(a OR b) AND NOT c"),
            Ok(Node::And(vec![
                Node::Or(vec![text(None, "a", false), text(None, "b", false)]),
                Node::Not(Box::new(text(None, "c", false)))
            ]))
        );
        assert_eq!(
            parse("res_format:(CSV OR \"XLS X\")"),
            Ok(Node::Or(vec![
                text(Some("res_format"), "CSV", false),
                text(Some("res_format"), "XLS X", true)
            ]))
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            parse("metadata_modified:[2026-01-01T00:00:00Z TO NOW]"),
            Ok(Node::Range {
                field: "metadata_modified".into(),
                lower: Bound::Included("2026-01-01T00:00:00Z".into()),
                upper: Bound::Included("NOW".into()),
            })
        );
        assert_eq!(
            parse("n:{1 TO *]"),
            Ok(Node::Range {
                field: "n".into(),
                lower: Bound::Excluded("1".into()),
                upper: Bound::Unbounded
            })
        );
        assert_eq!(parse("n:[* TO *]"), Ok(Node::Exists { field: "n".into() }));
    }

    #[test]
    fn errors() {
        for bad in [
            "(a",
            "a)",
            "\"abc",
            "tags:",
            "n:[1 TO",
            "n:[1 2]",
            "(",
            "NOT",
            "a OR",
            "a AND",
            "tags:(x:y)",
        ] {
            let err = parse(bad);
            assert!(err.is_err(), "{bad} parsed as {err:?}");
        }
        let err = parse("(a").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unbalanced '(': expected ')' at position 0")
        );
        assert!(parse(&"a ".repeat(3000)).is_err());
        assert!(parse(&"(".repeat(100)).is_err());
        assert!(parse(&"NOT ".repeat(100)).is_err());
    }
}
