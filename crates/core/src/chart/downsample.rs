//! Fewer points than pixels: a line of 10,000 points in a 600-pixel cell is drawn from at
//! most four points per pixel column (first, lowest, highest, last), which draws the same
//! picture as every point.

/// The indices of the points of one series (times ascending) worth drawing at `columns`
/// pixel columns over `t0..t1`. Keeps, per column, the first, minimum, maximum and last
/// point, in time order; points outside the range are dropped except the nearest one on
/// each side (so the line enters and leaves the plot).
pub fn m4(times: &[i64], values: &[f64], t0: i64, t1: i64, columns: usize) -> Vec<usize> {
    let n = times.len().min(values.len());
    if n == 0 || columns == 0 || t1 <= t0 {
        return (0..n).collect();
    }
    if n <= columns * 4 {
        return (0..n).collect();
    }
    let span = (t1 - t0) as f64;
    let column = |t: i64| (((t - t0) as f64 / span * columns as f64).floor() as i64).clamp(-1, columns as i64);
    let mut out: Vec<usize> = Vec::with_capacity(columns * 4 + 2);
    let mut i = 0;
    while i < n {
        let c = column(times[i]);
        let start = i;
        let (mut lo, mut hi) = (i, i);
        while i < n && column(times[i]) == c {
            if values[i] < values[lo] || values[lo].is_nan() {
                lo = i;
            }
            if values[i] > values[hi] || values[hi].is_nan() {
                hi = i;
            }
            i += 1;
        }
        let end = i - 1;
        if c < 0 {
            out.push(end);
            continue;
        }
        if c >= columns as i64 {
            out.push(start);
            break;
        }
        let mut keep = [start, lo, hi, end];
        keep.sort_unstable();
        for k in keep {
            if out.last() != Some(&k) {
                out.push(k);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_points_are_all_kept() {
        assert_eq!(m4(&[1, 2, 3], &[1.0, 2.0, 3.0], 0, 10, 100), vec![0, 1, 2]);
    }

    #[test]
    fn many_points_keep_first_min_max_last_per_column() {
        let times: Vec<i64> = (0..10_000).collect();
        let values: Vec<f64> = times.iter().map(|t| ((*t as f64) / 50.0).sin() * 100.0 + if *t == 5_000 { 1e6 } else { 0.0 }).collect();
        let kept = m4(&times, &values, 0, 10_000, 100);
        assert!(kept.len() <= 400, "{}", kept.len());
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "time order");
        assert!(kept.contains(&5_000), "a spike survives");
        assert_eq!(kept[0], 0);
        assert_eq!(*kept.last().unwrap(), 9_999);
        let max = kept.iter().map(|&i| values[i]).fold(f64::MIN, f64::max);
        assert_eq!(max, values.iter().copied().fold(f64::MIN, f64::max), "the extremes are drawn");
    }

    #[test]
    fn points_outside_the_range_keep_only_their_nearest_neighbour() {
        let times: Vec<i64> = (-500..1500).collect();
        let values = vec![1.0; times.len()];
        let kept = m4(&times, &values, 0, 1000, 10);
        assert_eq!(times[kept[0]], -1, "the last point before the range");
        assert_eq!(times[*kept.last().unwrap()], 1000, "the first point after it");
    }
}
