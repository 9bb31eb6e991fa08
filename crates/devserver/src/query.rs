//! `POST /api/v2/query`: the request influxd's own UI sends (a Flux script, the dashboard
//! variables as an `extern` AST, `dialect.annotations`), answered with annotated CSV whose
//! shape follows the script: the series its filters select from a synthetic catalog, their
//! types, windows, selectors, pivots, one result per `yield`, and Flux's errors as influxd
//! gives them (contract §4, docs/api-notes.md "The query request").
//!
//! A small Flux interpreter does the work: `syntax` parses, `externs` decodes the extern as
//! libflux does, `eval` checks and runs, `data` holds the series, `csv` writes the answer.

pub mod csv;
pub mod data;
pub mod eval;
pub mod externs;
pub mod syntax;

use crate::error::{parse_id, ApiErr, ApiResult};
use crate::store::now_nanos;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use dashboards_core::time::parse_rfc3339;
use eval::FluxError;
use serde_json::Value;

fn decode_error(msg: impl std::fmt::Display) -> ApiErr {
    ApiErr::invalid(format!("failed to decode request body: {msg}"))
}

impl From<FluxError> for ApiErr {
    fn from(e: FluxError) -> ApiErr {
        ApiErr::new(StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST), e.code, e.message)
    }
}

/// The request body as influxd reads it (`http.QueryRequest`), after its defaults.
pub struct QueryBody {
    pub query: String,
    /// The raw JSON of `extern`, unless absent or `null`.
    pub extern_raw: Option<String>,
    pub dialect: csv::Dialect,
    pub now: Option<i128>,
}

#[derive(serde::Deserialize)]
struct RawExtern<'a> {
    #[serde(borrow, rename = "extern", default)]
    ext: Option<&'a serde_json::value::RawValue>,
}

/// Reads and validates the body (`decodeQueryRequest`, `WithDefaults`, `Validate`).
pub fn read_body(content_type: &str, body: &[u8]) -> ApiResult<QueryBody> {
    let defaults = || csv::Dialect { annotations: Vec::new(), header: true, delimiter: ',' };
    if content_type.starts_with("application/vnd.flux") {
        let query = String::from_utf8_lossy(body).into_owned();
        if query.is_empty() {
            return Err(decode_error("request body requires either query or AST"));
        }
        return Ok(QueryBody { query, extern_raw: None, dialect: defaults(), now: None });
    }
    let parse_error = |e: serde_json::Error| {
        decode_error(format!(
            "failed parsing request body as JSON; if sending a raw Flux script, set 'Content-Type: application/vnd.flux' in your request headers: {e}"
        ))
    };
    let v: Value = serde_json::from_slice(body).map_err(parse_error)?;
    let raw: RawExtern = serde_json::from_slice(body).map_err(parse_error)?;
    let query = v.get("query").and_then(Value::as_str).unwrap_or("").to_owned();
    if query.is_empty() && v.get("ast").is_none_or(Value::is_null) {
        return Err(decode_error("request body requires either query or AST"));
    }
    let kind = v.get("type").and_then(Value::as_str).filter(|t| !t.is_empty()).unwrap_or("flux");
    if kind != "flux" {
        return Err(decode_error(format!("unknown query type: {kind}")));
    }
    let d = &v["dialect"];
    let delimiter = d.get("delimiter").and_then(Value::as_str).filter(|s| !s.is_empty()).unwrap_or(",");
    if d.get("commentPrefix").and_then(Value::as_str).is_some_and(|c| c.chars().count() > 1) {
        return Err(decode_error("invalid dialect comment prefix: must be length 0 or 1"));
    }
    let mut chars = delimiter.chars();
    let delimiter = match (chars.next(), chars.next()) {
        (Some(c), None) if delimiter.len() == 1 => c,
        _ => return Err(decode_error("invalid dialect delimeter: must be length 1")),
    };
    let mut annotations = Vec::new();
    for a in d.get("annotations").and_then(Value::as_array).into_iter().flatten() {
        match a.as_str() {
            Some(s @ ("group" | "datatype" | "default")) => annotations.push(s.to_owned()),
            _ => return Err(decode_error(format!("unknown dialect annotation type: {}", a.as_str().unwrap_or(&a.to_string())))),
        }
    }
    match d.get("dateTimeFormat").and_then(Value::as_str).unwrap_or("") {
        "" | "RFC3339" | "RFC3339Nano" => {}
        other => return Err(decode_error(format!("unknown dialect date time format: {other}"))),
    }
    let header = d.get("header").and_then(Value::as_bool).unwrap_or(true);
    let now = v.get("now").and_then(Value::as_str).and_then(parse_rfc3339);
    Ok(QueryBody { query, extern_raw: raw.ext.map(|r| r.get().to_owned()), dialect: csv::Dialect { annotations, header, delimiter }, now })
}

