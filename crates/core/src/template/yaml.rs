//! YAML in and out, as JSON values: enough YAML for InfluxDB templates, both what influxd's
//! encoder (gopkg.in/yaml.v3) writes and what people write by hand.
//!
//! Reading uses saphyr-parser (a YAML 1.2 event parser in plain Rust, maintained; serde_yaml
//! is archived) and builds the values here, so no serde layer is pulled in for it; scalars
//! are resolved by the YAML 1.2 core schema, as yaml.v3 does. Writing is done here: block
//! style, strings quoted as JSON when they could read back as anything else.

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Where and why a YAML text could not be read, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub problem: String,
}

enum Frame {
    Seq { items: Vec<Value>, anchor: usize },
    Map { map: Map<String, Value>, key: Option<String>, anchor: usize },
}

/// Reads every document of a YAML stream; an empty document reads as `null`.
pub fn read_documents(text: &str) -> Result<Vec<Value>, YamlError> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut doc: Option<Value> = None;
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            problem: "this is not well-formed YAML".into(),
        })?;
        let at = |problem: &str| YamlError { line: span.start.line(), column: span.start.col() + 1, problem: problem.into() };
        let value = match event {
            Event::DocumentStart(_) => {
                doc = None;
                anchors.clear();
                continue;
            }
            Event::DocumentEnd => {
                docs.push(doc.take().unwrap_or(Value::Null));
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(at("a list cannot be a key"));
                }
                stack.push(Frame::Seq { items: Vec::new(), anchor });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(at("a mapping cannot be a key"));
                }
                stack.push(Frame::Map { map: Map::new(), key: None, anchor });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (v, anchor) = match stack.pop() {
                    Some(Frame::Seq { items, anchor }) => (Value::Array(items), anchor),
                    Some(Frame::Map { map, anchor, .. }) => (Value::Object(map), anchor),
                    None => continue,
                };
                if anchor > 0 {
                    anchors.insert(anchor, v.clone());
                }
                v
            }
            Event::Scalar(text, style, anchor, tag) => {
                // A key is taken as written: `1: a` has the key "1".
                if let Some(Frame::Map { key: key @ None, .. }) = stack.last_mut() {
                    *key = Some(text.into_owned());
                    continue;
                }
                let tag = tag.map(|t| t.suffix.clone());
                let v = scalar(&text, style, tag.as_deref());
                if anchor > 0 {
                    anchors.insert(anchor, v.clone());
                }
                v
            }
            Event::Alias(id) => {
                let v = anchors.get(&id).cloned().ok_or_else(|| at("an alias names no anchor"))?;
                if let Some(Frame::Map { key: key @ None, .. }) = stack.last_mut() {
                    *key = Some(v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()));
                    continue;
                }
                v
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some(k) = key.take() {
                    map.insert(k, value);
                }
            }
            None => doc = Some(value),
        }
    }
    Ok(docs)
}

/// A scalar by the YAML 1.2 core schema: plain `null`/`~`/empty, booleans, integers and
/// floats; quoted and block scalars, and anything else, are strings.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    let plain = style == ScalarStyle::Plain;
    match tag {
        Some("str") => return Value::String(text.into()),
        Some("int" | "float" | "bool" | "null") => {}
        _ if !plain => return Value::String(text.into()),
        _ => {}
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = integer(text) {
        return Value::Number(n.into());
    }
    if is_float(text) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.into())
}

fn integer(text: &str) -> Option<i64> {
    let (neg, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut frac = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac = digits(&mut i);
    }
    if whole == 0 && frac == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Writes values as a YAML stream, one document each, separated by `---`.
pub fn write_documents(docs: &[Value]) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        match d {
            Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
            Value::Array(a) if !a.is_empty() => write_seq(a, 0, &mut out),
            other => {
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
    out
}

fn indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(m: &Map<String, Value>, depth: usize, out: &mut String) {
    for (k, v) in m {
        indent(depth, out);
        out.push_str(&string(k));
        out.push(':');
        write_after_key(v, depth, out);
    }
}

fn write_seq(a: &[Value], depth: usize, out: &mut String) {
    for v in a {
        indent(depth, out);
        out.push('-');
        match v {
            // A mapping in a list starts on the dash's line: `- kind: Xy`.
            Value::Object(m) if !m.is_empty() => {
                let mut first = true;
                for (k, v) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(depth + 2, out);
                    }
                    out.push_str(&string(k));
                    out.push(':');
                    write_after_key(v, depth + 2, out);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(inner, depth + 2, out);
            }
            other => {
                out.push(' ');
                write_scalar(other, depth + 2, out);
            }
        }
    }
}

fn write_after_key(v: &Value, depth: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, depth + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, depth + 2, out);
        }
        other => {
            out.push(' ');
            write_scalar(other, depth + 2, out);
        }
    }
}

/// A scalar (or an empty list or mapping) and its line end; multi-line strings as literal blocks.
fn write_scalar(v: &Value, depth: usize, out: &mut String) {
    if let Value::String(s) = v {
        if literal_block_fits(s) {
            out.push_str("|-\n");
            for line in s.split('\n') {
                if !line.is_empty() {
                    indent(depth, out);
                    out.push_str(line);
                }
                out.push('\n');
            }
            return;
        }
    }
    out.push_str(&inline(v));
    out.push('\n');
}

