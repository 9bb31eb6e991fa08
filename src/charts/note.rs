//! A note (`markdown` view), drawn from `dashboards_core::markdown`'s tree: DOM nodes made one
//! by one from a fixed set of elements, so nothing in a note is ever parsed as HTML.

use dashboards_core::markdown::{render, MdNode};
use leptos::prelude::*;

/// The note `text`, rendered.
#[component]
pub fn Note(
    /// The note's markdown source.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! { <div class="note" data-testid="note">{move || text.with(|t| nodes(&render(t)))}</div> }
}

fn nodes(list: &[MdNode]) -> Vec<AnyView> {
    list.iter().map(node).collect()
}

fn node(n: &MdNode) -> AnyView {
    let (tag, href, children) = match n {
        MdNode::Text(t) => return t.clone().into_any(),
        MdNode::Element { tag, href, children } => (tag, href, children),
    };
    let inner = nodes(children);
    match *tag {
        "h1" => view! { <h1>{inner}</h1> }.into_any(),
        "h2" => view! { <h2>{inner}</h2> }.into_any(),
        "h3" => view! { <h3>{inner}</h3> }.into_any(),
        "h4" => view! { <h4>{inner}</h4> }.into_any(),
        "h5" => view! { <h5>{inner}</h5> }.into_any(),
        "h6" => view! { <h6>{inner}</h6> }.into_any(),
        "p" => view! { <p>{inner}</p> }.into_any(),
        "blockquote" => view! { <blockquote>{inner}</blockquote> }.into_any(),
        "pre" => view! { <pre>{inner}</pre> }.into_any(),
        "code" => view! { <code>{inner}</code> }.into_any(),
        "ol" => view! { <ol>{inner}</ol> }.into_any(),
        "ul" => view! { <ul>{inner}</ul> }.into_any(),
        "li" => view! { <li>{inner}</li> }.into_any(),
        "em" => view! { <em>{inner}</em> }.into_any(),
        "strong" => view! { <strong>{inner}</strong> }.into_any(),
        "s" => view! { <s>{inner}</s> }.into_any(),
        "table" => view! { <table>{inner}</table> }.into_any(),
        "thead" => view! { <thead>{inner}</thead> }.into_any(),
        "tr" => view! { <tr>{inner}</tr> }.into_any(),
        "td" => view! { <td>{inner}</td> }.into_any(),
        "br" => view! { <br /> }.into_any(),
        "hr" => view! { <hr /> }.into_any(),
        // Links open elsewhere and tell the new page nothing about this one.
        "a" => match href {
            Some(h) => view! { <a href=h.clone() target="_blank" rel="noopener noreferrer nofollow">{inner}</a> }.into_any(),
            None => view! { <span class="unsafe-link">{inner}</span> }.into_any(),
        },
        _ => view! { <span>{inner}</span> }.into_any(),
    }
}
