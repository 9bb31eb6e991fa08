//! The writer: tables to annotated CSV, byte for byte as influxd v2.8.0 writes them (the
//! tests check it on every captured answer), except that it keeps a `\r` inside a string,
//! which Go's csv writer drops.

use super::values::{push_base64, push_f64};
use super::{Answer, Column, ColumnData, QueryError, Table, Value};
use crate::time::push_rfc3339_nanos;
use std::fmt::Write;

/// An answer as influxd sends it.
pub fn write(answer: &Answer) -> String {
    let mut out = String::new();
    write_to(&mut out, &answer.tables, answer.error.as_ref());
    out
}

/// Appends `tables`, then `error` if any, to `out`, as influxd does:
/// - a table opens a new block (blank line, annotation rows, header) when it is the first,
///   starts another result, has columns other than the table before it (names, types,
///   group flags, defaults), or when it or the table before it has no rows;
/// - `#default` names the result; the table id is there only for a table with no rows;
///   each column's cell is its [`Column::default`];
/// - a data row leaves `result` empty (its default says it), and leaves empty a null and
///   a cell equal to its column's default. A null in a column with a default cannot be
///   told from the default: it reads back as the default;
/// - an empty string is an empty cell, so it reads back as null (or the default);
/// - every row ends with `\r\n`; the tables end with a blank line; an error after tables
///   comes after one more blank line.
pub fn write_to(out: &mut String, tables: &[Table], error: Option<&QueryError>) {
    let mut prev: Option<&Table> = None;
    for t in tables {
        let new_block = match prev {
            None => true,
            Some(p) => p.result != t.result || p.is_empty() || t.is_empty() || !same_columns(&p.columns, &t.columns),
        };
        if new_block {
            if prev.is_some() {
                out.push_str("\r\n");
            }
            push_block_head(out, t);
        }
        for i in 0..t.len() {
            out.push_str(",,");
            let _ = write!(out, "{}", t.id);
            for c in &t.columns {
                out.push(',');
                push_row_cell(out, c, i);
            }
            out.push_str("\r\n");
        }
        prev = Some(t);
    }
    match error {
        None => out.push_str("\r\n"),
        Some(e) => {
            if !tables.is_empty() {
                out.push_str("\r\n\r\n");
            }
            out.push_str("#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,");
            push_text(out, &e.message);
            out.push(',');
            push_text(out, &e.reference);
            out.push_str("\r\n");
        }
    }
}

fn same_columns(a: &[Column], b: &[Column]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x.name == y.name && x.datatype() == y.datatype() && x.group == y.group && x.default == y.default)
}

fn push_block_head(out: &mut String, t: &Table) {
    out.push_str("#group,false,false");
    for c in &t.columns {
        out.push_str(if c.group { ",true" } else { ",false" });
    }
    out.push_str("\r\n#datatype,string,long");
    for c in &t.columns {
        out.push(',');
        out.push_str(c.datatype().annotation());
    }
    out.push_str("\r\n#default,");
    push_text(out, &t.result);
    out.push(',');
    if t.is_empty() {
        let _ = write!(out, "{}", t.id);
    }
    let mut cell = String::new();
    for c in &t.columns {
        out.push(',');
        cell.clear();
        super::values::push_cell(&mut cell, &c.default);
        push_text(out, &cell);
    }
    out.push_str("\r\n,result,table");
    for c in &t.columns {
        out.push(',');
        push_text(out, &c.name);
    }
    out.push_str("\r\n");
}

/// Row `i` of a column, empty when null or equal to the column's default.
fn push_row_cell(out: &mut String, c: &Column, i: usize) {
    let d = &c.default;
    // Writing to a String cannot fail.
    match &c.data {
        ColumnData::Bool(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::Bool(x)) {
                out.push_str(if x { "true" } else { "false" });
            }
        }
        ColumnData::Long(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::Long(x)) {
                let _ = write!(out, "{x}");
            }
        }
        ColumnData::ULong(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::ULong(x)) {
                let _ = write!(out, "{x}");
            }
        }
        ColumnData::Double(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::Double(x)) {
                push_f64(out, x);
            }
        }
        ColumnData::Str(v) => {
            if let Some(s) = v.get(i).filter(|&s| !matches!(d, Value::Str(x) if **x == *s)) {
                push_text(out, s);
            }
        }
        ColumnData::Bytes(v) => {
            if let Some(b) = v.get(i).filter(|&b| !matches!(d, Value::Bytes(x) if **x == *b)) {
                push_base64(out, b);
            }
        }
        ColumnData::Time(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::Time(x)) {
                push_rfc3339_nanos(out, i128::from(x));
            }
        }
        ColumnData::Duration(v) => {
            if let Some(x) = v.get(i).filter(|&x| *d != Value::Duration(x)) {
                let _ = write!(out, "{x}");
            }
        }
    }
}

/// A cell's text, quoted when Go's csv writer would quote it (a `,`, `"`, `\r` or `\n`
/// inside, a leading space, or exactly `\.`); inside quotes `"` is doubled and `\n` becomes
/// `\r\n`.
fn push_text(out: &mut String, s: &str) {
    let needs_quotes =
        s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) || s.chars().next().is_some_and(char::is_whitespace) || s == "\\.";
    if !needs_quotes {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}
