//! `POST /api/v2/query`: deterministic synthetic data in InfluxDB's annotated CSV
//! (contract §4), shaped by the query's range, window, measurement and fields, so the UI
//! cannot tell it from a real server's answer.

use crate::error::{parse_id, ApiErr, ApiResult};
use crate::store::now_nanos;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use dashboards_core::time::{format_rfc3339_nanos, parse_duration, parse_rfc3339};
use serde_json::Value;

const NANOS: i128 = 1_000_000_000;

fn decode_error(msg: impl std::fmt::Display) -> ApiErr {
    ApiErr::invalid(format!("failed to decode request body: {msg}"))
}

/// What the synthetic engine read from a Flux text.
#[derive(Debug, PartialEq)]
pub struct Plan {
    pub bucket: Option<String>,
    pub start: i128,
    pub stop: i128,
    pub every: i128,
    pub measurement: String,
    pub fields: Vec<String>,
    pub last_only: bool,
    pub result: String,
}

/// The first string argument after `key:` (e.g. `bucket: "demo"`).
fn string_arg(text: &str, key: &str) -> Option<String> {
    let i = text.find(key)? + key.len();
    let rest = text[i..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_owned())
}

/// A bare (non-string) argument after `key:`, up to `,` or `)`.
fn bare_arg<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let i = text.find(key)? + key.len();
    let rest = text[i..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest.find([',', ')']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

fn time_arg(arg: Option<&str>, now: i128, default: i128) -> ApiResult<i128> {
    let Some(a) = arg else { return Ok(default) };
    match a {
        "v.timeRangeStart" => Ok(now - 3600 * NANOS),
        "v.timeRangeStop" | "now()" => Ok(now),
        _ => {
            if let Some(d) = parse_duration(a) {
                return Ok(now + d);
            }
            let unquoted = a.trim_matches('"');
            parse_rfc3339(unquoted).ok_or_else(|| ApiErr::invalid(format!("compilation failed: invalid time {a:?}")))
        }
    }
}

/// Reads the parts of a Flux query the synthetic engine uses; refuses what could not compile.
pub fn plan(text: &str, now: i128) -> ApiResult<Plan> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Err(ApiErr::invalid(format!("compilation failed: error at offset {i}: unexpected token RPAREN")));
        }
    }
    if depth != 0 {
        // Flux names the span of the whole script: from 1:1 to just past its end.
        let line = text.lines().count().max(1);
        let col = text.lines().last().map(|l| l.chars().count()).unwrap_or(0) + 1;
        return Err(ApiErr::invalid(format!("compilation failed: error @1:1-{line}:{col}: expected RPAREN, got EOF")));
    }
    if !(text.contains("from(") || text.contains("buckets()")) {
        return Err(ApiErr::invalid("compilation failed: no streaming data source: use from() or buckets()"));
    }
    let range = text.find("range(").map(|i| &text[i..]).unwrap_or("");
    let stop = time_arg(bare_arg(range, "stop"), now, now)?;
    let start = time_arg(bare_arg(range, "start"), now, now - 3600 * NANOS)?;
    if start >= stop {
        return Err(ApiErr::invalid("compilation failed: range start must be before stop"));
    }
    let every = match text.find("aggregateWindow(").and_then(|i| bare_arg(&text[i..], "every")) {
        Some("v.windowPeriod") | None => (stop - start) / 60,
        Some(d) => {
            parse_duration(d).filter(|d| *d > 0).ok_or_else(|| ApiErr::invalid(format!("compilation failed: invalid duration {d:?}")))?
        }
    }
    // At most 1000 points per series, whatever the window.
    .max((stop - start) / 1000)
    .max(1);
    let measurement = text
        .find("_measurement")
        .and_then(|i| text[i..].find("==").map(|j| &text[i + j + 2..]))
        .and_then(|rest| rest.trim_start().strip_prefix('"').and_then(|r| r.find('"').map(|e| r[..e].to_owned())))
        .unwrap_or_else(|| "cpu".into());
    let mut fields = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("_field") {
        rest = &rest[i + 6..];
        let after = rest.trim_start();
        if let Some(v) = after.strip_prefix("==").map(str::trim_start).and_then(|r| r.strip_prefix('"')) {
            if let Some(e) = v.find('"') {
                fields.push(v[..e].to_owned());
            }
        }
    }
    if fields.is_empty() {
        fields = vec!["usage_system".into(), "usage_user".into()];
    }
    Ok(Plan {
        bucket: string_arg(text, "bucket"),
        start,
        stop,
        every,
        measurement,
        fields,
        last_only: text.contains("last()"),
        result: text.find("yield(").and_then(|i| string_arg(&text[i..], "name")).unwrap_or_else(|| "_result".into()),
    })
}

