//! The Flux script editor's text work, pure: the highlighted copy of a script drawn under the
//! textarea (every character escaped, so a script can never become markup), Tab and
//! Shift+Tab on the selected lines, and the browser's UTF-16 caret offsets turned into byte
//! offsets and back.

use super::flux::{tokens, TokenKind};

/// The CSS class of a token kind (`None`: plain text).
fn class(kind: TokenKind) -> Option<&'static str> {
    Some(match kind {
        TokenKind::Keyword => "fx-kw",
        TokenKind::String => "fx-str",
        TokenKind::Number => "fx-num",
        TokenKind::Duration => "fx-dur",
        TokenKind::DateTime => "fx-time",
        TokenKind::Regex => "fx-re",
        TokenKind::Comment => "fx-com",
        TokenKind::PipeForward => "fx-pipe",
        TokenKind::Operator => "fx-op",
        _ => return None,
    })
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The script as HTML: tokens in `<span class="fx-…">`, everything escaped; the line
/// `error_line` (1-based) wrapped in `<mark class="fx-error-line">`. A final newline gets a
/// space after it so the layer is as tall as the textarea.
pub fn highlight_html(src: &str, error_line: Option<u32>) -> String {
    highlight_lines(src, error_line, 0..u32::MAX)
}

/// [`highlight_html`] of the lines `lines` only (0-based, end excluded): what an editor shows
/// of a long script, the rest being off screen. The script is tokenized from its start (a
/// string or a comment may start above) to the last of these lines, and only these lines
/// become markup.
pub fn highlight_lines(src: &str, error_line: Option<u32>, lines: std::ops::Range<u32>) -> String {
    let mut out = String::with_capacity(src.len().min(64 * 1024) * 2);
    let mut line = 0u32; // 0-based
    let mut marked = false;
    let shown = |line: u32| lines.contains(&line);
    let open_mark = |out: &mut String, line: u32, marked: &mut bool| {
        if error_line == Some(line + 1) && !*marked && shown(line) {
            out.push_str("<mark class=\"fx-error-line\">");
            *marked = true;
        }
    };
    open_mark(&mut out, line, &mut marked);
    for t in tokens(src) {
        if line >= lines.end {
            break;
        }
        let text = t.text(src);
        // Tokens never span a line break, except whitespace and unterminated strings and
        // comments: those are split at each newline so the error mark closes in place.
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                if marked {
                    out.push_str("</mark>");
                    marked = false;
                }
                if shown(line) && line + 1 < lines.end {
                    out.push('\n');
                }
                line += 1;
                open_mark(&mut out, line, &mut marked);
            }
            if piece.is_empty() || !shown(line) {
                continue;
            }
            match class(t.kind) {
                Some(c) => {
                    out.push_str("<span class=\"");
                    out.push_str(c);
                    out.push_str("\">");
                    escape_into(&mut out, piece);
                    out.push_str("</span>");
                }
                None => escape_into(&mut out, piece),
            }
        }
    }
    if marked {
        out.push_str("</mark>");
    }
    if (src.ends_with('\n') || src.is_empty()) && line < lines.end {
        out.push(' ');
    }
    out
}

/// The lines an editor of `height` pixels, scrolled to `scroll_top`, shows with lines
/// `line_height` pixels tall, and a margin of a screen above and below: 0-based, end excluded.
pub fn visible_lines(scroll_top: f64, height: f64, line_height: f64) -> std::ops::Range<u32> {
    let screen = (height / line_height).ceil().max(1.0) as u32;
    let first = (scroll_top.max(0.0) / line_height).floor() as u32;
    first.saturating_sub(screen)..first + 2 * screen + 1
}

/// The byte offset of the UTF-16 offset `units` in `s` (clamped to its end).
pub fn byte_offset(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    s.len()
}

/// The UTF-16 offset of byte offset `byte` in `s`.
pub fn utf16_offset(s: &str, byte: usize) -> usize {
    s.get(..byte.min(s.len())).map(|p| p.encode_utf16().count()).unwrap_or_else(|| s.encode_utf16().count())
}

/// The indent Tab inserts.
pub const INDENT: &str = "  ";