/// Where a script ends, as libflux names a file's span (`@1:1-<end>`).
fn file_span(text: &str) -> syntax::Span {
    let mut end = syntax::Pos { line: 1, col: 1 };
    for c in text.chars() {
        if c == '\n' {
            end.line += 1;
            end.col = 1;
        } else {
            end.col += 1;
        }
    }
    syntax::Span { start: syntax::Pos { line: 1, col: 1 }, end }
}

/// Runs a query against the synthetic data: the annotated CSV (status 200), or influxd's
/// error. `buckets` are the org's (name, id).
pub fn run(body: &QueryBody, now: i128, buckets: &[(String, String)]) -> Result<String, FluxError> {
    // As flux's FluxCompiler: the extern first, then the script, then the semantic checks.
    let ext = match &body.extern_raw {
        Some(raw) => Some(externs::decode(raw)?),
        None => None,
    };
    let script = syntax::parse(&body.query).map_err(|e| FluxError::invalid(format!("compilation failed: {e}")))?;
    let ext_stmts = match &ext {
        Some(x) => {
            if let Some(e) = x.package_error(file_span(&body.query)) {
                return Err(e);
            }
            x.statements()?
        }
        None => Vec::new(),
    };
    eval::check(&ext_stmts, &[])?;
    eval::check(&script, &eval::defined_names(&ext_stmts))?;
    let db = data::Db::demo();
    let outputs = eval::Interp::new(now, &db, buckets).run(&ext_stmts, &script)?;
    let mut w = csv::Writer::default();
    for o in outputs {
        match o.tables {
            Ok(tables) => w.result(&body.dialect, &o.name, &tables),
            // A result that fails before anything was written fails the whole answer.
            Err(e) if w.out.is_empty() => return Err(e),
            Err(e) => {
                w.error(&body.dialect, &e.message);
                break;
            }
        }
    }
    Ok(w.out)
}

