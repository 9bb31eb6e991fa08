//! Views that group rows by the values of some columns: a scatter (points colored by their
//! fill columns and shaped by their symbol columns), a mosaic (a row of state spans per
//! series), and a band (a main line between an upper and a lower one, matched by the name of
//! the result each came from, as InfluxDB's band chart does).

use super::data::{each_point, group_name, instants, intern, plottable, series_name, xy_series};
use super::series::Series;
use crate::csv::Answer;

/// The points of a scatter, each with its fill group and symbol group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scatter {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub fill: Vec<usize>,
    pub symbol: Vec<usize>,
    /// The fill groups' names (a color each) and the symbol groups' (a shape each).
    pub fills: Vec<String>,
    pub symbols: Vec<String>,
    /// Whether x is a time column (unix nanoseconds).
    pub x_time: bool,
}

/// The scatter of `y` against `x` over every table: rows where both are finite, grouped by
/// the values of `fill` (the table's legend name when empty) and of `symbol` (one group when
/// empty).
pub fn scatter(answer: &Answer, x: &str, y: &str, fill: &[String], symbol: &[String]) -> Scatter {
    let mut out = Scatter::default();
    out.x_time = each_point(answer, x, y, |t, row, a, b| {
        out.xs.push(a);
        out.ys.push(b);
        let f = intern(&mut out.fills, group_name(t, row, fill));
        out.fill.push(f);
        let s = if symbol.is_empty() { String::new() } else { group_name(t, row, symbol) };
        let s = intern(&mut out.symbols, s);
        out.symbol.push(s);
    });
    out
}

/// One span of a mosaic: a series (row) in a state from `from` to `to` (unix nanoseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub row: usize,
    pub state: usize,
    pub from: i64,
    pub to: i64,
}

/// A mosaic: a row per series, each a sequence of spans colored by their state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mosaic {
    /// The rows' labels, sorted.
    pub rows: Vec<String>,
    /// The states' names (a color each), in order of first appearance.
    pub states: Vec<String>,
    pub spans: Vec<Span>,
}

impl Mosaic {
    /// The span of `row` covering time `t`, if any.
    pub fn span_at(&self, row: usize, t: i64) -> Option<&Span> {
        self.spans.iter().find(|s| s.row == row && s.from <= t && t <= s.to)
    }
}

/// The mosaic of an answer: rows named by the values of `series` (the table's legend name
/// when empty), the state of each row at each time of `x` the first of `fill` (`_value` when
/// empty). A span lasts from the time its state began to the time the next began (the last
/// ends at its row's last time), as InfluxDB draws it.
pub fn mosaic(answer: &Answer, x: &str, series: &[String], fill: &[String]) -> Mosaic {
    let state_column = fill.first().map(String::as_str).unwrap_or("_value");
    let mut rows: Vec<String> = Vec::new();
    let mut states: Vec<String> = Vec::new();
    // (time, row, state) of every row of every table.
    let mut samples: Vec<(i64, usize, usize)> = Vec::new();
    for t in &answer.tables {
        let Some(times) = t.column(x).and_then(|c| instants(&c.data)) else { continue };
        let Some(column) = t.column(state_column) else { continue };
        for (i, at) in times.into_iter().enumerate() {
            if at == i64::MIN {
                continue;
            }
            let row_name = if series.is_empty() { series_name(t) } else { group_name(t, i, series) };
            let row = intern(&mut rows, row_name);
            let state = intern(&mut states, column.data.get(i).to_string());
            samples.push((at, row, state));
        }
    }
    // Rows sorted by label; the samples follow their rows.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| rows[*a].cmp(&rows[*b]));
    let mut rank = vec![0; rows.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let rows: Vec<String> = order.iter().map(|&i| rows[i].clone()).collect();
    for s in &mut samples {
        s.1 = rank[s.1];
    }
    samples.sort_by_key(|s| (s.1, s.0));
    let mut spans: Vec<Span> = Vec::new();
    for (at, row, state) in samples {
        match spans.last_mut() {
            Some(last) if last.row == row => {
                last.to = at;
                if last.state != state {
                    spans.push(Span { row, state, from: at, to: at });
                }
            }
            _ => spans.push(Span { row, state, from: at, to: at }),
        }
    }
    Mosaic { rows, states, spans }
}

/// One band: a main line, and the upper and lower lines that bound it when the answer has them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    pub main: Series,
    pub upper: Option<Series>,
    pub lower: Option<Series>,
}

