//! The body of `POST /api/v2/query` (contract §3, B15: always ask for annotations), with the
//! dashboard variables `v.timeRangeStart`, `v.timeRangeStop` and `v.windowPeriod` passed as
//! influxd's own UI passes them: an `extern` that is a Flux AST `File` holding
//! `option v = {…}` (see docs/api-notes.md, "The query request").

use crate::range::{window_period, TimeRange};
use crate::time::format_rfc3339_nanos;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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
    /// A Flux AST `File` evaluated before the query (influxd's `extern`), kept as JSON so that
    /// any AST read back is kept whole. [`QueryVars::to_extern`] builds the usual one.
    #[serde(rename = "extern", default, skip_serializing_if = "Option::is_none")]
    pub extern_file: Option<Value>,
    pub dialect: Dialect,
    /// RFC3339; the query's `now()`. Left out: the server's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

impl QueryRequest {
    /// A Flux query asking for all three annotations, without variables.
    pub fn flux(text: impl Into<String>) -> Self {
        QueryRequest { query: text.into(), kind: "flux".into(), extern_file: None, dialect: Dialect::default(), now: None }
    }

    /// A Flux query with the dashboard variables as `extern`.
    pub fn with_vars(text: impl Into<String>, vars: &QueryVars) -> Self {
        QueryRequest { extern_file: Some(vars.to_extern()), ..QueryRequest::flux(text) }
    }
}

/// The values of `v.timeRangeStart`, `v.timeRangeStop` and `v.windowPeriod` for one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryVars {
    pub range: TimeRange,
    /// `v.windowPeriod`, in milliseconds (at least 1).
    pub window_period_ms: i64,
}

impl QueryVars {
    /// The variables of a cell `width_px` wide (0: not measured yet) showing `range`.
    pub fn new(range: TimeRange, width_px: u32) -> Self {
        QueryVars { range, window_period_ms: window_period(&range, width_px) }
    }

