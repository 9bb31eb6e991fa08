//! What the transformations do to tables and values: windows, aggregates, selectors,
//! grouping, pivot, derivative, difference, operators and conversions.

use super::*;

/// More windows than this in one table is refused (a day of 1 ms windows would be 86 million).
pub(super) const MAX_WINDOWS: usize = 100_000;

pub(super) struct Window {
    pub(super) every: i128,
    pub(super) period: i128,
    pub(super) offset: i128,
    pub(super) column: String,
    pub(super) time_src: String,
    pub(super) time_dst: String,
    pub(super) create_empty: bool,
    pub(super) pushdown: bool,
}

pub(super) enum Op {
    Range {
        start: i128,
        stop: i128,
    },
    Filter {
        f: Value,
        on_empty: String,
    },
    Map {
        f: Value,
    },
    Yield(String),
    AggregateWindow {
        every: i128,
        period: i128,
        offset: i128,
        f: Value,
        column: String,
        time_src: String,
        time_dst: String,
        create_empty: bool,
        pushdown: bool,
    },
    Aggregate {
        func: &'static str,
        column: String,
        pushdown: bool,
    },
    Select {
        func: &'static str,
        column: String,
    },
    Limit {
        tail: bool,
        n: i64,
        offset: i64,
    },
    Sort {
        columns: Vec<String>,
        desc: bool,
    },
    Group {
        columns: Vec<String>,
        except: bool,
        storage: bool,
    },
    Keep {
        keep: bool,
        columns: Vec<String>,
    },
    Rename(Vec<(String, String)>),
    Duplicate {
        column: String,
        as_: String,
    },
    Set {
        key: String,
        value: String,
    },
    Fill {
        column: String,
        value: Option<Value>,
        previous: bool,
    },
    Pivot {
        row_key: Vec<String>,
        column_key: Vec<String>,
        value: String,
    },
    TimeShift {
        by: i128,
        columns: Vec<String>,
    },
    Derivative {
        unit: i128,
        non_negative: bool,
        columns: Vec<String>,
        time: String,
    },
    Difference {
        non_negative: bool,
        columns: Vec<String>,
    },
    Convert(&'static str),
}

/// Sets a column to one value on every row (adding it at the end if missing); in the key too.
pub(super) fn set_column(t: &mut Table, label: &str, v: Value) {
    match t.idx(label) {
        Some(i) => {
            if let Some(ty) = v.ty() {
                t.cols[i].ty = ty;
            }
            t.rows.iter_mut().for_each(|r| r[i] = v.clone());
        }
        None => {
            t.cols.push(Col::new(label, v.ty().unwrap_or(Ty::Str)));
            t.rows.iter_mut().for_each(|r| r.push(v.clone()));
        }
    }
    if let Some(k) = t.key.iter().position(|k| k == label) {
        t.key_vals[k] = v;
    }
}

pub(super) fn unary(op: UnOp, v: Value) -> Result<Value, String> {
    Ok(match (op, v) {
        (UnOp::Exists, v) => Value::Bool(!matches!(v, Value::Null)),
        (_, Value::Null) => Value::Null,
        (UnOp::Not, Value::Bool(b)) => Value::Bool(!b),
        (UnOp::Neg, Value::Int(i)) => Value::Int(-i),
        (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
        (UnOp::Neg, Value::Duration(d)) => Value::Duration(-d),
        (UnOp::Plus, v @ (Value::Int(_) | Value::Float(_) | Value::Duration(_))) => v,
        (op, v) => return Err(format!("unsupported operand for {op:?}: {}", v.type_name())),
    })
}

pub(super) fn binary(op: BinOp, l: Value, r: Value) -> Result<Value, String> {
    use BinOp::*;
    if matches!(op, RegexEq | RegexNeq) {
        return match (l, r) {
            (Value::Null, _) => Ok(Value::Null),
            (Value::Str(s), Value::Regex(re)) => Ok(Value::Bool(re.is_match(&s) == (op == RegexEq))),
            (l, r) => Err(format!("regular expression match needs a string and a regexp, got {} and {}", l.type_name(), r.type_name())),
        };
    }
    if matches!(l, Value::Null) || matches!(r, Value::Null) {
        return Ok(Value::Null);
    }
    if matches!(op, Eq | Neq | Lt | Lte | Gt | Gte) {
        let Some(o) = compare(&l, &r) else {
            return Err(format!("cannot compare {} with {}", l.type_name(), r.type_name()));
        };
        return Ok(Value::Bool(match op {
            Eq => o == Ordering::Equal,
            Neq => o != Ordering::Equal,
            Lt => o == Ordering::Less,
            Lte => o != Ordering::Greater,
            Gt => o == Ordering::Greater,
            _ => o != Ordering::Less,
        }));
    }
    Ok(match (op, l, r) {
        (Add, Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
        (Add, Value::Time(t), Value::Duration(d)) | (Add, Value::Duration(d), Value::Time(t)) => Value::Time(t + d),
        (Sub, Value::Time(t), Value::Duration(d)) => Value::Time(t - d),
        (Add, Value::Duration(a), Value::Duration(b)) => Value::Duration(a + b),
        (Sub, Value::Duration(a), Value::Duration(b)) => Value::Duration(a - b),
        (op, Value::Int(a), Value::Int(b)) => Value::Int(match op {
            Add => a.wrapping_add(b),
            Sub => a.wrapping_sub(b),
            Mul => a.wrapping_mul(b),
            Div | Mod if b == 0 => return Err("cannot divide by zero".into()),
            Div => a / b,
            Mod => a % b,
            _ => a.wrapping_pow(b.max(0) as u32),
        }),
        (op, a, b) => {
            let (Some(x), Some(y)) = (a.number().filter(|_| a.ty().is_some()), b.number().filter(|_| b.ty().is_some())) else {
                return Err(format!("unsupported operands {} and {}", a.type_name(), b.type_name()));
            };
            Value::Float(match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                Mod => x % y,
                _ => x.powf(y),
            })
        }
    })
}

pub(super) fn convert(to: &str, v: Value) -> Result<Value, String> {
    Ok(match (to, v) {
        (_, Value::Null) => Value::Null,
        ("string", Value::Str(s)) => Value::Str(s),
        ("string", Value::Float(f)) => Value::Str(format_float(f)),
        ("string", Value::Time(t)) => Value::Str(dashboards_core::time::format_rfc3339_nanos(t)),
        ("string", Value::Bool(b)) => Value::Str(b.to_string()),
        ("string", v) => Value::Str(v.number().map(|n| n.to_string()).unwrap_or_default()),
        ("float", Value::Str(s)) => {
            Value::Float(s.trim().parse().map_err(|_| format!("cannot convert string \"{s}\" to float due to invalid syntax"))?)
        }
        ("float", Value::Bool(b)) => Value::Float(b as i64 as f64),
        ("float", v) => Value::Float(v.number().ok_or("cannot convert to float")?),
        ("int", Value::Str(s)) => {
            Value::Int(s.trim().parse().map_err(|_| format!("cannot convert string \"{s}\" to int due to invalid syntax"))?)
        }
        ("int", Value::Float(f)) => Value::Int(f as i64),
        ("int", Value::Time(t)) => Value::Int(t as i64),
        ("int", v) => Value::Int(v.number().ok_or("cannot convert to int")? as i64),
        ("bool", Value::Str(s)) => match s.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(format!("cannot convert string \"{s}\" to bool")),
        },
        ("bool", v) => Value::Bool(v.number().ok_or("cannot convert to bool")? != 0.0),
        (to, v) => return Err(format!("cannot convert {} to {to}", v.type_name())),
    })
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{f}")
    }
}

