//! The `extern` of a query request: a Flux AST `File` as JSON, decoded as influxd decodes it.
//!
//! influxd (flux `lang.FluxCompiler`) wraps the raw bytes in
//! `{"type":"Package","package":"main","files":[…]}` and hands them to libflux, whose Rust
//! AST is read with serde_json. The types below have the same shape and serde attributes as
//! libflux's (`libflux/flux-core/src/ast/mod.rs`, flux v0.196.1) for the nodes a dashboard
//! sends, so a malformed extern gets the same message at the same line and column:
//! `compilation failed: extern json parse error: missing field `imports` at line 1 column 46`.
//! Nodes the dev server does not evaluate are accepted as any JSON.

use super::eval::FluxError;
use super::syntax::{unit_nanos, BinOp, Expr, ExprKind, Prop, Span, Stmt, UnOp};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;
use std::fmt;

/// libflux's `BaseNode`, flattened into every node (so unknown keys, `type` included, pass).
#[derive(Deserialize, Default)]
struct BaseNode {
    #[serde(default)]
    #[allow(dead_code)]
    location: Json,
}

fn null_default<'de, T: Deserialize<'de> + Default, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
struct Package {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(default, rename = "path")]
    _path: String,
    #[allow(dead_code)]
    package: String,
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default, flatten)]
    _base: BaseNode,
    package: Option<PackageClause>,
    #[serde(deserialize_with = "null_default")]
    imports: Vec<ImportDeclaration>,
    body: Vec<Statement>,
}

#[derive(Deserialize)]
struct PackageClause {
    #[serde(default, flatten)]
    _base: BaseNode,
    name: Identifier,
}

#[derive(Deserialize)]
struct ImportDeclaration {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(rename = "as")]
    alias: Option<Identifier>,
    path: StringLit,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Statement {
    #[serde(rename = "ExpressionStatement")]
    Expr(Box<ExprStmt>),
    #[serde(rename = "VariableAssignment")]
    Variable(Box<VariableAssgn>),
    #[serde(rename = "OptionStatement")]
    Option(Box<OptionStmt>),
    #[serde(rename = "ReturnStatement")]
    Return(Box<ReturnStmt>),
    #[serde(rename = "BadStatement")]
    Bad(de::IgnoredAny),
    #[serde(rename = "TestCaseStatement")]
    TestCase(de::IgnoredAny),
    #[serde(rename = "BuiltinStatement")]
    Builtin(de::IgnoredAny),
}

#[derive(Deserialize)]
struct ExprStmt {
    #[serde(default, flatten)]
    _base: BaseNode,
    expression: Expression,
}

#[derive(Deserialize)]
struct ReturnStmt {
    #[serde(default, flatten)]
    _base: BaseNode,
    argument: Expression,
}

