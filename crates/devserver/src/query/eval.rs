//! The interpreter: values, tables, the checks libflux makes before running (undefined
//! identifiers, import paths), and the transformations dashboards use, run eagerly over the
//! synthetic data. Errors come in influxd's three kinds: the query is refused before it runs
//! (a JSON error), or a result fails while running (an error table once data went out).

use super::data::Db;
use super::syntax::{BinOp, Body, Expr, ExprKind, FuncDef, Span, Stmt, UnOp};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

/// An error as influxd sends it: HTTP status, code and message.
#[derive(Clone, Debug, PartialEq)]
pub struct FluxError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl FluxError {
    pub fn invalid(message: impl Into<String>) -> Self {
        FluxError { status: 400, code: "invalid", message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        FluxError { status: 404, code: "not found", message: message.into() }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        FluxError { status: 500, code: "internal error", message: message.into() }
    }
}

type R<T> = Result<T, FluxError>;

fn plan_error(message: impl std::fmt::Display) -> FluxError {
    FluxError::invalid(format!("error in building plan while starting program: {message}"))
}

fn call_error(name: &str, span: Span, message: impl std::fmt::Display) -> FluxError {
    FluxError::invalid(format!("error calling function \"{name}\" {span}: {message}"))
}

fn not_implemented(name: &str, span: Span) -> FluxError {
    call_error(name, span, format!("the influx-devserver does not implement {name}(); influxd does"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    UInt,
    Float,
    Str,
    Time,
}

impl Ty {
    /// The `#datatype` of annotated CSV.
    pub fn csv(self) -> &'static str {
        match self {
            Ty::Bool => "boolean",
            Ty::Int => "long",
            Ty::UInt => "unsignedLong",
            Ty::Float => "double",
            Ty::Str => "string",
            Ty::Time => "dateTime:RFC3339",
        }
    }

    /// Flux's name, as in `unsupported input type for mean aggregate: string`.
    pub fn flux(self) -> &'static str {
        match self {
            Ty::Bool => "bool",
            Ty::Int => "int",
            Ty::UInt => "uint",
            Ty::Float => "float",
            Ty::Str => "string",
            Ty::Time => "time",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Col {
    pub label: String,
    pub ty: Ty,
}

impl Col {
    pub fn new(label: &str, ty: Ty) -> Col {
        Col { label: label.to_owned(), ty }
    }
}

/// One table of a result: typed columns, the group key (labels) with its values, and rows.
#[derive(Clone, Debug)]
pub struct Table {
    pub cols: Vec<Col>,
    pub key: Vec<String>,
    pub key_vals: Vec<Value>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// A table whose key values are read from its first row.
    pub fn new(cols: Vec<Col>, key: Vec<String>, rows: Vec<Vec<Value>>) -> Table {
        let key_vals = key
            .iter()
            .map(|k| {
                let i = cols.iter().position(|c| &c.label == k);
                i.and_then(|i| rows.first().map(|r| r[i].clone())).unwrap_or(Value::Null)
            })
            .collect();
        Table { cols, key, key_vals, rows }
    }

    pub fn idx(&self, label: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.label == label)
    }

    pub fn in_key(&self, label: &str) -> bool {
        self.key.iter().any(|k| k == label)
    }

    fn key_value(&self, label: &str) -> Option<&Value> {
        self.key.iter().position(|k| k == label).map(|i| &self.key_vals[i])
    }

    /// A text that is equal for equal group keys.
    fn key_repr(&self) -> String {
        self.key.iter().zip(&self.key_vals).map(|(k, v)| format!("{k}={}", v.repr())).collect::<Vec<_>>().join("\u{1}")
    }

    /// Keeps the columns that `keep` accepts, in order; the key follows.
    fn project(&self, keep: impl Fn(&Col) -> bool) -> Table {
        let idx: Vec<usize> = (0..self.cols.len()).filter(|i| keep(&self.cols[*i])).collect();
        let cols: Vec<Col> = idx.iter().map(|i| self.cols[*i].clone()).collect();
        let (key, key_vals) = self
            .key
            .iter()
            .zip(&self.key_vals)
            .filter(|(k, _)| cols.iter().any(|c| &c.label == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .unzip();
        let rows = self.rows.iter().map(|r| idx.iter().map(|i| r[*i].clone()).collect()).collect();
        Table { cols, key, key_vals, rows }
    }
}

#[derive(Clone, Debug)]
pub struct Record {
    pub fields: Vec<(String, Value)>,
    /// A row: a missing label reads as null. A record literal: a missing label is an error.
    pub open: bool,
}

pub struct Closure {
    def: Rc<FuncDef>,
    scope: Scope,
}

impl std::fmt::Debug for Closure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<function>")
    }
}

#[derive(Debug)]
pub enum Stream {
    /// `from()` before `range()`; filters wait for the range.
    Unbounded { bucket: String, filters: Vec<(Value, Span)> },
    /// `storage`: straight from `from |> range |> filter`, the shapes of influxd's pushdowns.
    Tables { tables: Vec<Table>, storage: bool },
    /// A runtime error: the result fails when it is encoded.
    Failed(FluxError),
}

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Time(i128),
    Duration(i128),
    Regex(Rc<regex::Regex>),
    Array(Rc<Vec<Value>>),
    Record(Rc<Record>),
    Func(Rc<Closure>),
    Builtin(&'static str),
    /// A package member the dev server does not run (`strings.toUpper`).
    Unimplemented(Rc<str>),
    Package(&'static str),
    Stream(Rc<Stream>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            _ => compare(self, other) == Some(Ordering::Equal),
        }
    }
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::UInt(_) => "uint",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::Time(_) => "time",
            Value::Duration(_) => "duration",
            Value::Regex(_) => "regexp",
            Value::Array(_) => "array",
            Value::Record(_) => "record",
            Value::Func(_) | Value::Builtin(_) | Value::Unimplemented(_) => "function",
            Value::Package(_) => "package",
            Value::Stream(_) => "stream",
        }
    }

    pub fn ty(&self) -> Option<Ty> {
        Some(match self {
            Value::Bool(_) => Ty::Bool,
            Value::Int(_) => Ty::Int,
            Value::UInt(_) => Ty::UInt,
            Value::Float(_) => Ty::Float,
            Value::Str(_) => Ty::Str,
            Value::Time(_) => Ty::Time,
            _ => return None,
        })
    }

    fn repr(&self) -> String {
        match self {
            Value::Null => "\u{0}null".into(),
            Value::Str(s) => format!("s{s}"),
            other => format!("{}{}", other.type_name(), other.number().map(|n| n.to_string()).unwrap_or_default()),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::UInt(u) => Some(*u as f64),
            Value::Float(f) => Some(*f),
            Value::Time(t) | Value::Duration(t) => Some(*t as f64),
            Value::Bool(b) => Some(*b as i64 as f64),
            _ => None,
        }
    }

    fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
}

/// Orders two values of comparable types (numbers across int/uint/float); `None` otherwise.
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Time(x), Value::Time(y)) | (Value::Duration(x), Value::Duration(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::UInt(_) | Value::Float(_), Value::Int(_) | Value::UInt(_) | Value::Float(_)) => {
            a.number()?.partial_cmp(&b.number()?)
        }
        _ => None,
    }
}

