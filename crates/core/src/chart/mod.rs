//! Chart maths, pure and tested on the host: scales and ticks, a time axis, values as they
//! read, threshold colors, and downsampling to the pixel width. The page draws with these.

mod downsample;
mod options;
mod scale;
mod series;
mod time_axis;
mod values;

pub use downsample::m4;
pub use options::{Axis, Geom, ViewOptions};
pub use scale::{extent, ticks, y_domain, Linear};
pub use series::{nearest, palette, stack, Series};
pub use time_axis::{time_ticks, timestamp, TimeTick};
pub use values::{colors_background, format_value, safe_color, short_number, threshold_color, Threshold};
