//! How cells draw their data: xy charts on a canvas, single stats and gauges, tables of any
//! answer, notes. The maths is in `dashboards_core::chart`; these only draw.

mod canvas;
mod note;
mod stat;
mod table;
mod xy;

pub use note::Note;
pub use stat::{Gauge, SingleStat};
pub use table::ResultTable;
pub use xy::XyChart;
