//! A parser for the subset of Flux that dashboards send: imports, options, assignments,
//! pipelines of calls, records, arrays, functions, and the usual operators. Positions are
//! 1-based line:column like libflux's, so that error messages name the same spans
//! (`error @1:1-1:17: expected RPAREN, got EOF`).

use std::fmt;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start, end: other.end }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}:{}-{}:{}", self.start.line, self.start.col, self.end.line, self.end.col)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    /// Nanoseconds (months count as 30 days, years as 365).
    Duration(i128),
    Time(i128),
    Regex(String),
    Keyword(&'static str),
    Op(&'static str),
    Illegal(char),
    Eof,
}

impl Tok {
    /// libflux's token names, as its error messages print them.
    pub fn name(&self) -> String {
        match self {
            Tok::Ident(_) => "IDENT".into(),
            Tok::Int(_) => "INT".into(),
            Tok::Float(_) => "FLOAT".into(),
            Tok::Str(_) => "STRING".into(),
            Tok::Duration(_) => "DURATION".into(),
            Tok::Time(_) => "TIME".into(),
            Tok::Regex(_) => "REGEX".into(),
            Tok::Keyword(k) => k.to_uppercase(),
            Tok::Illegal(_) => "ILLEGAL".into(),
            Tok::Eof => "EOF".into(),
            Tok::Op(op) => match *op {
                "(" => "LPAREN",
                ")" => "RPAREN",
                "[" => "LBRACK",
                "]" => "RBRACK",
                "{" => "LBRACE",
                "}" => "RBRACE",
                "," => "COMMA",
                ":" => "COLON",
                "." => "DOT",
                "=" => "ASSIGN",
                "|>" => "PIPE_FORWARD",
                "<-" => "PIPE_RECEIVE",
                "=>" => "ARROW",
                "+" => "ADD",
                "-" => "SUB",
                "*" => "MUL",
                "/" => "DIV",
                "%" => "MOD",
                "^" => "POW",
                "==" => "EQ",
                "!=" => "NEQ",
                "<" => "LT",
                "<=" => "LTE",
                ">" => "GT",
                ">=" => "GTE",
                "=~" => "REGEXEQ",
                "!~" => "REGEXNEQ",
                _ => "ILLEGAL",
            }
            .into(),
        }
    }

    /// The token as written, for `invalid statement: )`.
    pub fn text(&self) -> String {
        match self {
            Tok::Ident(s) => s.clone(),
            Tok::Int(i) => i.to_string(),
            Tok::Float(f) => f.to_string(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Keyword(k) => k.to_string(),
            Tok::Op(o) => o.to_string(),
            Tok::Illegal(c) => c.to_string(),
            Tok::Eof => "EOF".into(),
            Tok::Duration(_) | Tok::Time(_) | Tok::Regex(_) => self.name(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

const KEYWORDS: [&str; 12] = ["and", "or", "not", "exists", "import", "option", "return", "if", "then", "else", "package", "builtin"];

/// Nanoseconds per duration unit (one table for the app and the dev server).
pub use dashboards_core::time::unit_nanos;

struct Lexer {
    chars: Vec<char>,
    i: usize,
    pos: Pos,
    /// Errors that do not stop the scan.
    errors: Vec<SyntaxError>,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn skip_space_and_comments(&mut self) {
        loop {
            match self.peek(0) {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek(1) == Some('/') => {
                    while let Some(c) = self.peek(0) {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    /// `2024-01-02` or `2024-01-02T03:04:05.5Z` at the cursor: its length in chars.
    fn datetime_len(&self) -> Option<usize> {
        let r: Vec<char> = self.chars[self.i..].iter().take(40).copied().collect();
        let digits = |from: usize, n: usize| (from..from + n).all(|k| r.get(k).is_some_and(|c| c.is_ascii_digit()));
        if !(digits(0, 4) && r.get(4) == Some(&'-') && digits(5, 2) && r.get(7) == Some(&'-') && digits(8, 2)) {
            return None;
        }
        if r.get(10) != Some(&'T') {
            return Some(10);
        }
        let mut n = 11;
        while r.get(n).is_some_and(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-')) {
            n += 1;
        }
        Some(n)
    }

    fn next(&mut self, regex_ok: bool) -> Result<Token, (String, Span)> {
        self.skip_space_and_comments();
        let start = self.pos;
        let span_to = |lx: &Lexer| Span { start, end: lx.pos };
        let Some(c) = self.peek(0) else {
            return Ok(Token { tok: Tok::Eof, span: Span { start, end: start } });
        };
        if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while let Some(c) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                s.push(c);
                self.bump();
            }
            let tok = match KEYWORDS.iter().find(|k| **k == s) {
                Some(k) => Tok::Keyword(k),
                None => Tok::Ident(s),
            };
            return Ok(Token { tok, span: span_to(self) });
        }
        if c.is_ascii_digit() || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
            if let Some(n) = self.datetime_len() {
                let text: String = self.chars[self.i..self.i + n].iter().collect();
                for _ in 0..n {
                    self.bump();
                }
                let full = if text.len() == 10 { format!("{text}T00:00:00Z") } else { text.clone() };
                return match dashboards_core::time::parse_rfc3339(&full) {
                    Some(t) => Ok(Token { tok: Tok::Time(t), span: span_to(self) }),
                    None => Err((format!("invalid date time literal: {text}"), span_to(self))),
                };
            }
            let mut digits = String::new();
            while let Some(d) = self.peek(0).filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                self.bump();
            }
            // A duration: digits and units, repeated (`1h30m`).
            if self.peek(0).is_some_and(|u| u.is_alphabetic()) && !digits.is_empty() {
                let mut total: i128 = 0;
                loop {
                    let mut unit = String::new();
                    while let Some(u) = self.peek(0).filter(|u| u.is_alphabetic()) {
                        unit.push(u);
                        self.bump();
                    }
                    let Some(per) = unit_nanos(&unit) else {
                        return Err((format!("invalid duration unit {unit:?}"), span_to(self)));
                    };
                    let n: i128 = digits.parse().unwrap_or(0);
                    total += n * per;
                    if !self.peek(0).is_some_and(|d| d.is_ascii_digit()) {
                        break;
                    }
                    digits.clear();
                    while let Some(d) = self.peek(0).filter(|d| d.is_ascii_digit()) {
                        digits.push(d);
                        self.bump();
                    }
                }
                return Ok(Token { tok: Tok::Duration(total), span: span_to(self) });
            }
            if self.peek(0) == Some('.') && self.peek(1).is_none_or(|d| d.is_ascii_digit() || !d.is_alphabetic()) {
                digits.push('.');
                self.bump();
                while let Some(d) = self.peek(0).filter(|d| d.is_ascii_digit()) {
                    digits.push(d);
                    self.bump();
                }
                let f: f64 = format!("0{digits}").parse().unwrap_or(0.0);
                return Ok(Token { tok: Tok::Float(f), span: span_to(self) });
            }
            return match digits.parse::<i64>() {
                Ok(i) => Ok(Token { tok: Tok::Int(i), span: span_to(self) }),
                Err(_) => Err((format!("invalid integer literal \"{digits}\": value out of range"), span_to(self))),
            };
        }
        if c == '"' {
            self.bump();
            let mut s = String::new();
            loop {
                match self.bump() {
                    None => {
                        // libflux reads on to EOF and reports this beside the parser's error.
                        let eof = self.pos;
                        self.errors.push(SyntaxError {
                            span: Span { start, end: eof },
                            message: format!("got unexpected token in string expression {}: EOF", Span { start: eof, end: eof }),
                        });
                        break;
                    }
                    Some('"') => break,
                    Some('\\') => match self.bump() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r') => s.push('\r'),
                        Some(other) => s.push(other),
                        None => {}
                    },
                    Some(ch) => s.push(ch),
                }
            }
            return Ok(Token { tok: Tok::Str(s), span: span_to(self) });
        }
        if c == '/' && regex_ok {
            self.bump();
            let mut s = String::new();
            loop {
                match self.bump() {
                    None | Some('\n') => return Err(("unterminated regular expression".into(), span_to(self))),
                    Some('/') => break,
                    Some('\\') if self.peek(0) == Some('/') => {
                        self.bump();
                        s.push('/');
                    }
                    Some(ch) => s.push(ch),
                }
            }
            return Ok(Token { tok: Tok::Regex(s), span: span_to(self) });
        }
        const OPS: [&str; 28] = [
            "|>", "=>", "<-", "==", "!=", "<=", ">=", "=~", "!~", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "/",
            "%", "^", "<", ">", "?",
        ];
        let two: String = self.chars[self.i..].iter().take(2).collect();
        for op in OPS {
            if two.starts_with(op) {
                for _ in 0..op.chars().count() {
                    self.bump();
                }
                return Ok(Token { tok: Tok::Op(op), span: span_to(self) });
            }
        }
        self.bump();
        Ok(Token { tok: Tok::Illegal(c), span: span_to(self) })
    }
}

/// Splits a script into tokens (the last is EOF), with the errors that did not stop the scan.
pub fn tokenize(src: &str) -> Result<(Vec<Token>, Vec<SyntaxError>), (String, Span)> {
    let mut lx = Lexer { chars: src.chars().collect(), i: 0, pos: Pos { line: 1, col: 1 }, errors: Vec::new() };
    let mut out: Vec<Token> = Vec::new();
    loop {
        // A `/` starts a regular expression unless it follows something that has a value.
        let regex_ok = !matches!(
            out.last().map(|t| &t.tok),
            Some(Tok::Ident(_) | Tok::Int(_) | Tok::Float(_) | Tok::Str(_) | Tok::Duration(_) | Tok::Time(_) | Tok::Regex(_))
                | Some(Tok::Op(")" | "]" | "}"))
        );
        let t = lx.next(regex_ok)?;
        let eof = t.tok == Tok::Eof;
        out.push(t);
        if eof {
            return Ok((out, lx.errors));
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    RegexEq,
    RegexNeq,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    Exists,
}

#[derive(Clone, Debug)]
pub struct Prop {
    pub key: String,
    pub key_span: Span,
    pub value: Expr,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    /// `tables=<-`: receives the pipe.
    pub pipe: bool,
}

#[derive(Clone, Debug)]
pub enum Body {
    Expr(Expr),
    Block(Vec<Stmt>),
}

#[derive(Clone, Debug)]
pub struct FuncDef {
    pub params: Vec<Param>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    /// From an extern's BooleanLiteral (in a script, `true` is an identifier of the universe).
    Bool(bool),
    Duration(i128),
    Time(i128),
    Regex(String),
    Array(Vec<Expr>),
    Record {
        with: Option<Box<Expr>>,
        props: Vec<Prop>,
    },
    Func(Rc<FuncDef>),
    Call {
        callee: Box<Expr>,
        args: Vec<Prop>,
    },
    Pipe {
        arg: Box<Expr>,
        call: Box<Expr>,
    },
    Member {
        object: Box<Expr>,
        property: String,
    },
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Unary {
        op: UnOp,
        arg: Box<Expr>,
    },
    Binary {
        op: BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Logical {
        and: bool,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Cond {
        test: Box<Expr>,
        cons: Box<Expr>,
        alt: Box<Expr>,
    },
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Import { path: String, alias: Option<String>, span: Span },
    Option { name: String, value: Expr, span: Span },
    Assign { name: String, value: Expr, span: Span },
    Expr(Expr),
    Return(Expr),
}

/// A syntax error: the span and libflux's message (without the `compilation failed: ` prefix).
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error {}: {}", self.span, self.message)
    }
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
}

type PResult<T> = Result<T, SyntaxError>;

fn err<T>(span: Span, message: impl Into<String>) -> PResult<T> {
    Err(SyntaxError { span, message: message.into() })
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Keyword(k) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Expects the closing `op` of a construct that began at `start`; the error spans from
    /// there to the offending token, as libflux's do.
    fn close(&mut self, op: &'static str, start: Span) -> PResult<Span> {
        if self.is_op(op) {
            return Ok(self.bump().span);
        }
        let got = self.peek().clone();
        err(start.to(got.span), format!("expected {}, got {}", Tok::Op(op).name(), got.tok.name()))
    }

    fn program(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        while self.peek().tok != Tok::Eof {
            out.push(self.statement()?);
        }
        Ok(out)
    }

    fn statement(&mut self) -> PResult<Stmt> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Keyword("import") => {
                self.bump();
                let alias = match self.peek().tok.clone() {
                    Tok::Ident(a) => {
                        self.bump();
                        Some(a)
                    }
                    _ => None,
                };
                match self.bump() {
                    Token { tok: Tok::Str(path), span } => Ok(Stmt::Import { path, alias, span: t.span.to(span) }),
                    other => err(other.span, format!("expected STRING, got {}", other.tok.name())),
                }
            }
            Tok::Keyword("package") => {
                self.bump();
                self.bump();
                self.statement()
            }
            Tok::Keyword("option") => {
                self.bump();
                let name = match self.bump() {
                    Token { tok: Tok::Ident(n), .. } => n,
                    other => return err(other.span, format!("expected IDENT, got {}", other.tok.name())),
                };
                let name = if self.eat_op(".") {
                    match self.bump() {
                        Token { tok: Tok::Ident(m), .. } => format!("{name}.{m}"),
                        other => return err(other.span, format!("expected IDENT, got {}", other.tok.name())),
                    }
                } else {
                    name
                };
                if !self.eat_op("=") {
                    let got = self.peek().clone();
                    return err(got.span, format!("expected ASSIGN, got {}", got.tok.name()));
                }
                let value = self.expr()?;
                let span = t.span.to(value.span);
                Ok(Stmt::Option { name, value, span })
            }
            Tok::Keyword("return") => {
                self.bump();
                Ok(Stmt::Return(self.expr()?))
            }
            Tok::Ident(name) if matches!(self.peek_at(1), Tok::Op("=")) => {
                let name = name.clone();
                self.bump();
                self.bump();
                let value = self.expr()?;
                let span = t.span.to(value.span);
                Ok(Stmt::Assign { name, value, span })
            }
            Tok::Op(")" | "]" | "}" | "," | ":" | "=" | "|>" | "=>" | "." | "*" | "/" | "%" | "^") | Tok::Illegal(_) => {
                err(t.span, format!("invalid statement: {}", t.tok.text()))
            }
            _ => Ok(Stmt::Expr(self.expr()?)),
        }
    }

    fn expr(&mut self) -> PResult<Expr> {
        if self.is_kw("if") {
            let start = self.bump().span;
            let test = self.expr()?;
            if !self.is_kw("then") {
                let got = self.peek().clone();
                return err(got.span, format!("expected THEN, got {}", got.tok.name()));
            }
            self.bump();
            let cons = self.expr()?;
            if !self.is_kw("else") {
                let got = self.peek().clone();
                return err(got.span, format!("expected ELSE, got {}", got.tok.name()));
            }
            self.bump();
            let alt = self.expr()?;
            let span = start.to(alt.span);
            return Ok(Expr::new(ExprKind::Cond { test: Box::new(test), cons: Box::new(cons), alt: Box::new(alt) }, span));
        }
        self.logical(false)
    }

    /// `or` (and = false) over `and` (and = true) over `not`.
    fn logical(&mut self, and: bool) -> PResult<Expr> {
        let mut left = if and { self.not_expr()? } else { self.logical(true)? };
        loop {
            let kw = if and { "and" } else { "or" };
            if !self.is_kw(kw) {
                return Ok(left);
            }
            self.bump();
            let right = if and { self.not_expr()? } else { self.logical(true)? };
            let span = left.span.to(right.span);
            left = Expr::new(ExprKind::Logical { and, left: Box::new(left), right: Box::new(right) }, span);
        }
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        for (kw, op) in [("not", UnOp::Not), ("exists", UnOp::Exists)] {
            if self.is_kw(kw) {
                let start = self.bump().span;
                let arg = self.not_expr()?;
                let span = start.to(arg.span);
                return Ok(Expr::new(ExprKind::Unary { op, arg: Box::new(arg) }, span));
            }
        }
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> PResult<Expr> {
        const LEVELS: [&[(&str, BinOp)]; 4] = [
            &[
                ("==", BinOp::Eq),
                ("!=", BinOp::Neq),
                ("<=", BinOp::Lte),
                ("<", BinOp::Lt),
                (">=", BinOp::Gte),
                (">", BinOp::Gt),
                ("=~", BinOp::RegexEq),
                ("!~", BinOp::RegexNeq),
            ],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Mod)],
            &[("^", BinOp::Pow)],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        'outer: loop {
            for (sym, op) in LEVELS[level] {
                if self.is_op(sym) {
                    self.bump();
                    let right = self.binary(level + 1)?;
                    let span = left.span.to(right.span);
                    left = Expr::new(ExprKind::Binary { op: *op, left: Box::new(left), right: Box::new(right) }, span);
                    continue 'outer;
                }
            }
            return Ok(left);
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        for (sym, op) in [("-", UnOp::Neg), ("+", UnOp::Plus)] {
            if self.is_op(sym) {
                let start = self.bump().span;
                let arg = self.unary()?;
                let span = start.to(arg.span);
                return Ok(Expr::new(ExprKind::Unary { op, arg: Box::new(arg) }, span));
            }
        }
        self.pipe()
    }

    fn pipe(&mut self) -> PResult<Expr> {
        let mut left = self.postfix()?;
        while self.is_op("|>") {
            let arrow = self.bump().span;
            if self.peek().tok == Tok::Eof {
                let eof = self.peek().span;
                return err(
                    eof,
                    format!(
                        "pipe destination must be a function call\n\nerror {eof}: invalid expression: invalid token for primary expression: EOF"
                    ),
                );
            }
            let call = self.postfix()?;
            if !matches!(call.kind, ExprKind::Call { .. }) {
                return err(arrow.to(call.span), "pipe destination must be a function call");
            }
            let span = left.span.to(call.span);
            left = Expr::new(ExprKind::Pipe { arg: Box::new(left), call: Box::new(call) }, span);
        }
        Ok(left)
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.is_op(".") {
                self.bump();
                match self.bump() {
                    Token { tok: Tok::Ident(p), span } => {
                        let span = e.span.to(span);
                        e = Expr::new(ExprKind::Member { object: Box::new(e), property: p }, span);
                    }
                    other => return err(other.span, format!("expected IDENT, got {}", other.tok.name())),
                }
            } else if self.is_op("[") {
                let open = self.bump().span;
                let index = self.expr()?;
                let close = self.close("]", e.span.to(open))?;
                let span = e.span.to(close);
                e = match index.kind {
                    ExprKind::Str(s) => Expr::new(ExprKind::Member { object: Box::new(e), property: s }, span),
                    _ => Expr::new(ExprKind::Index { object: Box::new(e), index: Box::new(index) }, span),
                };
            } else if self.is_op("(") {
                self.bump();
                let args = self.properties(")", e.span)?;
                let close = self.close(")", e.span)?;
                let span = e.span.to(close);
                e = Expr::new(ExprKind::Call { callee: Box::new(e), args }, span);
            } else {
                return Ok(e);
            }
        }
    }

    /// `key: value, …` up to (not including) `end`; `key` alone means `key: key`.
    fn properties(&mut self, end: &'static str, start: Span) -> PResult<Vec<Prop>> {
        let mut out = Vec::new();
        while !self.is_op(end) {
            let t = self.bump();
            let key = match t.tok {
                Tok::Ident(k) | Tok::Str(k) => k,
                Tok::Eof => return err(start.to(t.span), format!("expected {}, got EOF", Tok::Op(end).name())),
                other => return err(t.span, format!("invalid expression {}: {}", t.span, other.text())),
            };
            let value = if self.eat_op(":") { self.expr()? } else { Expr::new(ExprKind::Ident(key.clone()), t.span) };
            out.push(Prop { key, key_span: t.span, value });
            if !self.eat_op(",") {
                break;
            }
        }
        if self.is_op("=") {
            // `r._measurement = "cpu"`: libflux names the stray operator and spans what follows.
            let eq = self.bump().span;
            let after = self.expr()?;
            return err(after.span, format!("invalid expression {eq}: ="));
        }
        Ok(out)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let t = self.bump();
        let kind = match t.tok {
            Tok::Ident(name) => ExprKind::Ident(name),
            Tok::Int(i) => ExprKind::Int(i),
            Tok::Float(f) => ExprKind::Float(f),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::Duration(d) => ExprKind::Duration(d),
            Tok::Time(ti) => ExprKind::Time(ti),
            Tok::Regex(r) => ExprKind::Regex(r),
            Tok::Op("[") => {
                let mut items = Vec::new();
                while !self.is_op("]") {
                    if self.peek().tok == Tok::Eof {
                        break;
                    }
                    items.push(self.expr()?);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                let close = self.close("]", t.span)?;
                return Ok(Expr::new(ExprKind::Array(items), t.span.to(close)));
            }
            Tok::Op("{") => {
                let with = if matches!(self.peek().tok, Tok::Ident(_)) && matches!(self.peek_at(1), Tok::Ident(w) if w == "with") {
                    let base = self.bump();
                    self.bump();
                    let Tok::Ident(name) = base.tok else { unreachable!() };
                    Some(Box::new(Expr::new(ExprKind::Ident(name), base.span)))
                } else {
                    None
                };
                let props = self.properties("}", t.span)?;
                let close = self.close("}", t.span)?;
                return Ok(Expr::new(ExprKind::Record { with, props }, t.span.to(close)));
            }
            Tok::Op("(") => {
                if self.looks_like_function() {
                    return self.function(t.span);
                }
                let inner = self.expr()?;
                let close = self.close(")", t.span)?;
                return Ok(Expr { span: t.span.to(close), ..inner });
            }
            other => {
                return err(t.span, format!("invalid expression: invalid token for primary expression: {}", other.name()));
            }
        };
        Ok(Expr::new(kind, t.span))
    }

    /// After `(`: `)` `=>`, or an identifier followed by `,` `=` or `)` `=>`.
    fn looks_like_function(&self) -> bool {
        matches!(
            (self.peek_at(0), self.peek_at(1), self.peek_at(2)),
            (Tok::Op(")"), Tok::Op("=>"), _) | (Tok::Ident(_), Tok::Op("," | "="), _) | (Tok::Ident(_), Tok::Op(")"), Tok::Op("=>"))
        )
    }

    fn function(&mut self, open: Span) -> PResult<Expr> {
        let mut params = Vec::new();
        while !self.is_op(")") {
            let name = match self.bump() {
                Token { tok: Tok::Ident(n), .. } => n,
                other => return err(open.to(other.span), format!("expected IDENT, got {}", other.tok.name())),
            };
            let (mut default, mut pipe) = (None, false);
            if self.eat_op("=") {
                if self.eat_op("<-") {
                    pipe = true;
                } else {
                    default = Some(self.expr()?);
                }
            }
            params.push(Param { name, default, pipe });
            if !self.eat_op(",") {
                break;
            }
        }
        self.close(")", open)?;
        if !self.eat_op("=>") {
            let got = self.peek().clone();
            return err(got.span, format!("expected ARROW, got {}", got.tok.name()));
        }
        let (body, end) = if self.is_op("{") {
            let lb = self.bump().span;
            let mut stmts = Vec::new();
            while !self.is_op("}") && self.peek().tok != Tok::Eof {
                stmts.push(self.statement()?);
            }
            let close = self.close("}", lb)?;
            (Body::Block(stmts), close)
        } else {
            let e = self.expr()?;
            let end = e.span;
            (Body::Expr(e), end)
        };
        Ok(Expr::new(ExprKind::Func(Rc::new(FuncDef { params, body })), open.to(end)))
    }
}

/// Parses a script. The error's span and message are libflux's for the common mistakes
/// (an unclosed call, bracket or brace, a stray `)`, a pipe into nothing).
pub fn parse(src: &str) -> Result<Vec<Stmt>, SyntaxError> {
    let (toks, lex_errors) = tokenize(src).map_err(|(message, span)| SyntaxError { span, message })?;
    let mut p = Parser { toks, i: 0 };
    // libflux lists the parser's error (on the outer node) before the scanner's.
    let parsed = p.program();
    if lex_errors.is_empty() {
        return parsed;
    }
    let mut errors: Vec<SyntaxError> = parsed.err().into_iter().chain(lex_errors).collect();
    let first = errors.remove(0);
    let rest: String = errors.iter().map(|e| format!("\n\n{e}")).collect();
    Err(SyntaxError { span: first.span, message: first.message + &rest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_libflux_spans() {
        // All of these were sent to influxd 2.8.0 (see docs/api-notes.md).
        assert_eq!(msg("from(bucket: \"x\""), "error @1:1-1:17: expected RPAREN, got EOF");
        assert_eq!(msg("from(bucket: \"x\")\n  |> range(start: -1h"), "error @2:6-2:22: expected RPAREN, got EOF");
        assert_eq!(
            msg("from(bucket: \"x\") |> filter(fn: (r) => r._field == \"a\" or r._field == \"b\""),
            "error @1:22-1:74: expected RPAREN, got EOF"
        );
        assert_eq!(msg("import \"array\"\narray.from(rows: [{a: 1}]"), "error @2:1-2:26: expected RPAREN, got EOF");
        assert_eq!(
            msg("from(bucket: \"x\") |> range(start: -1h) |> filter(fn: (r) => r.x == [1, 2)"),
            "error @1:68-1:74: expected RBRACK, got RPAREN"
        );
        assert_eq!(msg("from(bucket: \"x\") |> range(start: -1h))"), "error @1:39-1:40: invalid statement: )");
        assert_eq!(
            msg("from(bucket: \"x)\n"),
            "error @1:1-2:1: expected RPAREN, got EOF\n\nerror @1:14-2:1: got unexpected token in string expression @2:1-2:1: EOF"
        );
        assert_eq!(msg("f(fn: (r) => r._measurement = \"cpu\")"), "error @1:31-1:36: invalid expression @1:29-1:30: =");
        assert_eq!(
            msg("from(bucket: \"x\") |>"),
            "error @1:21-1:21: pipe destination must be a function call\n\nerror @1:21-1:21: invalid expression: invalid token for primary expression: EOF"
        );
    }

    #[test]
    fn parses_a_dashboard_query() {
        let src = "import \"influxdata/influxdb/schema\"\n// comment\nfrom(bucket: \"b\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r[\"_measurement\"] == \"cpu\" and (r._field == \"a\" or r._field == \"b\") and r.host =~ /^s/)\n  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)\n  |> map(fn: (r) => ({r with x: if r._value > 1.5 then -1h else 2024-01-01T00:00:00Z}))\n  |> yield(name: \"mean\")";
        let stmts = parse(src).unwrap();
        assert_eq!(stmts.len(), 2);
        let Stmt::Expr(e) = &stmts[1] else { panic!() };
        assert_eq!(e.span, Span { start: Pos { line: 3, col: 1 }, end: Pos { line: 8, col: 25 } });
        assert!(
            matches!(&e.kind, ExprKind::Pipe { call, .. } if matches!(&call.kind, ExprKind::Call { callee, .. } if matches!(&callee.kind, ExprKind::Ident(n) if n == "yield")))
        );
        // Division is not a regular expression; durations add up.
        let (toks, _) = tokenize("a / 2 / b 1h30m 1.5 2024-01-02").unwrap();
        assert_eq!(toks[1].tok, Tok::Op("/"));
        assert_eq!(toks[5].tok, Tok::Duration(5400 * 1_000_000_000));
        assert_eq!(toks[6].tok, Tok::Float(1.5));
        assert_eq!(toks[7].tok, Tok::Time(1_704_153_600 * 1_000_000_000));
    }
}