/// Tab (or Shift+Tab, `outdent`) on a selection from byte `start` to `end`: an empty selection
/// gets an indent at the caret (Shift+Tab takes one from the caret's line); a selection of
/// lines is indented or outdented line by line. Returns the new text and selection.
pub fn indent(src: &str, start: usize, end: usize, outdent: bool) -> (String, usize, usize) {
    let (start, end) = (start.min(src.len()), end.min(src.len()).max(start.min(src.len())));
    if start == end && !outdent {
        let text = format!("{}{INDENT}{}", &src[..start], &src[start..]);
        return (text, start + INDENT.len(), start + INDENT.len());
    }
    let first = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let last_end = if end > start && src[..end].ends_with('\n') { end - 1 } else { end };
    let stop = src[last_end..].find('\n').map_or(src.len(), |i| last_end + i);
    let mut out = String::with_capacity(src.len() + 16);
    out.push_str(&src[..first]);
    // The selection's ends, moved with the text before them: `total` is how far the lines
    // above the current one moved; an end inside an indent taken away goes to its line's start.
    let (mut new_start, mut new_end) = (start, end);
    let mut total: isize = 0;
    let mut at = first;
    for (i, line) in src[first..stop].split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let delta: isize = if outdent {
            let n = line.len() - line.trim_start_matches(' ').len();
            let n = n.min(INDENT.len());
            out.push_str(&line[n..]);
            -(n as isize)
        } else {
            out.push_str(INDENT);
            out.push_str(line);
            INDENT.len() as isize
        };
        let line_start = at as isize + total;
        let moved = |p: usize| (p as isize + total + delta).max(line_start) as usize;
        if (at..=at + line.len()).contains(&start) {
            new_start = moved(start);
        }
        if (at..=at + line.len()).contains(&end) {
            new_end = moved(end);
        }
        total += delta;
        at += line.len() + 1;
    }
    // An end past the last line (a selection ending with its newline) moves with all of them.
    if end > stop {
        new_end = (end as isize + total) as usize;
    }
    out.push_str(&src[stop..]);
    (out, new_start, new_end)
}

