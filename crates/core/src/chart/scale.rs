//! Scales and ticks: data values to pixels and back, and the round numbers an axis shows.

/// A linear map from a data interval to a pixel interval (either may be reversed: a y axis
/// maps its minimum to the bottom pixel).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        Linear { d0: domain.0, d1: domain.1, r0: range.0, r1: range.1 }
    }

    /// The pixel of value `v`.
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }

    /// The value at pixel `p`.
    pub fn invert(&self, p: f64) -> f64 {
        let span = self.r1 - self.r0;
        if span == 0.0 {
            return self.d0;
        }
        self.d0 + (p - self.r0) / span * (self.d1 - self.d0)
    }
}

/// The extent of the finite values, `None` when there is none.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The domain a plot (histogram, heatmap, scatter) shows for data `extent`: the user's bounds
/// where set, otherwise the data as it is, never empty (one value gets ±0.5 around it).
pub fn plot_domain(extent: Option<(f64, f64)>, bounds: (Option<f64>, Option<f64>)) -> (f64, f64) {
    let (lo, hi) = extent.unwrap_or((0.0, 1.0));
    let d = (bounds.0.unwrap_or(lo), bounds.1.unwrap_or(hi));
    if d.1 > d.0 {
        d
    } else {
        (d.0 - 0.5, d.0 + 0.5)
    }
}

/// The y domain an axis shows for data `extent`: the user's bounds where set (InfluxDB's
/// `axes.y.bounds`, strings, "" for automatic), otherwise the data padded a little so lines do
/// not touch the frame, and never empty.
pub fn y_domain(extent: Option<(f64, f64)>, bounds: (Option<f64>, Option<f64>)) -> (f64, f64) {
    let (lo, hi) = extent.unwrap_or((0.0, 1.0));
    let pad = if hi > lo { (hi - lo) * 0.05 } else { lo.abs().max(1.0) * 0.1 };
    let lo = bounds.0.unwrap_or(lo - if bounds.1.is_some() { 0.0 } else { pad });
    let hi = bounds.1.unwrap_or(hi + if bounds.0.is_some() { 0.0 } else { pad });
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    }
}

/// Round tick values covering `lo..=hi`, about `count` of them, stepping 1, 2 or 5 × 10ⁿ
/// (`base` 10) or a power of two (`base` 2, for bytes).
pub fn ticks(lo: f64, hi: f64, count: usize, base: u32) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || count == 0 {
        return Vec::new();
    }
    let raw = (hi - lo) / count as f64;
    let step = if base == 2 {
        2f64.powf(raw.log2().ceil()).max(f64::MIN_POSITIVE)
    } else {
        let mag = 10f64.powf(raw.log10().floor());
        let r = raw / mag;
        mag * if r <= 1.0 {
            1.0
        } else if r <= 2.0 {
            2.0
        } else if r <= 5.0 {
            5.0
        } else {
            10.0
        }
    };
    // A little slack, so that 0.3 / 0.1 = 2.9999999999999996 still counts as 3.
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    if !(last - first).is_finite() || last - first > 1000.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut k = first;
    while k <= last {
        // Rounded to the step's decimals, so 3 × 0.1 is 0.3.
        let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
        let v = (k * step * scale).round() / scale;
        out.push(if v == 0.0 { 0.0 } else { v });
        k += 1.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linear_scale_maps_and_inverts_including_reversed_ranges() {
        let y = Linear::new((0.0, 100.0), (200.0, 0.0));
        assert_eq!(y.map(0.0), 200.0);
        assert_eq!(y.map(100.0), 0.0);
        assert_eq!(y.map(25.0), 150.0);
        assert_eq!(y.invert(150.0), 25.0);
        assert_eq!(Linear::new((5.0, 5.0), (0.0, 10.0)).map(5.0), 5.0, "an empty domain maps to the middle");
    }

    #[test]
    fn ticks_step_by_one_two_or_five_and_stay_inside() {
        assert_eq!(ticks(0.0, 100.0, 5, 10), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(0.0, 1.0, 4, 10), vec![0.0, 0.5, 1.0]);
        assert_eq!(ticks(-3.0, 7.0, 5, 10), vec![-2.0, 0.0, 2.0, 4.0, 6.0]);
        assert_eq!(ticks(0.0, 0.3, 3, 10), vec![0.0, 0.1, 0.2, 0.3]);
        assert!(ticks(1.0, 1.0, 5, 10).is_empty());
        assert!(ticks(0.0, f64::INFINITY, 5, 10).is_empty());
    }

    #[test]
    fn base_two_ticks_are_powers_of_two() {
        assert_eq!(ticks(0.0, 4096.0, 4, 2), vec![0.0, 1024.0, 2048.0, 3072.0, 4096.0]);
    }

    #[test]
    fn the_y_domain_pads_the_data_and_keeps_set_bounds() {
        assert_eq!(y_domain(Some((0.0, 100.0)), (None, None)), (-5.0, 105.0));
        assert_eq!(y_domain(Some((0.0, 100.0)), (Some(0.0), None)), (0.0, 100.0));
        assert_eq!(y_domain(Some((10.0, 20.0)), (Some(0.0), Some(50.0))), (0.0, 50.0));
        assert_eq!(y_domain(Some((3.0, 3.0)), (None, None)), (2.7, 3.3));
        assert_eq!(y_domain(None, (None, None)), (-0.05, 1.05));
        assert_eq!(y_domain(Some((10.0, 20.0)), (Some(30.0), Some(5.0))), (29.0, 31.0), "inverted bounds still draw");
    }

    #[test]
    fn extent_skips_nan_and_infinities() {
        assert_eq!(extent([1.0, f64::NAN, -2.0, f64::INFINITY, 3.0]), Some((-2.0, 3.0)));
        assert_eq!(extent([f64::NAN]), None);
    }
}
