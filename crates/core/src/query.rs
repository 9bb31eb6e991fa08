//! The body of `POST /api/v2/query` (contract §3, B15: always ask for annotations).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dialect {
    pub header: bool,
    pub delimiter: String,
    pub annotations: Vec<String>,
    #[serde(rename = "commentPrefix")]
    pub comment_prefix: String,
    #[serde(rename = "dateTimeFormat")]
    pub date_time_format: String,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            header: true,
            delimiter: ",".into(),
            annotations: vec!["group".into(), "datatype".into(), "default".into()],
            comment_prefix: "#".into(),
            date_time_format: "RFC3339".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryRequest {
    pub query: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub dialect: Dialect,
    /// RFC3339; the query's `now()`. Left out: the server's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

impl QueryRequest {
    /// A Flux query asking for all three annotations.
    pub fn flux(text: impl Into<String>) -> Self {
        QueryRequest { query: text.into(), kind: "flux".into(), dialect: Dialect::default(), now: None }
    }
}