#[derive(Deserialize)]
struct OptionStmt {
    #[serde(default, flatten)]
    _base: BaseNode,
    assignment: Assignment,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Assignment {
    #[serde(rename = "VariableAssignment")]
    Variable(Box<VariableAssgn>),
    #[serde(rename = "MemberAssignment")]
    Member(Box<MemberAssgn>),
}

#[derive(Deserialize)]
struct VariableAssgn {
    #[serde(default, flatten)]
    _base: BaseNode,
    id: Identifier,
    init: Expression,
}

#[derive(Deserialize)]
struct MemberAssgn {
    #[serde(default, flatten)]
    _base: BaseNode,
    member: MemberExpr,
    init: Expression,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Expression {
    Identifier(Identifier),
    #[serde(rename = "ArrayExpression")]
    Array(Box<ArrayExpr>),
    #[serde(rename = "DictExpression")]
    Dict(de::IgnoredAny),
    #[serde(rename = "FunctionExpression")]
    Function(de::IgnoredAny),
    #[serde(rename = "LogicalExpression")]
    Logical(Box<LogicalExpr>),
    #[serde(rename = "ObjectExpression")]
    Object(Box<ObjectExpr>),
    #[serde(rename = "MemberExpression")]
    Member(Box<MemberExpr>),
    #[serde(rename = "IndexExpression")]
    Index(Box<IndexExpr>),
    #[serde(rename = "BinaryExpression")]
    Binary(Box<BinaryExpr>),
    #[serde(rename = "UnaryExpression")]
    Unary(Box<UnaryExpr>),
    #[serde(rename = "PipeExpression")]
    PipeExpr(de::IgnoredAny),
    #[serde(rename = "CallExpression")]
    Call(Box<CallExpr>),
    #[serde(rename = "ConditionalExpression")]
    Conditional(Box<ConditionalExpr>),
    #[serde(rename = "StringExpression")]
    StringExpr(de::IgnoredAny),
    #[serde(rename = "ParenExpression")]
    Paren(Box<ParenExpr>),
    #[serde(rename = "IntegerLiteral")]
    Integer(IntegerLit),
    #[serde(rename = "FloatLiteral")]
    Float(FloatLit),
    #[serde(rename = "StringLiteral")]
    StringLit(StringLit),
    #[serde(rename = "DurationLiteral")]
    Duration(DurationLit),
    #[serde(rename = "UnsignedIntegerLiteral")]
    Uint(UintLit),
    #[serde(rename = "BooleanLiteral")]
    Boolean(BooleanLit),
    #[serde(rename = "DateTimeLiteral")]
    DateTime(DateTimeLit),
    #[serde(rename = "RegexpLiteral")]
    Regexp(RegexpLit),
    #[serde(rename = "PipeLiteral")]
    PipeLit(de::IgnoredAny),
    #[serde(rename = "LabelLiteral")]
    Label(de::IgnoredAny),
    #[serde(rename = "BadExpression")]
    Bad(de::IgnoredAny),
}

#[derive(Deserialize)]
struct Identifier {
    #[serde(default, flatten)]
    _base: BaseNode,
    name: String,
}

#[derive(Deserialize)]
struct ArrayItem {
    #[serde(flatten)]
    expression: Expression,
}

#[derive(Deserialize)]
struct ArrayExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(deserialize_with = "null_default")]
    elements: Vec<ArrayItem>,
}

#[derive(Deserialize)]
struct LogicalExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    operator: LogicalOperator,
    left: Expression,
    right: Expression,
}

#[derive(Deserialize)]
struct WithSource {
    #[serde(flatten)]
    source: Identifier,
}

#[derive(Deserialize)]
struct ObjectExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(default)]
    with: Option<WithSource>,
    #[serde(deserialize_with = "null_default")]
    properties: Vec<Property>,
}

#[derive(Deserialize)]
struct Property {
    #[serde(default, flatten)]
    _base: BaseNode,
    key: PropertyKey,
    value: Option<Expression>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum PropertyKey {
    Identifier(Identifier),
    #[serde(rename = "StringLiteral")]
    StringLit(StringLit),
}

impl PropertyKey {
    fn name(&self) -> &str {
        match self {
            PropertyKey::Identifier(i) => &i.name,
            PropertyKey::StringLit(s) => &s.value,
        }
    }
}

#[derive(Deserialize)]
struct MemberExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    object: Expression,
    property: PropertyKey,
}

#[derive(Deserialize)]
struct IndexExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    array: Expression,
    index: Expression,
}

#[derive(Deserialize)]
struct BinaryExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    operator: Operator,
    left: Expression,
    right: Expression,
}

#[derive(Deserialize)]
struct UnaryExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    operator: Operator,
    argument: Expression,
}

#[derive(Deserialize)]
struct CallExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    callee: Expression,
    #[serde(default)]
    arguments: Vec<Expression>,
}

#[derive(Deserialize)]
struct ParenExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    expression: Expression,
}

#[derive(Deserialize)]
struct ConditionalExpr {
    #[serde(default, flatten)]
    _base: BaseNode,
    test: Expression,
    consequent: Expression,
    alternate: Expression,
}

#[derive(Deserialize)]
struct IntegerLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(deserialize_with = "str_i64")]
    value: i64,
}

#[derive(Deserialize)]
struct UintLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(deserialize_with = "str_u64")]
    value: u64,
}

#[derive(Deserialize)]
struct FloatLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    value: f64,
}

#[derive(Deserialize)]
struct StringLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    value: String,
}

#[derive(Deserialize)]
struct BooleanLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    value: bool,
}

#[derive(Deserialize)]
struct RegexpLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    value: String,
}

#[derive(Deserialize)]
struct Duration {
    magnitude: i64,
    unit: String,
}

#[derive(Deserialize)]
struct DurationLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    values: Vec<Duration>,
}

#[derive(Deserialize)]
struct DateTimeLit {
    #[serde(default, flatten)]
    _base: BaseNode,
    #[serde(deserialize_with = "rfc3339")]
    value: i128,
}

