//! The parser: rows are cut out of the bytes as they come (only an unfinished last row is
//! kept between chunks), then each row goes to the table being built.

use super::values::{self, TimeFormat};
use super::{Answer, Column, ColumnData, DataType, Interner, ParseError, ParseErrorKind, QueryError, Table, Value};
use std::sync::Arc;

/// Parses a whole answer.
pub fn parse(text: &str) -> Result<Answer, ParseError> {
    parse_bytes(text.as_bytes())
}

/// Parses a whole answer given as bytes (a string cell that is not UTF-8 is an error).
pub fn parse_bytes(bytes: &[u8]) -> Result<Answer, ParseError> {
    let mut p = Parser::new();
    let used = p.run(bytes, true)?;
    debug_assert_eq!(used, bytes.len());
    p.finish()
}

/// Annotated CSV fed in chunks of any size, cut anywhere (inside a quoted value, between
/// `\r` and `\n`, inside a UTF-8 character):
///
/// ```text
/// let mut p = Parser::new();
/// for chunk in body { p.push(&chunk)?; }
/// let answer = p.finish()?;
/// ```
///
/// Rows are parsed as soon as they are complete; only the unfinished last row is copied
/// and kept until the next chunk. After an error, `push` and `finish` return that error.
pub struct Parser {
    /// The unfinished last row.
    tail: Vec<u8>,
    /// Whether `tail` ends inside quotes (its count of `"` is odd).
    tail_in_quotes: bool,
    cells: Vec<Cell>,
    /// Unescaped text of a quoted cell.
    scratch: Vec<u8>,
    /// Line number of the next row's first line.
    line: u64,
    tables: TableBuilder,
    failed: Option<ParseError>,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

impl Parser {
    pub fn new() -> Parser {
        Parser {
            tail: Vec::new(),
            tail_in_quotes: false,
            cells: Vec::new(),
            scratch: Vec::new(),
            line: 1,
            tables: TableBuilder::default(),
            failed: None,
        }
    }

    /// Parses the complete rows that `chunk` finishes or holds; keeps the rest.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let r = self.push_inner(chunk);
        if let Err(e) = &r {
            self.failed = Some(e.clone());
        }
        r
    }

    fn push_inner(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
        let mut rest = chunk;
        if !self.tail.is_empty() {
            // Finish the kept row with the start of this chunk, then go on from the chunk
            // itself, so that only the unfinished row is ever copied.
            let Some(end) = row_end(chunk, self.tail_in_quotes) else {
                self.tail_in_quotes ^= quote_count_is_odd(chunk);
                self.tail.extend_from_slice(chunk);
                return Ok(());
            };
            self.tail.extend_from_slice(&chunk[..end]);
            rest = &chunk[end..];
            let tail = std::mem::take(&mut self.tail);
            let used = self.run(&tail, false)?;
            if used < tail.len() {
                // Only for bytes the row scanner refuses or cuts differently from the
                // quote count: carry on from one buffer.
                let mut joined = tail[used..].to_vec();
                joined.extend_from_slice(rest);
                let used = self.run(&joined, false)?;
                self.keep(&joined[used..]);
                return Ok(());
            }
            self.tail = tail;
            self.tail.clear();
        }
        let used = self.run(rest, false)?;
        self.keep(&rest[used..]);
        Ok(())
    }

    fn keep(&mut self, unfinished: &[u8]) {
        self.tail.clear();
        self.tail.extend_from_slice(unfinished);
        self.tail_in_quotes = quote_count_is_odd(unfinished);
    }

    /// Parses the kept unfinished row as the last one and returns the answer.
    pub fn finish(mut self) -> Result<Answer, ParseError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let tail = std::mem::take(&mut self.tail);
        self.run(&tail, true)?;
        self.tables.finish(self.line)
    }

    /// Parses the complete rows at the start of `buf` (all of it when `at_end`); returns
    /// how many bytes they took.
    fn run(&mut self, buf: &[u8], at_end: bool) -> Result<usize, ParseError> {
        let mut pos = 0;
        while pos < buf.len() {
            let line = self.line;
            let err = |kind| ParseError { line, kind };
            let (end, newlines, n) = match scan_row(buf, pos, at_end, &mut self.cells) {
                Scan::Row { end, newlines, cells } => (end, newlines, cells),
                Scan::Unfinished => break,
                Scan::Bad(kind) => return Err(err(kind)),
            };
            self.tables.row(buf, &self.cells[..n], &mut self.scratch, line)?;
            self.line += 1 + u64::from(newlines);
            pos = end;
        }
        Ok(pos)
    }
}