/// Sort order with nulls first.
fn sort_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

/// A lexical scope.
#[derive(Clone)]
pub struct Scope(Rc<ScopeNode>);

struct ScopeNode {
    vars: RefCell<HashMap<String, Value>>,
    parent: Option<Scope>,
}

impl Scope {
    fn root() -> Scope {
        Scope(Rc::new(ScopeNode { vars: RefCell::new(HashMap::new()), parent: None }))
    }
    fn child(&self) -> Scope {
        Scope(Rc::new(ScopeNode { vars: RefCell::new(HashMap::new()), parent: Some(self.clone()) }))
    }
    fn get(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.0.vars.borrow().get(name) {
            return Some(v.clone());
        }
        self.0.parent.as_ref()?.get(name)
    }
    fn set(&self, name: &str, v: Value) {
        self.0.vars.borrow_mut().insert(name.to_owned(), v);
    }
}

// ---------------------------------------------------------------- names

/// The universe functions the interpreter runs.
const IMPLEMENTED: &[&str] = &[
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

const PACKAGES: &[(&str, &str)] = &[
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

fn universe_value(name: &str) -> Option<Value> {
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

// ---------------------------------------------------------------- interpreter

/// One result of a query, in the order of its yield.
pub struct Output {
    pub name: String,
    pub tables: R<Vec<Table>>,
}

pub struct Interp<'a> {
    pub now: i128,
    pub db: &'a Db,
    /// The buckets of the org: (name, id).
    pub buckets: &'a [(String, String)],
    outputs: Vec<(String, Rc<Stream>, bool, Span)>,
    unknown_bucket: Option<String>,
}

struct Arg {
    name: String,
    value: Value,
    span: Span,
}

/// The arguments of one call, taken by name.
struct Args {
    list: Vec<Arg>,
    /// Every name passed, for the hint of an unexpected one.
    given: Vec<String>,
    call: Span,
    func: &'static str,
}

/// The parameters of each builtin (besides the piped `tables`), in libflux's (sorted) order,
/// for `found unexpected argument x (Expected one of …)`.
fn signature(func: &str) -> &'static [&'static str] {
    match func {
        "range" => &["start", "stop"],
        "filter" => &["fn", "onEmpty"],
        "map" => &["fn"],
        "yield" => &["name"],
        "aggregateWindow" => &["column", "createEmpty", "every", "fn", "location", "offset", "period", "timeDst", "timeSrc"],
        "mean" | "sum" | "count" | "spread" | "min" | "max" | "first" | "last" => &["column"],
        "median" => &["column", "compression", "method"],
        "stddev" => &["column", "mode"],
        "limit" | "tail" => &["n", "offset"],
        "sort" => &["columns", "desc"],
        "group" => &["columns", "mode"],
        "keep" | "drop" | "rename" => &["columns", "fn"],
        "duplicate" => &["as", "column"],
        "set" => &["key", "value"],
        "fill" => &["column", "usePrevious", "value"],
        "pivot" => &["columnKey", "rowKey", "valueColumn"],
        "timeShift" => &["columns", "duration"],
        "derivative" => &["columns", "initialZero", "nonNegative", "timeColumn", "unit"],
        "difference" => &["columns", "initialZero", "keepFirst", "nonNegative"],
        "from" => &["bucket", "bucketID", "host", "org", "orgID", "token"],
        "die" => &["msg"],
        "string" | "float" | "int" | "bool" => &["v"],
        "length" => &["arr"],
        "array.from" => &["rows"],
        _ => &[],
    }
}

/// libflux's `found unexpected argument x (Expected `a`)` / `(Expected one of `a`, `b` or `c`)`.
fn unexpected_argument(arg: &Arg, expected: &[&str]) -> FluxError {
    let mut m = format!("error {}: found unexpected argument {}", arg.span, arg.name);
    if !expected.is_empty() {
        m.push_str(" (Expected");
        if expected.len() > 1 {
            m.push_str(" one of");
        }
        for (i, e) in expected.iter().enumerate() {
            match i {
                0 => m.push_str(&format!(" `{e}`")),
                _ if i == expected.len() - 1 => m.push_str(&format!(" or `{e}`")),
                _ => m.push_str(&format!(", `{e}`")),
            }
        }
        m.push(')');
    }
    FluxError::invalid(m)
}

impl Args {
    fn take(&mut self, name: &str) -> Option<Value> {
        let i = self.list.iter().position(|a| a.name == name)?;
        Some(self.list.remove(i).value)
    }

    fn required(&mut self, name: &str) -> R<Value> {
        self.take(name).ok_or_else(|| FluxError::invalid(format!("error {}: missing required argument {name}", self.call)))
    }

    fn string(&mut self, name: &str, default: &str) -> R<String> {
        match self.take(name) {
            None => Ok(default.to_owned()),
            Some(Value::Str(s)) => Ok(s),
            Some(other) => Err(self.type_error(name, "string", &other)),
        }
    }

    fn boolean(&mut self, name: &str, default: bool) -> R<bool> {
        match self.take(name) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(other) => Err(self.type_error(name, "bool", &other)),
        }
    }

    fn int(&mut self, name: &str, default: Option<i64>) -> R<i64> {
        match self.take(name) {
            None => default.ok_or_else(|| FluxError::invalid(format!("error {}: missing required argument {name}", self.call))),
            Some(Value::Int(i)) => Ok(i),
            Some(other) => Err(self.type_error(name, "int", &other)),
        }
    }

    fn duration(&mut self, name: &str, default: Option<i128>) -> R<i128> {
        match self.take(name) {
            None => default.ok_or_else(|| FluxError::invalid(format!("error {}: missing required argument {name}", self.call))),
            Some(Value::Duration(d)) => Ok(d),
            Some(other) => Err(self.type_error(name, "duration", &other)),
        }
    }

    fn strings(&mut self, name: &str, default: &[&str]) -> R<Vec<String>> {
        match self.take(name) {
            None => Ok(default.iter().map(|s| s.to_string()).collect()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Ok(s.clone()),
                    other => Err(self.type_error(name, "string", other)),
                })
                .collect(),
            Some(other) => Err(self.type_error(name, "[string]", &other)),
        }
    }

    fn type_error(&self, name: &str, want: &str, got: &Value) -> FluxError {
        FluxError::invalid(format!("error {}: expected {want} but found {} (argument {name})", self.call, got.type_name()))
    }

    fn required_strings(&mut self, name: &str) -> R<Vec<String>> {
        if !self.list.iter().any(|a| a.name == name) {
            return Err(FluxError::invalid(format!("error {}: missing required argument {name}", self.call)));
        }
        self.strings(name, &[])
    }

    /// Refuses arguments nobody took.
    fn done(&self) -> R<()> {
        match self.list.first() {
            Some(a) => {
                let expected: Vec<&str> = signature(self.func).iter().copied().filter(|p| !self.given.iter().any(|g| g == p)).collect();
                Err(unexpected_argument(a, &expected))
            }
            None => Ok(()),
        }
    }
}