/// The one span that turns `old` into `new`: `(start, end, inserted)` with `old[start..end]`
/// replaced by `inserted` giving `new`, the shortest such span (the common head and tail left
/// out, never splitting a character). The editor applies a change this way, as an edit at a
/// place, so the browser keeps it in its undo history and lays out only what changed.
pub fn changed_span<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let head = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    let mut head = head.min(old.len()).min(new.len());
    while !old.is_char_boundary(head) || !new.is_char_boundary(head) {
        head -= 1;
    }
    let room = old.len().min(new.len()) - head;
    let mut tail = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    (head, old.len() - tail, &new[head..new.len() - tail])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_is_highlighted_and_can_never_become_markup() {
        let html = highlight_html("from(bucket: \"<b>\") // <script>\n  |> range(start: -1h)", None);
        assert!(html.contains("<span class=\"fx-str\">&quot;&lt;b&gt;&quot;</span>"), "{html}");
        assert!(html.contains("<span class=\"fx-com\">// &lt;script&gt;</span>"));
        assert!(html.contains("<span class=\"fx-pipe\">|&gt;</span>"));
        assert!(html.contains("<span class=\"fx-dur\">1h</span>") || html.contains("fx-dur\">-1h"), "{html}");
        assert!(!html.contains("<script") && !html.contains("<b>"));
    }

    #[test]
    fn the_error_line_is_marked_and_the_mark_closes_on_its_line() {
        let html = highlight_html("a\n\"open\nb", Some(2));
        assert_eq!(html.matches("<mark").count(), 1);
        let mark = &html[html.find("<mark").unwrap()..html.find("</mark>").unwrap()];
        assert!(!mark.contains('\n'), "the mark stays on line 2: {html}");
        assert!(highlight_html("x\n", None).ends_with("\n "), "a trailing newline keeps its height");
    }

    #[test]
    fn only_the_lines_on_screen_become_markup_and_they_read_as_in_the_whole() {
        let src: String = (0..500).map(|i| format!("x{i} = \"s{i}\" // c{i}\n")).collect();
        let whole = highlight_html(&src, Some(251));
        let part = highlight_lines(&src, Some(251), 240..260);
        let lines: Vec<&str> = whole.split('\n').collect();
        assert_eq!(part, lines[240..260].join("\n"), "the same markup as those lines of the whole");
        assert!(part.contains("fx-error-line") && !part.contains("x239 ") && part.contains("x259 "));
        let opened = "a = \"line one\nline two\"\nb = 1";
        assert!(highlight_lines(opened, None, 1..3).starts_with("<span class=\"fx-str\">line two"), "a string from above");
        assert_eq!(visible_lines(0.0, 200.0, 20.0), 0..21);
        assert_eq!(visible_lines(2000.0, 200.0, 20.0), 90..121);
    }

    #[test]
    fn a_change_is_the_shortest_span_that_makes_it() {
        let apply = |old: &str, (s, e, ins): (usize, usize, &str)| format!("{}{ins}{}", &old[..s], &old[e..]);
        let cases = [
            ("a = 1\nb = 2", "a = 1\n  b = 2", (6, 6, "  ")),
            ("  a\n  b", "a\nb", (0, 6, "a\n")),
            ("x", "x", (1, 1, "")),
            ("", "abc", (0, 0, "abc")),
            ("abc", "", (0, 3, "")),
            // A repeated letter: the head is taken first, the tail never overlaps it.
            ("aa", "aaa", (2, 2, "a")),
            ("é", "è", (0, 2, "è")),
            ("xé😀y", "xé😁y", (3, 7, "😁")),
            ("v.b", "v.bucket", (3, 3, "ucket")),
        ];
        for (old, new, want) in cases {
            let got = changed_span(old, new);
            assert_eq!(got, want, "{old:?} -> {new:?}");
            assert_eq!(apply(old, got), new);
        }
        let (indented, ..) = indent("one\ntwo\nthree", 0, 7, false);
        assert_eq!(changed_span("one\ntwo\nthree", &indented), (0, 4, "  one\n  "));
    }

    #[test]
    fn utf16_offsets_from_the_browser_become_byte_offsets() {
        let s = "é😀x";
        assert_eq!(byte_offset(s, 0), 0);
        assert_eq!(byte_offset(s, 1), 2);
        assert_eq!(byte_offset(s, 3), 6, "the emoji is two UTF-16 units");
        assert_eq!(byte_offset(s, 99), s.len());
        assert_eq!(utf16_offset(s, 6), 3);
    }

    #[test]
    fn tab_indents_the_caret_or_the_selected_lines_and_shift_tab_outdents() {
        assert_eq!(indent("ab", 1, 1, false), ("a  b".into(), 3, 3));
        let src = "one\n  two\nthree";
        let (t, s, e) = indent(src, 1, 6, false);
        assert_eq!(t, "  one\n    two\nthree");
        assert_eq!((s, e), (3, 10));
        let (t, s, e) = indent(&t, s, e, true);
        assert_eq!((t.as_str(), s, e), (src, 1, 6));
        assert_eq!(indent("  x", 3, 3, true), ("x".into(), 1, 1), "Shift+Tab with a caret outdents its line");
        assert_eq!(indent("x", 0, 0, true), ("x".into(), 0, 0));
    }

    #[test]
    fn shift_tab_over_lines_keeps_the_selection_on_them() {
        // The end was moved by the second line's outdent only, and took in the newline.
        let (t, s, e) = indent("  a\n  b\n  c", 0, 7, true);
        assert_eq!((t.as_str(), s, e), ("a\nb\n  c", 0, 3));
        assert_eq!(&t[s..e], "a\nb");
        // A selection ending with its newline keeps ending there.
        let (t, s, e) = indent("  a\n  b\nc", 2, 8, true);
        assert_eq!((t.as_str(), s, e), ("a\nb\nc", 0, 4));
        let (t, s, e) = indent("a\nb\nc", 0, 4, false);
        assert_eq!((t.as_str(), s, e), ("  a\n  b\nc", 2, 8));
        // An end inside an indent taken away goes to its line's start.
        let (t, s, e) = indent("  a\n  b", 0, 5, true);
        assert_eq!((t.as_str(), s, e), ("a\nb", 0, 2));
    }
}
