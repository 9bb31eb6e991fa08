//! Counting into bins: a histogram's bars (one column cut into equal intervals, counted per
//! fill group, stacked or overlaid) and a heatmap's cells (two columns cut into a grid of
//! `binSize`-pixel squares). The rules follow InfluxDB's own charts (giraffe): values outside
//! the domain are left out, the domain's maximum falls in the last bin.

use super::data::{each_point, group_name, intern, plottable};
use super::scale::{extent, plot_domain};
use crate::csv::Answer;

/// A histogram: `bins` equal intervals of `domain`, and for each fill group the count of
/// values in each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    pub domain: (f64, f64),
    pub bins: usize,
    /// The fill groups' names, in order of first appearance.
    pub groups: Vec<String>,
    /// `counts[group][bin]`.
    pub counts: Vec<Vec<u32>>,
}

impl Histogram {
    /// The interval of bin `i`.
    pub fn bin_edges(&self, i: usize) -> (f64, f64) {
        let w = (self.domain.1 - self.domain.0) / self.bins.max(1) as f64;
        (self.domain.0 + w * i as f64, self.domain.0 + w * (i + 1) as f64)
    }

    /// Where the bar of `group` in `bin` starts and ends on the count axis: stacked bars sit on
    /// the groups before them.
    pub fn bar(&self, group: usize, bin: usize, stacked: bool) -> (f64, f64) {
        let below: u32 = if stacked { self.counts[..group].iter().map(|c| c[bin]).sum() } else { 0 };
        (below as f64, (below + self.counts[group][bin]) as f64)
    }

    /// The tallest bar (or stack of bars).
    pub fn peak(&self, stacked: bool) -> u32 {
        (0..self.bins)
            .map(|b| {
                let column = self.counts.iter().map(|c| c[b]);
                if stacked {
                    column.sum()
                } else {
                    column.max().unwrap_or(0)
                }
            })
            .max()
            .unwrap_or(0)
    }

    /// The bin holding `x`, if it is inside the domain.
    pub fn bin_of(&self, x: f64) -> Option<usize> {
        bin_index(x, self.domain, self.bins)
    }
}

/// The bin of `v` among `n` equal bins of `domain`; the maximum belongs to the last bin.
fn bin_index(v: f64, domain: (f64, f64), n: usize) -> Option<usize> {
    if !v.is_finite() || v < domain.0 || v > domain.1 || n == 0 {
        return None;
    }
    let span = domain.1 - domain.0;
    if span <= 0.0 {
        return Some(0);
    }
    Some((((v - domain.0) / span * n as f64) as usize).min(n - 1))
}

/// Sturges' rule, InfluxDB's bin count when a view sets none.
fn sturges(n: usize) -> usize {
    (n.max(1) as f64).log2().ceil() as usize + 1
}

/// The histogram of column `x` over every table of `answer`, grouped by the values of
/// `fill` (the table's legend name when `fill` is empty), in `bins` bins (0: Sturges' rule)
/// over `domain` (the data's extent where unset). `None` when no table has a numeric `x`.
pub fn histogram(answer: &Answer, x: &str, fill: &[String], bins: usize, domain: (Option<f64>, Option<f64>)) -> Option<Histogram> {
    let mut values: Vec<(usize, f64)> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for t in &answer.tables {
        let Some(xs) = plottable(t, x) else { continue };
        for (row, v) in xs.into_iter().enumerate() {
            let g = intern(&mut groups, group_name(t, row, fill));
            values.push((g, v));
        }
    }
    if groups.is_empty() {
        return None;
    }
    let domain = plot_domain(extent(values.iter().map(|v| v.1)), domain);
    let bins = if bins == 0 { sturges(values.len()) } else { bins.min(10_000) };
    let mut counts = vec![vec![0u32; bins]; groups.len()];
    for (g, v) in values {
        if let Some(b) = bin_index(v, domain, bins) {
            counts[g][b] += 1;
        }
    }
    Some(Histogram { domain, bins, groups, counts })
}

/// A heatmap: a grid of `cols` × `rows` cells over two domains, each with how many points
/// fell in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Heatmap {
    pub x_domain: (f64, f64),
    pub y_domain: (f64, f64),
    pub cols: usize,
    pub rows: usize,
    /// `counts[col * rows + row]`, row 0 at the bottom.
    pub counts: Vec<u32>,
    pub max: u32,
}

impl Heatmap {
    /// The count of the cell at (`col`, `row`).
    pub fn count(&self, col: usize, row: usize) -> u32 {
        self.counts[col * self.rows + row]
    }

    /// The cell holding the point (`x`, `y`), if it is inside both domains.
    pub fn cell_of(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        Some((bin_index(x, self.x_domain, self.cols)?, bin_index(y, self.y_domain, self.rows)?))
    }

    /// The intervals covered by cell (`col`, `row`).
    pub fn cell_edges(&self, col: usize, row: usize) -> ((f64, f64), (f64, f64)) {
        let cw = (self.x_domain.1 - self.x_domain.0) / self.cols as f64;
        let rh = (self.y_domain.1 - self.y_domain.0) / self.rows as f64;
        let x0 = self.x_domain.0 + cw * col as f64;
        let y0 = self.y_domain.0 + rh * row as f64;
        ((x0, x0 + cw), (y0, y0 + rh))
    }
}

