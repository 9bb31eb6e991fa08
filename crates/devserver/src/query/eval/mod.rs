//! The interpreter: values, tables, the checks libflux makes before running (undefined
//! identifiers, import paths), and the transformations dashboards use, run eagerly over the
//! synthetic data. Errors come in influxd's three kinds: the query is refused before it runs
//! (a JSON error), or a result fails while running (an error table once data went out).
//!
//! Here: errors, types, tables and values, scopes. `check`: the names and checks before
//! running; `interp`: statements, expressions and builtin calls; `ops`: what the
//! transformations do to tables and values.

use super::data::Db;
use super::syntax::{BinOp, Body, Expr, ExprKind, FuncDef, Span, Stmt, UnOp};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

mod check;
mod interp;
mod ops;

pub use check::{check, defined_names, Binding};
pub use interp::{Interp, Output};
pub use ops::format_float;

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
