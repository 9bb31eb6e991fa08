//! How cells draw their data: xy and band charts, histograms, heatmaps, scatters and mosaics
//! on a canvas, single stats and gauges, tables of any answer, notes. The maths is in `dashboards_core::chart`; these only draw.

mod canvas;
mod frame;
mod note;
mod plots;
mod stat;
mod table;
mod xy;

pub use note::Note;
pub use plots::{HeatmapChart, HistogramChart, MosaicChart, ScatterChart};
pub use stat::{Gauge, SingleStat};
pub use table::ResultTable;
pub use xy::{BandChart, XyChart};
