//! Names and the checks libflux makes before running: the universe, undefined identifiers,
//! import paths and record labels.

use super::*;

/// The universe functions the interpreter runs.
pub(super) const IMPLEMENTED: &[&str] = &[
    "from",
    "range",
    "filter",
    "map",
    "yield",
    "aggregateWindow",
    "mean",
    "median",
    "sum",
    "count",
    "spread",
    "stddev",
    "min",
    "max",
    "first",
    "last",
    "limit",
    "tail",
    "sort",
    "group",
    "keep",
    "drop",
    "rename",
    "duplicate",
    "set",
    "fill",
    "pivot",
    "timeShift",
    "derivative",
    "difference",
    "toFloat",
    "toInt",
    "toString",
    "toBool",
    "now",
    "die",
    "string",
    "float",
    "int",
    "bool",
    "length",
];

/// Universe functions that exist in Flux but not here: calling one is a clear error, not an
/// undefined identifier.
const KNOWN: &[&str] = &[
    "window",
    "join",
    "union",
    "unique",
    "distinct",
    "top",
    "bottom",
    "cumulativeSum",
    "movingAverage",
    "timedMovingAverage",
    "exponentialMovingAverage",
    "doubleEMA",
    "tripleEMA",
    "increase",
    "integral",
    "quantile",
    "histogram",
    "histogramQuantile",
    "reduce",
    "sample",
    "columns",
    "keys",
    "keyValues",
    "highestMax",
    "highestAverage",
    "highestCurrent",
    "lowestMin",
    "lowestAverage",
    "lowestCurrent",
    "stateCount",
    "stateDuration",
    "elapsed",
    "truncateTimeColumn",
    "hourSelection",
    "contains",
    "display",
    "findRecord",
    "findColumn",
    "getRecord",
    "getColumn",
    "tableFind",
    "buckets",
    "mode",
    "skew",
    "chandeMomentumOscillator",
    "holtWinters",
    "kaufmansAMA",
    "kaufmansER",
    "relativeStrengthIndex",
    "pearsonr",
    "cov",
    "covariance",
    "toUInt",
    "toTime",
    "time",
    "duration",
    "uint",
    "bytes",
    "today",
    "fixedZone",
    "location",
    "experimental",
];

pub(super) const PACKAGES: &[(&str, &str)] = &[
    ("array", "array"),
    ("influxdata/influxdb/schema", "schema"),
    ("influxdata/influxdb", "influxdb"),
    ("influxdata/influxdb/v1", "v1"),
    ("influxdata/influxdb/monitor", "monitor"),
    ("influxdata/influxdb/sample", "sample"),
    ("strings", "strings"),
    ("math", "math"),
    ("date", "date"),
    ("regexp", "regexp"),
    ("experimental", "experimental"),
    ("experimental/aggregate", "aggregate"),
    ("join", "join"),
    ("json", "json"),
    ("http", "http"),
    ("csv", "csv"),
    ("runtime", "runtime"),
    ("timezone", "timezone"),
    ("types", "types"),
    ("interpolate", "interpolate"),
    ("dict", "dict"),
    ("system", "system"),
    ("sampledata", "sampledata"),
    ("universe", "universe"),
];

pub(super) fn universe_value(name: &str) -> Option<Value> {
    match name {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        _ => IMPLEMENTED.iter().chain(KNOWN).find(|n| **n == name).map(|n| Value::Builtin(n)),
    }
}

/// A name in scope, with the labels of the record literal it holds (a closed record: reading
/// another label is an error before running).
#[derive(Clone, Debug)]
pub struct Binding {
    pub name: String,
    pub labels: Option<Vec<String>>,
}

impl Binding {
    fn plain(name: impl Into<String>) -> Binding {
        Binding { name: name.into(), labels: None }
    }

    fn of(name: &str, value: &Expr) -> Binding {
        let labels = match &value.kind {
            ExprKind::Record { with: None, props } => Some(props.iter().map(|p| p.key.clone()).collect()),
            _ => None,
        };
        Binding { name: name.split('.').next().unwrap_or(name).to_owned(), labels }
    }
}

