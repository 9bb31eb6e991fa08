//! `Field<T>`: a JSON member that may be absent, `null`, or set.
//!
//! InfluxDB sends unset arrays as `null`, leaves some members out, and the UI must write
//! back exactly what it read (a view read and written unchanged is the same JSON value).
//! `Option<T>` cannot tell "absent" from "null"; `Field<T>` can. Use it with
//! `#[serde(default, skip_serializing_if = "Field::is_absent")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Field<T> {
    /// The member was not in the JSON object; it is not written back.
    #[default]
    Absent,
    /// The member was `null`; it is written back as `null`.
    Null,
    /// The member had a value.
    Set(T),
}

impl<T> Field<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }

    pub fn set(&mut self, value: T) {
        *self = Field::Set(value);
    }

    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }
}

impl<T: Clone + Default> Field<T> {
    /// The value, or `T::default()` when absent or null (what the server's Go zero value means).
    pub fn value_or_default(&self) -> T {
        self.get().cloned().unwrap_or_default()
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Set(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Set(v) => v.serialize(s),
            // Absent is normally skipped by `skip_serializing_if`; if not, null is the closest.
            Field::Null | Field::Absent => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            Some(v) => Field::Set(v),
            None => Field::Null,
        })
    }
}

/// A JSON number held as `f64` and written the way Go's `encoding/json` writes a
/// float64: integral values without a fraction (`3`, not `3.0`), so that a value read
/// from the server is written back as the same JSON number.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Float(pub f64);

impl From<f64> for Float {
    fn from(v: f64) -> Self {
        Float(v)
    }
}

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        // 2^53: beyond it not every integer is exact, and Go switches to exponent form at 1e21.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            if v == 0.0 && v.is_sign_negative() {
                return s.serialize_f64(v);
            }
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Float)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(default, skip_serializing_if = "Field::is_absent")]
        a: Field<Vec<String>>,
    }

    #[test]
    fn absent_null_and_set_round_trip() {
        for v in [json!({}), json!({"a": null}), json!({"a": []}), json!({"a": ["x"]})] {
            let h: Holder = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(serde_json::to_value(&h).unwrap(), v);
        }
    }

    #[test]
    fn float_writes_integers_like_go() {
        let cases = [(json!(0), "0"), (json!(3), "3"), (json!(2.5), "2.5"), (json!(-7), "-7"), (json!(0.1), "0.1")];
        for (input, text) in cases {
            let f: Float = serde_json::from_value(input).unwrap();
            assert_eq!(serde_json::to_string(&f).unwrap(), text);
        }
    }
}
