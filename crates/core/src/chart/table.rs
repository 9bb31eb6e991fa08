//! A query's answer as one table to read: the tables of the answer one after the other, the
//! view's field options (rename, hide, order), sorting by a column.

use crate::csv::{Answer, Value};
use serde_json::{Map, Value as Json};

/// The answer's tables stacked: the union of their columns (first appearance first), cells
/// column by column (a table without a column has nulls there).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flat {
    pub columns: Vec<String>,
    /// `cells[c][r]`.
    pub cells: Vec<Vec<Value>>,
    pub rows: usize,
}

/// Stacks the tables of `answer` (without the `result` and `table` columns, which only say
/// where a row came from).
pub fn flatten(answer: &Answer) -> Flat {
    let mut flat = Flat::default();
    for t in &answer.tables {
        let n = t.len();
        for col in &t.columns {
            if matches!(col.name.as_ref(), "result" | "table") {
                continue;
            }
            let c = match flat.columns.iter().position(|c| c.as_str() == col.name.as_ref()) {
                Some(c) => c,
                None => {
                    flat.columns.push(col.name.to_string());
                    flat.cells.push(vec![Value::Null; flat.rows]);
                    flat.columns.len() - 1
                }
            };
            flat.cells[c].extend((0..n).map(|i| col.data.get(i)));
        }
        flat.rows += n;
        for column in &mut flat.cells {
            column.resize(flat.rows, Value::Null);
        }
    }
    flat
}

/// The columns to show, in order, with the names to show: the view's `fieldOptions` first
/// (hidden ones left out, renamed ones renamed), then the other columns as they come.
pub fn shown_columns(flat: &Flat, view: &Map<String, Json>) -> Vec<(usize, String)> {
    let options: Vec<&Map<String, Json>> =
        view.get("fieldOptions").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_object).collect();
    let name = |o: &Map<String, Json>, k: &str| o.get(k).and_then(Json::as_str).unwrap_or_default().to_owned();
    let mut out = Vec::new();
    let mut seen = vec![false; flat.columns.len()];
    for o in &options {
        let internal = name(o, "internalName");
        let Some(c) = flat.columns.iter().position(|c| *c == internal) else { continue };
        seen[c] = true;
        if o.get("visible").and_then(Json::as_bool).unwrap_or(true) {
            let display = name(o, "displayName");
            out.push((c, if display.is_empty() { internal } else { display }));
        }
    }
    for (c, col) in flat.columns.iter().enumerate() {
        if !seen[c] {
            out.push((c, col.clone()));
        }
    }
    out
}

fn cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    use Value::*;
    match (a, b) {
        (Null, Null) => Equal,
        (Null, _) => Greater,
        (_, Null) => Less,
        (Double(x), Double(y)) => x.total_cmp(y),
        (Long(x), Long(y)) | (Time(x), Time(y)) | (Duration(x), Duration(y)) => x.cmp(y),
        (ULong(x), ULong(y)) => x.cmp(y),
        (Bool(x), Bool(y)) => x.cmp(y),
        (Str(x), Str(y)) => x.cmp(y),
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// Row indices sorted by column `c` (nulls last, ties in their answer order).
pub fn sort_rows(flat: &Flat, c: usize, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..flat.rows).collect();
    let col = &flat.cells[c];
    order.sort_by(|&i, &j| {
        let o = cmp(&col[i], &col[j]);
        if descending && !(col[i].is_null() || col[j].is_null()) {
            o.reverse()
        } else {
            o
        }
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CSV: &str = "#group,false,false,true,false,false\r\n\
#datatype,string,long,string,dateTime:RFC3339,double\r\n\
#default,_result,,,,\r\n\
,result,table,host,_time,_value\r\n\
,,0,a,2026-01-01T00:00:00Z,3\r\n\
,,1,b,2026-01-01T00:00:00Z,1\r\n\
\r\n\
#group,false,false,true,false\r\n\
#datatype,string,long,string,long\r\n\
#default,_result,,,\r\n\
,result,table,host,count\r\n\
,,2,c,7\r\n\
\r\n";

    #[test]
    fn tables_stack_into_one_with_the_union_of_their_columns() {
        let flat = flatten(&crate::csv::parse(CSV).unwrap());
        assert_eq!(flat.columns, vec!["host", "_time", "_value", "count"]);
        assert_eq!(flat.rows, 3);
        assert_eq!(flat.cells[3], vec![Value::Null, Value::Null, Value::Long(7)]);
        assert_eq!(flat.cells[2][2], Value::Null);
    }

    #[test]
    fn field_options_rename_hide_and_order_columns() {
        let flat = flatten(&crate::csv::parse(CSV).unwrap());
        let view = json!({"fieldOptions": [{"internalName": "_value", "displayName": "cpu", "visible": true},
            {"internalName": "_time", "displayName": "time", "visible": false}, {"internalName": "gone", "visible": true}]});
        let shown = shown_columns(&flat, view.as_object().unwrap());
        assert_eq!(shown, vec![(2, "cpu".to_owned()), (0, "host".to_owned()), (3, "count".to_owned())]);
    }

    #[test]
    fn sorting_by_a_column_puts_nulls_last_either_way() {
        let flat = flatten(&crate::csv::parse(CSV).unwrap());
        assert_eq!(sort_rows(&flat, 2, false), vec![1, 0, 2]);
        assert_eq!(sort_rows(&flat, 2, true), vec![0, 1, 2]);
        assert_eq!(sort_rows(&flat, 0, true), vec![2, 1, 0]);
    }
}