enum Flow {
    Next,
    Return(Value),
}

impl<'a> Interp<'a> {
    pub fn new(now: i128, db: &'a Db, buckets: &'a [(String, String)]) -> Self {
        Interp { now, db, buckets, outputs: Vec::new(), unknown_bucket: None }
    }

    /// Runs the extern's statements, then the script's, and returns the results in order.
    pub fn run(mut self, extern_stmts: &[Stmt], stmts: &[Stmt]) -> R<Vec<Output>> {
        let global = Scope::root();
        for s in extern_stmts {
            self.statement(s, &global, false)?;
        }
        for s in stmts {
            self.statement(s, &global, true)?;
        }
        if self.outputs.is_empty() {
            return Err(FluxError::invalid(
                "error in query specification while starting program: this Flux script returns no streaming data. Consider adding a \"yield\" or invoking streaming functions directly, without performing an assignment",
            ));
        }
        for (i, (name, stream, explicit, _)) in self.outputs.iter().enumerate() {
            if let Stream::Unbounded { bucket, .. } = &**stream {
                return Err(plan_error(format!(
                    "cannot submit unbounded read to \"{bucket}\"; try bounding 'from' with a call to 'range'"
                )));
            }
            if self.outputs[..i].iter().any(|(n, ..)| n == name) {
                return Err(if *explicit {
                    plan_error(format!("found more than one call to yield() with the name \"{name}\""))
                } else {
                    FluxError::invalid(format!(
                        "failed to initialize execute state: tried to produce more than one result with the name \"{name}\""
                    ))
                });
            }
        }
        if let Some(b) = self.unknown_bucket {
            return Err(FluxError::not_found(format!("failed to initialize execute state: could not find bucket \"{b}\"")));
        }
        Ok(self
            .outputs
            .into_iter()
            .map(|(name, stream, _, _)| {
                let tables = match Rc::try_unwrap(stream) {
                    Ok(Stream::Tables { tables, .. }) => Ok(tables),
                    Ok(Stream::Failed(e)) => Err(e),
                    Err(shared) => match &*shared {
                        Stream::Tables { tables, .. } => Ok(tables.clone()),
                        Stream::Failed(e) => Err(e.clone()),
                        Stream::Unbounded { .. } => Ok(Vec::new()),
                    },
                    Ok(Stream::Unbounded { .. }) => Ok(Vec::new()),
                };
                Output { name, tables }
            })
            .collect())
    }

    fn statement(&mut self, s: &Stmt, scope: &Scope, top: bool) -> R<Flow> {
        match s {
            Stmt::Import { path, alias, .. } => {
                let name = alias
                    .clone()
                    .unwrap_or_else(|| PACKAGES.iter().find(|(p, _)| p == path).map(|(_, n)| n.to_string()).unwrap_or_default());
                let pkg = PACKAGES.iter().find(|(p, _)| p == path).map(|(_, n)| *n).unwrap_or("universe");
                scope.set(&name, Value::Package(pkg));
            }
            Stmt::Option { name, value, .. } => {
                let v = self.eval(value, scope)?;
                if !name.contains('.') {
                    scope.set(name, v);
                }
            }
            Stmt::Assign { name, value, .. } => {
                let v = self.eval(value, scope)?;
                scope.set(name, v);
            }
            Stmt::Return(e) => return Ok(Flow::Return(self.eval(e, scope)?)),
            Stmt::Expr(e) => {
                let v = self.eval(e, scope)?;
                // A stream that does not end in yield() is yielded as `_result`.
                if let (true, Value::Stream(stream)) = (top, v) {
                    let yielded = matches!(&e.kind, ExprKind::Pipe { call, .. }
                        if matches!(&call.kind, ExprKind::Call { callee, .. } if matches!(&callee.kind, ExprKind::Ident(n) if n == "yield")));
                    if !yielded {
                        self.outputs.push(("_result".into(), stream, false, e.span));
                    }
                }
            }
        }
        Ok(Flow::Next)
    }

