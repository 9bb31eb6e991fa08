//! The labels page (`/labels`): what it shows as it lives in the URL, the list as shown
//! (searched, sorted, with how many dashboards carry each label), the checks the create/edit
//! form runs before sending, and label colors. Pure: the app wires these to signals.
//!
//! Usage counts are computed from dashboards the app has already loaded (every dashboard of the
//! org, as the index loads them: `index::LoadAll`), not from per-label requests.

mod color;
mod list;
mod name;
mod state;

pub use color::{safe_label_color, LabelColor, DEFAULT_LABEL_COLOR, LABEL_PALETTE};
pub use list::{index_query_for_label, label_usage, list_labels, LabelRow, LabelUsage};
pub use name::{check_label_name, label_name_key, LabelNameError};
pub use state::{LabelSort, LabelsState};
