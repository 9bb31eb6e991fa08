//! Reading an object member by member into its fields, the members this model does not
//! know into `extra`: what `#[serde(flatten)] extra` did, without its cost.
//!
//! serde's `flatten` buffers every member of the object into a `Content` tree first (every
//! string copied, every nested object built twice), then reads the fields out of the buffer;
//! a list of 10,000 dashboards spends most of its decode time there. Here each member is
//! read once, straight into its field, and only unknown members become a `Value`.
//! Serialization keeps serde's derive (`flatten` costs little when writing).

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A member's name, borrowed from the input when it can be (the usual case: no escapes).
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// An object read by [`read_object`].
pub(crate) trait Members: Default {
    /// "struct Dashboard", for error messages.
    const EXPECTING: &'static str;

    /// Reads the value of `key` into its field when the model knows it, and says which
    /// member that was (an index below 64); `None`, with the value left unread, when not.
    fn member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<Option<u32>, A::Error>;

    /// The members that must be there: bit `i` for the member of index `i`.
    fn required() -> u64;

    /// The JSON name of a member, by index (for error messages).
    fn name(index: u32) -> &'static str;

    /// Where the members this model does not know go.
    fn extra(&mut self) -> &mut serde_json::Map<String, serde_json::Value>;
}

/// Reads an object into `T`: known members into their fields (each at most once), the rest
/// into `extra` in full. Missing required members and repeated known members are errors, as
/// with serde's derive; a repeated unknown member keeps its last value.
pub(crate) fn read_object<'de, D: Deserializer<'de>, T: Members>(d: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Members> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut out = T::default();
            let mut seen: u64 = 0;
            while let Some(Key(key)) = map.next_key::<Key>()? {
                match out.member(&key, &mut map)? {
                    Some(i) => {
                        if seen & (1 << i) != 0 {
                            return Err(de::Error::duplicate_field(T::name(i)));
                        }
                        seen |= 1 << i;
                    }
                    None => {
                        let value = map.next_value()?;
                        out.extra().insert(key.into_owned(), value);
                    }
                }
            }
            let missing = T::required() & !seen;
            if missing != 0 {
                return Err(de::Error::missing_field(T::name(missing.trailing_zeros())));
            }
            Ok(out)
        }
    }
    d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Members several objects share, declared once (`member_group!`) and read into a field of
/// each object that lists it after `with`.
pub(crate) trait MemberGroup {
    /// How many members the group has.
    const COUNT: u32;

    /// As [`Members::member`], with indices below `COUNT`.
    fn member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<Option<u32>, A::Error>;

    /// The JSON name of a member, by index.
    fn name(index: u32) -> &'static str;
}

/// Implements `Deserialize` for a struct with an `extra` map through [`read_object`]:
///
/// ```ignore
/// read_members! { Dashboard {
///     id: "id" (required),
///     cells: "cells" (null_as_default),
///     name: "name",
/// } with { legend: LegendMembers } }
/// ```
///
/// A member read is `next_value` into the field's type; `(null_as_default)` reads `null`
/// as the default value; `(required)` makes a missing member an error. Every field but
/// `extra` must be listed: a member not listed lands in `extra`. The groups after `with`
/// ([`MemberGroup`]s) take their members after the fields, before `extra`.
macro_rules! read_members {
    ($name:ident { $( $field:ident : $json:literal $( ($how:ident) )? ),* $(,)? } $( with { $( $group:ident : $gty:ty ),* $(,)? } )?) => {
        impl $crate::model::members::Members for $name {
            const EXPECTING: &'static str = concat!("struct ", stringify!($name));

            fn member<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<Option<u32>, A::Error> {
                #[allow(non_camel_case_types, dead_code)]
                enum Index { $($field,)* __Count }
                match key {
                    $( $json => {
                        $crate::model::members::read_members!(@read self.$field, map $(, $how)?);
                        return Ok(Some(Index::$field as u32));
                    } )*
                    _ => {}
                }
                #[allow(unused_mut)]
                let mut offset = Index::__Count as u32;
                $($(
                    if let Some(i) = $crate::model::members::MemberGroup::member(&mut self.$group, key, map)? {
                        return Ok(Some(offset + i));
                    }
                    offset += <$gty as $crate::model::members::MemberGroup>::COUNT;
                )*)?
                let _ = offset;
                Ok(None)
            }

            fn required() -> u64 {
                #[allow(non_camel_case_types, dead_code)]
                enum Index { $($field),* }
                0 $( | if $crate::model::members::read_members!(@required $($how)?) { 1 << Index::$field as u32 } else { 0 } )*
            }

            fn name(index: u32) -> &'static str {
                const NAMES: &[&str] = &[ $($json),* ];
                if let Some(name) = NAMES.get(index as usize) {
                    return name;
                }
                #[allow(unused_mut)]
                let mut rest = index - NAMES.len() as u32;
                $($(
                    if rest < <$gty as $crate::model::members::MemberGroup>::COUNT {
                        return <$gty as $crate::model::members::MemberGroup>::name(rest);
                    }
                    rest -= <$gty as $crate::model::members::MemberGroup>::COUNT;
                )*)?
                let _ = rest;
                ""
            }

            fn extra(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.extra
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::model::members::read_object(d)
            }
        }
    };
    (@read $place:expr, $map:ident) => { $place = $map.next_value()? };
    (@read $place:expr, $map:ident, required) => { $place = $map.next_value()? };
    (@read $place:expr, $map:ident, null_as_default) => { $place = $map.next_value::<Option<_>>()?.unwrap_or_default() };
    (@required) => { false };
    (@required required) => { true };
    (@required null_as_default) => { false };
}
pub(crate) use read_members;

