//! The label name check the create/edit form runs before sending, matching what influxd
//! 2.8.0 refuses.
//!
//! influxd (`label/service.go` CreateLabel, `label/storage_label.go` labelIndexKey and
//! UpdateLabel, tag v2.8.0; observed on a running 2.8.0):
//! - the name is trimmed of surrounding whitespace before it is stored and compared;
//! - names are unique per org **case-insensitively**: the uniqueness index key is the org id
//!   plus `strings.ToLower(name)`, so `PROD` is refused when `prod` exists (422 `conflict`,
//!   `label with name PROD already exists`, naming the refused name as sent, trimmed);
//! - an empty name is 400 `label name is required`, but a name of only spaces is checked
//!   before the trim and **accepted as ""**: the form refuses it here;
//! - there is no length limit. Renaming a label to its own name in another case is allowed.
//!
//! The server still decides: another client may take the name between this check and the
//! request, and the form shows the 422 `ApiError::Conflict` the same way.

use crate::model::{Label, LabelId};
use std::fmt;

/// Why a label name is refused before sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelNameError {
    /// Nothing but whitespace.
    Empty,
    /// Another label of the org has this name, compared as influxd compares (trimmed,
    /// lower-cased). `existing` is that label's name as stored.
    Taken { existing: String },
}

impl fmt::Display for LabelNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelNameError::Empty => f.write_str("A label needs a name."),
            LabelNameError::Taken { existing } => write!(f, "There is already a label named \"{existing}\"."),
        }
    }
}

impl From<LabelNameError> for crate::ApiError {
    fn from(e: LabelNameError) -> Self {
        crate::ApiError::Validation { message: e.to_string() }
    }
}

/// The key influxd compares label names by: trimmed and lower-cased.
pub fn label_name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks `name` for a label of the org whose labels are `existing`; `editing` is the label
/// being renamed (its own name, in any case, is allowed). Returns the name to send: trimmed.
pub fn check_label_name(name: &str, existing: &[Label], editing: Option<&LabelId>) -> Result<String, LabelNameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(LabelNameError::Empty);
    }
    let key = name.to_lowercase();
    match existing.iter().find(|l| Some(&l.id) != editing && label_name_key(&l.name) == key) {
        Some(l) => Err(LabelNameError::Taken { existing: l.name.clone() }),
        None => Ok(name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, name: &str) -> Label {
        Label { id: LabelId(id.into()), name: name.into(), ..Label::default() }
    }

    #[test]
    fn refuses_what_influxd_refuses() {
        let org = [label("1", "prod"), label("2", "Ärger")];
        let taken = |n: &str| Err(LabelNameError::Taken { existing: n.into() });
        let cases: [(&str, Option<&str>, Result<String, LabelNameError>); 9] = [
            ("  staging ", None, Ok("staging".into())),
            ("", None, Err(LabelNameError::Empty)),
            // influxd would store this as "" (checked before the trim): refused here.
            ("   ", None, Err(LabelNameError::Empty)),
            ("prod", None, taken("prod")),
            ("PROD", None, taken("prod")),
            (" Prod ", None, taken("prod")),
            ("ärger", None, taken("Ärger")),
            // Renaming a label to its own name in another case is allowed; to another's is not.
            ("PROD", Some("1"), Ok("PROD".into())),
            ("prod", Some("2"), taken("prod")),
        ];
        for (name, editing, want) in cases {
            let editing = editing.map(|e| LabelId(e.into()));
            assert_eq!(check_label_name(name, &org, editing.as_ref()), want, "{name:?} editing {editing:?}");
        }
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(LabelNameError::Taken { existing: "prod".into() }.to_string(), "There is already a label named \"prod\".");
        assert!(matches!(crate::ApiError::from(LabelNameError::Empty), crate::ApiError::Validation { .. }));
    }
}