/// libflux's semantic checks that come before running: unknown import paths, then undefined
/// identifiers and missing labels of records (all of them, in libflux's order: a pipe's call
/// before what is piped into it). `defined` are the names the extern defines.
pub fn check(stmts: &[Stmt], defined: &[Binding]) -> R<()> {
    let mut scope: Vec<Binding> = defined.to_vec();
    for s in stmts {
        if let Stmt::Import { path, span, .. } = s {
            if !PACKAGES.iter().any(|(p, _)| p == path) {
                return Err(FluxError::invalid(format!("error {span}: invalid import path {path}")));
            }
        }
    }
    let mut errors = Vec::new();
    check_block(stmts, &mut scope, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(FluxError::invalid(errors.join("\n\n")))
    }
}

fn check_block(stmts: &[Stmt], scope: &mut Vec<Binding>, errors: &mut Vec<String>) {
    for s in stmts {
        match s {
            Stmt::Import { path, alias, .. } => {
                let name = alias
                    .clone()
                    .unwrap_or_else(|| PACKAGES.iter().find(|(p, _)| p == path).map(|(_, n)| n.to_string()).unwrap_or_default());
                scope.push(Binding::plain(name));
            }
            Stmt::Option { name, value, .. } | Stmt::Assign { name, value, .. } => {
                check_expr(value, scope, errors);
                scope.push(Binding::of(name, value));
            }
            Stmt::Expr(e) | Stmt::Return(e) => check_expr(e, scope, errors),
        }
    }
}

fn check_expr(e: &Expr, scope: &mut Vec<Binding>, errors: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Ident(name) if !scope.iter().any(|b| b.name == *name) && universe_value(name).is_none() => {
            errors.push(format!("error {}: undefined identifier {name}", e.span));
        }
        ExprKind::Array(items) => items.iter().for_each(|i| check_expr(i, scope, errors)),
        ExprKind::Record { with, props } => {
            if let Some(w) = with {
                check_expr(w, scope, errors);
            }
            props.iter().for_each(|p| check_expr(&p.value, scope, errors));
        }
        ExprKind::Func(f) => {
            let mark = scope.len();
            for p in &f.params {
                if let Some(d) = &p.default {
                    check_expr(d, scope, errors);
                }
            }
            scope.extend(f.params.iter().map(|p| Binding::plain(p.name.clone())));
            match &f.body {
                Body::Expr(b) => check_expr(b, scope, errors),
                Body::Block(stmts) => check_block(stmts, scope, errors),
            }
            scope.truncate(mark);
        }
        ExprKind::Call { callee, args } => {
            check_expr(callee, scope, errors);
            args.iter().for_each(|p| check_expr(&p.value, scope, errors));
        }
        ExprKind::Pipe { arg, call } => {
            check_expr(call, scope, errors);
            check_expr(arg, scope, errors);
        }
        ExprKind::Member { object, property } => {
            if let ExprKind::Ident(name) = &object.kind {
                let labels = scope.iter().rev().find(|b| b.name == *name).and_then(|b| b.labels.as_ref());
                if labels.is_some_and(|l| !l.contains(property)) {
                    errors.push(format!("error {}: record is missing label {property}", object.span));
                }
            }
            check_expr(object, scope, errors)
        }
        ExprKind::Unary { arg, .. } => check_expr(arg, scope, errors),
        ExprKind::Index { object: left, index: right } | ExprKind::Binary { left, right, .. } | ExprKind::Logical { left, right, .. } => {
            check_expr(left, scope, errors);
            check_expr(right, scope, errors);
        }
        ExprKind::Cond { test, cons, alt } => {
            check_expr(test, scope, errors);
            check_expr(cons, scope, errors);
            check_expr(alt, scope, errors);
        }
        _ => {}
    }
}

/// The names a block of statements defines at its top level (for the extern).
pub fn defined_names(stmts: &[Stmt]) -> Vec<Binding> {
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Option { name, value, .. } | Stmt::Assign { name, value, .. } => Some(Binding::of(name, value)),
            Stmt::Import { path, alias, .. } => {
                alias.clone().or_else(|| PACKAGES.iter().find(|(p, _)| p == path).map(|(_, n)| n.to_string())).map(Binding::plain)
            }
            _ => None,
        })
        .collect()
}