    fn eval(&mut self, e: &Expr, scope: &Scope) -> R<Value> {
        Ok(match &e.kind {
            ExprKind::Ident(name) => match scope.get(name).or_else(|| universe_value(name)) {
                Some(v) => v,
                None => return Err(FluxError::invalid(format!("error {}: undefined identifier {name}", e.span))),
            },
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Str(s) => Value::Str(s.clone()),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Duration(d) => Value::Duration(*d),
            ExprKind::Time(t) => Value::Time(*t),
            ExprKind::Regex(r) => match regex::Regex::new(r) {
                Ok(re) => Value::Regex(Rc::new(re)),
                Err(err) => return Err(FluxError::invalid(format!("error {}: {err}", e.span))),
            },
            ExprKind::Array(items) => Value::Array(Rc::new(items.iter().map(|i| self.eval(i, scope)).collect::<R<Vec<_>>>()?)),
            ExprKind::Record { with, props } => {
                let mut fields = match with {
                    Some(w) => match self.eval(w, scope)? {
                        Value::Record(r) => r.fields.clone(),
                        other => return Err(FluxError::invalid(format!("error {}: expected record, got {}", w.span, other.type_name()))),
                    },
                    None => Vec::new(),
                };
                for p in props {
                    let v = self.eval(&p.value, scope)?;
                    match fields.iter_mut().find(|(k, _)| *k == p.key) {
                        Some(slot) => slot.1 = v,
                        None => fields.push((p.key.clone(), v)),
                    }
                }
                Value::Record(Rc::new(Record { fields, open: false }))
            }
            ExprKind::Func(def) => Value::Func(Rc::new(Closure { def: def.clone(), scope: scope.clone() })),
            ExprKind::Call { callee, args } => {
                let f = self.eval(callee, scope)?;
                let args = self.eval_args(args, scope)?;
                self.call(&f, args, None, e.span)?
            }
            ExprKind::Pipe { arg, call } => {
                let input = self.eval(arg, scope)?;
                let ExprKind::Call { callee, args } = &call.kind else { unreachable!("the parser only pipes into calls") };
                let f = self.eval(callee, scope)?;
                let args = self.eval_args(args, scope)?;
                self.call(&f, args, Some(input), call.span)?
            }
            ExprKind::Member { object, property } => {
                let o = self.eval(object, scope)?;
                self.member(o, property, object.span)?
            }
            ExprKind::Index { object, index } => {
                let (o, i) = (self.eval(object, scope)?, self.eval(index, scope)?);
                match (o, i) {
                    (Value::Array(items), Value::Int(i)) => match items.get(i as usize) {
                        Some(v) if i >= 0 => v.clone(),
                        _ => return Err(FluxError::invalid(format!("error {}: index out of bounds: {i}", e.span))),
                    },
                    (Value::Record(r), Value::Str(k)) => {
                        r.fields.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or(Value::Null)
                    }
                    (o, _) => return Err(FluxError::invalid(format!("error {}: cannot index into {}", e.span, o.type_name()))),
                }
            }
            ExprKind::Unary { op, arg } => {
                let v = self.eval(arg, scope)?;
                unary(*op, v).map_err(|m| FluxError::invalid(format!("error {}: {m}", e.span)))?
            }
            ExprKind::Logical { and, left, right } => {
                let l = self.eval(left, scope)?;
                match (and, &l) {
                    (true, Value::Bool(false)) => Value::Bool(false),
                    (false, Value::Bool(true)) => Value::Bool(true),
                    _ => {
                        let r = self.eval(right, scope)?;
                        match (and, &l, &r) {
                            (true, _, Value::Bool(false)) => Value::Bool(false),
                            (false, _, Value::Bool(true)) => Value::Bool(true),
                            (_, Value::Bool(_), Value::Bool(b)) => Value::Bool(*b),
                            _ => Value::Null,
                        }
                    }
                }
            }
            ExprKind::Binary { op, left, right } => {
                let (l, r) = (self.eval(left, scope)?, self.eval(right, scope)?);
                binary(*op, l, r).map_err(|m| FluxError::invalid(format!("error {}: {m}", e.span)))?
            }
            ExprKind::Cond { test, cons, alt } => {
                if self.eval(test, scope)?.is_true() {
                    self.eval(cons, scope)?
                } else {
                    self.eval(alt, scope)?
                }
            }
        })
    }

    fn eval_args(&mut self, props: &[super::syntax::Prop], scope: &Scope) -> R<Vec<Arg>> {
        props.iter().map(|p| Ok(Arg { name: p.key.clone(), value: self.eval(&p.value, scope)?, span: p.value.span })).collect()
    }

    fn member(&mut self, o: Value, property: &str, object_span: Span) -> R<Value> {
        Ok(match o {
            Value::Record(r) => match r.fields.iter().find(|(k, _)| k == property) {
                Some((_, v)) => v.clone(),
                None if r.open => Value::Null,
                None => return Err(FluxError::invalid(format!("error {object_span}: record is missing label {property}"))),
            },
            Value::Package(pkg) => match (pkg, property) {
                ("array", "from") => Value::Builtin("array.from"),
                ("schema", "fieldsAsCols") => Value::Builtin("schema.fieldsAsCols"),
                _ => Value::Unimplemented(Rc::from(format!("{pkg}.{property}"))),
            },
            other => return Err(FluxError::invalid(format!("error {object_span}: expected record, got {}", other.type_name()))),
        })
    }

    /// Calls a function value: a closure, or a builtin (with the piped value, if any).
    fn call(&mut self, f: &Value, args: Vec<Arg>, pipe: Option<Value>, span: Span) -> R<Value> {
        match f {
            Value::Func(c) => self.call_closure(c, args, pipe, span),
            Value::Unimplemented(name) => Err(not_implemented(name, span)),
            Value::Builtin(name) => {
                let name: &'static str = name;
                let given = args.iter().map(|a| a.name.clone()).collect();
                let mut a = Args { list: args, given, call: span, func: name };
                self.builtin(name, &mut a, pipe)
            }
            other => Err(FluxError::invalid(format!("error {span}: cannot call {}", other.type_name()))),
        }
    }

    fn call_closure(&mut self, c: &Closure, args: Vec<Arg>, pipe: Option<Value>, span: Span) -> R<Value> {
        let scope = c.scope.child();
        let mut args = args;
        let mut pipe = pipe;
        for p in &c.def.params {
            let v = match args.iter().position(|a| a.name == p.name) {
                Some(i) => args.remove(i).value,
                None if p.pipe && pipe.is_some() => pipe.take().unwrap_or(Value::Null),
                None => match &p.default {
                    Some(d) => self.eval(d, &scope)?,
                    None => return Err(FluxError::invalid(format!("error {span}: missing required argument {}", p.name))),
                },
            };
            scope.set(&p.name, v);
        }
        if let Some(a) = args.first() {
            let mut expected: Vec<&str> = c.def.params.iter().filter(|p| !p.pipe).map(|p| p.name.as_str()).collect();
            expected.sort();
            return Err(unexpected_argument(a, &expected));
        }
        match &c.def.body {
            Body::Expr(e) => self.eval(e, &scope),
            Body::Block(stmts) => {
                for s in stmts {
                    if let Flow::Return(v) = self.statement(s, &scope, false)? {
                        return Ok(v);
                    }
                }
                Ok(Value::Null)
            }
        }
    }

    /// Calls `f` with one record argument named `param` (`r` for filter and map).
    fn call_row_fn(&mut self, f: &Value, param: &str, row: Value, extra: Vec<Arg>) -> R<Value> {
        let mut args = vec![Arg { name: param.into(), value: row, span: Span::default() }];
        args.extend(extra);
        match f {
            Value::Func(c) => {
                // Flux passes `r` by name; a function that names its parameter otherwise gets it anyway.
                if let Some(p) = c.def.params.first() {
                    if p.name != param && !c.def.params.iter().any(|q| q.name == param) {
                        args[0].name = p.name.clone();
                    }
                }
                self.call_closure(c, args, None, Span::default())
            }
            other => self.call(other, args, None, Span::default()),
        }
    }

    fn bucket_exists(&mut self, bucket: &str) {
        if !self.buckets.iter().any(|(n, id)| n == bucket || id == bucket) && self.unknown_bucket.is_none() {
            self.unknown_bucket = Some(bucket.to_owned());
        }
    }

