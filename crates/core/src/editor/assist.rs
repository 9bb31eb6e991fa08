//! Help while typing Flux: the dashboard variables offered after `v.`, and where a Flux
//! error from the server points.

use super::flux::{tokens, TokenKind};
use std::ops::Range;

/// The variables a dashboard query gets in `v` (`query::QueryVars`), in the order offered.
pub const DASHBOARD_VARIABLES: [&str; 3] = ["timeRangeStart", "timeRangeStop", "windowPeriod"];

/// What to offer at the caret: `items` replace the bytes `replace` of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The byte range to replace with the chosen item: the whole name after `v.` (empty
    /// right after the dot).
    pub replace: Range<usize>,
    pub items: Vec<&'static str>,
}

/// The dashboard variables to offer at byte offset `caret`, when the caret is right after
/// `v.` or inside the name that follows it (`v.time|`, `v.timeRa|ngeStart`). Names match
/// by prefix, ignoring case. `None` when nothing applies: elsewhere, inside a string or a
/// comment, after `xv.` or `a.v.`, no name matching, or `caret` not a char boundary.
pub fn complete_variables(src: &str, caret: usize) -> Option<Completion> {
    if caret > src.len() || !src.is_char_boundary(caret) {
        return None;
    }
    let bytes = src.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = caret;
    while start > 0 && is_name(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = caret;
    while end < bytes.len() && is_name(bytes[end]) {
        end += 1;
    }
    // `v` `.` then the name: `v` must be a whole name, not the end of `xv` or `a.v`.
    if start < 2 || bytes[start - 1] != b'.' || bytes[start - 2] != b'v' {
        return None;
    }
    let v_at = start - 2;
    if v_at > 0 && (is_name(bytes[v_at - 1]) || bytes[v_at - 1] == b'.' || bytes[v_at - 1] >= 0x80) {
        return None;
    }
    // Not inside a string or a comment: the token holding `v` must be the identifier `v`.
    let in_code = tokens(&src[..start])
        .take_while(|t| t.range.start <= v_at)
        .last()
        .is_some_and(|t| t.kind == TokenKind::Identifier && t.range == (v_at..v_at + 1));
    if !in_code {
        return None;
    }
    let typed = src[start..caret].to_ascii_lowercase();
    let items: Vec<&'static str> = DASHBOARD_VARIABLES.into_iter().filter(|n| n.to_ascii_lowercase().starts_with(&typed)).collect();
    (!items.is_empty()).then_some(Completion { replace: start..end, items })
}

/// Where a Flux error points: a span of 1-based lines and columns, as influxd writes it
/// (`@3:5-3:10`), with the message that follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FluxErrorSpan {
    pub line: u32,
    pub column: u32,
    /// The end of the span, when given as a position (`<end of query>` is not).
    pub end: Option<(u32, u32)>,
    /// The text after the span: `undefined identifier x`.
    pub message: String,
}

/// The spans a Flux error message names, one per error (influxd joins several errors with
/// a blank line; only the first span of each counts, the others are details such as
/// `got unexpected token in string expression @2:1-2:1: EOF`). Spans at line 0 (extern
/// nodes have no position) are left out.
///
/// Reads `error @3:5-3:10: undefined identifier x`,
/// `compilation failed: error @1:1-1:17: expected RPAREN, got EOF` and
/// `error at @2:1-2:4: …`.
pub fn flux_error_spans(message: &str) -> Vec<FluxErrorSpan> {
    message.split("\n\n").filter_map(first_span).collect()
}

/// The line the first error of `message` names, if any: what the editor scrolls to.
pub fn flux_error_line(message: &str) -> Option<u32> {
    flux_error_spans(message).first().map(|s| s.line)
}