/// A stable hash (FNV-1a) so that the same series gives the same numbers on every run.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

fn value_at(series: &str, t: i128) -> f64 {
    let h = fnv(series);
    let base = 20.0 + (h % 60) as f64;
    let phase = (h >> 8) as f64 % 6.283;
    let period = 3600.0 + (h >> 16) as f64 % 7200.0;
    let secs = (t / NANOS) as f64;
    let noise = (fnv(&format!("{series}{}", t / NANOS)) % 1000) as f64 / 100.0;
    let v = base + 15.0 * (secs / period * 6.283 + phase).sin() + noise;
    (v * 100.0).round() / 100.0
}

/// Writes the annotated CSV: CRLF, annotation rows in the requested order, one block per
/// result (all tables share the columns).
pub fn render(plan: &Plan, annotations: &[String]) -> String {
    let mut out = String::new();
    let has_default = annotations.iter().any(|a| a == "default");
    for a in annotations {
        match a.as_str() {
            "group" => out.push_str("#group,false,false,true,true,false,false,true,true,true\r\n"),
            "datatype" => {
                out.push_str("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string\r\n")
            }
            "default" => out.push_str(&format!("#default,{},,,,,,,,\r\n", plan.result)),
            _ => {}
        }
    }
    out.push_str(",result,table,_start,_stop,_time,_value,_field,_measurement,host\r\n");
    let result_cell = if has_default { "" } else { plan.result.as_str() };
    let (start_s, stop_s) = (format_rfc3339_nanos(plan.start), format_rfc3339_nanos(plan.stop));
    let first = (plan.start / plan.every + 1) * plan.every;
    for (table, field) in plan.fields.iter().enumerate() {
        let series = format!("{}.{field}.server01", plan.measurement);
        let mut times: Vec<i128> = (0..).map(|i| first + i * plan.every).take_while(|t| *t <= plan.stop).collect();
        if plan.last_only {
            times = times.last().copied().into_iter().collect();
        }
        for t in times {
            out.push_str(&format!(
                ",{result_cell},{table},{start_s},{stop_s},{},{},{field},{},server01\r\n",
                format_rfc3339_nanos(t),
                value_at(&series, t),
                plan.measurement
            ));
        }
    }
    out.push_str("\r\n");
    out
}

