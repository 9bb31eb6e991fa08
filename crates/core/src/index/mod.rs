//! The dashboard index: URL state, natural sort, filtering, paging, and the plans for
//! loading every dashboard and for cloning, exporting and importing one. Pure: the app
//! wires these to signals; everything here is tested on the host.

mod catalog;
mod load;
mod natural;
mod state;
mod transfer;

pub use catalog::{page_buttons, paginate, Catalog, Page};
pub use load::{LoadAll, LoadStep};
pub use natural::{natural_cmp, natural_key, Chunk};
pub use state::{IndexState, LabelMatch, SortOrder, PAGE_SIZES};
pub use transfer::{plan_clone, plan_import, ClonePlan, ExportCell, ExportDoc, ExportLabel, ImportFile, ImportPlan, EXPORT_KIND};
