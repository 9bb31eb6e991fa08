//! A Flux tokenizer for highlighting: every byte of the input lands in exactly one token,
//! tokens come in order and touch (`tokens[i].end == tokens[i + 1].start`), and no input
//! makes it panic. It follows the Flux spec's lexical rules closely enough to colour a
//! script, not to parse one: a string's `${…}` interpolation stays part of the string, and
//! anything it does not know is an [`TokenKind::Unknown`] token of one character.
//!
//! Unterminated strings and comments run to the end of the input (a comment to the end of
//! its line), so a half-typed script still highlights sensibly.

use std::ops::Range;

/// What a token is, for choosing its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// `import`, `package`, `option`, `builtin`, `return`, `if`, `then`, `else`, `and`,
    /// `or`, `not`, `exists`, `empty`, `in`, `test`, `testcase`.
    Keyword,
    Identifier,
    /// `"…"`, escapes and `${…}` interpolations included.
    String,
    /// `42`, `3.14`.
    Number,
    /// `1h30m`, `5ms`, `1mo`, `2w`, `10µs`.
    Duration,
    /// `2024-01-01` or `2024-01-01T00:00:00Z`, with fraction and offset.
    DateTime,
    /// `/cpu[0-9]+/`, only where Flux reads a regex (not after a value, where `/` divides).
    Regex,
    /// `// …` to the end of the line.
    Comment,
    /// `|>`
    PipeForward,
    /// `+ - * / % ^ == != < <= > >= =~ !~ = <- =>` and `?`.
    Operator,
    /// `( ) [ ] { } , : .` and `@`.
    Punctuation,
    /// Spaces, tabs, newlines.
    Whitespace,
    /// One character Flux has no use for here.
    Unknown,
}

/// A token: its kind and the byte range it covers in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
}

impl Token {
    /// The token's text in `src` (the string it was read from).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.range.clone()).unwrap_or("")
    }
}

/// Flux's keywords (the spec's list, plus the 2022 additions `testcase`, `if`, `then`,
/// `else`, `exists`).
pub const KEYWORDS: [&str; 16] = [
    "and", "builtin", "else", "empty", "exists", "if", "import", "in", "not", "option", "or", "package", "return", "test", "testcase",
    "then",
];

/// Duration units, longest first so that `mo` and `ms` win over `m`.
const DURATION_UNITS: [&str; 11] = ["mo", "ms", "us", "µs", "ns", "y", "w", "d", "h", "m", "s"];

/// Splits `src` into tokens covering all of it. Linear in the input; never panics.
pub fn tokenize(src: &str) -> Vec<Token> {
    // About one token per four bytes in real scripts; avoids most regrowth.
    let mut out = Vec::with_capacity(src.len() / 4 + 1);
    out.extend(tokens(src));
    out
}

/// [`tokenize`] one token at a time: a reader that stops early (the highlighter, at the last
/// line on screen) does not scan the rest of the script.
pub fn tokens(src: &str) -> Tokens<'_> {
    Tokens { src, i: 0, regex_ok: true }
}

/// The iterator of [`tokens`].
pub struct Tokens<'a> {
    src: &'a str,
    i: usize,
    /// Whether a `/` here would start a regex: true unless the last significant token was a
    /// value (identifier, literal, closing bracket).
    regex_ok: bool,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let (src, i) = (self.src, self.i);
        let bytes = src.as_bytes();
        let b = *bytes.get(i)?;
        let (kind, end) = match b {
            b' ' | b'\t' | b'\n' | b'\r' => (TokenKind::Whitespace, scan_while(bytes, i, |c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))),
            b'/' if bytes.get(i + 1) == Some(&b'/') => (TokenKind::Comment, scan_while(bytes, i, |c| c != b'\n')),
            b'/' if self.regex_ok => match scan_regex(bytes, i) {
                Some(end) => (TokenKind::Regex, end),
                None => (TokenKind::Operator, i + 1),
            },
            b'"' => (TokenKind::String, scan_string(bytes, i + 1)),
            b'0'..=b'9' => scan_number_like(bytes, i),
            b'|' if bytes.get(i + 1) == Some(&b'>') => (TokenKind::PipeForward, i + 2),
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'.' | b'@' => (TokenKind::Punctuation, i + 1),
            b'=' | b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'?' => (TokenKind::Operator, scan_operator(bytes, i)),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = scan_ident(src, i);
                (if is_keyword(&src[i..end]) { TokenKind::Keyword } else { TokenKind::Identifier }, end)
            }
            _ => {
                // An identifier may also start with any Unicode letter, as in Flux.
                let c = char_at(src, i);
                if c.is_alphabetic() {
                    (TokenKind::Identifier, scan_ident(src, i))
                } else {
                    (TokenKind::Unknown, i + c.len_utf8())
                }
            }
        };
        match kind {
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::Identifier
            | TokenKind::String
            | TokenKind::Number
            | TokenKind::Duration
            | TokenKind::DateTime
            | TokenKind::Regex => self.regex_ok = false,
            TokenKind::Keyword => self.regex_ok = true,
            _ => self.regex_ok = !matches!(b, b')' | b']' | b'}'),
        }
        self.i = end;
        Some(Token { kind, range: i..end })
    }
}

