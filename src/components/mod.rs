//! Reusable pieces.

mod dialog;
mod error_view;
mod form_error;
mod header;
mod inline_edit;
mod label;
mod pagination;
mod relative_time;

pub use dialog::Dialog;
pub use error_view::{first_api_error, ErrorView};
pub use form_error::FormError;
pub use header::Header;
pub use inline_edit::InlineEdit;
pub use label::{chip_style, label_pill, label_style, style_of, ColorPicker, LabelPill};
pub use pagination::Pagination;
pub use relative_time::RelativeTime;

/// The path the app is served under ("" or e.g. "/ui"), provided by `App`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppBase(pub String);

/// An href inside the app: the base path plus an app path.
pub fn href(path: &str) -> String {
    let base = leptos::prelude::use_context::<AppBase>().unwrap_or_default();
    format!("{}{}", base.0, path)
}