pub async fn query(State(state): State<AppState>, RawQuery(q): RawQuery, headers: HeaderMap, body: Bytes) -> ApiResult<Response> {
    let params = crate::Params::parse(q.as_deref());
    let org_id = {
        let store = state.store();
        let by_id = |id: &str| parse_id(id).ok().filter(|id| store.orgs.contains_key(id));
        match (params.first("orgID"), params.first("org")) {
            (Some(id), _) => by_id(&id).ok_or_else(|| decode_error(format!("organization {id} not found")))?,
            (None, Some(org)) => by_id(&org)
                .or_else(|| store.org_by_name(&org).map(|o| o.id.clone()))
                .ok_or_else(|| decode_error(format!("organization name \"{org}\" not found")))?,
            (None, None) => return Err(decode_error("Please provide either orgID or org")),
        }
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (text, annotations, now) = if content_type.starts_with("application/vnd.flux") {
        (String::from_utf8_lossy(&body).into_owned(), Vec::new(), None)
    } else {
        let v: Value = serde_json::from_slice(&body).map_err(|e| {
            decode_error(format!(
                "failed parsing request body as JSON; if sending a raw Flux script, set 'Content-Type: application/vnd.flux' in your request headers: {e}"
            ))
        })?;
        let text = v.get("query").and_then(Value::as_str).unwrap_or("").to_owned();
        if let Some(t) = v.get("type").and_then(Value::as_str) {
            if t != "flux" {
                return Err(decode_error(format!("unknown query type: {t}")));
            }
        }
        let annotations: Vec<String> =
            v["dialect"]["annotations"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
        let now = v.get("now").and_then(Value::as_str).and_then(parse_rfc3339);
        (text, annotations, now)
    };
    if text.trim().is_empty() {
        return Err(decode_error("request body requires either query or AST"));
    }
    let plan = plan(&text, now.unwrap_or_else(now_nanos))?;
    if let Some(bucket) = &plan.bucket {
        let store = state.store();
        if !store.buckets.values().any(|b| b.org_id == org_id && &b.name == bucket) {
            return Err(ApiErr::not_found(format!("failed to initialize execute state: could not find bucket \"{bucket}\"")));
        }
    }
    let csv = render(&plan, &annotations);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i128 = 1_704_164_400 * NANOS; // 2024-01-02T03:00:00Z

    #[test]
    fn reads_range_window_and_filters() {
        let p = plan(
            r#"from(bucket: "demo") |> range(start: -2h) |> filter(fn: (r) => r._measurement == "mem" and r._field == "used")
               |> aggregateWindow(every: 10m, fn: mean) |> yield(name: "mean")"#,
            NOW,
        )
        .unwrap();
        assert_eq!(p.bucket.as_deref(), Some("demo"));
        assert_eq!((p.start, p.stop, p.every), (NOW - 7200 * NANOS, NOW, 600 * NANOS));
        assert_eq!((p.measurement.as_str(), p.fields.clone(), p.result.as_str()), ("mem", vec!["used".to_string()], "mean"));
    }

    #[test]
    fn refuses_what_would_not_compile() {
        for bad in ["from(bucket: \"x\"", "range(start: -1h)", "from(bucket: \"x\")) |>", "from(bucket:\"x\") |> range(start: 0h)"] {
            assert_eq!(plan(bad, NOW).unwrap_err().status.as_u16(), 400, "{bad}");
        }
    }

    #[test]
    fn csv_matches_the_contract_layout() {
        let p = plan(r#"from(bucket: "demo") |> range(start: -3m) |> aggregateWindow(every: 1m, fn: mean)"#, NOW).unwrap();
        let all = vec!["group".to_string(), "datatype".to_string(), "default".to_string()];
        let csv = render(&p, &all);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("#group,false,false,true,true,false,false,true,true"));
        assert!(lines[1].starts_with("#datatype,string,long,dateTime:RFC3339"));
        assert_eq!(lines[2], "#default,_result,,,,,,,,");
        assert_eq!(lines[3], ",result,table,_start,_stop,_time,_value,_field,_measurement,host");
        // 3 points for each of the two default fields, result left empty with #default.
        assert_eq!(lines.iter().filter(|l| l.starts_with(",,0,")).count(), 3);
        assert_eq!(lines.iter().filter(|l| l.starts_with(",,1,")).count(), 3);
        assert!(lines[4].contains(",2024-01-02T02:57:00Z,2024-01-02T03:00:00Z,2024-01-02T02:58:00Z,"));
        assert!(csv.ends_with("\r\n\r\n"));
        // Same query, same numbers.
        assert_eq!(csv, render(&p, &all));
        // Without #default, every row carries the result name.
        assert!(render(&p, &[]).lines().nth(1).unwrap().starts_with(",_result,0,"));
    }
}
