//! The raw JSON tab: the check of a view's `properties` as the user typed them.
//!
//! A syntax error is named with its line and column. Otherwise each known member whose
//! JSON type the model cannot hold is named by its path (`axes.y.bounds[1]: expected a
//! string, found a number`). The expected types come from the typed model itself, not
//! from a second schema: each suspect member is tried alone in the view type's struct
//! (see [`check_properties_json`]). Unknown members are fine and are kept.

use crate::model::*;
use serde_json::{Map, Value};
use std::fmt;

/// Why the text is not a view's properties.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonError {
    /// Not JSON. `line` and `column` are 1-based, the column in characters; `offset` is the
    /// byte offset of that place in the text, for putting the caret there.
    Syntax { line: usize, column: usize, offset: usize, message: String },
    /// JSON, but not properties InfluxDB can store: one entry per wrong member.
    Members(Vec<MemberError>),
}

/// A member of the properties with a wrong value, named by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberError {
    /// `colors[2].value`; "" for the whole object.
    pub path: String,
    /// `expected a number, found a string`.
    pub message: String,
}

impl fmt::Display for MemberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Syntax { line, column, message, .. } => write!(f, "line {line}, column {column}: {message}"),
            JsonError::Members(list) => {
                for (i, e) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

/// The properties as the JSON tab shows them: pretty-printed, every member kept.
pub fn properties_json_text(props: &ViewProperties) -> String {
    serde_json::to_string_pretty(&Value::Object(props.to_map())).unwrap_or_else(|_| "{}".into())
}

/// Checks what the user typed in the JSON tab and, when it is fine, returns the typed,
/// lossless properties (unknown members kept). Fine means: JSON; an object; `{"shape":
/// "empty"}` or a `type` the server stores (not `simple-table`, B9) with `shape:
/// "chronograf-v2"` (B7); and every known member of the JSON type the model holds. All
/// wrong members are listed, not only the first.
pub fn check_properties_json(text: &str) -> Result<ViewProperties, JsonError> {
    let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let Value::Object(map) = value else {
        return Err(JsonError::Members(vec![MemberError {
            path: String::new(),
            message: format!("expected an object, found {}", kind_of(&value)),
        }]));
    };
    let errors = member_errors(&map);
    if errors.is_empty() {
        Ok(ViewProperties::from_map(map))
    } else {
        Err(JsonError::Members(errors))
    }
}

/// The wrong members of a properties object (empty when it is fine).
pub fn member_errors(map: &Map<String, Value>) -> Vec<MemberError> {
    let err = |path: &str, message: String| MemberError { path: path.into(), message };
    let kind = match map.get("type") {
        None if map.get("shape").and_then(Value::as_str) == Some("empty") => return Vec::new(),
        None => return vec![err("type", "missing: every view has a type (or is {\"shape\": \"empty\"})".into())],
        Some(Value::String(k)) => k.as_str(),
        Some(other) => return vec![err("type", format!("expected a string, found {}", kind_of(other)))],
    };
    if kind == "simple-table" {
        return vec![err("type", super::checks::SIMPLE_TABLE_NOT_STORED.into())];
    }
    if !stored_view_types().any(|t| t == kind) {
        return vec![err("type", format!("unknown view type \"{kind}\": InfluxDB would keep the old properties"))];
    }
    let mut out = Vec::new();
    if map.get("shape").and_then(Value::as_str) != Some("chronograf-v2") {
        let found = map.get("shape").map_or("nothing".to_owned(), |v| v.to_string());
        out.push(err("shape", format!("must be \"chronograf-v2\", found {found}")));
    }
    for (key, value) in map {
        if key != "type" && key != "shape" {
            descend(kind, &[Seg::Key(key)], value, &mut out);
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reports the deepest members under `path` that the type's struct refuses alone.
fn descend(kind: &str, path: &[Seg<'_>], value: &Value, out: &mut Vec<MemberError>) {
    let Err(error) = probe(kind, skeleton(path, value)) else { return };
    // A container of the wrong kind is wrong here, whatever it holds; an empty one of the
    // right kind is always accepted (every member is optional), so try that first.
    let empty = match value {
        Value::Object(_) => Some(Value::Object(Map::new())),
        Value::Array(_) => Some(Value::Array(Vec::new())),
        _ => None,
    };
    let before = out.len();
    if empty.is_some_and(|e| probe(kind, skeleton(path, &e)).is_ok()) {
        let mut child = path.to_vec();
        match value {
            Value::Object(m) => {
                for (k, v) in m {
                    child.push(Seg::Key(k));
                    descend(kind, &child, v, out);
                    child.pop();
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    child.push(Seg::Index(i));
                    descend(kind, &child, v, out);
                    child.pop();
                }
            }
            _ => {}
        }
    }
    if out.len() == before {
        out.push(MemberError { path: path_text(path), message: describe(&error.to_string(), value) });
    }
}

/// The smallest document holding `value` at `path`: one-member objects and one-element
/// arrays (an index becomes the only element).
fn skeleton(path: &[Seg<'_>], value: &Value) -> Value {
    path.iter().rev().fold(value.clone(), |inner, seg| match seg {
        Seg::Key(k) => Value::Object(Map::from_iter([((*k).to_owned(), inner)])),
        Seg::Index(_) => Value::Array(vec![inner]),
    })
}

/// Reads `doc` into the struct of view type `kind`.
fn probe(kind: &str, doc: Value) -> Result<(), serde_json::Error> {
    fn typed<T: serde::de::DeserializeOwned>(doc: Value) -> Result<(), serde_json::Error> {
        serde_json::from_value::<T>(doc).map(|_| ())
    }
    match kind {
        "xy" => typed::<XyProperties>(doc),
        "line-plus-single-stat" => typed::<LinePlusSingleStatProperties>(doc),
        "single-stat" | "gauge" => typed::<StatProperties>(doc),
        "table" => typed::<TableProperties>(doc),
        "simple-table" => typed::<SimpleTableProperties>(doc),
        "markdown" => typed::<MarkdownProperties>(doc),
        "histogram" => typed::<HistogramProperties>(doc),
        "heatmap" | "scatter" | "mosaic" => typed::<PlotProperties>(doc),
        "band" => typed::<BandProperties>(doc),
        "check" => typed::<CheckProperties>(doc),
        "geo" => typed::<GeoProperties>(doc),
        "log-viewer" => typed::<LogViewerProperties>(doc),
        _ => Ok(()),
    }
}

fn path_text(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Key(k) => {
                s.push('[');
                s.push_str(&Value::String((*k).to_owned()).to_string());
                s.push(']');
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde's "invalid type: integer `5`, expected a string" in the editor's words.
fn describe(serde_message: &str, value: &Value) -> String {
    let Some((_, expected)) = serde_message.rsplit_once(", expected ") else {
        return serde_message.to_owned();
    };
    let expected = match expected {
        "f64" | "f32" => "a number",
        "i64" | "u64" => "an integer",
        "i32" => "an integer from -2147483648 to 2147483647",
        "a sequence" => "an array",
        "a map" => "an object",
        e if e.starts_with("struct ") => "an object",
        e => e,
    };
    let found = match value {
        Value::Number(n) if expected.starts_with("an integer") && (n.is_f64() || serde_message.starts_with("invalid value")) => {
            format!("{n}")
        }
        other => kind_of(other).to_owned(),
    };
    format!("expected {expected}, found {found}")
}

fn syntax_error(text: &str, e: &serde_json::Error) -> JsonError {
    let full = e.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m).to_owned();
    let line = e.line().max(1);
    let line_start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>().min(text.len());
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    // serde_json counts bytes, 1-based on the offending byte; count characters instead.
    let byte_col = e.column();
    let column = line_text.char_indices().filter(|(i, _)| *i < byte_col).count().max(1);
    let offset = line_start + line_text.char_indices().nth(column - 1).map_or(line_text.len(), |(i, _)| i);
    JsonError::Syntax { line, column, offset, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn members(v: Value) -> Vec<String> {
        match check_properties_json(&v.to_string()) {
            Err(JsonError::Members(list)) => list.iter().map(ToString::to_string).collect(),
            other => panic!("expected member errors, got {other:?}"),
        }
    }

    fn xy(extra: Value) -> Value {
        let mut v = json!({"type": "xy", "shape": "chronograf-v2", "queries": [], "geom": "line"});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    #[test]
    fn a_valid_view_comes_back_typed_with_its_unknown_members() {
        let v = xy(json!({"axes": {"y": {"bounds": ["", "10"], "mine": 1}}, "aFutureMember": [1, "x"]}));
        let p = check_properties_json(&serde_json::to_string_pretty(&v).unwrap()).unwrap();
        assert!(matches!(p, ViewProperties::Xy(_)));
        assert_eq!(serde_json::to_value(&p).unwrap(), v);
        assert_eq!(check_properties_json(r#"{"shape":"empty"}"#).unwrap(), ViewProperties::empty());
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let text = "{\n  \"type\": \"xy\",\n  \"geom\": line\n}";
        let Err(JsonError::Syntax { line, column, offset, message }) = check_properties_json(text) else { panic!() };
        assert_eq!((line, column), (3, 11));
        assert_eq!(&text[offset..offset + 4], "line");
        assert_eq!(message, "expected value");

        // Columns count characters, not bytes.
        let text = "{\"note\": \"é€\" x}";
        let Err(JsonError::Syntax { column, offset, .. }) = check_properties_json(text) else { panic!() };
        assert_eq!(column, 15);
        assert_eq!(&text[offset..], "x}");

        let Err(JsonError::Syntax { line, .. }) = check_properties_json("{\n\"a\": [1,\n") else { panic!() };
        assert_eq!(line, 3, "EOF is on the last line");
        assert!(matches!(check_properties_json(""), Err(JsonError::Syntax { line: 1, column: 1, offset: 0, .. })));
    }

    #[test]
    fn wrong_members_are_named_by_path() {
        let v = xy(json!({
            "axes": {"y": {"bounds": ["", 10], "label": 3}, "x": {"base": "10"}},
            "colors": [{"hex": "#fff", "value": 1}, {"value": 2}, {"value": "80"}],
            "legendOpacity": "high",
            "xTotalTicks": 2.5,
            "queries": [{"text": "x", "builderConfig": {"tags": [{"values": [1]}]}}],
            "shadeBelow": "yes",
            "odd key": 1,
        }));
        assert_eq!(
            members(v),
            vec![
                "axes.y.bounds[1]: expected a string, found a number",
                "axes.y.label: expected a string, found a number",
                "colors[2].value: expected a number, found a string",
                "legendOpacity: expected a number, found a string",
                "queries[0].builderConfig.tags[0].values[0]: expected a string, found a number",
                "shadeBelow: expected a boolean, found a string",
                "xTotalTicks: expected an integer, found 2.5",
            ]
        );
    }

    #[test]
    fn containers_of_the_wrong_kind() {
        let v = xy(json!({"axes": "none", "colors": {"0": "#fff"}, "queries": [null]}));
        assert_eq!(
            members(v),
            vec![
                "axes: expected an object, found a string",
                "colors: expected an array, found an object",
                "queries[0]: expected an object, found null"
            ]
        );
        let big = json!({"type": "table", "shape": "chronograf-v2", "decimalPlaces": {"digits": 3_000_000_000u64}});
        assert_eq!(members(big), vec!["decimalPlaces.digits: expected an integer from -2147483648 to 2147483647, found 3000000000"]);
    }

    #[test]
    fn type_and_shape() {
        assert_eq!(members(json!([1])), vec!["expected an object, found an array"]);
        assert_eq!(members(json!({"shape": "chronograf-v2"}))[0], "type: missing: every view has a type (or is {\"shape\": \"empty\"})");
        assert_eq!(members(json!({"type": 1}))[0], "type: expected a string, found a number");
        assert!(members(json!({"type": "pie", "shape": "chronograf-v2"}))[0].starts_with("type: unknown view type \"pie\""));
        assert!(members(json!({"type": "simple-table", "shape": "chronograf-v2"}))[0].contains("table"));
        assert_eq!(members(json!({"type": "markdown", "note": "x"})), vec!["shape: must be \"chronograf-v2\", found nothing"]);
        assert_eq!(
            members(json!({"type": "markdown", "shape": "v1", "note": 5})),
            vec!["shape: must be \"chronograf-v2\", found \"v1\"", "note: expected a string, found a number"]
        );
    }

    #[test]
    fn heatmap_colors_are_strings_and_check_colors_anything() {
        let v = json!({"type": "heatmap", "shape": "chronograf-v2", "colors": ["#000004", {"hex": "#fff"}]});
        assert_eq!(members(v), vec!["colors[1]: expected a string, found an object"]);
        let v = json!({"type": "check", "shape": "chronograf-v2", "colors": ["#fff", {"hex": "#fff"}]});
        assert!(check_properties_json(&v.to_string()).is_ok());
    }

    #[test]
    fn every_fixture_is_valid_or_named_for_its_type() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/views");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let got = check_properties_json(&text);
            match name.split('.').next().unwrap() {
                "unknown-type" | "simple-table" => assert!(got.is_err(), "{name}"),
                _ => {
                    let p = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(serde_json::to_value(&p).unwrap(), serde_json::from_str::<Value>(&text).unwrap(), "{name}");
                }
            }
        }
    }

    #[test]
    fn the_tab_text_reads_back_the_same() {
        let v = xy(json!({"note": "n", "aFutureMember": {"k": [1]}}));
        let p = ViewProperties::from_map(v.as_object().unwrap().clone());
        assert_eq!(check_properties_json(&properties_json_text(&p)).unwrap(), p);
    }
}