struct StrNum<T>(std::marker::PhantomData<T>);

impl<T: std::str::FromStr> Visitor<'_> for StrNum<T>
where
    T::Err: fmt::Display,
{
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if std::any::type_name::<T>().contains("u64") {
            "a string representation for an unsigned integer"
        } else {
            "a string representation for an integer"
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse::<T>().map_err(E::custom)
    }
}

fn str_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_str(StrNum::<i64>(std::marker::PhantomData))
}

fn str_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_str(StrNum::<u64>(std::marker::PhantomData))
}

/// chrono's `DateTime<FixedOffset>` as libflux reads it, with chrono's messages.
fn rfc3339<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = i128;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an RFC 3339 formatted date and time string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i128, E> {
            chrono_parse(v).map_err(E::custom)
        }
    }
    d.deserialize_str(V)
}

/// chrono's relaxed RFC 3339 (`T`, `t` or a space between date and time; `Z`, `UTC`, `±hh:mm`
/// or `±hhmm`; trailing spaces) with chrono's `ParseError` messages, as influxd 2.8.0 gave them.
fn chrono_parse(v: &str) -> Result<i128, &'static str> {
    const TOO_SHORT: &str = "premature end of input";
    const NOT_ENOUGH: &str = "input is not enough for unique date and time";
    const INVALID: &str = "input contains invalid characters";
    let b = v.as_bytes();
    let mut i = 0;
    // Up to `max` digits; `at_end` is the error when the input has ended.
    let num = |i: &mut usize, max: usize, at_end: &'static str| -> Result<i64, &'static str> {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        match (start == *i, start >= b.len()) {
            (true, true) => Err(at_end),
            (true, false) => Err(INVALID),
            _ => Ok(v[start..*i].parse().unwrap_or(0)),
        }
    };
    let lit = |i: &mut usize, c: &[u8], at_end: &'static str| -> Result<(), &'static str> {
        match b.get(*i) {
            None => Err(at_end),
            Some(x) if c.contains(x) => {
                *i += 1;
                Ok(())
            }
            Some(_) => Err(INVALID),
        }
    };
    let year = num(&mut i, 4, TOO_SHORT)?;
    lit(&mut i, b"-", NOT_ENOUGH)?;
    let month = num(&mut i, 2, NOT_ENOUGH)?;
    lit(&mut i, b"-", NOT_ENOUGH)?;
    let day = num(&mut i, 2, NOT_ENOUGH)?;
    lit(&mut i, b"Tt ", NOT_ENOUGH)?;
    let hour = num(&mut i, 2, TOO_SHORT)?;
    lit(&mut i, b":", TOO_SHORT)?;
    let minute = num(&mut i, 2, TOO_SHORT)?;
    lit(&mut i, b":", TOO_SHORT)?;
    let second = num(&mut i, 2, TOO_SHORT)?;
    let mut frac = String::new();
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(if i >= b.len() { TOO_SHORT } else { INVALID });
        }
        frac = format!(".{}", &v[start..i.min(start + 9)]);
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let offset = match b.get(i) {
        None => return Err(TOO_SHORT),
        Some(b'Z' | b'z') => {
            i += 1;
            "Z".to_owned()
        }
        Some(b'U') if v[i..].starts_with("UTC") => {
            i += 3;
            "Z".to_owned()
        }
        Some(sign @ (b'+' | b'-')) => {
            i += 1;
            let h = num(&mut i, 2, TOO_SHORT)?;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            let m = num(&mut i, 2, TOO_SHORT)?;
            format!("{}{h:02}:{m:02}", *sign as char)
        }
        Some(_) => return Err(INVALID),
    };
    if !v[i..].trim().is_empty() {
        return Err("trailing input");
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&month) || day < 1 || day > days[(month as usize).clamp(1, 12) - 1] || hour > 23 || minute > 59 || second > 60 {
        return Err("input is out of range");
    }
    let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{offset}");
    dashboards_core::time::parse_rfc3339(&text).ok_or("input is out of range")
}

struct Operator(String);

impl<'de> Deserialize<'de> for Operator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Operator;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a valid string valid for an operator")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Operator, E> {
                const OPS: [&str; 21] = [
                    "*",
                    "/",
                    "%",
                    "^",
                    "+",
                    "-",
                    "<=",
                    "<",
                    ">=",
                    ">",
                    "startswith",
                    "in",
                    "not",
                    "exists",
                    "not empty",
                    "empty",
                    "==",
                    "!=",
                    "=~",
                    "!~",
                    "<INVALID_OP>",
                ];
                if OPS.contains(&v) {
                    Ok(Operator(v.to_owned()))
                } else {
                    Err(E::custom(format!("unknown operator: {v}")))
                }
            }
        }
        d.deserialize_str(V)
    }
}