/// Aggregates one table to one row. With `pushdown` (influxd's storage answers it) the
/// columns keep their order; otherwise the group key comes first, then the value.
pub(super) fn aggregate(func: &str, t: &Table, column: &str, pushdown: bool) -> Result<Table, String> {
    let Some(vi) = t.idx(column) else { return Err(format!("column \"{column}\" does not exist")) };
    let ty = t.cols[vi].ty;
    let vals: Vec<&Value> = t.rows.iter().map(|r| &r[vi]).filter(|v| !matches!(v, Value::Null)).collect();
    let nums: Vec<f64> = vals.iter().filter_map(|v| v.number()).collect();
    let unsupported = || format!("unsupported input type for {func} aggregate: {}", ty.flux());
    let numeric = matches!(ty, Ty::Int | Ty::UInt | Ty::Float);
    let (value, out_ty) = match func {
        "count" => (Value::Int(vals.len() as i64), Ty::Int),
        _ if !numeric => return Err(unsupported()),
        "mean" => (if nums.is_empty() { Value::Null } else { Value::Float(nums.iter().sum::<f64>() / nums.len() as f64) }, Ty::Float),
        "sum" => (
            match ty {
                _ if vals.is_empty() => Value::Null,
                Ty::Int => Value::Int(vals.iter().filter_map(|v| if let Value::Int(i) = v { Some(*i) } else { None }).sum()),
                Ty::UInt => Value::UInt(vals.iter().filter_map(|v| if let Value::UInt(i) = v { Some(*i) } else { None }).sum()),
                _ => Value::Float(nums.iter().sum()),
            },
            ty,
        ),
        "median" => {
            let mut s = nums.clone();
            s.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
            let m = match s.len() {
                0 => Value::Null,
                n if n % 2 == 1 => Value::Float(s[n / 2]),
                n => Value::Float((s[n / 2 - 1] + s[n / 2]) / 2.0),
            };
            (m, Ty::Float)
        }
        "spread" => {
            let (lo, hi) = nums.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
            let v = match ty {
                _ if nums.is_empty() => Value::Null,
                Ty::Int => Value::Int((hi - lo) as i64),
                Ty::UInt => Value::UInt((hi - lo) as u64),
                _ => Value::Float(hi - lo),
            };
            (v, ty)
        }
        _ => {
            // stddev (sample)
            let n = nums.len() as f64;
            let v = if nums.len() < 2 {
                Value::Null
            } else {
                let mean = nums.iter().sum::<f64>() / n;
                Value::Float((nums.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt())
            };
            (v, Ty::Float)
        }
    };
    let keep: Vec<usize> = if pushdown {
        (0..t.cols.len()).filter(|i| *i == vi || t.in_key(&t.cols[*i].label)).collect()
    } else {
        let mut k: Vec<usize> = (0..t.cols.len()).filter(|i| *i != vi && t.in_key(&t.cols[*i].label)).collect();
        k.push(vi);
        k
    };
    let cols: Vec<Col> = keep.iter().map(|i| if *i == vi { Col::new(column, out_ty) } else { t.cols[*i].clone() }).collect();
    let row: Vec<Value> = keep
        .iter()
        .map(|i| if *i == vi { value.clone() } else { t.key_value(&t.cols[*i].label).cloned().unwrap_or(Value::Null) })
        .collect();
    let mut out = Table::new(cols, t.key.clone(), vec![row]);
    out.key_vals = t.key_vals.clone();
    Ok(out)
}

/// Selects one row of a table (none from an empty one).
pub(super) fn select(func: &str, t: &Table, column: &str) -> Result<Table, String> {
    let Some(vi) = t.idx(column) else { return Err(format!("column \"{column}\" does not exist")) };
    let ty = t.cols[vi].ty;
    if matches!(func, "min" | "max") && !matches!(ty, Ty::Int | Ty::UInt | Ty::Float | Ty::Time) {
        return Err(format!("unsupported input type for {func} aggregate: {}", ty.flux()));
    }
    let mut candidates = t.rows.iter().filter(|r| !matches!(r[vi], Value::Null));
    let row = match func {
        "first" => candidates.next(),
        "last" => candidates.next_back(),
        "min" => candidates.min_by(|a, b| sort_cmp(&a[vi], &b[vi])),
        _ => candidates.fold(None, |best: Option<&Vec<Value>>, r| match best {
            Some(b) if sort_cmp(&r[vi], &b[vi]) != Ordering::Greater => Some(b),
            _ => Some(r),
        }),
    };
    let mut out = t.clone();
    out.rows = row.cloned().into_iter().collect();
    Ok(out)
}

/// Splits a table whose rows carry different key values into one table per key.
pub(super) fn split_by_key(t: Table) -> Vec<Table> {
    let idx: Vec<Option<usize>> = t.key.iter().map(|k| t.idx(k)).collect();
    let mut groups: Vec<(String, Vec<Vec<Value>>)> = Vec::new();
    for row in t.rows {
        let k: String = idx.iter().map(|i| i.map(|i| row[i].repr()).unwrap_or_default()).collect::<Vec<_>>().join("\u{1}");
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((k, vec![row])),
        }
    }
    groups.into_iter().map(|(_, rows)| Table::new(t.cols.clone(), t.key.clone(), rows)).collect()
}

