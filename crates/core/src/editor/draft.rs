//! The editor's draft: a view's properties as a JSON object, read and written member by
//! member through the paths the forms name (`axes.y.bounds`, `decimalPlaces.digits`), so every
//! member no form knows stays as it was. What a control shows is read from the draft; what the
//! user types is checked, then written, or refused with a message at the field.

use super::form::{Control, FieldSpec};
use serde_json::{json, Map, Value};

/// The value at `path` (members separated by `.`), if there is one.
pub fn member<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = map.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

/// Sets the value at `path`, making the objects on the way (a member on the way that is not
/// an object is replaced by one).
pub fn set_member(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = map.entry(head.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                set_member(inner, rest, value);
            }
        }
    }
}

/// What a control shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Text(String),
    Flag(bool),
    /// The two inputs of bounds and domains.
    Pair(String, String),
}

fn number_text(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// What the control of `spec` shows for the draft `map`.
pub fn shown(map: &Map<String, Value>, spec: &FieldSpec) -> Shown {
    let v = member(map, spec.path);
    match spec.control {
        Control::Toggle => Shown::Flag(v.and_then(Value::as_bool).unwrap_or(false)),
        Control::Columns => {
            Shown::Text(v.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
        }
        Control::Bounds | Control::Domain => {
            let at = |i: usize| v.and_then(|b| b.get(i)).map(number_text).unwrap_or_default();
            Shown::Pair(at(0), at(1))
        }
        Control::Number | Control::Integer => Shown::Text(v.map(number_text).unwrap_or_default()),
        _ => Shown::Text(v.and_then(Value::as_str).unwrap_or_default().to_owned()),
    }
}

fn parse_number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ if t.is_empty() => Err("Enter a number.".to_owned()),
        _ => Err(format!("“{t}” is not a number.")),
    }
}

/// A JSON number for `v`: whole numbers are written without a fraction (a threshold typed
/// as 50 stays `50`, equal to the `50` the server sent).
pub fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// The limits some members have, checked before they are written.
fn limits(path: &str, v: f64) -> Result<(), String> {
    let within = |lo: f64, hi: f64, what: &str| {
        if v < lo || v > hi {
            Err(format!("{what} must be between {lo} and {hi}."))
        } else {
            Ok(())
        }
    };
    match path {
        "decimalPlaces.digits" => within(0.0, 10.0, "Decimal places"),
        "legendOpacity" | "staticLegend.opacity" => within(0.0, 1.0, "Opacity"),
        "binCount" if v < 1.0 => Err("A histogram needs at least 1 bin.".to_owned()),
        "binSize" if v < 1.0 => Err("A bin is at least 1 pixel.".to_owned()),
        "center.lat" => within(-90.0, 90.0, "Latitude"),
        "center.lon" => within(-180.0, 180.0, "Longitude"),
        _ => Ok(()),
    }
}

