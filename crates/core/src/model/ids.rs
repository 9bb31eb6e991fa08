//! Newtype ids. InfluxDB ids are exactly 16 lowercase hex characters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not an InfluxDB id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Length(usize),
    NotHex,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Length(n) => write!(f, "an id has 16 characters, this one has {n}"),
            IdError::NotHex => write!(f, "an id is made of the characters 0-9 and a-f"),
        }
    }
}

/// Checks the InfluxDB id rule: 16 lowercase hexadecimal characters.
pub fn check_id(s: &str) -> Result<(), IdError> {
    if s.len() != 16 {
        return Err(IdError::Length(s.chars().count()));
    }
    if !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(IdError::NotHex);
    }
    Ok(())
}

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Parses and validates an id typed by a user or read from a URL.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                check_id(s).map(|_| Self(s.to_owned()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    )*};
}

id_type!(
    /// A dashboard's id.
    DashboardId,
    /// A cell's id; a cell's view has the same id.
    CellId,
    /// An organization's id.
    OrgId,
    /// A label's id.
    LabelId,
    /// A user's id.
    UserId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rule() {
        assert!(DashboardId::parse("0a1b2c3d4e5f6789").is_ok());
        assert_eq!(check_id("0A1B2C3D4E5F6789"), Err(IdError::NotHex));
        assert_eq!(check_id("abc"), Err(IdError::Length(3)));
        assert_eq!(check_id("0a1b2c3d4e5f678g"), Err(IdError::NotHex));
        assert_eq!(check_id(""), Err(IdError::Length(0)));
    }
}