/// Counts the points (`xs[i]`, `ys[i]`) into a grid of squares `bin_size` pixels wide on a plot
/// of `pixels` (width, height), over the given domains (the plot's: see [`plot_domain`]).
pub fn heatmap(xs: &[f64], ys: &[f64], x_domain: (f64, f64), y_domain: (f64, f64), pixels: (f64, f64), bin_size: f64) -> Heatmap {
    let size = if bin_size.is_finite() && bin_size >= 1.0 { bin_size } else { 10.0 };
    let cols = ((pixels.0 / size) as usize).clamp(1, 2000);
    let rows = ((pixels.1 / size) as usize).clamp(1, 2000);
    let mut counts = vec![0u32; cols * rows];
    for (x, y) in xs.iter().zip(ys) {
        if let (Some(c), Some(r)) = (bin_index(*x, x_domain, cols), bin_index(*y, y_domain, rows)) {
            counts[c * rows + r] += 1;
        }
    }
    let max = counts.iter().copied().max().unwrap_or(0);
    Heatmap { x_domain, y_domain, cols, rows, counts, max }
}

/// The points of a heatmap: x and y, and whether x is a time (unix nanoseconds).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Points {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub x_time: bool,
}

/// The points of a heatmap: columns `x` and `y` of every table, rows where both are finite.
pub fn points(answer: &Answer, x: &str, y: &str) -> Points {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let x_time = each_point(answer, x, y, |_, _, a, b| {
        xs.push(a);
        ys.push(b);
    });
    Points { xs, ys, x_time }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "#group,false,false,false,true\r\n\
#datatype,string,long,double,string\r\n\
#default,_result,,,\r\n\
,result,table,_value,_field\r\n\
,,0,0,a\r\n,,0,5,a\r\n,,0,10,a\r\n,,1,5,b\r\n,,1,6,b\r\n,,1,,b\r\n\r\n";

    #[test]
    fn a_histogram_counts_each_group_in_equal_bins_and_the_maximum_in_the_last() {
        let answer = crate::csv::parse(CSV).unwrap();
        let h = histogram(&answer, "_value", &["_field".into()], 2, (None, None)).unwrap();
        assert_eq!(h.groups, vec!["a", "b"]);
        assert_eq!(h.domain, (0.0, 10.0));
        assert_eq!(h.counts, vec![vec![1, 2], vec![0, 2]], "5 opens the second bin; 10 is in the last; a null is left out");
        assert_eq!(h.bar(1, 1, true), (2.0, 4.0), "stacked on a's bar");
        assert_eq!(h.bar(1, 1, false), (0.0, 2.0));
        assert_eq!((h.peak(true), h.peak(false)), (4, 2));
        assert_eq!(h.bin_edges(1), (5.0, 10.0));
        assert_eq!(h.bin_of(11.0), None);
    }

    #[test]
    fn a_histogram_keeps_to_the_users_domain_and_picks_a_bin_count_when_none_is_set() {
        let answer = crate::csv::parse(CSV).unwrap();
        let h = histogram(&answer, "_value", &[], 0, (Some(4.0), Some(8.0))).unwrap();
        assert_eq!(h.bins, 4, "Sturges: five values → ⌈log2 5⌉ + 1");
        let total: u32 = h.counts.iter().flatten().sum();
        assert_eq!(total, 3, "0 and 10 are outside 4..8");
        assert_eq!(h.groups.len(), 2, "without fill columns, one group per table");
        assert!(histogram(&answer, "_field", &[], 3, (None, None)).is_none(), "a string column has no histogram");
    }

    #[test]
    fn a_heatmap_counts_points_into_squares_of_the_bin_size() {
        let xs = [0.0, 1.0, 9.0, 10.0, 10.0];
        let ys = [0.0, 0.0, 9.0, 10.0, 100.0];
        let over = |v: &[f64], bounds| plot_domain(extent(v.iter().copied()), bounds);
        let h = heatmap(&xs, &ys, over(&xs, (None, None)), over(&ys, (None, Some(10.0))), (100.0, 50.0), 25.0);
        assert_eq!((h.cols, h.rows), (4, 2));
        assert_eq!(h.count(0, 0), 2);
        assert_eq!(h.count(3, 1), 2, "9 and 10 are both in the last cell");
        assert_eq!(h.counts.iter().sum::<u32>(), 4, "y = 100 is above the user's bound");
        assert_eq!(h.max, 2);
        assert_eq!(h.cell_of(5.0, 5.0), Some((2, 1)));
        assert_eq!(h.cell_edges(0, 1), ((0.0, 2.5), (5.0, 10.0)));
        let flat = heatmap(&[3.0], &[3.0], over(&[3.0], (None, None)), over(&[3.0], (None, None)), (10.0, 10.0), 0.0);
        assert_eq!(flat.x_domain, (2.5, 3.5), "one value still makes a domain");
        assert_eq!(flat.max, 1);
    }
}