    /// The `extern` File: `option v = {timeRangeStart: …, timeRangeStop: …, windowPeriod: …}`,
    /// node for node as the official UI builds it (`buildVarsOption`, `asAssignment`): a past
    /// range starts at `-<duration>` (a UnaryExpression around a DurationLiteral) and stops at
    /// `now()`; an absolute range has two DateTimeLiterals; the window is a DurationLiteral in
    /// milliseconds. All three are always sent: a query that does not use them still runs.
    pub fn to_extern(&self) -> Value {
        let (start, stop) = match self.range {
            TimeRange::Past(p) => {
                let (magnitude, unit) = p.flux_duration();
                (
                    json!({"type": "UnaryExpression", "operator": "-",
                           "argument": {"type": "DurationLiteral", "values": [{"magnitude": magnitude, "unit": unit}]}}),
                    json!({"type": "CallExpression", "callee": {"type": "Identifier", "name": "now"}}),
                )
            }
            TimeRange::Absolute { start, stop } => (
                json!({"type": "DateTimeLiteral", "value": format_rfc3339_nanos(start)}),
                json!({"type": "DateTimeLiteral", "value": format_rfc3339_nanos(stop)}),
            ),
        };
        let window = json!({"type": "DurationLiteral", "values": [{"magnitude": self.window_period_ms.max(1), "unit": "ms"}]});
        let property = |name: &str, value: Value| json!({"type": "Property", "key": {"type": "Identifier", "name": name}, "value": value});
        json!({
            "type": "File",
            "package": null,
            "imports": null,
            "body": [{
                "type": "OptionStatement",
                "assignment": {
                    "type": "VariableAssignment",
                    "id": {"type": "Identifier", "name": "v"},
                    "init": {"type": "ObjectExpression", "properties": [
                        property("timeRangeStart", start),
                        property("timeRangeStop", stop),
                        property("windowPeriod", window),
                    ]}
                }
            }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::range::Preset;

    const T0: i128 = 1_704_164_400_000_000_000; // 2024-01-02T03:00:00Z

    fn option_v(properties: Value) -> Value {
        json!({"type": "File", "package": null, "imports": null, "body": [{"type": "OptionStatement", "assignment": {
            "type": "VariableAssignment", "id": {"type": "Identifier", "name": "v"},
            "init": {"type": "ObjectExpression", "properties": properties}}}]})
    }

    fn prop(name: &str, value: Value) -> Value {
        json!({"type": "Property", "key": {"type": "Identifier", "name": name}, "value": value})
    }

    fn ms(n: i64) -> Value {
        json!({"type": "DurationLiteral", "values": [{"magnitude": n, "unit": "ms"}]})
    }

    #[test]
    fn extern_for_past_and_absolute_ranges() {
        let now = json!({"type": "CallExpression", "callee": {"type": "Identifier", "name": "now"}});
        let minus = |m: i64, u: &str| json!({"type": "UnaryExpression", "operator": "-", "argument": {"type": "DurationLiteral", "values": [{"magnitude": m, "unit": u}]}});
        let time = |s: &str| json!({"type": "DateTimeLiteral", "value": s});
        let cases = [
            (
                QueryVars::new(TimeRange::Past(Preset::Past1h), 800),
                option_v(json!([
                    prop("timeRangeStart", minus(1, "h")),
                    prop("timeRangeStop", now.clone()),
                    prop("windowPeriod", ms(10_000))
                ])),
            ),
            (
                QueryVars::new(TimeRange::Past(Preset::Past24h), 0),
                option_v(json!([
                    prop("timeRangeStart", minus(24, "h")),
                    prop("timeRangeStop", now.clone()),
                    prop("windowPeriod", ms(240_000))
                ])),
            ),
            (
                QueryVars::new(TimeRange::Past(Preset::Past30d), 120),
                option_v(json!([prop("timeRangeStart", minus(30, "d")), prop("timeRangeStop", now), prop("windowPeriod", ms(21_600_000))])),
            ),
            (
                QueryVars::new(TimeRange::Absolute { start: T0, stop: T0 + 5_400_000_000_000 }, 1000),
                option_v(json!([
                    prop("timeRangeStart", time("2024-01-02T03:00:00Z")),
                    prop("timeRangeStop", time("2024-01-02T04:30:00Z")),
                    prop("windowPeriod", ms(15_000))
                ])),
            ),
            (
                QueryVars { range: TimeRange::Absolute { start: T0 + 1, stop: T0 + 2 }, window_period_ms: 0 },
                option_v(json!([
                    prop("timeRangeStart", time("2024-01-02T03:00:00.000000001Z")),
                    prop("timeRangeStop", time("2024-01-02T03:00:00.000000002Z")),
                    prop("windowPeriod", ms(1))
                ])),
            ),
        ];
        for (vars, want) in cases {
            assert_eq!(vars.to_extern(), want, "{vars:?}");
        }
    }

    #[test]
    fn request_body_round_trips() {
        let vars = QueryVars::new(TimeRange::Past(Preset::Past5m), 500);
        let r = QueryRequest::with_vars("from(bucket: \"b\")", &vars);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["type"], "flux");
        assert_eq!(v["query"], "from(bucket: \"b\")");
        assert_eq!(v["extern"], vars.to_extern());
        assert_eq!(v["dialect"]["annotations"], json!(["group", "datatype", "default"]));
        assert_eq!((v["dialect"]["header"].clone(), v["dialect"]["delimiter"].clone()), (json!(true), json!(",")));
        assert!(v.get("now").is_none());
        assert_eq!(serde_json::from_value::<QueryRequest>(v).unwrap(), r);
        // Without variables there is no extern at all, and a body without one reads back.
        let plain = serde_json::to_value(QueryRequest::flux("x")).unwrap();
        assert!(plain.get("extern").is_none());
        assert_eq!(serde_json::from_value::<QueryRequest>(plain).unwrap(), QueryRequest::flux("x"));
        // Any other AST is kept as it came.
        let odd = json!({"query": "x", "type": "flux", "extern": {"type": "File", "body": [], "imports": null, "x": [1]},
                         "dialect": Dialect::default(), "now": "2024-01-02T03:00:00Z"});
        let back = serde_json::to_value(serde_json::from_value::<QueryRequest>(odd.clone()).unwrap()).unwrap();
        assert_eq!(back, odd);
    }
}
