//! The view editor's pure parts.

pub mod draft;
pub mod form;
