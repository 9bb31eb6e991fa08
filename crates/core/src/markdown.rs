//! Notes (`markdown` views) as a tree of a few safe elements, built from pulldown-cmark's
//! events: the page turns the tree into DOM nodes, so no HTML string is ever parsed and raw
//! HTML in a note stays text. Links keep only http(s) and mailto addresses.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

/// One node of a rendered note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MdNode {
    /// An element of the fixed set below, with its children.
    Element {
        tag: &'static str,
        href: Option<String>,
        children: Vec<MdNode>,
    },
    Text(String),
}

/// The note `text` as nodes. Headings, paragraphs, emphasis, code, lists, quotes, tables,
/// rules and links; images become their alt text; anything else becomes text.
pub fn render(text: &str) -> Vec<MdNode> {
    let mut stack: Vec<(&'static str, Option<String>, Vec<MdNode>)> = vec![("", None, Vec::new())];
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                let (name, href) = open(&tag);
                stack.push((name, href, Vec::new()));
            }
            Event::End(_) => {
                if stack.len() > 1 {
                    let (tag, href, children) = stack.pop().unwrap_or_default();
                    let node = if tag.is_empty() { children } else { vec![MdNode::Element { tag, href, children }] };
                    if let Some(top) = stack.last_mut() {
                        top.2.extend(node);
                    }
                }
            }
            Event::Code(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push(MdNode::Element { tag: "code", href: None, children: vec![MdNode::Text(t.into_string())] });
                }
            }
            // Raw HTML is shown as the text it is.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_text(&mut stack, t.into_string())
            }
            Event::FootnoteReference(t) => push_text(&mut stack, format!("[{t}]")),
            Event::SoftBreak => push_text(&mut stack, " ".into()),
            Event::HardBreak => push_element(&mut stack, "br"),
            Event::Rule => push_element(&mut stack, "hr"),
            Event::TaskListMarker(done) => push_text(&mut stack, if done { "☑ ".into() } else { "☐ ".into() }),
        }
    }
    while stack.len() > 1 {
        let (tag, href, children) = stack.pop().unwrap_or_default();
        if let Some(top) = stack.last_mut() {
            top.2.push(MdNode::Element { tag, href, children });
        }
    }
    stack.pop().map(|s| s.2).unwrap_or_default()
}

fn push_text(stack: &mut [(&'static str, Option<String>, Vec<MdNode>)], text: String) {
    if let Some(top) = stack.last_mut() {
        match top.2.last_mut() {
            Some(MdNode::Text(prev)) => prev.push_str(&text),
            _ => top.2.push(MdNode::Text(text)),
        }
    }
}

fn push_element(stack: &mut [(&'static str, Option<String>, Vec<MdNode>)], tag: &'static str) {
    if let Some(top) = stack.last_mut() {
        top.2.push(MdNode::Element { tag, href: None, children: Vec::new() });
    }
}

/// The element a tag opens ("" for a tag whose children go straight to the parent), and the
/// link's address when it is one people can follow safely.
fn open(tag: &Tag) -> (&'static str, Option<String>) {
    let name = match tag {
        Tag::Paragraph => "p",
        Tag::Heading { level, .. } => match level {
            HeadingLevel::H1 => "h1",
            HeadingLevel::H2 => "h2",
            HeadingLevel::H3 => "h3",
            HeadingLevel::H4 => "h4",
            HeadingLevel::H5 => "h5",
            HeadingLevel::H6 => "h6",
        },
        Tag::BlockQuote(_) => "blockquote",
        Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => "pre",
        Tag::List(Some(_)) => "ol",
        Tag::List(None) => "ul",
        Tag::Item => "li",
        Tag::Emphasis => "em",
        Tag::Strong => "strong",
        Tag::Strikethrough => "s",
        Tag::Table(_) => "table",
        Tag::TableHead => "thead",
        Tag::TableRow => "tr",
        Tag::TableCell => "td",
        Tag::Link { dest_url, .. } => return ("a", safe_href(dest_url)),
        _ => "",
    };
    (name, None)
}

/// An address a note may link to: http, https and mailto only (no `javascript:`, no `data:`).
pub fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p)).then(|| url.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &'static str, children: Vec<MdNode>) -> MdNode {
        MdNode::Element { tag, href: None, children }
    }

    fn text(s: &str) -> MdNode {
        MdNode::Text(s.into())
    }

    #[test]
    fn headings_paragraphs_emphasis_and_lists() {
        let nodes = render("## Runbook\n\nCheck **cpu** first.\n\n- one\n- two");
        assert_eq!(
            nodes,
            vec![
                el("h2", vec![text("Runbook")]),
                el("p", vec![text("Check "), el("strong", vec![text("cpu")]), text(" first.")]),
                el("ul", vec![el("li", vec![text("one")]), el("li", vec![text("two")])]),
            ]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let nodes = render("<script>alert(\"xss\")</script> stays text.\n\nand <b>inline</b>");
        let flat = format!("{nodes:?}");
        assert!(flat.contains("<script>alert(\\\"xss\\\")</script>"), "{flat}");
        assert!(!flat.contains("tag: \"script\"") && !flat.contains("tag: \"b\""), "{flat}");
    }

    #[test]
    fn only_safe_links_keep_their_address() {
        let nodes = render("[ok](https://influxdata.com) [bad](javascript:alert(1)) [mail](mailto:a@b.c) [data](data:text/html,x)");
        let hrefs: Vec<Option<String>> = match &nodes[0] {
            MdNode::Element { children, .. } => children
                .iter()
                .filter_map(|c| match c {
                    MdNode::Element { tag: "a", href, .. } => Some(href.clone()),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        assert_eq!(hrefs, vec![Some("https://influxdata.com".into()), None, Some("mailto:a@b.c".into()), None]);
    }

    #[test]
    fn code_blocks_and_tables() {
        let nodes = render("```flux\nfrom(bucket: \"b\")\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert_eq!(nodes[0], el("pre", vec![text("from(bucket: \"b\")\n")]));
        assert!(matches!(&nodes[1], MdNode::Element { tag: "table", .. }));
    }

    #[test]
    fn images_become_their_alt_text() {
        let nodes = render("![a graph](https://x/y.png)");
        assert_eq!(nodes, vec![el("p", vec![text("a graph")])]);
    }
}
