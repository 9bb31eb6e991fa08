//! InfluxDB's annotated CSV, the answer of `POST /api/v2/query`: a parser that can be fed
//! the body chunk by chunk, and a writer.
//!
//! The dialect is the one [`crate::query::Dialect`] asks for: annotations `group`,
//! `datatype` and `default`, a header row, `,` between cells, `\r\n` after each row. An
//! answer is a run of blocks; each block is annotation rows, a header row, then data rows of
//! one or more tables. A new annotation row starts a new block (a new schema); blank lines
//! only separate. What influxd v2.8.0 writes (see `tests/fixtures/csv/`, captured from it):
//! - every table's block has `#default` naming the result; a table with no rows gets a block
//!   of its own whose `#default` row holds its table id and group-key values;
//! - times are `dateTime:RFC3339` holding nanosecond fractions; floats have no exponent
//!   (`1e300` is 301 digits) and `+Inf`, `-Inf`, `NaN`;
//! - a newline inside a string becomes `\r\n` inside the quotes; an empty string is an
//!   empty cell, so it reads back as null (or the column's default), as in Flux;
//! - `duration` and `base64Binary` never appear (Flux tables hold neither), but both are
//!   in the format's specification, so both are read and written;
//! - a run-time error after data is a last block with the columns `error,reference`; an
//!   error before any data is a JSON answer with status 400, not CSV.
//!
//! The output is shaped for drawing: per table, one typed vector per column, nulls in a bit
//! set beside it, strings in one buffer per column (a repeated value, such as a group-key
//! column's, is stored once), and the table's group key and [`SeriesKey`].

mod columns;
mod read;
mod values;
mod write;

use std::fmt;
use std::sync::Arc;

pub use columns::{BytesValues, StrValues, Values};
pub use read::{parse, parse_bytes, Parser};
pub(crate) use values::push_base64;
pub use write::{write, write_to};

/// The type of a column, as the `#datatype` row names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    /// `boolean`
    Bool,
    /// `long`: i64
    Long,
    /// `unsignedLong`: u64
    ULong,
    /// `double`: f64
    Double,
    /// `string`
    Str,
    /// `base64Binary`
    Bytes,
    /// `dateTime`, `dateTime:RFC3339`, `dateTime:RFC3339Nano` (read alike) or `dateTime:number`
    /// (Unix nanoseconds); held as Unix nanoseconds.
    Time,
    /// `duration`: nanoseconds, written as an integer; read from an integer or a Flux
    /// duration literal such as `1h30m`.
    Duration,
}

impl DataType {
    /// The `#datatype` cell the writer uses (and influxd writes) for this type.
    pub fn annotation(self) -> &'static str {
        match self {
            DataType::Bool => "boolean",
            DataType::Long => "long",
            DataType::ULong => "unsignedLong",
            DataType::Double => "double",
            DataType::Str => "string",
            DataType::Bytes => "base64Binary",
            DataType::Time => "dateTime:RFC3339",
            DataType::Duration => "duration",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.annotation())
    }
}

/// One value: a default, a group-key value, or a cell read out of a column.
///
/// Doubles compare by their bits, so `NaN` equals `NaN` (and `0.0` differs from `-0.0`):
/// two parses of the same bytes are equal.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Long(i64),
    ULong(u64),
    Double(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    /// Unix nanoseconds.
    Time(i64),
    /// Nanoseconds.
    Duration(i64),
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Bool(a), Bool(b)) => a == b,
            (Long(a), Long(b)) | (Time(a), Time(b)) | (Duration(a), Duration(b)) => a == b,
            (ULong(a), ULong(b)) => a == b,
            (Double(a), Double(b)) => a.to_bits() == b.to_bits(),
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The type of a non-null value.
    pub fn datatype(&self) -> Option<DataType> {
        Some(match self {
            Value::Null => return None,
            Value::Bool(_) => DataType::Bool,
            Value::Long(_) => DataType::Long,
            Value::ULong(_) => DataType::ULong,
            Value::Double(_) => DataType::Double,
            Value::Str(_) => DataType::Str,
            Value::Bytes(_) => DataType::Bytes,
            Value::Time(_) => DataType::Time,
            Value::Duration(_) => DataType::Duration,
        })
    }
}