    fn builtin(&mut self, name: &'static str, a: &mut Args, pipe: Option<Value>) -> R<Value> {
        let span = a.call;
        match name {
            "now" => {
                a.done()?;
                Ok(Value::Time(self.now))
            }
            "die" => {
                let msg = a.string("msg", "")?;
                Err(FluxError::invalid(msg))
            }
            "string" | "float" | "int" | "bool" => {
                let v = a.required("v")?;
                a.done()?;
                convert(name, v).map_err(|m| call_error(name, span, m))
            }
            "length" => match a.required("arr")? {
                Value::Array(items) => Ok(Value::Int(items.len() as i64)),
                other => Err(call_error(name, span, format!("expected array, got {}", other.type_name()))),
            },
            "from" => {
                let bucket = match (a.take("bucket"), a.take("bucketID")) {
                    (Some(Value::Str(b)), _) | (None, Some(Value::Str(b))) => b,
                    _ => return Err(call_error(name, span, "must specify one of bucket or bucketID")),
                };
                a.done()?;
                self.bucket_exists(&bucket);
                Ok(Value::Stream(Rc::new(Stream::Unbounded { bucket, filters: Vec::new() })))
            }
            "array.from" => {
                let rows = match a.required("rows")? {
                    Value::Array(rows) => rows,
                    other => return Err(call_error(name, span, format!("expected array, got {}", other.type_name()))),
                };
                a.done()?;
                let table = table_from_records(&rows).map_err(|m| call_error(name, span, m))?;
                Ok(Value::Stream(Rc::new(Stream::Tables { tables: vec![table], storage: false })))
            }
            _ => {
                let Some(input) = pipe.or_else(|| a.take("tables")) else {
                    if IMPLEMENTED.contains(&name) {
                        return Err(FluxError::invalid(format!("error {span}: missing required argument tables")));
                    }
                    return Err(not_implemented(name, span));
                };
                let Value::Stream(stream) = input else {
                    return Err(call_error(name, span, format!("expected stream, got {}", input.type_name())));
                };
                self.transform(name, a, stream)
            }
        }
    }

    /// A transformation of a stream of tables.
    fn transform(&mut self, name: &'static str, a: &mut Args, input: Rc<Stream>) -> R<Value> {
        let span = a.call;
        let stream = |s: Stream| Ok(Value::Stream(Rc::new(s)));
        // Transformations that work on the unbounded source.
        if let Stream::Unbounded { bucket, filters } = &*input {
            match name {
                "range" => {
                    let (start, stop) = self.range_args(a)?;
                    if start >= stop {
                        return Err(plan_error("cannot query an empty range"));
                    }
                    let mut tables = self.db.read(start, stop);
                    for (f, fspan) in filters.clone() {
                        match self.filter(tables, &f, "drop", fspan) {
                            Ok(t) => tables = t,
                            Err(e) => return stream(Stream::Failed(e)),
                        }
                    }
                    return stream(Stream::Tables { tables, storage: true });
                }
                "filter" => {
                    let f = a.required("fn")?;
                    a.string("onEmpty", "drop")?;
                    a.done()?;
                    let mut filters = filters.clone();
                    filters.push((f, span));
                    return stream(Stream::Unbounded { bucket: bucket.clone(), filters });
                }
                "yield" => {
                    let result = a.string("name", "_result")?;
                    a.done()?;
                    self.outputs.push((result, input.clone(), true, span));
                    return Ok(Value::Stream(input));
                }
                _ => {
                    return Err(plan_error(format!(
                        "cannot submit unbounded read to \"{bucket}\"; try bounding 'from' with a call to 'range'"
                    )))
                }
            }
        }
        let storage = matches!(&*input, Stream::Tables { storage: true, .. });
        // Check the arguments first: a bad one refuses the query even if the input failed.
        let op = self.op_args(name, a, storage)?;
        if let Op::Yield(result) = &op {
            self.outputs.push((result.clone(), input.clone(), true, span));
            return Ok(Value::Stream(input));
        }
        let tables = match &*input {
            Stream::Failed(e) => return stream(Stream::Failed(e.clone())),
            Stream::Tables { tables, .. } => tables.clone(),
            Stream::Unbounded { .. } => unreachable!("handled above"),
        };
        let keeps_storage = matches!(op, Op::Filter { .. } | Op::Range { .. });
        match self.apply(op, tables, span) {
            Ok(tables) => stream(Stream::Tables { tables, storage: storage && keeps_storage }),
            Err(e) => stream(Stream::Failed(e)),
        }
    }

    fn time_arg(&self, a: &Args, v: Value) -> R<i128> {
        match v {
            Value::Time(t) => Ok(t),
            Value::Duration(d) => Ok(self.now + d),
            Value::Int(secs) => Ok(secs as i128 * 1_000_000_000),
            other => Err(call_error("range", a.call, format!("value is not a time, got {}", other.type_name()))),
        }
    }

    fn range_args(&self, a: &mut Args) -> R<(i128, i128)> {
        let start = a.required("start")?;
        let stop = a.take("stop").unwrap_or(Value::Time(self.now));
        a.done()?;
        Ok((self.time_arg(a, start)?, self.time_arg(a, stop)?))
    }

