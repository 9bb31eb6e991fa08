//! From a query's answer (annotated CSV, parsed) to what a view draws: xy series, the last
//! value of a single stat, and the rows of a table.

use super::series::Series;
use crate::csv::{Answer, ColumnData, Table, Value};

/// Columns that identify a table but say nothing to a reader of a legend.
const HIDDEN_KEYS: [&str; 4] = ["_start", "_stop", "result", "table"];

/// A table's legend name: its group key's values, `_measurement`/`_field` and tags, joined.
pub fn series_name(t: &Table) -> String {
    let parts: Vec<String> = t.group_key.0.iter().filter(|(k, _)| !HIDDEN_KEYS.contains(&k.as_ref())).map(|(_, v)| v.to_string()).collect();
    if parts.is_empty() {
        format!("{} {}", t.result, t.id)
    } else {
        parts.join(" ")
    }
}

/// A column as numbers (`None` when it is not numeric): doubles, longs and unsigned longs as
/// f64, booleans as 0/1; nulls are NaN (a gap).
pub fn numbers(data: &ColumnData) -> Option<Vec<f64>> {
    let n = data.len();
    let at = |i: usize| data.get(i);
    match data {
        ColumnData::Double(_) | ColumnData::Long(_) | ColumnData::ULong(_) | ColumnData::Bool(_) => Some(
            (0..n)
                .map(|i| match at(i) {
                    Value::Double(v) => v,
                    Value::Long(v) => v as f64,
                    Value::ULong(v) => v as f64,
                    Value::Bool(b) => f64::from(u8::from(b)),
                    _ => f64::NAN,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// A column as unix nanoseconds (`None` when it is not a time column).
pub fn instants(data: &ColumnData) -> Option<Vec<i64>> {
    match data {
        ColumnData::Time(v) => Some(v.iter().map(|t| t.unwrap_or(i64::MIN)).collect()),
        _ => None,
    }
}

/// A column as numbers to plot: numeric columns as [`numbers`], time columns as unix
/// nanoseconds; nulls are NaN. `None` when the table has no such column or it is neither.
pub fn plottable(t: &Table, column: &str) -> Option<Vec<f64>> {
    let data = &t.column(column)?.data;
    numbers(data).or_else(|| instants(data).map(|v| v.into_iter().map(|t| if t == i64::MIN { f64::NAN } else { t as f64 }).collect()))
}

/// The name of the group row `row` of `t` belongs to: the values of `columns` joined (a
/// missing column counts as empty), or the table's legend name when `columns` is empty.
pub fn group_name(t: &Table, row: usize, columns: &[String]) -> String {
    if columns.is_empty() {
        return series_name(t);
    }
    let parts: Vec<String> = columns.iter().map(|c| t.column(c).map(|c| c.data.get(row).to_string()).unwrap_or_default()).collect();
    parts.join(" ")
}

/// The index of `name` in `names`, added at the end when new.
pub(crate) fn intern(names: &mut Vec<String>, name: String) -> usize {
    match names.iter().position(|n| *n == name) {
        Some(i) => i,
        None => {
            names.push(name);
            names.len() - 1
        }
    }
}

/// Calls `each(table, row, x, y)` for every row of every table where columns `x` and `y` are
/// both finite numbers (or times); answers whether x is a time column in any of them.
pub(crate) fn each_point(answer: &Answer, x: &str, y: &str, mut each: impl FnMut(&Table, usize, f64, f64)) -> bool {
    let mut x_time = false;
    for t in &answer.tables {
        let (Some(a), Some(b)) = (plottable(t, x), plottable(t, y)) else { continue };
        x_time |= t.column(x).is_some_and(|c| matches!(c.data, ColumnData::Time(_)));
        for (row, (a, b)) in a.into_iter().zip(b).enumerate() {
            if a.is_finite() && b.is_finite() {
                each(t, row, a, b);
            }
        }
    }
    x_time
}

/// One series per table that has a time column `x` and a numeric column `y`, points sorted by
/// time, rows without a time dropped. Tables without them are left out (say so with
/// [`undrawn_tables`]).
pub fn xy_series(answer: &Answer, x: &str, y: &str) -> Vec<Series> {
    answer
        .tables
        .iter()
        .filter_map(|t| {
            let times = instants(&t.column(x)?.data)?;
            let values = numbers(&t.column(y)?.data)?;
            let mut points: Vec<(i64, f64)> = times.into_iter().zip(values).filter(|(t, _)| *t != i64::MIN).collect();
            if !points.windows(2).all(|w| w[0].0 <= w[1].0) {
                points.sort_by_key(|p| p.0);
            }
            let (times, values) = points.into_iter().unzip();
            Some(Series { name: series_name(t), times, values })
        })
        .collect()
}

/// How many tables have no numeric `y` or no time `x` to draw.
pub fn undrawn_tables(answer: &Answer, x: &str, y: &str) -> usize {
    answer
        .tables
        .iter()
        .filter(|t| {
            let ok = t.column(x).and_then(|c| instants(&c.data)).is_some() && t.column(y).and_then(|c| numbers(&c.data)).is_some();
            !ok
        })
        .count()
}

/// The value a single stat or gauge shows: the last non-null numeric `_value` (or `column`)
/// of the last table that has one, by time when there is a `_time`.
pub fn last_value(answer: &Answer, column: &str) -> Option<f64> {
    answer.tables.iter().rev().find_map(|t| {
        let values = numbers(&t.column(column)?.data)?;
        let times = t.column("_time").and_then(|c| instants(&c.data));
        let mut best: Option<(i64, f64)> = None;
        for (i, v) in values.iter().enumerate() {
            if v.is_nan() {
                continue;
            }
            let at = times.as_ref().map(|t| t[i]).unwrap_or(i as i64);
            if best.is_none_or(|(b, _)| at >= b) {
                best = Some((at, *v));
            }
        }
        best.map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "#group,false,false,true,true,false,false,true,true\r\n\
#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string\r\n\
#default,mean,,,,,,,\r\n\
,result,table,_start,_stop,_time,_value,_field,host\r\n\
,,0,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,2026-01-01T00:10:00Z,1.5,usage,a\r\n\
,,0,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,2026-01-01T00:00:00Z,0.5,usage,a\r\n\
,,1,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,2026-01-01T00:00:00Z,,usage,b\r\n\
,,1,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,2026-01-01T00:20:00Z,7,usage,b\r\n\
\r\n";

    #[test]
    fn one_series_per_table_named_by_its_group_key_and_sorted_by_time() {
        let answer = crate::csv::parse(CSV).unwrap();
        let s = xy_series(&answer, "_time", "_value");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "usage a");
        assert_eq!(s[0].values, vec![0.5, 1.5], "sorted by time");
        assert!(s[1].values[0].is_nan(), "a null is a gap");
        assert_eq!(undrawn_tables(&answer, "_time", "_value"), 0);
        assert_eq!(undrawn_tables(&answer, "_time", "host"), 2, "a string column is not drawn");
    }

    #[test]
    fn a_stat_shows_the_last_value_by_time() {
        let answer = crate::csv::parse(CSV).unwrap();
        assert_eq!(last_value(&answer, "_value"), Some(7.0));
        assert_eq!(last_value(&answer, "nope"), None);
        assert_eq!(last_value(&Answer::default(), "_value"), None);
    }
}
