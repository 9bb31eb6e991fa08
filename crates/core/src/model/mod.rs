//! serde types for the InfluxDB OSS 2.x API, as the server sends them
//! (`shared/api-contract.md` §1–§3).
//!
//! The rule of this module: **nothing read is lost on write**. Every object keeps the
//! members it does not know in `extra` and writes them back; members the server may send
//! as `null` or leave out are `Field<T>`, which remembers which it was.

mod field;
mod ids;
mod members;
mod resources;
mod view;

pub use field::{Field, Float};
pub use ids::{check_id, CellId, DashboardId, IdError, LabelId, OrgId, UserId};
pub use resources::*;
pub use view::*;

/// Declares an object whose members are all `Field<T>` plus an `extra` map, so that any
/// JSON object of that shape round-trips to the same value.
///
/// Members shared by several objects are declared once in a [`member_group!`] and listed
/// after the body, `with { legend: LegendMembers }`: its members sit at the top level of the
/// JSON object as if written out here. Groups are read before `extra`, so they take their
/// members and `extra` gets only the rest. Decoding is `read_members!` (no serde `flatten`:
/// see `members.rs`); writing is serde's derive.
macro_rules! lossless_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $json:literal => $ty:ty ),* $(,)?
        }
        $( with { $( $(#[$gmeta:meta])* $group:ident : $gty:ty ),* $(,)? } )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default, serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $json, skip_serializing_if = "Field::is_absent")]
                pub $field: Field<$ty>,
            )*
            $($(
                $(#[$gmeta])*
                #[serde(flatten)]
                pub $group: $gty,
            )*)?
            /// Members this model does not know, kept and written back unchanged.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        $crate::model::members::read_members! { $name { $( $field: $json ),* } $( with { $( $group: $gty ),* } )? }
    };
}
pub(crate) use lossless_object;

/// Declares members that several view types share, for `lossless_object!`'s `with { … }`.
/// A group has no `extra` of its own (the object it is flattened into keeps the unknown
/// members) and takes only its own members from that object.
macro_rules! member_group {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $json:literal => $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default, serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $json, skip_serializing_if = "Field::is_absent")]
                pub $field: Field<$ty>,
            )*
        }

        impl $name {
            /// The group's members' JSON names, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($json),*];
        }

        impl $crate::model::members::MemberGroup for $name {
            const COUNT: u32 = Self::NAMES.len() as u32;

            fn member<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<Option<u32>, A::Error> {
                #[allow(non_camel_case_types, dead_code)]
                enum Index { $($field),* }
                Ok(Some(match key {
                    $( $json => {
                        self.$field = map.next_value()?;
                        Index::$field as u32
                    } )*
                    _ => return Ok(None),
                }))
            }

            fn name(index: u32) -> &'static str {
                Self::NAMES.get(index as usize).copied().unwrap_or("")
            }
        }
    };
}
pub(crate) use member_group;