struct LogicalOperator(bool);

impl<'de> Deserialize<'de> for LogicalOperator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LogicalOperator;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a valid string valid for an operator")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LogicalOperator, E> {
                match v {
                    "and" => Ok(LogicalOperator(true)),
                    "or" => Ok(LogicalOperator(false)),
                    _ => Err(E::custom(format!("unknown operator: {v}"))),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// A decoded extern: its statements (imports first) and its package clause, if any.
pub struct Extern {
    file: File,
}

/// Reads the raw `extern` bytes as influxd does (nothing to do for `null`, which the caller
/// leaves out). The error is the whole message influxd sends.
pub fn decode(raw: &str) -> Result<Extern, FluxError> {
    let wrapped = format!(r#"{{"type":"Package","package":"main","files":[{raw}]}}"#);
    match serde_json::from_str::<Package>(&wrapped) {
        Ok(mut p) => Ok(Extern { file: p.files.remove(0) }),
        Err(e) => Err(FluxError::invalid(format!("compilation failed: extern json parse error: {e}"))),
    }
}

impl Extern {
    /// A package clause other than `main` cannot be merged with the query (influxd: 500).
    pub fn package_error(&self, script_end: Span) -> Option<FluxError> {
        let name = &self.file.package.as_ref()?.name.name;
        (name != "main").then(|| {
            FluxError::internal(format!(
                "failed to merge packages: error at {script_end}: file is in default package \"main\", but other files are in package \"{name}\""
            ))
        })
    }

    /// The statements, ready to run before the query's. Nodes have no position (`@0:0-0:0`).
    pub fn statements(&self) -> Result<Vec<Stmt>, FluxError> {
        let mut out = Vec::new();
        for i in &self.file.imports {
            out.push(Stmt::Import { path: i.path.value.clone(), alias: i.alias.as_ref().map(|a| a.name.clone()), span: Span::default() });
        }
        for s in &self.file.body {
            out.push(match s {
                Statement::Expr(e) => Stmt::Expr(expr(&e.expression)?),
                Statement::Return(r) => Stmt::Return(expr(&r.argument)?),
                Statement::Variable(v) => Stmt::Assign { name: v.id.name.clone(), value: expr(&v.init)?, span: Span::default() },
                Statement::Option(o) => match &o.assignment {
                    Assignment::Variable(v) => Stmt::Option { name: v.id.name.clone(), value: expr(&v.init)?, span: Span::default() },
                    Assignment::Member(m) => {
                        let object = match &m.member.object {
                            Expression::Identifier(i) => i.name.clone(),
                            _ => return Err(unsupported("a MemberAssignment to a non-identifier")),
                        };
                        Stmt::Option {
                            name: format!("{object}.{}", m.member.property.name()),
                            value: expr(&m.init)?,
                            span: Span::default(),
                        }
                    }
                },
                Statement::Bad(_) | Statement::TestCase(_) | Statement::Builtin(_) => return Err(unsupported("this statement")),
            });
        }
        Ok(out)
    }
}

fn unsupported(what: &str) -> FluxError {
    FluxError::invalid(format!("error @0:0-0:0: the influx-devserver cannot evaluate {what} in an extern"))
}

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn expr(x: &Expression) -> Result<Expr, FluxError> {
    Ok(match x {
        Expression::Identifier(i) => e(ExprKind::Ident(i.name.clone())),
        Expression::Array(a) => e(ExprKind::Array(a.elements.iter().map(|i| expr(&i.expression)).collect::<Result<_, _>>()?)),
        Expression::Logical(l) => {
            e(ExprKind::Logical { and: l.operator.0, left: Box::new(expr(&l.left)?), right: Box::new(expr(&l.right)?) })
        }
        Expression::Object(o) => {
            let with = o.with.as_ref().map(|w| Box::new(e(ExprKind::Ident(w.source.name.clone()))));
            e(ExprKind::Record { with, props: expr_props(o)? })
        }
        Expression::Member(m) => e(ExprKind::Member { object: Box::new(expr(&m.object)?), property: m.property.name().to_owned() }),
        Expression::Index(i) => e(ExprKind::Index { object: Box::new(expr(&i.array)?), index: Box::new(expr(&i.index)?) }),
        Expression::Binary(b) => {
            let op = match b.operator.0.as_str() {
                "+" => BinOp::Add,
                "-" => BinOp::Sub,
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                "%" => BinOp::Mod,
                "^" => BinOp::Pow,
                "==" => BinOp::Eq,
                "!=" => BinOp::Neq,
                "<" => BinOp::Lt,
                "<=" => BinOp::Lte,
                ">" => BinOp::Gt,
                ">=" => BinOp::Gte,
                "=~" => BinOp::RegexEq,
                "!~" => BinOp::RegexNeq,
                other => return Err(unsupported(&format!("the operator {other}"))),
            };
            e(ExprKind::Binary { op, left: Box::new(expr(&b.left)?), right: Box::new(expr(&b.right)?) })
        }
        Expression::Unary(u) => {
            let op = match u.operator.0.as_str() {
                "-" => UnOp::Neg,
                "+" => UnOp::Plus,
                "not" => UnOp::Not,
                "exists" => UnOp::Exists,
                other => return Err(unsupported(&format!("the operator {other}"))),
            };
            e(ExprKind::Unary { op, arg: Box::new(expr(&u.argument)?) })
        }
        Expression::Call(c) => {
            // Flux calls take one record of named arguments.
            let args = match c.arguments.first() {
                Some(Expression::Object(o)) => expr_props(o)?,
                Some(_) => return Err(unsupported("a call whose arguments are not a record")),
                None => Vec::new(),
            };
            e(ExprKind::Call { callee: Box::new(expr(&c.callee)?), args })
        }
        Expression::Paren(p) => expr(&p.expression)?,
        Expression::Conditional(c) => {
            e(ExprKind::Cond { test: Box::new(expr(&c.test)?), cons: Box::new(expr(&c.consequent)?), alt: Box::new(expr(&c.alternate)?) })
        }
        Expression::Integer(i) => e(ExprKind::Int(i.value)),
        Expression::Uint(u) => e(ExprKind::Int(u.value as i64)),
        Expression::Float(f) => e(ExprKind::Float(f.value)),
        Expression::StringLit(s) => e(ExprKind::Str(s.value.clone())),
        Expression::Boolean(b) => e(ExprKind::Bool(b.value)),
        Expression::Regexp(r) => e(ExprKind::Regex(r.value.clone())),
        Expression::DateTime(d) => e(ExprKind::Time(d.value)),
        Expression::Duration(d) => {
            let mut total = 0i128;
            for part in &d.values {
                let Some(per) = unit_nanos(&part.unit) else {
                    return Err(FluxError::invalid("error @0:0-0:0: invalid duration, unrecognized magnitude for duration"));
                };
                total += part.magnitude as i128 * per;
            }
            e(ExprKind::Duration(total))
        }
        Expression::Dict(_) => return Err(unsupported("a DictExpression")),
        Expression::Function(_) => return Err(unsupported("a FunctionExpression")),
        Expression::PipeExpr(_) => return Err(unsupported("a PipeExpression")),
        Expression::StringExpr(_) => return Err(unsupported("a StringExpression")),
        Expression::PipeLit(_) => return Err(unsupported("a PipeLiteral")),
        Expression::Label(_) => return Err(unsupported("a LabelLiteral")),
        Expression::Bad(_) => return Err(unsupported("a BadExpression")),
    })
}

fn expr_props(o: &ObjectExpr) -> Result<Vec<Prop>, FluxError> {
    o.properties
        .iter()
        .map(|p| {
            let key = p.key.name().to_owned();
            let value = match &p.value {
                Some(v) => expr(v)?,
                None => e(ExprKind::Ident(key.clone())),
            };
            Ok(Prop { key, key_span: Span::default(), value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        decode(raw).err().map(|e| e.message).unwrap_or_default()
    }

    /// Each pair was sent to influxd 2.8.0 as the extern of a query (docs/api-notes.md).
    #[test]
    fn malformed_externs_read_as_influxd_reads_them() {
        let p = "compilation failed: extern json parse error: ";
        let cases = [
            (r#""x""#, "invalid type: string \"x\", expected struct File at line 1 column 47"),
            ("{}", "missing field `imports` at line 1 column 46"),
            (r#"{"type":"File","body":[]}"#, "missing field `imports` at line 1 column 69"),
            (r#"{"type":"File","imports":null,"body":{}}"#, "invalid type: map, expected a sequence at line 1 column 81"),
            (
                r#"{"type":"File","imports":null,"body":[{"type":"Nope"}]}"#,
                "unknown variant `Nope`, expected one of `ExpressionStatement`, `VariableAssignment`, `OptionStatement`, `ReturnStatement`, `BadStatement`, `TestCaseStatement`, `BuiltinStatement` at line 1 column 96",
            ),
            (
                r#"{"type":"File","imports":null,"body":[{"type":"OptionStatement","assignment":{"type":"VariableAssignment","id":{"type":"Identifier","name":"v"},"init":{"type":"ObjectExpression","properties":[{"type":"Property","key":{"type":"Identifier","name":"timeRangeStart"},"value":{"type":"DateTimeLiteral","value":"yesterday"}}]}}}]}"#,
                "input contains invalid characters at line 1 column 367",
            ),
            (
                r#"{"type":"File","imports":null,"body":[{"type":"OptionStatement","assignment":{"type":"VariableAssignment","id":{"type":"Identifier","name":"v"},"init":{"type":"ObjectExpression","properties":[{"type":"Property","key":{"type":"Identifier","name":"timeRangeStart"},"value":{"type":"DurationLiteral","values":[{"magnitude":"1","unit":"h"}]}}]}}}]}"#,
                "invalid type: string \"1\", expected i64 at line 1 column 387",
            ),
            ("[]", "invalid type: sequence, expected struct File at line 1 column 44"),
        ];
        let dates = [
            ("2026-11-27T14:00:00", Err("premature end of input")),
            ("2026-11-27T14", Err("premature end of input")),
            ("", Err("premature end of input")),
            ("2026-11-2", Err("input is not enough for unique date and time")),
            ("2026-11-27", Err("input is not enough for unique date and time")),
            ("2026-13-27T14:00:00Z", Err("input is out of range")),
            ("2026-11-27T25:00:00Z", Err("input is out of range")),
            ("2026-02-30T14:00:00Z", Err("input is out of range")),
            ("2026-11-27T14:00:00.Z", Err("input contains invalid characters")),
            ("yesterday", Err("input contains invalid characters")),
            ("2026-11-27T14:00:00Zx", Err("trailing input")),
            ("2026-11-27T15:00:00+0100", Ok(1_795_788_000_000_000_000)),
            ("2026-11-27 14:00:00Z", Ok(1_795_788_000_000_000_000)),
            ("2026-11-27T14:00:00Z ", Ok(1_795_788_000_000_000_000)),
        ];
        for (d, want) in dates {
            assert_eq!(chrono_parse(d), want, "{d}");
        }
        for (raw, want) in cases {
            assert_eq!(message(raw), format!("{p}{want}"), "{raw}");
        }
    }

    #[test]
    fn the_ui_extern_becomes_option_v() {
        let raw =
            dashboards_core::query::QueryVars::new(dashboards_core::range::TimeRange::Past(dashboards_core::range::Preset::Past1h), 800)
                .to_extern()
                .to_string();
        let stmts = decode(&raw).ok().unwrap().statements().unwrap();
        assert_eq!(stmts.len(), 1);
        let Stmt::Option { name, value, .. } = &stmts[0] else { panic!() };
        assert_eq!(name, "v");
        let ExprKind::Record { props, .. } = &value.kind else { panic!() };
        let keys: Vec<&str> = props.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["timeRangeStart", "timeRangeStop", "windowPeriod"]);
        assert!(matches!(props[2].value.kind, ExprKind::Duration(10_000_000_000)));
        // A unit libflux does not know is refused later, as influxd's semantic check does.
        let bad = r#"{"type":"File","imports":null,"body":[{"type":"OptionStatement","assignment":{"type":"VariableAssignment","id":{"type":"Identifier","name":"v"},"init":{"type":"ObjectExpression","properties":[{"type":"Property","key":{"type":"Identifier","name":"timeRangeStart"},"value":{"type":"UnaryExpression","operator":"-","argument":{"type":"DurationLiteral","values":[{"magnitude":1,"unit":"hours"}]}}}]}}}]}"#;
        assert_eq!(
            decode(bad).ok().unwrap().statements().err().unwrap().message,
            "error @0:0-0:0: invalid duration, unrecognized magnitude for duration"
        );
    }
}