/// A literal block keeps a string exactly when it has several lines, no line break at its
/// end, no carriage return or other control character, and a first line that does not start
/// with a space (which would be taken for indentation).
fn literal_block_fits(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with('\n')
        && !s.starts_with([' ', '\n'])
        && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        && !s.split('\n').any(|l| l.ends_with([' ', '\t']))
}

fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string plain when it cannot be read as anything else, otherwise double-quoted (a JSON
/// string is a valid YAML double-quoted scalar).
fn string(s: &str) -> String {
    let safe_chars = s.chars().all(|c| c.is_alphanumeric() || " _-./()@".contains(c));
    let first_ok = s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '/');
    let plain_value = matches!(scalar(s, ScalarStyle::Plain, None), Value::String(_));
    let reserved = ["yes", "no", "on", "off", "y", "n"].contains(&s.to_lowercase().as_str());
    if safe_chars && first_ok && plain_value && !reserved && !s.ends_with(' ') {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_influxd_writes() {
        // Shaped as gopkg.in/yaml.v3 writes a template: documents after `---`, lists of
        // mappings starting on the dash, literal blocks for queries.
        let text = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n    name: vivid-a\nspec:\n    color: '#326BBA'\n    name: prod\n---\napiVersion: influxdata.com/v2alpha1\nkind: Dashboard\nmetadata:\n    name: brave-b\nspec:\n    associations:\n        - kind: Label\n          name: vivid-a\n    charts:\n        - colors:\n            - hex: '#00C9FF'\n              id: base\n              name: laser\n              type: text\n              value: 1.5\n          decimalPlaces: 2\n          height: 3\n          kind: Single_Stat\n          name: cpu\n          queries:\n            - query: |-\n                from(bucket: \"b\")\n                  |> range(start: v.timeRangeStart)\n          width: 4\n          xPos: 1\n    name: System\n";
        let docs = read_documents(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0]["spec"]["color"], "#326BBA");
        let chart = &docs[1]["spec"]["charts"][0];
        assert_eq!(chart["queries"][0]["query"], "from(bucket: \"b\")\n  |> range(start: v.timeRangeStart)");
        assert_eq!(chart["colors"][0]["value"], json!(1.5));
        assert_eq!(chart["decimalPlaces"], json!(2));
        assert_eq!(docs[1]["spec"]["associations"][0]["name"], "vivid-a");
    }

    #[test]
    fn scalars_by_the_core_schema() {
        let cases: &[(&str, Value)] = &[
            ("a: 12", json!({"a": 12})),
            ("a: -3", json!({"a": -3})),
            ("a: 0x1f", json!({"a": 31})),
            ("a: 1.25", json!({"a": 1.25})),
            ("a: 1e3", json!({"a": 1000.0})),
            ("a: '12'", json!({"a": "12"})),
            ("a: \"x\\ty\"", json!({"a": "x\ty"})),
            ("a: true", json!({"a": true})),
            ("a: yes", json!({"a": "yes"})),
            ("a: ~", json!({"a": null})),
            ("a:", json!({"a": null})),
            ("a: !!str 5", json!({"a": "5"})),
            ("a: [1, b, {c: d}]", json!({"a": [1, "b", {"c": "d"}]})),
            ("1: x", json!({"1": "x"})),
            ("a: &x {b: 1}\nc: *x", json!({"a": {"b": 1}, "c": {"b": 1}})),
            ("a: 12:30", json!({"a": "12:30"})),
            ("# only a comment\na: b # trailing", json!({"a": "b"})),
        ];
        for (text, want) in cases {
            assert_eq!(read_documents(text).unwrap(), vec![want.clone()], "{text}");
        }
    }

    #[test]
    fn errors_say_where() {
        let e = read_documents("a: b\n  c: d\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = read_documents("a: [1, 2\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
        let e = read_documents("? [a]\n: b\n").unwrap_err();
        assert_eq!(e.problem, "a list cannot be a key");
    }

    #[test]
    fn writes_what_it_reads_back() {
        let docs = vec![
            json!({"apiVersion": "influxdata.com/v2alpha1", "kind": "Dashboard", "metadata": {"name": "a-b"},
                   "spec": {"name": "CPU: all hosts", "charts": [
                       {"kind": "Xy", "queries": [{"query": "from(bucket: \"b\")\n\t|> range(start: -1h)\n\n  |> yield()"}],
                        "colors": [{"hex": "#00C9FF", "value": 0.5}], "note": "  leading space", "width": 4,
                        "axes": [{"name": "x", "domain": [0.0, 1.5]}], "empty": [], "none": {}, "n": null,
                        "words": ["true", "12", "null", "", "yes", "- x", "a: b", "#c", "ü", "trailing ", "line\n", "\r\n"]}]}}),
            json!({"kind": "Label", "spec": {"name": "prod", "color": "#326BBA"}}),
        ];
        let text = write_documents(&docs);
        assert!(text.contains("kind: Dashboard"), "{text}");
        assert!(text.contains("- kind: Xy") || text.contains("- axes:"), "{text}");
        assert!(text.contains("|-\n"), "queries as literal blocks: {text}");
        assert_eq!(read_documents(&text).unwrap(), docs, "{text}");
    }
}