/// The cell text the writer gives this value (empty for null).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        values::push_cell(&mut s, self);
        f.write_str(&s)
    }
}

/// The typed cells of one column.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnData {
    Bool(Values<bool>),
    Long(Values<i64>),
    ULong(Values<u64>),
    Double(Values<f64>),
    Str(StrValues),
    Bytes(BytesValues),
    /// Unix nanoseconds.
    Time(Values<i64>),
    /// Nanoseconds.
    Duration(Values<i64>),
}

impl ColumnData {
    /// An empty column of this type.
    pub fn new(datatype: DataType) -> ColumnData {
        match datatype {
            DataType::Bool => ColumnData::Bool(Values::new()),
            DataType::Long => ColumnData::Long(Values::new()),
            DataType::ULong => ColumnData::ULong(Values::new()),
            DataType::Double => ColumnData::Double(Values::new()),
            DataType::Str => ColumnData::Str(StrValues::new()),
            DataType::Bytes => ColumnData::Bytes(BytesValues::new()),
            DataType::Time => ColumnData::Time(Values::new()),
            DataType::Duration => ColumnData::Duration(Values::new()),
        }
    }

    pub fn datatype(&self) -> DataType {
        match self {
            ColumnData::Bool(_) => DataType::Bool,
            ColumnData::Long(_) => DataType::Long,
            ColumnData::ULong(_) => DataType::ULong,
            ColumnData::Double(_) => DataType::Double,
            ColumnData::Str(_) => DataType::Str,
            ColumnData::Bytes(_) => DataType::Bytes,
            ColumnData::Time(_) => DataType::Time,
            ColumnData::Duration(_) => DataType::Duration,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Bool(v) => v.len(),
            ColumnData::Long(v) | ColumnData::Time(v) | ColumnData::Duration(v) => v.len(),
            ColumnData::ULong(v) => v.len(),
            ColumnData::Double(v) => v.len(),
            ColumnData::Str(v) => v.len(),
            ColumnData::Bytes(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as a [`Value`] (`Null` past the end). Allocates for strings and bytes: for
    /// whole columns, match on the variant and use its vector.
    pub fn get(&self, i: usize) -> Value {
        fn or_null<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
            v.map_or(Value::Null, f)
        }
        match self {
            ColumnData::Bool(v) => or_null(v.get(i), Value::Bool),
            ColumnData::Long(v) => or_null(v.get(i), Value::Long),
            ColumnData::ULong(v) => or_null(v.get(i), Value::ULong),
            ColumnData::Double(v) => or_null(v.get(i), Value::Double),
            ColumnData::Str(v) => or_null(v.get(i), |s| Value::Str(s.into())),
            ColumnData::Bytes(v) => or_null(v.get(i), |b| Value::Bytes(b.into())),
            ColumnData::Time(v) => or_null(v.get(i), Value::Time),
            ColumnData::Duration(v) => or_null(v.get(i), Value::Duration),
        }
    }

    /// Appends a copy of the last row; `false` (nothing appended) when there is none or it
    /// is null.
    pub(crate) fn repeat_last(&mut self) -> bool {
        match self {
            ColumnData::Bool(v) => v.repeat_last(),
            ColumnData::Long(v) | ColumnData::Time(v) | ColumnData::Duration(v) => v.repeat_last(),
            ColumnData::ULong(v) => v.repeat_last(),
            ColumnData::Double(v) => v.repeat_last(),
            ColumnData::Str(v) => v.repeat_last(),
            ColumnData::Bytes(v) => v.repeat_last(),
        }
    }

    /// Appends `value`; `false` (and nothing appended) when its type is not the column's.
    pub fn push(&mut self, value: &Value) -> bool {
        match (self, value) {
            (ColumnData::Bool(c), Value::Null) => c.push(None),
            (ColumnData::Long(c) | ColumnData::Time(c) | ColumnData::Duration(c), Value::Null) => c.push(None),
            (ColumnData::ULong(c), Value::Null) => c.push(None),
            (ColumnData::Double(c), Value::Null) => c.push(None),
            (ColumnData::Str(c), Value::Null) => c.push(None),
            (ColumnData::Bytes(c), Value::Null) => c.push(None),
            (ColumnData::Bool(c), Value::Bool(v)) => c.push(Some(*v)),
            (ColumnData::Long(c), Value::Long(v)) => c.push(Some(*v)),
            (ColumnData::ULong(c), Value::ULong(v)) => c.push(Some(*v)),
            (ColumnData::Double(c), Value::Double(v)) => c.push(Some(*v)),
            (ColumnData::Str(c), Value::Str(v)) => c.push(Some(v)),
            (ColumnData::Bytes(c), Value::Bytes(v)) => c.push(Some(v)),
            (ColumnData::Time(c), Value::Time(v)) => c.push(Some(*v)),
            (ColumnData::Duration(c), Value::Duration(v)) => c.push(Some(*v)),
            _ => return false,
        }
        true
    }
}

/// A column of a table: its header name, its `#group` flag, its `#default` value (`Null`
/// when the `#default` cell is empty) and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: Arc<str>,
    pub group: bool,
    pub default: Value,
    pub data: ColumnData,
}

impl Column {
    /// A column without a default.
    pub fn new(name: &str, group: bool, data: ColumnData) -> Column {
        Column { name: name.into(), group, default: Value::Null, data }
    }