/// Writes what the user entered in the control of `spec`: `text` (and `second` for the upper
/// bound of a pair; `flag` for a toggle). Nothing is written when the entry is refused: the
/// message says why, in words for the field.
pub fn write(map: &mut Map<String, Value>, spec: &FieldSpec, text: &str, second: &str, flag: bool) -> Result<(), String> {
    let value = match spec.control {
        Control::Toggle => Value::Bool(flag),
        Control::Text | Control::Area | Control::Choice(_) | Control::Suggest(_) => Value::String(text.to_owned()),
        Control::Columns => {
            Value::Array(text.split(',').map(str::trim).filter(|c| !c.is_empty()).map(|c| Value::String(c.to_owned())).collect())
        }
        Control::Number => {
            let v = parse_number(text)?;
            limits(spec.path, v)?;
            number(v)
        }
        Control::Integer => {
            let v = parse_number(text)?;
            if v.fract() != 0.0 {
                return Err(format!("“{}” is not a whole number.", text.trim()));
            }
            limits(spec.path, v)?;
            json!(v as i64)
        }
        Control::Bounds | Control::Domain => {
            let parse = |t: &str| if t.trim().is_empty() { Ok(None) } else { parse_number(t).map(Some) };
            let (lo, hi) = (parse(text)?, parse(second)?);
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo >= hi {
                    return Err("The minimum must be below the maximum.".to_owned());
                }
            }
            if spec.control == Control::Bounds {
                // Axis bounds are strings, "" for automatic.
                let s = |v: Option<f64>| Value::String(v.map(|v| number(v).to_string()).unwrap_or_default());
                json!([s(lo), s(hi)])
            } else {
                match (lo, hi) {
                    (None, None) => json!([]),
                    (Some(lo), Some(hi)) => json!([number(lo), number(hi)]),
                    _ => return Err("Set both ends of the domain, or neither.".to_owned()),
                }
            }
        }
    };
    set_member(map, spec.path, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::form::form;
    use crate::editor::form::Part;

    fn spec(kind: &str, path: &str) -> FieldSpec {
        form(kind)
            .into_iter()
            .flat_map(|p| match p {
                Part::Fields { fields, .. } => fields,
                _ => Vec::new(),
            })
            .find(|f| f.path == path)
            .unwrap()
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn members_are_read_and_written_by_path_and_the_rest_stays() {
        let mut m = map(json!({"axes": {"y": {"label": "cpu", "futureMember": 1}}, "unknown": [1, 2]}));
        assert_eq!(member(&m, "axes.y.label"), Some(&json!("cpu")));
        set_member(&mut m, "axes.y.label", json!("load"));
        set_member(&mut m, "axes.x.base", json!("2"));
        set_member(&mut m, "unknown.deeper", json!(true));
        assert_eq!(
            Value::Object(m),
            json!({"axes": {"y": {"label": "load", "futureMember": 1}, "x": {"base": "2"}}, "unknown": {"deeper": true}})
        );
    }

    #[test]
    fn controls_show_the_stored_values() {
        let m = map(json!({"axes": {"y": {"bounds": ["0", ""]}}, "decimalPlaces": {"isEnforced": true, "digits": 2},
            "fillColumns": ["_field", "host"], "xDomain": [1.5, 9]}));
        assert_eq!(shown(&m, &spec("xy", "axes.y.bounds")), Shown::Pair("0".into(), "".into()));
        assert_eq!(shown(&m, &spec("gauge", "decimalPlaces.isEnforced")), Shown::Flag(true));
        assert_eq!(shown(&m, &spec("gauge", "decimalPlaces.digits")), Shown::Text("2".into()));
        assert_eq!(shown(&m, &spec("histogram", "fillColumns")), Shown::Text("_field, host".into()));
        assert_eq!(shown(&m, &spec("histogram", "xDomain")), Shown::Pair("1.5".into(), "9".into()));
        assert_eq!(shown(&m, &spec("xy", "axes.x.label")), Shown::Text(String::new()), "absent: empty");
    }

    #[test]
    fn bad_entries_are_refused_at_the_field_and_write_nothing() {
        let before = map(json!({"axes": {"y": {"bounds": ["", ""]}}, "decimalPlaces": {"digits": 2}, "binCount": 30}));
        let mut m = before.clone();
        assert_eq!(write(&mut m, &spec("xy", "axes.y.bounds"), "10", "5", false), Err("The minimum must be below the maximum.".into()));
        assert_eq!(write(&mut m, &spec("xy", "axes.y.bounds"), "ten", "", false), Err("“ten” is not a number.".into()));
        assert!(write(&mut m, &spec("gauge", "decimalPlaces.digits"), "11", "", false).unwrap_err().contains("between 0 and 10"));
        assert!(write(&mut m, &spec("gauge", "decimalPlaces.digits"), "2.5", "", false).unwrap_err().contains("whole"));
        assert!(write(&mut m, &spec("histogram", "binCount"), "0", "", false).is_err());
        assert!(write(&mut m, &spec("histogram", "xDomain"), "1", "", false).is_err(), "half a domain");
        assert_eq!(m, before);
    }

    #[test]
    fn good_entries_are_written_in_the_servers_types() {
        let mut m = Map::new();
        write(&mut m, &spec("xy", "axes.y.bounds"), " 0 ", "100.5", false).unwrap();
        write(&mut m, &spec("gauge", "decimalPlaces.digits"), "3", "", false).unwrap();
        write(&mut m, &spec("histogram", "fillColumns"), "_field, ,host", "", false).unwrap();
        write(&mut m, &spec("histogram", "xDomain"), "", "", false).unwrap();
        write(&mut m, &spec("xy", "legendOpacity"), "0.5", "", false).unwrap();
        write(&mut m, &spec("xy", "shadeBelow"), "", "", true).unwrap();
        assert_eq!(
            Value::Object(m),
            json!({"axes": {"y": {"bounds": ["0", "100.5"]}}, "decimalPlaces": {"digits": 3}, "fillColumns": ["_field", "host"],
                   "xDomain": [], "legendOpacity": 0.5, "shadeBelow": true})
        );
    }
}