fn first_span(block: &str) -> Option<FluxErrorSpan> {
    let mut rest = block;
    while let Some(at) = rest.find('@') {
        let after = &rest[at + 1..];
        if let Some((line, column, tail)) = position(after) {
            let (end, tail) = match tail.strip_prefix('-') {
                Some(t) => match position(t) {
                    Some((l, c, t2)) => (Some((l, c)), t2),
                    None => (None, t.find(':').map_or("", |k| &t[k..])),
                },
                None => (None, tail),
            };
            if line == 0 {
                return None;
            }
            let message = tail.strip_prefix(':').unwrap_or(tail).trim().to_owned();
            return Some(FluxErrorSpan { line, column, end, message });
        }
        rest = after;
    }
    None
}

/// `L:C` at the start of `s`: the two numbers and what follows.
fn position(s: &str) -> Option<(u32, u32, &str)> {
    let (line, rest) = number(s)?;
    let (column, rest) = number(rest.strip_prefix(':')?)?;
    Some((line, column, rest))
}

fn number(s: &str) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    Some((s[..n].parse().ok()?, &s[n..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completion at the `|` of `marked`.
    fn at(marked: &str) -> Option<Completion> {
        let caret = marked.find('|').unwrap();
        let src = marked.replacen('|', "", 1);
        complete_variables(&src, caret)
    }

    #[test]
    fn offers_variables_after_v_dot() {
        let c = at("range(start: v.|)").unwrap();
        assert_eq!(c.items, DASHBOARD_VARIABLES.to_vec());
        assert_eq!(c.replace, 15..15);

        let c = at("range(start: v.time|)").unwrap();
        assert_eq!(c.items, vec!["timeRangeStart", "timeRangeStop"]);
        assert_eq!(c.replace, 15..19);

        let c = at("every: v.W|indowPeriod)").unwrap();
        assert_eq!(c.items, vec!["windowPeriod"]);
        assert_eq!(c.replace, 9..21, "the whole name is replaced, also what follows the caret");

        assert_eq!(at("v.timeRangeSto|").unwrap().items, vec!["timeRangeStop"]);
    }

    #[test]
    fn offers_nothing_elsewhere() {
        for marked in ["x.|", "v|", "xv.|", "a.v.|", "\"v.|\"", "// v.|", "v.zzz|", "v.timeRangeStart.|", "|v."] {
            assert_eq!(at(marked), None, "{marked}");
        }
        assert_eq!(complete_variables("v.", 99), None);
        assert_eq!(complete_variables("é v.", 1), None, "inside a character");
        assert!(complete_variables("é v.", 5).is_some());
    }

    #[test]
    fn error_spans_as_influxd_writes_them() {
        let s = flux_error_spans("error @3:5-3:10: undefined identifier x");
        assert_eq!(s, vec![FluxErrorSpan { line: 3, column: 5, end: Some((3, 10)), message: "undefined identifier x".into() }]);

        let s = flux_error_spans("compilation failed: error at @2:1-2:4: expected RPAREN, got EOF");
        assert_eq!((s[0].line, s[0].column, s[0].message.as_str()), (2, 1, "expected RPAREN, got EOF"));

        let two = "compilation failed: error @1:1-1:17: expected RPAREN, got EOF\n\nerror @1:14-2:1: got unexpected token in string expression @2:1-2:1: EOF";
        let s = flux_error_spans(two);
        assert_eq!(s.iter().map(|e| (e.line, e.column)).collect::<Vec<_>>(), vec![(1, 1), (1, 14)]);
        assert_eq!(s[1].message, "got unexpected token in string expression @2:1-2:1: EOF");

        let s = flux_error_spans("failed to merge packages: error at @1:1-<end of query>: file is in default package");
        assert_eq!((s[0].line, s[0].end, s[0].message.as_str()), (1, None, "file is in default package"));

        assert_eq!(flux_error_line("error @0:0-0:0: invalid duration"), None, "extern nodes have no position");
        assert_eq!(flux_error_line("failed to decode request body: x@y"), None);
        assert_eq!(flux_error_line("@"), None);
        assert_eq!(flux_error_line("error @12:3: short form"), Some(12));
        assert_eq!(flux_error_line("a@b @99999999999:1 @4:2-4:3: x"), Some(4), "a number too large is no position");
    }
}
