//! Annotated CSV as flux's `csv.ResultEncoder` writes it (flux v0.196.1 `csv/result.go`,
//! Go's `encoding/csv` with CRLF): a schema block (annotations, header) whenever the columns
//! or group key change or a table is empty, one blank line after each result, and an error
//! table when a result fails after something was written.

use super::eval::{format_float, Table, Value};
use dashboards_core::time::format_rfc3339_nanos;

pub struct Dialect {
    /// `group`, `datatype`, `default`, in the order asked for.
    pub annotations: Vec<String>,
    pub header: bool,
    pub delimiter: char,
}

/// The encoder's state across the results of one answer.
#[derive(Default)]
pub struct Writer {
    pub out: String,
    /// A table has been written (the error table then starts with a blank line).
    tables_written: bool,
}

impl Writer {
    fn row(&mut self, d: &Dialect, fields: &[String]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(d.delimiter);
            }
            self.out.push_str(&quote(f, d.delimiter));
        }
        self.out.push_str("\r\n");
    }

    /// Writes one result and the blank line that ends it.
    pub fn result(&mut self, d: &Dialect, name: &str, tables: &[Table]) {
        let with_default = d.annotations.iter().any(|a| a == "default");
        let mut last: Option<(&Table, bool)> = None;
        for (id, t) in tables.iter().enumerate() {
            self.tables_written = true;
            let empty = t.rows.is_empty();
            let changed = match last {
                None => true,
                Some((l, _)) => {
                    let key = |t: &Table| t.key.iter().map(|k| (k.clone(), t.idx(k).map(|i| t.cols[i].ty))).collect::<Vec<_>>();
                    key(l) != key(t) || l.cols != t.cols
                }
            };
            if changed || empty || last.is_some_and(|(_, e)| e) {
                if last.is_some() {
                    self.out.push_str("\r\n");
                }
                self.schema(d, name, id, t, empty);
            }
            let lead = [String::new(), if with_default { String::new() } else { name.to_owned() }, id.to_string()];
            for r in &t.rows {
                let fields: Vec<String> = lead.iter().cloned().chain(r.iter().map(encode)).collect();
                self.row(d, &fields);
            }
            last = Some((t, empty));
        }
        self.out.push_str("\r\n");
    }

    fn schema(&mut self, d: &Dialect, name: &str, id: usize, t: &Table, key_defaults: bool) {
        for a in &d.annotations {
            let mut fields = vec![format!("#{a}")];
            match a.as_str() {
                "datatype" => {
                    fields.extend(["string".to_owned(), "long".to_owned()]);
                    fields.extend(t.cols.iter().map(|c| c.ty.csv().to_owned()));
                }
                "group" => {
                    fields.extend(["false".to_owned(), "false".to_owned()]);
                    fields.extend(t.cols.iter().map(|c| t.in_key(&c.label).to_string()));
                }
                _ => {
                    fields.push(name.to_owned());
                    fields.push(if key_defaults { id.to_string() } else { String::new() });
                    fields.extend(t.cols.iter().map(|c| {
                        let k = t.key.iter().position(|k| *k == c.label);
                        match k {
                            Some(k) if key_defaults => encode(&t.key_vals[k]),
                            _ => String::new(),
                        }
                    }));
                }
            }
            self.row(d, &fields);
        }
        if d.header {
            let fields: Vec<String> =
                ["", "result", "table"].iter().map(|s| s.to_string()).chain(t.cols.iter().map(|c| c.label.clone())).collect();
            self.row(d, &fields);
        }
    }

    /// The error table of a result that failed while running.
    pub fn error(&mut self, d: &Dialect, message: &str) {
        if self.tables_written {
            self.out.push_str("\r\n");
        }
        for a in &d.annotations {
            let fields: [&str; 3] = match a.as_str() {
                "datatype" => ["#datatype", "string", "string"],
                "group" => ["#group", "true", "true"],
                _ => ["#default", "", ""],
            };
            self.row(d, &fields.map(str::to_owned));
        }
        self.row(d, &["".into(), "error".into(), "reference".into()]);
        self.row(d, &["".into(), message.to_owned(), "".into()]);
    }
}

fn encode(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Str(s) => s.clone(),
        Value::Time(t) => format_rfc3339_nanos(*t),
        _ => String::new(),
    }
}

/// Go's `csv.Writer`: quote a field holding the delimiter, a quote, CR or LF, or starting with
/// a space; double the quotes inside; write line breaks inside as CRLF.
fn quote(field: &str, delimiter: char) -> String {
    let needs = !field.is_empty()
        && (field == r"\." || field.contains([delimiter, '"', '\r', '\n']) || field.chars().next().is_some_and(char::is_whitespace));
    if !needs {
        return field.to_owned();
    }
    let mut s = String::with_capacity(field.len() + 2);
    s.push('"');
    for c in field.chars() {
        match c {
            '"' => s.push_str("\"\""),
            '\r' => {}
            '\n' => s.push_str("\r\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::eval::{Col, Ty};

    fn dialect(annotations: &[&str]) -> Dialect {
        Dialect { annotations: annotations.iter().map(|s| s.to_string()).collect(), header: true, delimiter: ',' }
    }

    #[test]
    fn blocks_results_and_errors_as_influxd_writes_them() {
        let t = |v: i64| Table::new(vec![Col::new("_value", Ty::Int)], Vec::new(), vec![vec![Value::Int(v)]]);
        let d = dialect(&["group", "datatype", "default"]);
        let mut w = Writer::default();
        w.result(&d, "a", &[t(1)]);
        w.error(&d, "runtime error @3:36-3:80: map: failed to evaluate map function: boom");
        // Byte for byte what influxd 2.8.0 sent for the same two yields.
        assert_eq!(
            w.out,
            "#group,false,false,false\r\n#datatype,string,long,long\r\n#default,a,,\r\n,result,table,_value\r\n,,0,1\r\n\r\n\r\n#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,runtime error @3:36-3:80: map: failed to evaluate map function: boom,\r\n"
        );
        // Same columns: one block; an empty result is one blank line; no default: the name on each row.
        let mut w = Writer::default();
        w.result(&dialect(&[]), "r", &[t(1), t(2)]);
        w.result(&dialect(&[]), "s", &[]);
        assert_eq!(w.out, ",result,table,_value\r\n,r,0,1\r\n,r,1,2\r\n\r\n\r\n");
        assert_eq!(quote("a,b", ','), "\"a,b\"");
        assert_eq!(quote("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(quote(" x", ','), "\" x\"");
        assert_eq!(quote("a;b", ','), "a;b");
    }
}
