//! The pure logic of the view editor (issue 10): Flux highlighting and typing help, the
//! raw-JSON check of a view's properties, switching a view's type, the form checks, each
//! type's form and the draft they edit. The page (`src/pages/view_editor/`) wires signals
//! to these functions.

pub mod assist;
pub mod checks;
pub mod defaults;
pub mod draft;
pub mod flux;
pub mod form;
pub mod json;
pub mod switch;
pub mod text;
