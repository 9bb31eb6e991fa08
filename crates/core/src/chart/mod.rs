//! Chart maths, pure and tested on the host: a query's answer turned into series, a stat's
//! value or a table; scales and ticks, a time axis, values as they read, threshold colors,
//! and downsampling to the pixel width. The page draws with these.

mod bins;
mod data;
mod downsample;
mod groups;
mod options;
mod scale;
mod series;
mod table;
mod time_axis;
mod values;

pub use bins::{heatmap, histogram, points, Heatmap, Histogram, Points};
pub use data::{group_name, instants, last_value, numbers, plottable, series_name, undrawn_tables, xy_series};
pub use downsample::m4;
pub use groups::{bands, mosaic, scatter, Band, Mosaic, Scatter, Span};
pub use options::{Axis, Geom, ViewOptions};
pub use scale::{extent, plot_domain, ticks, y_domain, Linear};
pub use series::{nearest, palette, ramp, stack, Series, SCHEMES};
pub use table::{flatten, shown_columns, sort_rows, Flat};
pub use time_axis::{time_ticks, timestamp, TimeTick};
pub use values::{colors_background, format_value, is_hex_color, safe_color, short_number, threshold_color, Threshold};