#[cfg(test)]
mod tests {
    use crate::model::{Cell, Dashboard, Label, Member};
    use serde_json::{json, Value};

    fn dashboard() -> Value {
        json!({
            "id": "0000000000000001", "orgID": "0a1b2c3d4e5f6789", "name": "n", "description": "",
            "meta": {"createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z", "aFutureMeta": [1, {"x": null}]},
            "cells": [{"id": "0000000000000002", "x": 0, "y": 0, "w": 4, "h": 3, "links": {"self": "/c"}, "aFutureCell": true}],
            "labels": [{"id": "0c00000000000001", "orgID": "0a1b2c3d4e5f6789", "name": "prod", "aFutureLabel": "x"}],
            "links": {"self": "/api/v2/dashboards/0000000000000001"},
            "aFutureMember": {"nested": ["kept", 1.5, null]}
        })
    }

    #[test]
    fn unknown_members_are_kept_and_known_ones_are_not_copied_into_extra() {
        let v = dashboard();
        // From text (borrowed member names) and from a Value (owned ones).
        let from_text: Dashboard = serde_json::from_str(&v.to_string()).unwrap();
        let from_value: Dashboard = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(from_text, from_value);
        assert_eq!(serde_json::to_value(&from_text).unwrap(), v);
        assert_eq!(from_text.extra.keys().collect::<Vec<_>>(), ["aFutureMember"]);
        assert_eq!(from_text.meta.extra.keys().collect::<Vec<_>>(), ["aFutureMeta"]);
        assert_eq!(from_text.cells[0].extra.keys().collect::<Vec<_>>(), ["aFutureCell"]);
        assert_eq!(from_text.labels[0].extra.keys().collect::<Vec<_>>(), ["aFutureLabel"]);
    }

    #[test]
    fn escaped_member_names_are_read_like_any_other() {
        let d: Dashboard =
            serde_json::from_str(r#"{"id": "0000000000000001", "orgID": "0a1b2c3d4e5f6789", "na\u006de": "x", "\u00e9t\u00e9": 1}"#)
                .unwrap();
        assert_eq!(d.name, "x");
        assert_eq!(d.extra.get("été"), Some(&json!(1)));
    }

    #[test]
    fn refusals_match_serde_derive() {
        let err = |text: &str| serde_json::from_str::<Dashboard>(text).unwrap_err().to_string();
        assert!(err(r#"{"orgID": "0a1b2c3d4e5f6789"}"#).contains("missing field `id`"));
        assert!(err(r#"{"id": "0000000000000001"}"#).contains("missing field `orgID`"));
        assert!(err(r#"{"id": "0000000000000001", "orgID": "0a", "name": "a", "name": "b"}"#).contains("duplicate field `name`"));
        assert!(err(r#"{"id": "0000000000000001", "orgID": "0a", "name": 5}"#).contains("invalid type"));
        assert!(err(r#"["0000000000000001"]"#).contains("expected struct Dashboard"));
        assert!(serde_json::from_str::<Cell>(r#"{"x": 1}"#).unwrap_err().to_string().contains("missing field `id`"));
        assert!(serde_json::from_str::<Member>(r#"{"id": "0d00000000000001", "role": null}"#).is_err(), "a null string is refused");
    }

    #[test]
    fn group_members_are_read_into_their_group_and_named_in_errors() {
        let p: crate::model::XyProperties =
            serde_json::from_str(r#"{"legendOpacity": 0.5, "yTotalTicks": 4, "geom": "line", "aFuture": 1}"#).unwrap();
        assert_eq!(p.legend.legend_opacity.get(), Some(&crate::model::Float(0.5)));
        assert_eq!(p.y_ticks.y_total_ticks.get(), Some(&4));
        assert_eq!(p.extra.keys().collect::<Vec<_>>(), ["aFuture"]);
        for member in ["legendOpacity", "xTotalTicks", "yTickStep", "geom"] {
            let text = format!(r#"{{"{member}": null, "{member}": null}}"#);
            let err = serde_json::from_str::<crate::model::XyProperties>(&text).unwrap_err().to_string();
            assert!(err.contains(&format!("duplicate field `{member}`")), "{member}: {err}");
        }
    }

    #[test]
    fn null_lists_read_as_empty_and_absent_members_stay_absent() {
        let d: Dashboard =
            serde_json::from_value(json!({"id": "0000000000000001", "orgID": "0a1b2c3d4e5f6789", "cells": null, "labels": null})).unwrap();
        assert!(d.cells.is_empty() && d.labels.is_empty());
        let l: Label = serde_json::from_value(json!({"id": "0c00000000000001", "properties": null})).unwrap();
        assert_eq!(l.properties, crate::model::Field::Null);
        assert_eq!(serde_json::to_value(&l).unwrap(), json!({"id": "0c00000000000001", "orgID": "", "name": "", "properties": null}));
    }
}