/// The character starting at byte `i` (which is always a char boundary here).
fn char_at(src: &str, i: usize) -> char {
    src[i..].chars().next().unwrap_or('\u{FFFD}')
}

#[inline(always)]
fn scan_while(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

#[inline(always)]
fn is_keyword(word: &str) -> bool {
    // A cheap look at length and first letter rules out most names before any comparison.
    let first_ok = matches!(word.as_bytes().first(), Some(b'a' | b'b' | b'e' | b'i' | b'n' | b'o' | b'p' | b'r' | b't'));
    first_ok
        && (2..=8).contains(&word.len())
        && matches!(
            word,
            "and"
                | "builtin"
                | "else"
                | "empty"
                | "exists"
                | "if"
                | "import"
                | "in"
                | "not"
                | "option"
                | "or"
                | "package"
                | "return"
                | "test"
                | "testcase"
                | "then"
        )
}

#[inline(always)]
fn scan_ident(src: &str, start: usize) -> usize {
    // ASCII names are the rule; only a non-ASCII byte sends the rest through `chars`.
    let bytes = src.as_bytes();
    let mut end = scan_while(bytes, start, |c| c.is_ascii_alphanumeric() || c == b'_');
    if end == bytes.len() || bytes[end] < 0x80 {
        return end;
    }
    for c in src[end..].chars() {
        if c.is_alphanumeric() || c == '_' {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[inline(always)]
fn scan_operator(bytes: &[u8], i: usize) -> usize {
    let two = [bytes[i], bytes.get(i + 1).copied().unwrap_or(0)];
    match &two {
        b"==" | b"!=" | b"<=" | b">=" | b"=~" | b"!~" | b"<-" | b"=>" => i + 2,
        _ => i + 1,
    }
}

/// From just after the opening quote to just after the closing one (or the end of input).
/// `${…}` may hold strings of its own, quotes included: they do not end this one.
fn scan_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => i = scan_interpolation(bytes, i + 2),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// From just after `${` to just after its `}`.
fn scan_interpolation(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = scan_string(bytes, i + 1),
            b'{' => {
                depth += 1;
                i += 1
            }
            b'}' if depth == 0 => return i + 1,
            b'}' => {
                depth -= 1;
                i += 1
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A regex literal from its opening `/`: up to the next unescaped `/` on the same line.
/// `None` when the line ends first (then the `/` is an operator).
fn scan_regex(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(|&c| c != b'\n') => i += 2,
            b'/' => return (i > start + 1).then_some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

#[inline(always)]
fn digits(bytes: &[u8], i: usize) -> usize {
    scan_while(bytes, i, |c| c.is_ascii_digit())
}

/// A literal starting with a digit: a date-time, a duration or a number.
fn scan_number_like(bytes: &[u8], start: usize) -> (TokenKind, usize) {
    if let Some(end) = scan_date_time(bytes, start) {
        return (TokenKind::DateTime, end);
    }
    let int_end = digits(bytes, start);
    if let Some(end) = scan_duration(bytes, start) {
        return (TokenKind::Duration, end);
    }
    if bytes.get(int_end) == Some(&b'.') && bytes.get(int_end + 1).is_some_and(u8::is_ascii_digit) {
        return (TokenKind::Number, digits(bytes, int_end + 1));
    }
    (TokenKind::Number, int_end)
}

/// `(digits unit)+`, as long as it goes; `None` unless the first digits have a unit.
fn scan_duration(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    let mut end = None;
    loop {
        let d = digits(bytes, i);
        if d == i {
            return end;
        }
        let Some(unit) = DURATION_UNITS.iter().find(|u| bytes[d..].starts_with(u.as_bytes())) else {
            return end;
        };
        i = d + unit.len();
        end = Some(i);
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return end;
        }
    }
}

/// `YYYY-MM-DD`, then optionally `THH:MM:SS`, a fraction and `Z` or `±HH:MM`.
fn scan_date_time(bytes: &[u8], start: usize) -> Option<usize> {
    let fixed = |i: usize, n: usize| (i + n <= bytes.len() && bytes[i..i + n].iter().all(u8::is_ascii_digit)).then_some(i + n);
    let lit = |i: usize, c: u8| (bytes.get(i) == Some(&c)).then_some(i + 1);
    let date = fixed(start, 4).and_then(|i| lit(i, b'-')).and_then(|i| fixed(i, 2)).and_then(|i| lit(i, b'-')).and_then(|i| fixed(i, 2))?;
    let Some(mut i) = lit(date, b'T')
        .and_then(|i| fixed(i, 2))
        .and_then(|i| lit(i, b':'))
        .and_then(|i| fixed(i, 2))
        .and_then(|i| lit(i, b':'))
        .and_then(|i| fixed(i, 2))
    else {
        return Some(date);
    };
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i = digits(bytes, i + 1);
    }
    match bytes.get(i) {
        Some(b'Z') => Some(i + 1),
        Some(b'+' | b'-') => Some(fixed(i + 1, 2).and_then(|j| lit(j, b':')).and_then(|j| fixed(j, 2)).unwrap_or(i)),
        _ => Some(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind::*;

    /// The significant tokens as (kind, text).
    fn sig(src: &str) -> Vec<(TokenKind, &str)> {
        tokenize(src).into_iter().filter(|t| t.kind != Whitespace).map(|t| (t.kind, &src[t.range])).collect()
    }

    fn covers_all(src: &str) {
        let toks = tokenize(src);
        let mut at = 0;
        for t in &toks {
            assert_eq!(t.range.start, at, "gap or overlap in {src:?}: {toks:?}");
            assert!(t.range.end > t.range.start, "empty token in {src:?}");
            assert!(src.is_char_boundary(t.range.end), "token ends inside a character in {src:?}");
            at = t.range.end;
        }
        assert_eq!(at, src.len(), "{src:?} not covered");
    }

    #[test]
    fn a_dashboard_query() {
        let src = "from(bucket: \"demo\")\n  |> range(start: v.timeRangeStart, stop: -1h30m)\n  |> filter(fn: (r) => r._measurement =~ /cpu\\/[0-9]+/ and r.x != 2.5) // last\n";
        let got = sig(src);
        assert_eq!(got[0], (Identifier, "from"));
        assert!(got.contains(&(String, "\"demo\"")));
        assert!(got.contains(&(PipeForward, "|>")));
        assert!(got.contains(&(Duration, "1h30m")));
        assert!(got.contains(&(Operator, "-")));
        assert!(got.contains(&(Operator, "=>")));
        assert!(got.contains(&(Operator, "=~")));
        assert!(got.contains(&(Regex, "/cpu\\/[0-9]+/")));
        assert!(got.contains(&(Keyword, "and")));
        assert!(got.contains(&(Operator, "!=")));
        assert!(got.contains(&(Number, "2.5")));
        assert_eq!(got.last(), Some(&(Comment, "// last")));
        covers_all(src);
    }

    #[test]
    fn literals_by_kind() {
        let cases: &[(&str, TokenKind)] = &[
            ("42", Number),
            ("3.14", Number),
            ("1h", Duration),
            ("5ms", Duration),
            ("1mo", Duration),
            ("2w", Duration),
            ("10µs", Duration),
            ("1y2mo3w4d5h6m7s8ms9us10ns", Duration),
            ("2024-01-01", DateTime),
            ("2024-01-01T00:00:00Z", DateTime),
            ("2024-01-01T00:00:00.123456789+02:00", DateTime),
            ("\"a \\\"quoted\\\" ${r[\"x\"]} b\"", String),
            ("/a.b/", Regex),
        ];
        for (src, kind) in cases {
            assert_eq!(sig(src), vec![(*kind, *src)], "{src}");
        }
    }

    #[test]
    fn keywords_and_identifiers() {
        let got = sig("import \"strings\"\noption task = {}\nif exists r.x then r else testing");
        assert_eq!(got[0], (Keyword, "import"));
        assert!(got.contains(&(Keyword, "option")));
        assert!(got.contains(&(Keyword, "if")));
        assert!(got.contains(&(Keyword, "exists")));
        assert!(got.contains(&(Keyword, "then")));
        assert!(got.contains(&(Keyword, "else")));
        assert!(got.contains(&(Identifier, "testing")), "a keyword's prefix in a longer name is a name");
        assert_eq!(sig("données_1"), vec![(Identifier, "données_1")]);
        assert_eq!(sig("ça"), vec![(Identifier, "ça")]);
        for k in KEYWORDS {
            assert_eq!(sig(k), vec![(Keyword, k)]);
            assert_eq!(sig(&format!("{k}_")), vec![(Identifier, &*format!("{k}_"))]);
        }
    }

    #[test]
    fn slash_divides_after_a_value_and_starts_a_regex_elsewhere() {
        assert_eq!(sig("a / b / c"), vec![(Identifier, "a"), (Operator, "/"), (Identifier, "b"), (Operator, "/"), (Identifier, "c")]);
        assert_eq!(sig("(x) / 2")[3], (Operator, "/"));
        assert_eq!(sig("f(re: /x/, y: /z/)")[4], (Regex, "/x/"));
        assert_eq!(sig("r.host !~ /^a/")[4], (Regex, "/^a/"));
        assert_eq!(sig("re = /cpu/")[2], (Regex, "/cpu/"));
        assert_eq!(sig("[/a/]")[1], (Regex, "/a/"));
        // No closing slash on the line: an operator, and the rest is read as usual.
        assert_eq!(sig("x =~ /abc\ny"), vec![(Identifier, "x"), (Operator, "=~"), (Operator, "/"), (Identifier, "abc"), (Identifier, "y")]);
    }

    #[test]
    fn unterminated_strings_and_comments_run_to_the_end() {
        assert_eq!(sig("x = \"abc\ndef"), vec![(Identifier, "x"), (Operator, "="), (String, "\"abc\ndef")]);
        assert_eq!(sig("x = \"${ \"inner\" "), vec![(Identifier, "x"), (Operator, "="), (String, "\"${ \"inner\" ")]);
        assert_eq!(sig("// only a comment"), vec![(Comment, "// only a comment")]);
        assert_eq!(sig("a // c\nb"), vec![(Identifier, "a"), (Comment, "// c"), (Identifier, "b")]);
        assert_eq!(sig("\"\\"), vec![(String, "\"\\")]);
    }

    #[test]
    fn numbers_that_are_not_dates_or_durations() {
        assert_eq!(sig("2024-01"), vec![(Number, "2024"), (Operator, "-"), (Number, "01")]);
        assert_eq!(sig("1.x"), vec![(Number, "1"), (Punctuation, "."), (Identifier, "x")]);
        assert_eq!(sig("3h2"), vec![(Duration, "3h"), (Number, "2")], "a duration ends at a number with no unit");
        assert_eq!(sig("1e5"), vec![(Number, "1"), (Identifier, "e5")]);
    }

    #[test]
    fn odd_characters_are_single_unknown_tokens() {
        assert_eq!(sig("#§€"), vec![(Unknown, "#"), (Unknown, "§"), (Unknown, "€")]);
        covers_all("a\u{0}b\u{FEFF}c 😀 \"😀\" /😀/");
    }

    /// What `./x bench` has no place for: this only makes a large script go through once.
    #[test]
    fn five_hundred_lines() {
        let line = "  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field =~ /usage_(user|system)/) // pick\n";
        let src = format!(
            "import \"strings\"\nfrom(bucket: \"demo\")\n  |> range(start: v.timeRangeStart, stop: 2024-01-01T00:00:00Z)\n{}",
            line.repeat(497)
        );
        let toks = tokenize(&src);
        assert!(toks.len() > 497 * 30);
        covers_all(&src);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_covered_without_panic(s in "\\PC*") {
            covers_all(&s);
        }

        #[test]
        fn flux_like_text_is_covered_without_panic(s in "[a-z0-9 \"\\\\/${}().:=~!<>|\\-+*\n@#TZ]{0,80}") {
            covers_all(&s);
        }

        #[test]
        fn any_bytes_as_lossy_utf8(b in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            covers_all(&std::string::String::from_utf8_lossy(&b));
        }
    }
}