pub async fn query(State(state): State<AppState>, RawQuery(q): RawQuery, headers: HeaderMap, body: Bytes) -> ApiResult<Response> {
    let params = crate::Params::parse(q.as_deref());
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    // influxd decodes the body before it looks for the org.
    let request = read_body(content_type, &body)?;
    let buckets: Vec<(String, String)> = {
        let store = state.store();
        let by_id = |id: &str| parse_id(id).ok().filter(|id| store.orgs.contains_key(id));
        let org_id = match (params.first("orgID"), params.first("org")) {
            (Some(id), _) => by_id(id).ok_or_else(|| decode_error(format!("organization {id} not found")))?,
            (None, Some(org)) => by_id(org)
                .or_else(|| store.org_by_name(org).map(|o| o.id.clone()))
                .ok_or_else(|| decode_error(format!("organization name \"{org}\" not found")))?,
            (None, None) => return Err(decode_error("Please provide either orgID or org")),
        };
        store.buckets.values().filter(|b| b.org_id == org_id).map(|b| (b.name.clone(), b.id.clone())).collect()
    };
    let csv = run(&request, request.now.unwrap_or_else(now_nanos), &buckets)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i128 = 1_704_164_400_000_000_000; // 2024-01-02T03:00:00Z

    fn body(query: &str, ext: Option<String>) -> QueryBody {
        QueryBody {
            query: query.into(),
            extern_raw: ext,
            dialect: csv::Dialect { annotations: vec!["group".into(), "datatype".into(), "default".into()], header: true, delimiter: ',' },
            now: None,
        }
    }

    fn buckets() -> Vec<(String, String)> {
        vec![("demo".into(), "0000000000000001".into())]
    }

    fn csv(query: &str) -> String {
        run(&body(query, None), NOW, &buckets()).unwrap_or_else(|e| panic!("{}: {}", e.status, e.message))
    }

    fn err(query: &str) -> FluxError {
        run(&body(query, None), NOW, &buckets()).unwrap_err()
    }

    fn extern_1h() -> String {
        use dashboards_core::query::QueryVars;
        use dashboards_core::range::{Preset, TimeRange};
        QueryVars::new(TimeRange::Past(Preset::Past1h), 1000).to_extern().to_string()
    }

    /// The table id of each data row (annotation, header and blank lines left out).
    fn tables(csv: &str) -> Vec<String> {
        csv.split("\r\n").filter(|l| l.starts_with(",,")).map(|l| l.split(',').nth(2).unwrap_or("").to_owned()).collect()
    }

    fn distinct(ids: &[String]) -> usize {
        let mut v = ids.to_vec();
        v.dedup();
        v.len()
    }

    #[test]
    fn the_dashboard_request_with_extern() {
        let q = r#"from(bucket: "demo")
  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)
  |> filter(fn: (r) => r._measurement == "cpu" and (r._field == "usage_user" or r._field == "usage_system") and r.host == "server01")
  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)
  |> yield(name: "mean")"#;
        let out = run(&body(q, Some(extern_1h())), NOW, &buckets()).unwrap();
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "#group,false,false,true,true,false,false,true,true,true");
        assert_eq!(lines[1], "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string");
        assert_eq!(lines[2], "#default,mean,,,,,,,,");
        assert_eq!(lines[3], ",result,table,_start,_stop,_time,_value,_field,_measurement,host");
        let ids = tables(&out);
        assert_eq!(distinct(&ids), 2, "two series");
        // 10 s windows over an hour: 360 of them.
        assert_eq!(ids.iter().filter(|i| *i == "0").count(), 360);
        assert!(lines[4].starts_with(",,0,2024-01-02T02:00:00Z,2024-01-02T03:00:00Z,2024-01-02T02:00:10Z,"), "{}", lines[4]);
        assert!(lines[4].ends_with(",usage_system,cpu,server01"), "{}", lines[4]);
        // The same query, the same answer.
        assert_eq!(out, run(&body(q, Some(extern_1h())), NOW, &buckets()).unwrap());
        // Without the extern, v is undefined, as on influxd, which lists every use (a pipe's call
        // before what is piped into it).
        assert_eq!(
            err(q).message,
            "error @4:29-4:30: undefined identifier v\n\nerror @2:19-2:20: undefined identifier v\n\nerror @2:43-2:44: undefined identifier v"
        );
        // A query that does not use v runs with the extern; a measurement outside the catalog has no data.
        let plain = run(&body("from(bucket: \"demo\") |> range(start: -5m) |> last()", Some(extern_1h())), NOW, &buckets()).unwrap();
        assert_eq!(distinct(&tables(&plain)), 28);
        let none = run(
            &body("from(bucket: \"demo\") |> range(start: -5m) |> filter(fn: (r) => r._measurement == \"nope\")", None),
            NOW,
            &buckets(),
        );
        assert_eq!(none.unwrap(), "\r\n");
    }

    #[test]
    fn types_follow_the_fields() {
        let out = csv(
            r#"from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r.host == "server02" and (r._measurement == "system" or r._measurement == "service")) |> last()"#,
        );
        let types: Vec<&str> = out.lines().filter(|l| l.starts_with("#datatype")).map(|l| l.split(',').nth(6).unwrap()).collect();
        // service: state (string), up (bool); system: load1 (float), then n_cpus and uptime (long) share a block.
        assert_eq!(types, ["string", "boolean", "double", "long"]);
        assert_eq!(tables(&out).len(), 5, "one row per series");
    }

    #[test]
    fn several_yields_several_results() {
        let out = csv(
            r#"data = from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "mem" and r._field == "used_percent")
data |> max() |> yield(name: "max")
data |> min() |> yield(name: "min")"#,
        );
        let defaults: Vec<&str> = out.lines().filter(|l| l.starts_with("#default")).collect();
        assert_eq!(defaults, ["#default,max,,,,,,,,", "#default,min,,,,,,,,"]);
        assert!(out.contains("\r\n\r\n#group"), "a blank line between results");
    }

    #[test]
    fn pivot_and_aggregates() {
        let out = csv(r#"import "influxdata/influxdb/schema"
from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "system" and r.host == "server01") |> last() |> schema.fieldsAsCols()"#);
        assert!(out.contains(",result,table,_start,_stop,_time,_measurement,host,load1,n_cpus,uptime\r\n"), "{out}");
        assert!(out.contains("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double,long,long"));
        let out = csv(r#"from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "cpu") |> count()"#);
        assert!(out.contains(",result,table,_start,_stop,_value,_field,_measurement,host\r\n"), "{out}");
        assert!(out.contains(",360,usage_user,cpu,server02"), "{out}");
        // Not pushed down (median is not): group key first, then the value and the time.
        let out = csv(
            r#"from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "cpu" and r.host == "server01" and r._field == "usage_user") |> aggregateWindow(every: 10m, fn: median)"#,
        );
        assert!(out.contains(",result,table,_start,_stop,_field,_measurement,host,_value,_time\r\n"), "{out}");
        assert_eq!(tables(&out).len(), 6);
    }

    #[test]
    fn windows() {
        let q = |every: &str, empty: bool| {
            format!(
                r#"from(bucket: "demo") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "mem" and r._field == "used_percent" and r.host == "server01") |> aggregateWindow(every: {every}, fn: mean, createEmpty: {empty})"#
            )
        };
        assert_eq!(tables(&csv(&q("1m", true))).len(), 60);
        // Finer than the data: empty windows are null rows, or left out.
        let all = csv(&q("5s", true));
        assert_eq!(tables(&all).len(), 720);
        assert_eq!(all.lines().filter(|l| l.contains(",,used_percent,")).count(), 360, "half the windows hold no point");
        assert_eq!(tables(&csv(&q("5s", false))).len(), 360);
        assert_eq!(tables(&csv(&q("1ms", false))).len(), 360, "empty windows are skipped, not walked");
        assert!(err(&q("1ms", true))
            .message
            .ends_with("aggregateWindow: the influx-devserver stops at 100000 windows per table; use a longer every"));
    }

    #[test]
    fn flux_errors_as_influxd_gives_them() {
        let cases = [
            ("from(bucket: \"demo\"", 400, "compilation failed: error @1:1-1:20: expected RPAREN, got EOF"),
            ("foo(bucket: \"x\")", 400, "error @1:1-1:4: undefined identifier foo"),
            ("from(bucket: \"demo\") |> range()", 400, "error @1:25-1:32: missing required argument start"),
            ("from(bucket: \"demo\")", 400, "error in building plan while starting program: cannot submit unbounded read to \"demo\"; try bounding 'from' with a call to 'range'"),
            ("from(bucket: \"demo\") |> range(start: 1h)", 400, "error in building plan while starting program: cannot query an empty range"),
            ("from(bucket: \"demo\") |> range(start: \"x\")", 400, "error calling function \"range\" @1:25-1:42: value is not a time, got string"),
            ("from(bucket: \"nope\") |> range(start: -1h)", 404, "failed to initialize execute state: could not find bucket \"nope\""),
            ("import \"nope\"\nfrom(bucket: \"demo\") |> range(start: -1h)", 400, "error @1:1-1:14: invalid import path nope"),
            ("x = 1", 400, "error in query specification while starting program: this Flux script returns no streaming data. Consider adding a \"yield\" or invoking streaming functions directly, without performing an assignment"),
            ("from(bucket: \"demo\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"service\") |> mean()", 400, "unsupported input type for mean aggregate: string"),
            ("from(bucket: \"demo\") |> range(start: -1h) |> yield(name: \"a\") |> yield(name: \"a\")", 400, "error in building plan while starting program: found more than one call to yield() with the name \"a\""),
            ("from(bucket: \"demo\") |> range(start: -1h) |> window(every: 1m)", 400, "error calling function \"window\" @1:46-1:63: the influx-devserver does not implement window(); influxd does"),
        ];
        for (q, status, message) in cases {
            let e = err(q);
            assert_eq!((e.status, e.message.as_str()), (status, message), "{q}");
        }
    }

    #[test]
    fn a_runtime_error_after_data_is_an_error_table() {
        let q = "import \"array\"\narray.from(rows: [{_value: 1}]) |> yield(name: \"a\")\narray.from(rows: [{_value: 2}]) |> map(fn: (r) => ({_value: die(msg: \"boom\")})) |> yield(name: \"b\")";
        assert_eq!(
            csv(q),
            "#group,false,false,false\r\n#datatype,string,long,long\r\n#default,a,,\r\n,result,table,_value\r\n,,0,1\r\n\r\n\r\n#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,runtime error @3:36-3:80: map: failed to evaluate map function: boom,\r\n"
        );
        // The same failure first: nothing was written, so it is the whole answer.
        let first = "import \"array\"\narray.from(rows: [{_value: 2}]) |> map(fn: (r) => ({_value: die(msg: \"boom\")}))";
        assert_eq!(err(first).message, "runtime error @2:36-2:80: map: failed to evaluate map function: boom");
    }

    #[test]
    fn request_bodies() {
        let ok = read_body(
            "application/json",
            br#"{"query":"x","extern":null,"dialect":{"annotations":["datatype"],"delimiter":";","header":false}}"#,
        )
        .unwrap();
        assert_eq!(
            (ok.extern_raw, ok.dialect.annotations, ok.dialect.delimiter, ok.dialect.header),
            (None, vec!["datatype".to_string()], ';', false)
        );
        let raw = read_body("application/json", br#"{"query":"x","extern": {"type" : "File"}}"#).unwrap();
        assert_eq!(raw.extern_raw.as_deref(), Some(r#"{"type" : "File"}"#), "the bytes as sent");
        for (b, want) in [
            (
                &br#"{"query":"x","dialect":{"annotations":["nope"]}}"#[..],
                "failed to decode request body: unknown dialect annotation type: nope",
            ),
            (
                br#"{"query":"x","dialect":{"delimiter":";;"}}"#,
                "failed to decode request body: invalid dialect delimeter: must be length 1",
            ),
            (br#"{"query":"x","type":"sql"}"#, "failed to decode request body: unknown query type: sql"),
            (br#"{"query":""}"#, "failed to decode request body: request body requires either query or AST"),
        ] {
            assert_eq!(read_body("application/json", b).err().map(|e| e.message).as_deref(), Some(want));
        }
    }
}
