//! Pure domain logic of influx-dashboards.
//!
//! Nothing here touches the network or the browser: the app (`src/`) and the dev
//! server (`crates/devserver`) both build on these types, and everything here is
//! tested on the host with plain `cargo test`.

pub mod access;
pub mod board;
pub mod chart;
pub mod csv;
pub mod display;
pub mod editor;
pub mod endpoints;
pub mod error;
pub mod index;
pub mod labels;
pub mod layout;
pub mod markdown;
pub mod members;
pub mod model;
pub mod query;
pub mod range;
pub mod routes;
pub mod template;
pub mod time;
pub mod urlenc;

pub use error::ApiError;
