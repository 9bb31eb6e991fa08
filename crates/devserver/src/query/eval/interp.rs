//! The interpreter: statements, expressions and the builtin calls, over the synthetic data.

use super::check::*;
use super::ops::*;
use super::*;

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

    fn eval_args(&mut self, props: &[crate::query::syntax::Prop], scope: &Scope) -> R<Vec<Arg>> {
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