    pub fn datatype(&self) -> DataType {
        self.data.datatype()
    }
}

/// The group key of a table: its `#group true` columns with their value in that table,
/// sorted by column name. A table's rows all share these values; Flux takes them from the
/// first row, or from `#default` when the table has no rows, and so does [`Table::new`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupKey(pub Vec<(Arc<str>, Value)>);

impl GroupKey {
    pub fn get(&self, column: &str) -> Option<&Value> {
        self.0.iter().find(|(name, _)| &**name == column).map(|(_, v)| v)
    }
}

/// Which series a table draws: its group key without `_start` and `_stop` (they move with
/// the time range, so a series keeps its identity, its colour, across refreshes), as text:
/// `_field=usage_user,_measurement=cpu,host=a`. Names and values are sorted by name and
/// have `\`, `,` and `=` escaped with `\`, so two different keys never give the same text.
/// The result name is not part of it: a legend over several results pairs it with
/// [`Table::result`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeriesKey(pub Arc<str>);

impl SeriesKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SeriesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One Flux table of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The `result` column: the name given to `yield` (`_result` by default).
    pub result: Arc<str>,
    /// The `table` column: unique within a result.
    pub id: i64,
    /// In header order, without the annotation, `result` and `table` columns.
    pub columns: Vec<Column>,
    pub group_key: GroupKey,
    pub series: SeriesKey,
}

impl Table {
    /// A table of these columns, with its group key and series key worked out from them.
    pub fn new(result: &str, id: i64, columns: Vec<Column>) -> Table {
        Table::with_interner(result.into(), id, columns, &mut Interner::default())
    }

    pub(crate) fn with_interner(result: Arc<str>, id: i64, columns: Vec<Column>, interner: &mut Interner) -> Table {
        let mut key: Vec<(Arc<str>, Value)> = columns
            .iter()
            .filter(|c| c.group)
            .map(|c| {
                let value = match &c.data {
                    d if d.is_empty() => c.default.clone(),
                    ColumnData::Str(v) => v.get(0).map_or(Value::Null, |s| Value::Str(interner.intern(s))),
                    d => d.get(0),
                };
                (c.name.clone(), value)
            })
            .collect();
        key.sort_by(|a, b| a.0.cmp(&b.0));
        let mut series = String::new();
        for (name, value) in key.iter().filter(|(n, _)| !matches!(&**n, "_start" | "_stop")) {
            if !series.is_empty() {
                series.push(',');
            }
            push_escaped(&mut series, name);
            series.push('=');
            let mut text = String::new();
            values::push_cell(&mut text, value);
            push_escaped(&mut series, &text);
        }
        Table { result, id, columns, group_key: GroupKey(key), series: SeriesKey(interner.intern(&series)) }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.iter().map(|c| c.data.len()).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first column of this name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| &*c.name == name)
    }
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, '\\' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// An error Flux met while running the query, sent as the answer's last table (columns
/// `error` and `reference`). Tables before it are complete; the answer stops there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Empty from influxd 2.x.
    pub reference: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.reference.is_empty() {
            write!(f, " (reference {})", self.reference)?;
        }
        Ok(())
    }
}