/// Where a row ends in `chunk` (just past its `\n`), given whether the row so far is
/// inside quotes. Counting quotes is enough: a doubled `""` flips twice.
fn row_end(chunk: &[u8], mut in_quotes: bool) -> Option<usize> {
    for (i, &c) in chunk.iter().enumerate() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn quote_count_is_odd(b: &[u8]) -> bool {
    b.iter().filter(|&&c| c == b'"').count() % 2 == 1
}

/// A cell of the row being parsed: offsets into the row's buffer, without its quotes.
#[derive(Clone, Copy, Debug)]
struct Cell {
    start: usize,
    end: usize,
    /// Holds `""` or `\r\n` to turn into `"` and `\n`.
    escaped: bool,
}

enum Scan {
    /// `cells`: how many of the cell vector's first entries are this row's.
    Row {
        end: usize,
        newlines: u32,
        cells: usize,
    },
    Unfinished,
    Bad(ParseErrorKind),
}

/// Cuts the row starting at `buf[start]` into cells (RFC 4180; a row ends at `\n` or
/// `\r\n`; inside quotes `""` is a quote and `\r\n` a newline, as Go's csv reader reads what
/// influxd's csv writer wrote). `Unfinished` when the row may go on past `buf`. `cells` only
/// grows: entries past the row's count are stale.
fn scan_row(buf: &[u8], start: usize, at_end: bool, cells: &mut Vec<Cell>) -> Scan {
    let mut n = 0;
    let mut i = start;
    let mut newlines = 0u32;
    loop {
        if buf.get(i) == Some(&b'"') {
            i += 1;
            let cell_start = i;
            let mut escaped = false;
            loop {
                match buf.get(i) {
                    None => return if at_end { Scan::Bad(ParseErrorKind::UnterminatedQuote) } else { Scan::Unfinished },
                    Some(b'"') if buf.get(i + 1) == Some(&b'"') => {
                        escaped = true;
                        i += 2;
                    }
                    Some(b'"') => break,
                    Some(b'\n') => {
                        newlines += 1;
                        escaped |= i > cell_start && buf[i - 1] == b'\r';
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            put(cells, &mut n, Cell { start: cell_start, end: i, escaped });
            i += 1;
            match buf.get(i) {
                Some(b',') => i += 1,
                Some(b'\n') => return Scan::Row { end: i + 1, newlines, cells: n },
                Some(b'\r') if buf.get(i + 1) == Some(&b'\n') => return Scan::Row { end: i + 2, newlines, cells: n },
                Some(b'\r') if i + 1 == buf.len() && !at_end => return Scan::Unfinished,
                None if at_end => return Scan::Row { end: i, newlines, cells: n },
                None => return Scan::Unfinished,
                Some(_) => return Scan::Bad(ParseErrorKind::TextAfterClosingQuote),
            }
        } else {
            let cell_start = i;
            i = find_special(buf, i);
            // A `\r` before the row's `\n` (or the body's end) is not the cell's.
            let cell_end = |i: usize| if i > cell_start && buf[i - 1] == b'\r' { i - 1 } else { i };
            match buf.get(i) {
                Some(b',') => {
                    put(cells, &mut n, Cell { start: cell_start, end: i, escaped: false });
                    i += 1;
                }
                Some(b'"') => return Scan::Bad(ParseErrorKind::QuoteInUnquotedCell),
                Some(_) => {
                    put(cells, &mut n, Cell { start: cell_start, end: cell_end(i), escaped: false });
                    return Scan::Row { end: i + 1, newlines, cells: n };
                }
                None if at_end => {
                    put(cells, &mut n, Cell { start: cell_start, end: cell_end(i), escaped: false });
                    return Scan::Row { end: i, newlines, cells: n };
                }
                None => return Scan::Unfinished,
            }
        }
    }
}

/// Sets the `n`th cell. Not `Vec::push` for each: it is not inlined at opt-level "z",
/// which the app is built with.
#[inline(always)]
fn put(cells: &mut Vec<Cell>, n: &mut usize, cell: Cell) {
    match cells.get_mut(*n) {
        Some(c) => *c = cell,
        None => cells.push(cell),
    }
    *n += 1;
}

/// The index of the first `,`, `\n` or `"` at or after `i` (or `buf.len()`), eight bytes
/// at a time.
#[inline(always)]
fn find_special(buf: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = buf.get(i..i + 8) {
        let w = u64::from_le_bytes([word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7]]);
        // A byte of `w ^ c*ONES` is zero where `w` holds `c`; the lowest flagged byte is
        // exact (only bytes above a zero byte can be flagged falsely).
        let zero = |c: u8| {
            let x = w ^ (ONES * u64::from(c));
            x.wrapping_sub(ONES) & !x & HIGHS
        };
        let found = zero(b',') | zero(b'\n') | zero(b'"');
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < buf.len() && !matches!(buf[i], b',' | b'\n' | b'"') {
        i += 1;
    }
    i
}

/// A cell's text: a slice of the row, or its quoted text unescaped into `scratch`.
#[inline(always)]
fn cell_text<'a>(buf: &'a [u8], c: Cell, scratch: &'a mut Vec<u8>) -> &'a [u8] {
    let raw = &buf[c.start..c.end];
    if !c.escaped {
        return raw;
    }
    scratch.clear();
    let mut i = 0;
    while i < raw.len() {
        match (raw[i], raw.get(i + 1)) {
            (b'"', Some(b'"')) => {
                scratch.push(b'"');
                i += 2;
            }
            (b'\r', Some(b'\n')) => {
                scratch.push(b'\n');
                i += 2;
            }
            (c, _) => {
                scratch.push(c);
                i += 1;
            }
        }
    }
    scratch
}

/// One data column of a block's schema.
struct ColSpec {
    /// Index among the row's cells.
    cell: usize,
    name: Arc<str>,
    datatype: DataType,
    time_format: TimeFormat,
    group: bool,
    default: Value,
}

/// What a block's annotation rows and header row say.
struct Schema {
    /// Cells per row, the annotation column included.
    width: usize,
    result_cell: Option<usize>,
    table_cell: Option<usize>,
    default_result: Arc<str>,
    default_table: Option<i64>,
    cols: Vec<ColSpec>,
}

/// Annotation rows read so far in a block, as text.
#[derive(Default)]
struct Annotations {
    width: Option<usize>,
    datatype: Option<Vec<Vec<u8>>>,
    group: Option<Vec<Vec<u8>>>,
    default: Option<Vec<Vec<u8>>>,
}

enum State {
    /// Before any annotation.
    Start,
    /// Reading a block's annotation rows.
    Annotations(Annotations),
    /// Past a block's header: data rows.
    Data(Schema),
    /// Past an error table's header.
    ErrorTable,
}

/// The table being filled.
struct Current {
    result: Arc<str>,
    id: i64,
    data: Vec<ColumnData>,
    /// Per column, the text of the last row's cell when it is in the group key: the next
    /// row's cell most likely repeats it, and then its value is copied, not parsed again.
    last_text: Vec<Vec<u8>>,
}

impl Current {
    fn new(schema: &Schema, result: Arc<str>, id: i64) -> Current {
        let data = schema.cols.iter().map(|c| ColumnData::new(c.datatype)).collect();
        Current { result, id, data, last_text: vec![Vec::new(); schema.cols.len()] }
    }
}

struct TableBuilder {
    state: State,
    current: Option<Current>,
    /// Whether the block being read has had a data row.
    block_has_rows: bool,
    answer: Answer,
    interner: Interner,
}

impl Default for TableBuilder {
    fn default() -> Self {
        TableBuilder { state: State::Start, current: None, block_has_rows: false, answer: Answer::default(), interner: Interner::default() }
    }
}

impl TableBuilder {
    /// One row: `cells` are offsets into `buf`.
    fn row(&mut self, buf: &[u8], cells: &[Cell], scratch: &mut Vec<u8>, line: u64) -> Result<(), ParseError> {
        let err = |kind| ParseError { line, kind };
        let first = cells[0];
        if cells.len() == 1 && first.start == first.end {
            // A blank line: only a separator (a new annotation row starts the next block).
            return Ok(());
        }
        if buf.get(first.start) == Some(&b'#') {
            let name = cell_text(buf, first, scratch).to_vec();
            return self.annotation(&name, buf, cells, scratch).map_err(err);
        }
        if first.start != first.end {
            return Err(err(ParseErrorKind::UnexpectedRow));
        }
        match &mut self.state {
            State::Start => Err(err(ParseErrorKind::MissingDatatype)),
            State::Annotations(_) => self.header(buf, cells, scratch).map_err(err),
            State::ErrorTable => {
                if self.answer.error.is_none() {
                    let text = |k: usize, scratch: &mut Vec<u8>| -> Result<String, ParseErrorKind> {
                        if k >= cells.len() {
                            return Ok(String::new());
                        }
                        let t = cell_text(buf, cells[k], scratch);
                        std::str::from_utf8(t).map(str::to_owned).map_err(|_| ParseErrorKind::InvalidUtf8)
                    };
                    let message = text(1, scratch).map_err(err)?;
                    let reference = text(2, scratch).map_err(err)?;
                    self.answer.error = Some(QueryError { message, reference });
                }
                Ok(())
            }
            State::Data(schema) => {
                if cells.len() != schema.width {
                    return Err(err(ParseErrorKind::CellCount { expected: schema.width, found: cells.len() }));
                }
                self.block_has_rows = true;
                data_row(schema, &mut self.current, &mut self.answer, &mut self.interner, buf, cells, scratch).map_err(err)
            }
        }
    }

    /// An annotation row; one after data rows closes the block.
    fn annotation(&mut self, name: &[u8], buf: &[u8], cells: &[Cell], scratch: &mut Vec<u8>) -> Result<(), ParseErrorKind> {
        let n = cells.len();
        if !matches!(self.state, State::Annotations(_)) {
            self.close_block()?;
            self.state = State::Annotations(Annotations::default());
        }
        let State::Annotations(ann) = &mut self.state else { unreachable!() };
        if let Some(w) = ann.width {
            if w != n {
                return Err(ParseErrorKind::CellCount { expected: w, found: n });
            }
        }
        ann.width = Some(n);
        let slot = match name {
            b"#datatype" => &mut ann.datatype,
            b"#group" => &mut ann.group,
            b"#default" => &mut ann.default,
            // Flux skips annotations it does not know.
            _ => return Ok(()),
        };
        *slot = Some(cells[1..].iter().map(|&c| cell_text(buf, c, scratch).to_vec()).collect());
        Ok(())
    }

    /// The header row: builds the block's schema.
    fn header(&mut self, buf: &[u8], cells: &[Cell], scratch: &mut Vec<u8>) -> Result<(), ParseErrorKind> {
        let n = cells.len();
        let State::Annotations(ann) = std::mem::replace(&mut self.state, State::Start) else { unreachable!() };
        let width = ann.width.unwrap_or(n);
        if n != width {
            return Err(ParseErrorKind::CellCount { expected: width, found: n });
        }
        let datatypes = ann.datatype.ok_or(ParseErrorKind::MissingDatatype)?;
        let mut names = Vec::with_capacity(n - 1);
        for &c in &cells[1..] {
            let t = cell_text(buf, c, scratch);
            names.push(self.interner.intern(std::str::from_utf8(t).map_err(|_| ParseErrorKind::InvalidUtf8)?));
        }
        if names.first().is_some_and(|s| &**s == "error") {
            self.state = State::ErrorTable;
            return Ok(());
        }
        let result_cell = names.iter().position(|s| &**s == "result").map(|k| k + 1);
        let table_cell = names.iter().position(|s| &**s == "table").map(|k| k + 1);
        let defaults = ann.default.unwrap_or_default();
        let default_of = |k: usize| defaults.get(k - 1).map(Vec::as_slice).unwrap_or(b"");
        let default_result = match result_cell {
            Some(k) => self.interner.intern(std::str::from_utf8(default_of(k)).map_err(|_| ParseErrorKind::InvalidUtf8)?),
            None => self.interner.intern("_result"),
        };
        let default_table = match table_cell.map(default_of) {
            None | Some(b"") => None,
            Some(t) => Some(values::parse_i64(t).ok_or_else(|| bad_value("table", DataType::Long, t))?),
        };
        let mut cols = Vec::new();
        for (k, name) in names.into_iter().enumerate().map(|(k, s)| (k + 1, s)) {
            if Some(k) == result_cell || Some(k) == table_cell {
                continue;
            }
            let dt = &datatypes[k - 1];
            let (datatype, time_format) = match &dt[..] {
                b"boolean" => (DataType::Bool, TimeFormat::Rfc3339),
                b"long" => (DataType::Long, TimeFormat::Rfc3339),
                b"unsignedLong" => (DataType::ULong, TimeFormat::Rfc3339),
                b"double" => (DataType::Double, TimeFormat::Rfc3339),
                b"string" => (DataType::Str, TimeFormat::Rfc3339),
                b"base64Binary" => (DataType::Bytes, TimeFormat::Rfc3339),
                b"dateTime" | b"dateTime:RFC3339" | b"dateTime:RFC3339Nano" => (DataType::Time, TimeFormat::Rfc3339),
                b"dateTime:number" => (DataType::Time, TimeFormat::Number),
                b"duration" => (DataType::Duration, TimeFormat::Rfc3339),
                other => return Err(ParseErrorKind::UnknownDatatype(String::from_utf8_lossy(other).into_owned())),
            };
            let group = match ann.group.as_ref().map(|g| &g[k - 1][..]) {
                None | Some(b"false") => false,
                Some(b"true") => true,
                Some(other) => return Err(ParseErrorKind::BadGroupFlag(String::from_utf8_lossy(other).into_owned())),
            };
            let d = default_of(k);
            let default = if d.is_empty() {
                Value::Null
            } else {
                let mut col = ColumnData::new(datatype);
                push_cell(&mut col, time_format, d).map_err(|kind| kind.unwrap_or_else(|| bad_value(&name, datatype, d)))?;
                match col.get(0) {
                    Value::Str(s) => Value::Str(self.interner.intern(&s)),
                    v => v,
                }
            };
            cols.push(ColSpec { cell: k, name, datatype, time_format, group, default });
        }
        self.state = State::Data(Schema { width, result_cell, table_cell, default_result, default_table, cols });
        self.block_has_rows = false;
        Ok(())
    }

    /// Ends the block being read: its last table, or the empty table it stands for.
    fn close_block(&mut self) -> Result<(), ParseErrorKind> {
        match &self.state {
            State::Start | State::Annotations(_) => {}
            State::ErrorTable => {
                if self.answer.error.is_none() {
                    return Err(ParseErrorKind::ErrorWithoutRow);
                }
            }
            State::Data(schema) => {
                if self.block_has_rows {
                    finish_table(schema, &mut self.current, &mut self.answer, &mut self.interner);
                } else {
                    // A table without rows: #default holds its id and group key.
                    let id = schema.default_table.ok_or(ParseErrorKind::MissingTableId)?;
                    self.current = Some(Current::new(schema, schema.default_result.clone(), id));
                    finish_table(schema, &mut self.current, &mut self.answer, &mut self.interner);
                }
            }
        }
        Ok(())
    }

    fn finish(mut self, line: u64) -> Result<Answer, ParseError> {
        if matches!(self.state, State::Annotations(_)) {
            return Err(ParseError { line, kind: ParseErrorKind::MissingHeader });
        }
        self.close_block().map_err(|kind| ParseError { line, kind })?;
        Ok(self.answer)
    }
}

fn bad_value(column: &str, datatype: DataType, text: &[u8]) -> ParseErrorKind {
    let text = String::from_utf8_lossy(&text[..text.len().min(64)]).into_owned();
    ParseErrorKind::BadValue { column: column.to_owned(), datatype, text }
}

/// Parses one non-empty cell onto its column. `Err(None)`: not a value of the column's type;
/// `Err(Some(kind))`: another error.
fn push_cell(col: &mut ColumnData, time_format: TimeFormat, t: &[u8]) -> Result<(), Option<ParseErrorKind>> {
    fn ok<T>(v: Option<T>, push: impl FnOnce(T)) -> Result<(), Option<ParseErrorKind>> {
        v.map(push).ok_or(None)
    }
    match col {
        ColumnData::Double(c) => ok(values::parse_f64(t), |v| c.push(Some(v))),
        ColumnData::Time(c) => ok(values::parse_time(t, time_format), |v| c.push(Some(v))),
        ColumnData::Long(c) => ok(values::parse_i64(t), |v| c.push(Some(v))),
        ColumnData::ULong(c) => ok(values::parse_u64(t), |v| c.push(Some(v))),
        ColumnData::Bool(c) => ok(values::parse_bool(t), |v| c.push(Some(v))),
        ColumnData::Duration(c) => ok(values::parse_duration(t), |v| c.push(Some(v))),
        ColumnData::Str(c) => match c.try_push_bytes(t) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Some(ParseErrorKind::InvalidUtf8)),
            Err(()) => Err(Some(ParseErrorKind::TooLarge)),
        },
        ColumnData::Bytes(c) => match c.push_with(|out| values::decode_base64(t, out)) {
            Ok(true) => Ok(()),
            Ok(false) => Err(None),
            Err(()) => Err(Some(ParseErrorKind::TooLarge)),
        },
    }
}

/// Moves the table being filled into the answer.
fn finish_table(schema: &Schema, current: &mut Option<Current>, answer: &mut Answer, interner: &mut Interner) {
    let Some(cur) = current.take() else { return };
    let columns = schema
        .cols
        .iter()
        .zip(cur.data)
        .map(|(spec, data)| Column { name: spec.name.clone(), group: spec.group, default: spec.default.clone(), data })
        .collect();
    answer.tables.push(Table::with_interner(cur.result, cur.id, columns, interner));
}

fn data_row(
    schema: &Schema,
    current: &mut Option<Current>,
    answer: &mut Answer,
    interner: &mut Interner,
    buf: &[u8],
    cells: &[Cell],
    scratch: &mut Vec<u8>,
) -> Result<(), ParseErrorKind> {
    // Which table: a new one when the result or the table id changes.
    let id = match schema.table_cell {
        None => schema.default_table.unwrap_or(0),
        Some(k) => match cell_text(buf, cells[k], scratch) {
            b"" => schema.default_table.ok_or(ParseErrorKind::MissingTableId)?,
            t => values::parse_i64(t).ok_or_else(|| bad_value("table", DataType::Long, t))?,
        },
    };
    let result_text: &[u8] = match schema.result_cell {
        Some(k) => cell_text(buf, cells[k], scratch),
        None => b"",
    };
    let same = current.as_ref().is_some_and(|c| {
        c.id == id && if result_text.is_empty() { c.result == schema.default_result } else { c.result.as_bytes() == result_text }
    });
    if !same {
        let result = if result_text.is_empty() {
            schema.default_result.clone()
        } else {
            interner.intern(std::str::from_utf8(result_text).map_err(|_| ParseErrorKind::InvalidUtf8)?)
        };
        finish_table(schema, current, answer, interner);
        *current = Some(Current::new(schema, result, id));
    }
    let Some(cur) = current.as_mut() else { unreachable!() };
    for ((spec, col), last) in schema.cols.iter().zip(cur.data.iter_mut()).zip(cur.last_text.iter_mut()) {
        let t = cell_text(buf, cells[spec.cell], scratch);
        if t.is_empty() {
            col.push(&spec.default);
            last.clear();
            continue;
        }
        if spec.group && *last == t && col.repeat_last() {
            continue;
        }
        push_cell(col, spec.time_format, t).map_err(|kind| kind.unwrap_or_else(|| bad_value(&spec.name, spec.datatype, t)))?;
        if spec.group {
            last.clear();
            last.extend_from_slice(t);
        }
    }
    Ok(())
}