/// Joins tables with equal keys and columns (after a transformation changed keys).
pub(super) fn merge_same_keys(tables: Vec<Table>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for t in tables {
        match out.iter_mut().find(|o| o.key == t.key && o.cols == t.cols && o.key_repr() == t.key_repr()) {
            Some(o) => o.rows.extend(t.rows),
            None => out.push(t),
        }
    }
    out
}

pub(super) fn group(tables: Vec<Table>, columns: &[String], except: bool) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for t in tables {
        let key: Vec<String> = if except {
            t.cols.iter().map(|c| c.label.clone()).filter(|l| !columns.contains(l)).collect()
        } else {
            columns.iter().filter(|c| t.idx(c).is_some()).cloned().collect()
        };
        let key: Vec<String> = t.cols.iter().map(|c| c.label.clone()).filter(|l| key.contains(l)).collect();
        let regrouped = Table { key_vals: Vec::new(), key, ..t };
        let regrouped = Table::new(regrouped.cols, regrouped.key, regrouped.rows);
        for part in split_by_key(regrouped) {
            match out.iter_mut().find(|o| o.key == part.key && o.key_repr() == part.key_repr()) {
                Some(o) if o.cols == part.cols => o.rows.extend(part.rows),
                Some(o) => {
                    // Columns differ: take the union, nulls where a table lacks one.
                    for c in &part.cols {
                        if o.idx(&c.label).is_none() {
                            o.cols.push(c.clone());
                            o.rows.iter_mut().for_each(|r| r.push(Value::Null));
                        }
                    }
                    for row in part.rows {
                        let mut r = vec![Value::Null; o.cols.len()];
                        for (c, v) in part.cols.iter().zip(row) {
                            if let Some(i) = o.idx(&c.label) {
                                r[i] = v;
                            }
                        }
                        o.rows.push(r);
                    }
                }
                None => out.push(part),
            }
        }
    }
    out
}