    /// Reads a transformation's arguments (errors here refuse the query).
    fn op_args(&mut self, name: &'static str, a: &mut Args, storage: bool) -> R<Op> {
        let span = a.call;
        let op = match name {
            "range" => {
                let (start, stop) = self.range_args(a)?;
                if start >= stop {
                    return Err(plan_error("cannot query an empty range"));
                }
                Op::Range { start, stop }
            }
            "filter" => Op::Filter { f: a.required("fn")?, on_empty: a.string("onEmpty", "drop")? },
            "map" => Op::Map { f: a.required("fn")? },
            "yield" => Op::Yield(a.string("name", "_result")?),
            "aggregateWindow" => {
                let every = a.duration("every", None)?;
                let period = a.duration("period", Some(every))?;
                let offset = a.duration("offset", Some(0))?;
                let f = a.required("fn")?;
                let column = a.string("column", "_value")?;
                let time_src = a.string("timeSrc", "_stop")?;
                let time_dst = a.string("timeDst", "_time")?;
                let create_empty = a.boolean("createEmpty", true)?;
                let inner = "error calling function \"window\" @universe/universe.flux|3894:12-3900:10";
                if every < 0 || period < 0 {
                    let which = if every < 0 { "every" } else { "period" };
                    return Err(call_error(name, span, format!("{inner}: parameter \"{which}\" must be non-negative")));
                }
                if every == 0 && period == 0 {
                    return Err(call_error(
                        name,
                        span,
                        format!("{inner}: window function requires at least one of \"every\" or \"period\" to be set and non-zero"),
                    ));
                }
                let pushdown =
                    storage && matches!(&f, Value::Builtin(n) if ["mean", "sum", "count", "min", "max", "first", "last"].contains(n));
                Op::AggregateWindow { every, period, offset, f, column, time_src, time_dst, create_empty, pushdown }
            }
            "mean" | "median" | "sum" | "count" | "spread" | "stddev" => {
                Op::Aggregate { func: name, column: a.string("column", "_value")?, pushdown: storage }
            }
            "min" | "max" | "first" | "last" => Op::Select { func: name, column: a.string("column", "_value")? },
            "limit" | "tail" => Op::Limit { tail: name == "tail", n: a.int("n", None)?, offset: a.int("offset", Some(0))? },
            "sort" => Op::Sort { columns: a.strings("columns", &["_value"])?, desc: a.boolean("desc", false)? },
            "group" => {
                let columns = a.strings("columns", &[])?;
                let mode = a.string("mode", "by")?;
                if mode != "by" && mode != "except" {
                    return Err(call_error(name, span, format!("unknown group mode \"{mode}\"")));
                }
                Op::Group { columns, except: mode == "except", storage }
            }
            "keep" | "drop" => Op::Keep { keep: name == "keep", columns: a.strings("columns", &[])? },
            "rename" => {
                let Value::Record(r) = a.required("columns")? else {
                    return Err(call_error(name, span, "columns must be a record of strings"));
                };
                let pairs = r.fields.iter().map(|(k, v)| match v {
                    Value::Str(s) => Ok((k.clone(), s.clone())),
                    _ => Err(call_error(name, span, "columns must be a record of strings")),
                });
                Op::Rename(pairs.collect::<R<Vec<_>>>()?)
            }
            "duplicate" => Op::Duplicate { column: a.string("column", "")?, as_: a.string("as", "")? },
            "set" => Op::Set { key: a.string("key", "")?, value: a.string("value", "")? },
            "fill" => {
                Op::Fill { column: a.string("column", "_value")?, value: a.take("value"), previous: a.boolean("usePrevious", false)? }
            }
            "pivot" => {
                let (row_key, column_key) = (a.required_strings("rowKey")?, a.required_strings("columnKey")?);
                let value = match a.required("valueColumn")? {
                    Value::Str(v) => v,
                    other => return Err(a.type_error("valueColumn", "string", &other)),
                };
                Op::Pivot { row_key, column_key, value }
            }
            "schema.fieldsAsCols" => Op::Pivot { row_key: vec!["_time".into()], column_key: vec!["_field".into()], value: "_value".into() },
            "timeShift" => {
                Op::TimeShift { by: a.duration("duration", None)?, columns: a.strings("columns", &["_start", "_stop", "_time"])? }
            }
            "derivative" => {
                let unit = a.duration("unit", Some(1_000_000_000))?;
                let non_negative = a.boolean("nonNegative", false)?;
                let columns = a.strings("columns", &["_value"])?;
                let time = a.string("timeColumn", "_time")?;
                Op::Derivative { unit, non_negative, columns, time }
            }
            "difference" => Op::Difference { non_negative: a.boolean("nonNegative", false)?, columns: a.strings("columns", &["_value"])? },
            "toFloat" | "toInt" | "toString" | "toBool" => Op::Convert(match name {
                "toFloat" => "float",
                "toInt" => "int",
                "toString" => "string",
                _ => "bool",
            }),
            _ => return Err(not_implemented(name, span)),
        };
        a.done()?;
        Ok(op)
    }