/// A whole parsed answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    /// In the order of the body: results one after the other, tables by id within each.
    pub tables: Vec<Table>,
    /// The error table, if the query failed after (or before) sending these tables.
    pub error: Option<QueryError>,
}

impl Answer {
    /// The result names, in order of appearance, each once.
    pub fn results(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for t in &self.tables {
            if !names.contains(&&*t.result) {
                names.push(&t.result);
            }
        }
        names
    }

    /// The tables of one result.
    pub fn tables_of<'a>(&'a self, result: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables.iter().filter(move |t| &*t.result == result)
    }
}

/// Why bytes are not an annotated CSV answer, and on which line (1-based; for a row that
/// spans lines, the line it starts on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u64,
    pub kind: ParseErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The body ends inside a quoted cell.
    UnterminatedQuote,
    /// A `"` inside a cell that does not start with one.
    QuoteInUnquotedCell,
    /// Something other than `,` or a line end after a closing `"`.
    TextAfterClosingQuote,
    /// A row with another number of cells than its block's header.
    CellCount {
        expected: usize,
        found: usize,
    },
    /// A header or data row before any `#datatype` row.
    MissingDatatype,
    /// The body ends after annotation rows, before their header row.
    MissingHeader,
    /// A row whose first cell is neither empty nor an annotation (`#...`).
    UnexpectedRow,
    UnknownDatatype(String),
    /// A `#group` cell other than `true` or `false`.
    BadGroupFlag(String),
    /// A cell (or `#default` cell) that is not a value of its column's type. `text` is cut
    /// to its first 64 bytes.
    BadValue {
        column: String,
        datatype: DataType,
        text: String,
    },
    /// A name, annotation or string cell that is not UTF-8.
    InvalidUtf8,
    /// A data row whose `table` cell and `#default` are both empty, or an empty table
    /// whose `#default` has no table id.
    MissingTableId,
    /// An error table (header `,error,reference`) without its row.
    ErrorWithoutRow,
    /// One column's text past 4 GiB.
    TooLarge,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            ParseErrorKind::UnterminatedQuote => f.write_str("a quoted value is not closed"),
            ParseErrorKind::QuoteInUnquotedCell => f.write_str("a quote inside an unquoted value"),
            ParseErrorKind::TextAfterClosingQuote => f.write_str("text after a closing quote"),
            ParseErrorKind::CellCount { expected, found } => write!(f, "{found} cells where the header has {expected}"),
            ParseErrorKind::MissingDatatype => f.write_str("a row before any #datatype annotation"),
            ParseErrorKind::MissingHeader => f.write_str("annotations without a header row"),
            ParseErrorKind::UnexpectedRow => f.write_str("a row that is neither an annotation, a header nor data"),
            ParseErrorKind::UnknownDatatype(t) => write!(f, "unknown datatype {t:?}"),
            ParseErrorKind::BadGroupFlag(t) => write!(f, "#group value {t:?} is neither true nor false"),
            ParseErrorKind::BadValue { column, datatype, text } => write!(f, "{text:?} is not a {datatype} (column {column:?})"),
            ParseErrorKind::InvalidUtf8 => f.write_str("text that is not UTF-8"),
            ParseErrorKind::MissingTableId => f.write_str("no table id"),
            ParseErrorKind::ErrorWithoutRow => f.write_str("an error table without its message"),
            ParseErrorKind::TooLarge => f.write_str("a column past 4 GiB of text"),
        }
    }
}

impl std::error::Error for ParseError {}

/// Shares one allocation among equal strings: column names, result names and group-key
/// values repeat in every table of an answer.
#[derive(Default)]
pub(crate) struct Interner(std::collections::HashSet<Arc<str>>);

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = s.into();
        self.0.insert(a.clone());
        a
    }
}