pub(super) fn pivot(tables: Vec<Table>, row_key: &[String], column_key: &[String], value: &str) -> Result<Vec<Table>, String> {
    if row_key.is_empty() || column_key.is_empty() || value.is_empty() {
        return Err("pivot needs rowKey, columnKey and valueColumn".into());
    }
    // (new key repr, table) in order of first appearance.
    let mut out: Vec<(String, Table, Vec<String>)> = Vec::new();
    for t in tables {
        let vi = t.idx(value).ok_or_else(|| format!("specified column does not exist in table: {value}"))?;
        let ck: Vec<usize> = column_key
            .iter()
            .map(|c| t.idx(c).ok_or_else(|| format!("specified column does not exist in table: {c}")))
            .collect::<Result<_, _>>()?;
        let rk: Vec<usize> = row_key
            .iter()
            .map(|c| t.idx(c).ok_or_else(|| format!("specified column does not exist in table: {c}")))
            .collect::<Result<_, _>>()?;
        let new_key: Vec<String> = t.key.iter().filter(|k| !column_key.contains(k) && *k != value).cloned().collect();
        let kept: Vec<usize> = (0..t.cols.len())
            .filter(|i| {
                let l = &t.cols[*i].label;
                *i != vi && !column_key.contains(l) && (new_key.contains(l) || row_key.contains(l))
            })
            .collect();
        let repr = new_key
            .iter()
            .map(|k| format!("{k}={}", t.key_value(k).map(|v| v.repr()).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\u{1}");
        let pos = match out.iter().position(|(r, ..)| *r == repr) {
            Some(p) => p,
            None => {
                let cols: Vec<Col> = kept.iter().map(|i| t.cols[*i].clone()).collect();
                let mut nt = Table::new(cols, new_key.clone(), Vec::new());
                nt.key_vals = new_key.iter().map(|k| t.key_value(k).cloned().unwrap_or(Value::Null)).collect();
                out.push((repr, nt, Vec::new()));
                out.len() - 1
            }
        };
        let (_, nt, row_ids) = &mut out[pos];
        for row in &t.rows {
            let name: String = ck
                .iter()
                .map(|i| match &row[*i] {
                    Value::Str(s) => s.clone(),
                    Value::Null => "null".into(),
                    other => convert("string", other.clone())
                        .ok()
                        .and_then(|v| if let Value::Str(s) = v { Some(s) } else { None })
                        .unwrap_or_default(),
                })
                .collect::<Vec<_>>()
                .join("_");
            let ci = match nt.idx(&name) {
                Some(ci) => ci,
                None => {
                    nt.cols.push(Col::new(&name, t.cols[vi].ty));
                    nt.rows.iter_mut().for_each(|r| r.push(Value::Null));
                    nt.cols.len() - 1
                }
            };
            let id = rk.iter().map(|i| row[*i].repr()).collect::<Vec<_>>().join("\u{1}");
            let ri = match row_ids.iter().position(|r| *r == id) {
                Some(ri) => ri,
                None => {
                    let mut nr = vec![Value::Null; nt.cols.len()];
                    for (j, i) in kept.iter().enumerate() {
                        nr[j] = row[*i].clone();
                    }
                    nt.rows.push(nr);
                    row_ids.push(id);
                    nt.rows.len() - 1
                }
            };
            nt.rows[ri][ci] = row[vi].clone();
        }
    }
    Ok(out
        .into_iter()
        .map(|(_, mut t, _)| {
            let rk: Vec<usize> = row_key.iter().filter_map(|c| t.idx(c)).collect();
            t.rows.sort_by(|a, b| rk.iter().map(|i| sort_cmp(&a[*i], &b[*i])).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal));
            t
        })
        .collect())
}

pub(super) fn derivative(mut t: Table, unit: i128, non_negative: bool, columns: &[String], time: &str) -> Result<Table, String> {
    let ti = t.idx(time).ok_or_else(|| format!("no column \"{time}\" exists"))?;
    let idx: Vec<usize> = columns.iter().map(|c| t.idx(c).ok_or_else(|| format!("no column \"{c}\" exists"))).collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for w in t.rows.windows(2) {
        let (Value::Time(t0), Value::Time(t1)) = (&w[0][ti], &w[1][ti]) else { continue };
        if t1 <= t0 {
            continue;
        }
        let mut row = w[1].clone();
        for i in &idx {
            row[*i] = match (w[0][*i].number(), w[1][*i].number()) {
                (Some(a), Some(b)) => {
                    let d = (b - a) / ((t1 - t0) as f64 / unit as f64);
                    if non_negative && d < 0.0 {
                        Value::Null
                    } else {
                        Value::Float(d)
                    }
                }
                _ => Value::Null,
            };
        }
        rows.push(row);
    }
    for i in &idx {
        t.cols[*i].ty = Ty::Float;
    }
    t.rows = rows;
    Ok(t)
}

pub(super) fn difference(mut t: Table, non_negative: bool, columns: &[String]) -> Result<Table, String> {
    let idx: Vec<usize> = columns.iter().map(|c| t.idx(c).ok_or_else(|| format!("no column \"{c}\" exists"))).collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for w in t.rows.windows(2) {
        let mut row = w[1].clone();
        for i in &idx {
            row[*i] = match (&w[0][*i], &w[1][*i]) {
                (Value::Int(a), Value::Int(b)) => Value::Int(b - a),
                (a, b) => match (a.number(), b.number()) {
                    (Some(a), Some(b)) => Value::Float(b - a),
                    _ => Value::Null,
                },
            };
            if non_negative && row[*i].number().is_some_and(|d| d < 0.0) {
                row[*i] = Value::Null;
            }
        }
        rows.push(row);
    }
    for i in &idx {
        if t.cols[*i].ty == Ty::UInt {
            t.cols[*i].ty = Ty::Int;
        }
    }
    t.rows = rows;
    Ok(t)
}

/// `array.from(rows:)`: one table, no group key, columns in the order they first appear.
pub(super) fn table_from_records(rows: &[Value]) -> Result<Table, String> {
    let mut cols: Vec<Col> = Vec::new();
    let mut recs = Vec::new();
    for r in rows {
        let Value::Record(rec) = r else { return Err(format!("rows must be records, got {}", r.type_name())) };
        for (k, v) in &rec.fields {
            let ty = v.ty().ok_or_else(|| format!("unsupported type for column \"{k}\": {}", v.type_name()))?;
            match cols.iter().find(|c| &c.label == k) {
                Some(c) if c.ty != ty => return Err(format!("column \"{k}\" has values of two types")),
                Some(_) => {}
                None => cols.push(Col::new(k, ty)),
            }
        }
        recs.push(rec.clone());
    }
    let data = recs
        .iter()
        .map(|r| cols.iter().map(|c| r.fields.iter().find(|(k, _)| *k == c.label).map(|(_, v)| v.clone()).unwrap_or(Value::Null)).collect())
        .collect();
    Ok(Table::new(cols, Vec::new(), data))
}