/// The bands of an answer: tables are matched by their group key (the result aside), and
/// within a group the table whose result is named `main` is the line, `upper` and `lower` its
/// bounds. Groups without a `main` table draw nothing.
pub fn bands(answer: &Answer, x: &str, y: &str, names: (&str, &str, &str)) -> Vec<Band> {
    let (upper, main, lower) = names;
    let series = xy_series(answer, x, y);
    // xy_series keeps the tables' order, leaving out those without x and y.
    let drawable =
        answer.tables.iter().filter(|t| plottable(t, x).is_some() && t.column(y).is_some_and(|c| super::data::numbers(&c.data).is_some()));
    let mut out: Vec<(String, Band)> = Vec::new();
    let mut bounds: Vec<(String, bool, Series)> = Vec::new();
    for (t, s) in drawable.zip(series) {
        let key = s.name.clone();
        match t.result.as_ref() {
            r if r == main => out.push((key, Band { main: s, upper: None, lower: None })),
            r if r == upper => bounds.push((key, true, s)),
            r if r == lower => bounds.push((key, false, s)),
            _ => {}
        }
    }
    for (key, is_upper, s) in bounds {
        if let Some((_, band)) = out.iter_mut().find(|(k, b)| *k == key && if is_upper { b.upper.is_none() } else { b.lower.is_none() }) {
            if is_upper {
                band.upper = Some(s);
            } else {
                band.lower = Some(s);
            }
        }
    }
    out.into_iter().map(|(_, b)| b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: &str = "#group,false,false,false,true,false\r\n\
#datatype,string,long,dateTime:RFC3339,string,string\r\n\
#default,_result,,,,\r\n\
,result,table,_time,host,_value\r\n\
,,0,2026-01-01T00:00:00Z,b,ok\r\n\
,,0,2026-01-01T00:01:00Z,b,ok\r\n\
,,0,2026-01-01T00:02:00Z,b,crit\r\n\
,,0,2026-01-01T00:03:00Z,b,ok\r\n\
,,1,2026-01-01T00:00:00Z,a,crit\r\n\r\n";

    #[test]
    fn a_mosaic_has_a_sorted_row_per_series_and_a_span_per_state_change() {
        let m = mosaic(&crate::csv::parse(STATES).unwrap(), "_time", &["host".into()], &[]);
        assert_eq!(m.rows, vec!["a", "b"]);
        assert_eq!(m.states, vec!["ok", "crit"]);
        let min = 60_000_000_000i64;
        let t0 = 1_767_225_600_000_000_000i64;
        let b: Vec<(usize, i64, i64)> = m.spans.iter().filter(|s| s.row == 1).map(|s| (s.state, s.from - t0, s.to - t0)).collect();
        assert_eq!(b, vec![(0, 0, 2 * min), (1, 2 * min, 3 * min), (0, 3 * min, 3 * min)]);
        assert_eq!(m.span_at(1, t0 + 2 * min + 1).map(|s| s.state), Some(1));
        assert_eq!(m.span_at(0, t0).map(|s| s.state), Some(1), "a's one sample");
    }

    const SCATTER: &str = "#group,false,false,false,false,true,true\r\n\
#datatype,string,long,double,double,string,string\r\n\
#default,_result,,,,,\r\n\
,result,table,x,y,_field,host\r\n\
,,0,1,2,f,a\r\n,,0,3,,f,a\r\n,,1,5,6,g,a\r\n,,2,7,8,g,b\r\n\r\n";

    #[test]
    fn a_scatter_colors_by_fill_and_shapes_by_symbol() {
        let answer = crate::csv::parse(SCATTER).unwrap();
        let s = scatter(&answer, "x", "y", &["_field".into()], &["host".into()]);
        assert_eq!((s.xs.clone(), s.ys.clone()), (vec![1.0, 5.0, 7.0], vec![2.0, 6.0, 8.0]), "the row without y is left out");
        assert_eq!((s.fills.clone(), s.fill.clone()), (vec!["f".to_string(), "g".into()], vec![0, 1, 1]));
        assert_eq!((s.symbols.clone(), s.symbol.clone()), (vec!["a".to_string(), "b".into()], vec![0, 0, 1]));
        assert!(!s.x_time);
        let plain = scatter(&answer, "x", "y", &[], &[]);
        assert_eq!(plain.fills.len(), 3, "a fill group per table when none is set");
        assert_eq!(plain.symbols, vec![""]);
    }

    const BAND: &str = "#group,false,false,false,false,true\r\n\
#datatype,string,long,dateTime:RFC3339,double,string\r\n\
#default,mean,,,,\r\n\
,result,table,_time,_value,host\r\n\
,,0,2026-01-01T00:00:00Z,5,a\r\n,,1,2026-01-01T00:00:00Z,50,b\r\n\r\n\
#group,false,false,false,false,true\r\n\
#datatype,string,long,dateTime:RFC3339,double,string\r\n\
#default,max,,,,\r\n\
,result,table,_time,_value,host\r\n\
,,0,2026-01-01T00:00:00Z,9,a\r\n\r\n\
#group,false,false,false,false,true\r\n\
#datatype,string,long,dateTime:RFC3339,double,string\r\n\
#default,min,,,,\r\n\
,result,table,_time,_value,host\r\n\
,,0,2026-01-01T00:00:00Z,1,a\r\n\r\n";

    #[test]
    fn a_band_matches_upper_and_lower_to_its_main_line_by_result_name() {
        let answer = crate::csv::parse(BAND).unwrap();
        let b = bands(&answer, "_time", "_value", ("max", "mean", "min"));
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].main.values, vec![5.0]);
        assert_eq!(b[0].upper.as_ref().map(|s| s.values.clone()), Some(vec![9.0]));
        assert_eq!(b[0].lower.as_ref().map(|s| s.values.clone()), Some(vec![1.0]));
        assert_eq!((b[1].upper.is_none(), b[1].lower.is_none()), (true, true), "host b has only its main line");
        assert!(bands(&answer, "_time", "_value", ("max", "_value", "min")).is_empty(), "no result is named _value");
    }
}