    /// Runs a transformation; errors are runtime errors of the result.
    fn apply(&mut self, op: Op, tables: Vec<Table>, span: Span) -> R<Vec<Table>> {
        let runtime = |func: &str, m: String| FluxError::invalid(format!("runtime error {span}: {func}: {m}"));
        match op {
            Op::Yield(_) => Ok(tables),
            Op::Range { start, stop } => Ok(tables
                .into_iter()
                .map(|mut t| {
                    let ti = t.idx("_time");
                    t.rows.retain(|r| ti.is_none_or(|i| matches!(r[i], Value::Time(x) if x >= start && x < stop)));
                    set_column(&mut t, "_start", Value::Time(start));
                    set_column(&mut t, "_stop", Value::Time(stop));
                    t
                })
                .collect()),
            Op::Filter { f, on_empty } => self.filter(tables, &f, &on_empty, span),
            Op::Map { f } => self.map(tables, &f, span),
            Op::AggregateWindow { every, period, offset, f, column, time_src, time_dst, create_empty, pushdown } => {
                let w = Window { every, period, offset, column, time_src, time_dst, create_empty, pushdown };
                tables
                    .into_iter()
                    .map(|t| self.aggregate_window(t, &w, &f, span))
                    .collect::<R<Vec<_>>>()
                    .map(|v| v.into_iter().flatten().collect())
            }
            Op::Aggregate { func, column, pushdown } => {
                tables.iter().map(|t| aggregate(func, t, &column, pushdown).map_err(|m| agg_error(func, span, m))).collect()
            }
            Op::Select { func, column } => tables.iter().map(|t| select(func, t, &column).map_err(|m| agg_error(func, span, m))).collect(),
            Op::Limit { tail, n, offset } => Ok(tables
                .into_iter()
                .map(|mut t| {
                    let len = t.rows.len();
                    let (n, offset) = (n.max(0) as usize, offset.max(0) as usize);
                    let range = if tail {
                        len.saturating_sub(n + offset)..len.saturating_sub(offset)
                    } else {
                        offset.min(len)..(offset + n).min(len)
                    };
                    t.rows = t.rows[range].to_vec();
                    t
                })
                .collect()),
            Op::Sort { columns, desc } => Ok(tables
                .into_iter()
                .map(|mut t| {
                    let idx: Vec<usize> = columns.iter().filter_map(|c| t.idx(c)).collect();
                    t.rows.sort_by(|a, b| {
                        let o = idx.iter().map(|i| sort_cmp(&a[*i], &b[*i])).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal);
                        if desc {
                            o.reverse()
                        } else {
                            o
                        }
                    });
                    t
                })
                .collect()),
            Op::Group { mut columns, except, storage } => {
                // influxd's storage groups (ReadGroup) always keep the range in the key.
                if storage && !except {
                    columns.extend(["_start".to_owned(), "_stop".to_owned()]);
                }
                Ok(group(tables, &columns, except))
            }
            Op::Keep { keep, columns } => Ok(tables.into_iter().map(|t| t.project(|c| columns.contains(&c.label) == keep)).collect()),
            Op::Rename(pairs) => Ok(tables
                .into_iter()
                .map(|mut t| {
                    for (from, to) in &pairs {
                        if let Some(c) = t.cols.iter_mut().find(|c| &c.label == from) {
                            c.label = to.clone();
                        }
                        if let Some(k) = t.key.iter_mut().find(|k| *k == from) {
                            *k = to.clone();
                        }
                    }
                    t
                })
                .collect()),
            Op::Duplicate { column, as_ } => tables
                .into_iter()
                .map(|mut t| {
                    let i = t.idx(&column).ok_or_else(|| runtime("duplicate", format!("no column \"{column}\" exists")))?;
                    let ty = t.cols[i].ty;
                    match t.idx(&as_) {
                        Some(j) => {
                            t.cols[j].ty = ty;
                            t.rows.iter_mut().for_each(|r| r[j] = r[i].clone());
                        }
                        None => {
                            t.cols.push(Col::new(&as_, ty));
                            t.rows.iter_mut().for_each(|r| {
                                let v = r[i].clone();
                                r.push(v)
                            });
                        }
                    }
                    Ok(t)
                })
                .collect(),
            Op::Set { key, value } => Ok(tables
                .into_iter()
                .map(|mut t| {
                    set_column(&mut t, &key, Value::Str(value.clone()));
                    t
                })
                .collect()),
            Op::Fill { column, value, previous } => tables
                .into_iter()
                .map(|mut t| {
                    let Some(i) = t.idx(&column) else { return Err(runtime("fill", format!("fill column not found: {column}"))) };
                    let mut last = Value::Null;
                    for r in &mut t.rows {
                        if matches!(r[i], Value::Null) {
                            r[i] = if previous { last.clone() } else { value.clone().unwrap_or(Value::Null) };
                        }
                        last = r[i].clone();
                    }
                    Ok(t)
                })
                .collect(),
            Op::Pivot { row_key, column_key, value } => pivot(tables, &row_key, &column_key, &value).map_err(|m| runtime("pivot", m)),
            Op::TimeShift { by, columns } => Ok(tables
                .into_iter()
                .map(|mut t| {
                    for c in &columns {
                        if let Some(i) = t.idx(c) {
                            t.rows.iter_mut().for_each(|r| {
                                if let Value::Time(x) = r[i] {
                                    r[i] = Value::Time(x + by)
                                }
                            });
                            if let Some(k) = t.key.iter().position(|k| k == c) {
                                if let Value::Time(x) = t.key_vals[k] {
                                    t.key_vals[k] = Value::Time(x + by);
                                }
                            }
                        }
                    }
                    t
                })
                .collect()),
            Op::Derivative { unit, non_negative, columns, time } => tables
                .into_iter()
                .map(|t| derivative(t, unit, non_negative, &columns, &time).map_err(|m| runtime("derivative", m)))
                .collect(),
            Op::Difference { non_negative, columns } => {
                tables.into_iter().map(|t| difference(t, non_negative, &columns).map_err(|m| runtime("difference", m))).collect()
            }
            Op::Convert(to) => tables
                .into_iter()
                .map(|mut t| {
                    let Some(i) = t.idx("_value") else { return Ok(t) };
                    for r in &mut t.rows {
                        if !matches!(r[i], Value::Null) {
                            r[i] = convert(to, r[i].clone()).map_err(|m| runtime(&format!("to{}", capitalize(to)), m))?;
                        }
                    }
                    t.cols[i].ty = match to {
                        "float" => Ty::Float,
                        "int" => Ty::Int,
                        "string" => Ty::Str,
                        _ => Ty::Bool,
                    };
                    Ok(t)
                })
                .collect(),
        }
    }

    fn row_record(t: &Table, row: &[Value]) -> Value {
        Value::Record(Rc::new(Record { fields: t.cols.iter().zip(row).map(|(c, v)| (c.label.clone(), v.clone())).collect(), open: true }))
    }

    fn filter(&mut self, tables: Vec<Table>, f: &Value, on_empty: &str, span: Span) -> R<Vec<Table>> {
        let mut out = Vec::new();
        for mut t in tables {
            let mut keep = Vec::with_capacity(t.rows.len());
            for row in std::mem::take(&mut t.rows) {
                let r = Self::row_record(&t, &row);
                let v = self.call_row_fn(f, "r", r, Vec::new()).map_err(|e| {
                    FluxError::invalid(format!("runtime error {span}: filter: failed to evaluate filter function: {}", e.message))
                })?;
                if v.is_true() {
                    keep.push(row);
                }
            }
            t.rows = keep;
            if !t.rows.is_empty() || on_empty == "keep" {
                out.push(t);
            }
        }
        Ok(out)
    }

    fn map(&mut self, tables: Vec<Table>, f: &Value, span: Span) -> R<Vec<Table>> {
        let fail = |e: FluxError| FluxError::invalid(format!("runtime error {span}: map: failed to evaluate map function: {}", e.message));
        let mut out: Vec<Table> = Vec::new();
        for t in tables {
            let mut labels: Vec<String> = Vec::new();
            let mut records = Vec::new();
            for row in &t.rows {
                let v = self.call_row_fn(f, "r", Self::row_record(&t, row), Vec::new()).map_err(fail)?;
                let Value::Record(rec) = v else {
                    return Err(fail(FluxError::invalid(format!("expected record, got {}", v.type_name()))));
                };
                for (k, _) in &rec.fields {
                    if !labels.contains(k) {
                        labels.push(k.clone());
                    }
                }
                records.push(rec);
            }
            let mut cols: Vec<Col> = Vec::new();
            for l in &labels {
                let ty = records
                    .iter()
                    .filter_map(|r| r.fields.iter().find(|(k, _)| k == l).and_then(|(_, v)| v.ty()))
                    .next()
                    .or_else(|| t.idx(l).map(|i| t.cols[i].ty))
                    .unwrap_or(Ty::Str);
                cols.push(Col::new(l, ty));
            }
            let rows: Vec<Vec<Value>> = records
                .iter()
                .map(|r| {
                    labels.iter().map(|l| r.fields.iter().find(|(k, _)| k == l).map(|(_, v)| v.clone()).unwrap_or(Value::Null)).collect()
                })
                .collect();
            let key: Vec<String> = t.key.iter().filter(|k| labels.contains(k)).cloned().collect();
            if records.is_empty() {
                out.push(t.project(|_| true));
                continue;
            }
            // Rows whose key changed go to the table of their new key.
            let regrouped = Table::new(cols, key, rows);
            out.extend(split_by_key(regrouped));
        }
        Ok(merge_same_keys(out))
    }

    fn aggregate_window(&mut self, t: Table, w: &Window, f: &Value, span: Span) -> R<Vec<Table>> {
        let bound = |label: &str| match t.key_value(label).or_else(|| t.idx(label).and_then(|i| t.rows.first().map(|r| &r[i]))) {
            Some(Value::Time(x)) => Some(*x),
            _ => None,
        };
        let ti = t.idx("_time");
        // The rows in time order, with their times (rows without a time are in no window).
        let mut timed: Vec<(i128, usize)> = ti
            .map(|i| t.rows.iter().enumerate().filter_map(|(n, r)| if let Value::Time(x) = r[i] { Some((x, n)) } else { None }).collect())
            .unwrap_or_default();
        timed.sort_by_key(|(x, _)| *x);
        let (Some(start), Some(stop)) = (bound("_start").or(timed.first().map(|p| p.0)), bound("_stop").or(timed.last().map(|p| p.0 + 1)))
        else {
            return Ok(Vec::new());
        };
        let every = if w.every == 0 { w.period } else { w.every };
        let first = (start - w.offset).div_euclid(every) * every + w.offset - (w.period - every).max(0);
        let func_name = match f {
            Value::Builtin(n) => Some(*n),
            _ => None,
        };
        let selector = matches!(func_name, Some("min" | "max" | "first" | "last"));
        let skip_empty = selector || !w.create_empty;
        let mut out_rows = Vec::new();
        let mut out_cols: Option<Vec<Col>> = None;
        let mut windows = 0usize;
        let mut ws = first;
        while ws < stop {
            let (bs, be) = (ws.max(start), (ws + w.period).min(stop));
            let (lo, hi) = (timed.partition_point(|p| p.0 < bs), timed.partition_point(|p| p.0 < be));
            if lo == hi && skip_empty {
                // Straight to the first window that holds the next point.
                let Some((next, _)) = timed.get(hi) else { break };
                ws = (ws + every).max(first + ((next - w.period - first).div_euclid(every) + 1) * every);
                continue;
            }
            ws += every;
            if bs >= be {
                continue;
            }
            windows += 1;
            if windows > MAX_WINDOWS {
                return Err(FluxError::invalid(format!(
                    "runtime error {span}: aggregateWindow: the influx-devserver stops at {MAX_WINDOWS} windows per table; use a longer every"
                )));
            }
            let mut sub = Table { cols: t.cols.clone(), key: t.key.clone(), key_vals: t.key_vals.clone(), rows: Vec::new() };
            sub.rows = timed[lo..hi].iter().map(|(_, n)| t.rows[*n].clone()).collect();
            set_column(&mut sub, "_start", Value::Time(bs));
            set_column(&mut sub, "_stop", Value::Time(be));
            let mut result = match func_name {
                Some(name @ ("mean" | "median" | "sum" | "count" | "spread" | "stddev")) => {
                    aggregate(name, &sub, &w.column, w.pushdown).map_err(|m| agg_error(name, span, m))?
                }
                Some(name @ ("min" | "max" | "first" | "last")) => select(name, &sub, &w.column).map_err(|m| agg_error(name, span, m))?,
                _ => {
                    let input = Value::Stream(Rc::new(Stream::Tables { tables: vec![sub.clone()], storage: false }));
                    let args = vec![Arg { name: "column".into(), value: Value::Str(w.column.clone()), span }];
                    let v = match f {
                        Value::Func(c) => self.call_closure(c, args, Some(input), span)?,
                        other => self.call(other, args, Some(input), span)?,
                    };
                    match v {
                        Value::Stream(s) => match &*s {
                            Stream::Tables { tables, .. } => match tables.first() {
                                Some(t) => t.clone(),
                                None => continue,
                            },
                            Stream::Failed(e) => return Err(e.clone()),
                            Stream::Unbounded { .. } => continue,
                        },
                        other => {
                            return Err(call_error("aggregateWindow", span, format!("fn must return a stream, got {}", other.type_name())))
                        }
                    }
                }
            };
            // duplicate(column: timeSrc, as: timeDst): in place with pushdown, at the end otherwise.
            let src = result.idx(&w.time_src).map(|i| result.rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>()).unwrap_or_default();
            match result.idx(&w.time_dst) {
                Some(j) => result.rows.iter_mut().zip(src).for_each(|(r, v)| r[j] = v),
                None => {
                    // Pushed down, the time keeps its place among the input's columns.
                    let at = match (w.pushdown, t.idx(&w.time_dst)) {
                        (true, Some(p)) => result.cols.iter().filter(|c| t.idx(&c.label).is_some_and(|i| i < p)).count(),
                        _ => result.cols.len(),
                    };
                    result.cols.insert(at, Col::new(&w.time_dst, Ty::Time));
                    result.rows.iter_mut().zip(src).for_each(|(r, v)| r.insert(at, v));
                }
            }
            set_column(&mut result, "_start", Value::Time(start));
            set_column(&mut result, "_stop", Value::Time(stop));
            if out_cols.is_none() {
                out_cols = Some(result.cols.clone());
            }
            if out_cols.as_ref() == Some(&result.cols) {
                out_rows.extend(result.rows);
            }
        }
        let Some(cols) = out_cols else { return Ok(Vec::new()) };
        let mut table = Table::new(cols, t.key.clone(), out_rows);
        for (k, v) in t.key.iter().zip(&t.key_vals) {
            if let Some(i) = table.key.iter().position(|x| x == k) {
                table.key_vals[i] = v.clone();
            }
        }
        Ok(vec![table])
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn agg_error(func: &str, span: Span, m: String) -> FluxError {
    // Type errors come from influxd's storage layer without a span; others name the call.
    if m.starts_with("unsupported input type") {
        FluxError::invalid(m)
    } else {
        FluxError::invalid(format!("runtime error {span}: {func}: {m}"))
    }
}

/// More windows than this in one table is refused (a day of 1 ms windows would be 86 million).
const MAX_WINDOWS: usize = 100_000;

struct Window {
    every: i128,
    period: i128,
    offset: i128,
    column: String,
    time_src: String,
    time_dst: String,
    create_empty: bool,
    pushdown: bool,
}

enum Op {
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
fn set_column(t: &mut Table, label: &str, v: Value) {
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

fn unary(op: UnOp, v: Value) -> Result<Value, String> {
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

fn binary(op: BinOp, l: Value, r: Value) -> Result<Value, String> {
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

fn convert(to: &str, v: Value) -> Result<Value, String> {
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
fn aggregate(func: &str, t: &Table, column: &str, pushdown: bool) -> Result<Table, String> {
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
fn select(func: &str, t: &Table, column: &str) -> Result<Table, String> {
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
fn split_by_key(t: Table) -> Vec<Table> {
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
fn merge_same_keys(tables: Vec<Table>) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    for t in tables {
        match out.iter_mut().find(|o| o.key == t.key && o.cols == t.cols && o.key_repr() == t.key_repr()) {
            Some(o) => o.rows.extend(t.rows),
            None => out.push(t),
        }
    }
    out
}

fn group(tables: Vec<Table>, columns: &[String], except: bool) -> Vec<Table> {
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

fn pivot(tables: Vec<Table>, row_key: &[String], column_key: &[String], value: &str) -> Result<Vec<Table>, String> {
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

fn derivative(mut t: Table, unit: i128, non_negative: bool, columns: &[String], time: &str) -> Result<Table, String> {
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

fn difference(mut t: Table, non_negative: bool, columns: &[String]) -> Result<Table, String> {
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
fn table_from_records(rows: &[Value]) -> Result<Table, String> {
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
