//! The annotated-CSV parser and writer: the answers of a real influxd (fixtures captured by
//! scripts/gen/capture_csv.sh), one table test per rule of the format, then property tests:
//! no bytes make it panic, chunks cut anywhere give what one piece gives, and any tables
//! written out read back as themselves.

use dashboards_core::csv::{
    parse, parse_bytes, write, Answer, BytesValues, Column, ColumnData, DataType, ParseError, ParseErrorKind, Parser, QueryError,
    StrValues, Table, Value, Values,
};
use dashboards_core::time::parse_rfc3339;
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ok(text: &str) -> Answer {
    parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn kind(text: &str) -> (u64, ParseErrorKind) {
    match parse(text) {
        Ok(a) => panic!("parsed: {a:?}"),
        Err(ParseError { line, kind }) => (line, kind),
    }
}

/// Feeds `bytes` cut at `cuts` (offsets, any order, out of range ignored).
fn parse_chunked(bytes: &[u8], cuts: &[usize]) -> Result<Answer, ParseError> {
    let mut cuts: Vec<usize> = cuts.iter().copied().filter(|&c| c <= bytes.len()).collect();
    cuts.sort_unstable();
    cuts.push(bytes.len());
    let mut p = Parser::new();
    let mut from = 0;
    for c in cuts {
        p.push(&bytes[from..c])?;
        from = c;
    }
    p.finish()
}

fn nanos(rfc3339: &str) -> i64 {
    parse_rfc3339(rfc3339).unwrap() as i64
}

fn col<'a>(t: &'a Table, name: &str) -> &'a ColumnData {
    &t.column(name).unwrap_or_else(|| panic!("no column {name}")).data
}

fn doubles(t: &Table, name: &str) -> Vec<Option<f64>> {
    match col(t, name) {
        ColumnData::Double(v) => v.iter().collect(),
        other => panic!("{name} is {:?}", other.datatype()),
    }
}

fn strings(t: &Table, name: &str) -> Vec<Option<String>> {
    match col(t, name) {
        ColumnData::Str(v) => v.iter().map(|s| s.map(str::to_owned)).collect(),
        other => panic!("{name} is {:?}", other.datatype()),
    }
}

fn times(t: &Table, name: &str) -> Vec<Option<i64>> {
    match col(t, name) {
        ColumnData::Time(v) => v.iter().collect(),
        other => panic!("{name} is {:?}", other.datatype()),
    }
}

const HEAD: &str =
    "#group,false,false,true,false\r\n#datatype,string,long,string,double\r\n#default,_result,,,\r\n,result,table,host,_value\r\n";

// ---------------------------------------------------------------- answers of a real influxd

#[test]
fn every_captured_answer_is_listed_with_its_status() {
    let list = fixture("answers.tsv");
    let rows: Vec<Vec<&str>> = list.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 14);
    for r in &rows {
        let (name, status, ctype) = (r[0], r[1], r[2]);
        if name.ends_with(".csv") {
            assert_eq!((status, ctype), ("200", "text/csv; charset=utf-8"), "{name}");
        } else {
            assert_eq!((status, ctype), ("400", "application/json; charset=utf-8"), "{name}");
        }
    }
    // Even a failure after data is a 200: the status is sent before the failure.
    assert!(rows.iter().any(|r| r[..2] == ["error_after_data.csv", "200"]));
}

#[test]
fn every_captured_answer_parses_and_writes_back_byte_for_byte() {
    for line in fixture("answers.tsv").lines() {
        let name = line.split('\t').next().unwrap();
        if !name.ends_with(".csv") {
            continue;
        }
        let text = fixture(name);
        let answer = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(write(&answer), text, "{name}");
    }
}

#[test]
fn json_error_answers_are_not_csv() {
    for name in ["compile_error.json", "runtime_error.json", "duration_column.json", "bytes_column.json"] {
        let body = fixture(name);
        assert!(body.starts_with("{\"code\":\"invalid\""), "{name}");
        assert_eq!(parse(&body).map_err(|e| e.line), Err(1), "{name}");
    }
    assert!(fixture("compile_error.json").contains("undefined identifier rnge"));
    // influxd never writes the duration or base64Binary datatypes: Flux tables hold neither.
    assert!(fixture("duration_column.json").contains("duration type which is not supported in a flux table"));
    assert!(fixture("bytes_column.json").contains("bytes type which is not supported in a flux table"));
}

#[test]
fn aggregate_window_gives_a_table_per_series_with_nulls_for_empty_windows() {
    let a = ok(&fixture("aggregate_window.csv"));
    assert_eq!(a.tables.len(), 12);
    assert_eq!(a.results(), ["_result"]);
    assert_eq!(a.tables.iter().map(|t| t.id).collect::<Vec<_>>(), (0..12).collect::<Vec<_>>());
    let t = &a.tables[2];
    assert_eq!(t.series.as_str(), "_field=usage_user,_measurement=cpu,host=a");
    assert_eq!(t.group_key.get("_start"), Some(&Value::Time(nanos("2024-01-01T00:00:00Z"))));
    assert_eq!(t.group_key.get("_stop"), Some(&Value::Time(nanos("2024-01-01T00:14:00Z"))));
    assert_eq!(t.group_key.get("host"), Some(&Value::Str("a".into())));
    assert_eq!(t.group_key.0.iter().map(|(n, _)| &**n).collect::<Vec<_>>(), ["_field", "_measurement", "_start", "_stop", "host"]);
    assert_eq!(doubles(t, "_value"), [Some(12.75), Some(18.75), Some(24.75), Some(30.75), Some(36.75), None, None]);
    let want: Vec<_> = (1..=7).map(|k| Some(nanos(&format!("2024-01-01T00:{:02}:00Z", 2 * k)))).collect();
    assert_eq!(times(t, "_time"), want);
    assert_eq!(doubles(&a.tables[6], "_value")[0], Some(49.949999999999996));
    let series: Vec<&str> = a.tables.iter().map(|t| t.series.as_str()).collect();
    assert!(series.iter().all(|s| series.iter().filter(|x| *x == s).count() == 1), "series keys repeat: {series:?}");
}

#[test]
fn last_by_type_opens_a_block_at_each_type_change() {
    let a = ok(&fixture("last_by_type.csv"));
    let types: Vec<DataType> = a.tables.iter().map(|t| t.column("_value").unwrap().datatype()).collect();
    use DataType::*;
    assert_eq!(types, [Long, Double, Double, Double, Long, Bool, ULong, Double, Long, Bool, ULong]);
    assert_eq!(col(&a.tables[6], "_value"), &ColumnData::ULong(vec![Some(1_029_696), Some(1_060_416)].into()));
    assert_eq!(col(&a.tables[5], "_value"), &ColumnData::Bool(vec![Some(true), Some(true)].into()));
}

#[test]
fn two_yields_are_two_results() {
    let a = ok(&fixture("two_results.csv"));
    assert_eq!(a.results(), ["max", "min"]);
    let max: Vec<f64> = a.tables_of("max").map(|t| doubles(t, "_value")[0].unwrap()).collect();
    let min: Vec<f64> = a.tables_of("min").map(|t| doubles(t, "_value")[0].unwrap()).collect();
    assert_eq!((max, min), (vec![39.5, 49.5], vec![10.0, 20.0]));
    // Table ids restart in each result.
    assert_eq!(a.tables.iter().map(|t| t.id).collect::<Vec<_>>(), [0, 1, 0, 1]);
}

#[test]
fn pivot_gives_a_column_per_field() {
    let a = ok(&fixture("pivot.csv"));
    let t = &a.tables[1];
    assert_eq!(t.series.as_str(), "_measurement=cpu,host=b");
    assert_eq!(col(t, "procs"), &ColumnData::Long(vec![Some(200), Some(201), Some(202)].into()));
    assert_eq!(doubles(t, "usage_system"), [Some(2.0), Some(2.25), Some(2.5)]);
}

#[test]
fn schema_change_gives_tables_of_other_columns() {
    let a = ok(&fixture("schema_change.csv"));
    let names: Vec<Vec<&str>> = a.tables.iter().map(|t| t.columns.iter().map(|c| &*c.name).collect()).collect();
    assert_eq!(names[0], names[1]);
    assert_eq!(names[2].last(), Some(&"kind"));
    assert_eq!(a.tables[2].series.as_str(), "_field=msg,_measurement=events,host=a,kind=note");
}

#[test]
fn strings_keep_commas_quotes_and_newlines() {
    let a = ok(&fixture("strings.csv"));
    let want = ["plain", "a, b, and c", "she said \"hi\"", "line one\nline two"].map(|s| Some(s.to_owned()));
    // The empty string is an empty cell: null, as Flux reads it.
    assert_eq!(strings(&a.tables[0], "_value"), [&want[..], &[None]].concat());
}

#[test]
fn empty_table_takes_its_id_and_group_key_from_default() {
    let a = ok(&fixture("empty_table.csv"));
    let t = &a.tables[0];
    assert_eq!((t.id, t.len()), (0, 0));
    assert_eq!(t.series.as_str(), "_field=procs,_measurement=cpu,host=a");
    assert_eq!(t.group_key.get("_stop"), Some(&Value::Time(nanos("2024-01-01T00:14:00Z"))));
    assert_eq!((a.tables[1].id, a.tables[1].len()), (1, 2));
}

#[test]
fn types_hold_their_extremes() {
    let a = ok(&fixture("types.csv"));
    let t = &a.tables[0];
    assert_eq!(col(t, "u"), &ColumnData::ULong(vec![Some(u64::MAX - 100), Some(u64::MAX - 101)].into()));
    assert_eq!(col(t, "neg"), &ColumnData::Long(vec![Some(i64::MIN + 100), Some(i64::MIN + 101)].into()));
    assert_eq!(doubles(t, "inf")[0], Some(f64::INFINITY));
    assert_eq!(doubles(t, "ninf")[0], Some(f64::NEG_INFINITY));
    assert!(doubles(t, "nan")[0].unwrap().is_nan());
    assert_eq!(doubles(t, "huge")[0], Some(1e300));
    assert_eq!(doubles(t, "tiny")[0], Some(-1e-300));
    assert_eq!(doubles(t, "negzero")[0].map(f64::to_bits), Some((-0.0f64).to_bits()));
    assert_eq!(times(t, "t"), [Some(1_704_067_200_123_456_889), Some(1_704_067_200_123_456_890)]);
    assert_eq!(strings(t, "s")[0].as_deref(), Some(" lead space"));
    assert_eq!(col(t, "bo"), &ColumnData::Bool(vec![Some(false), Some(true)].into()));
}

#[test]
fn no_tables_is_an_empty_answer() {
    assert_eq!(fixture("no_tables.csv"), "\r\n");
    assert_eq!(ok(&fixture("no_tables.csv")), Answer::default());
}

#[test]
fn error_after_data_keeps_the_data_and_gives_the_error() {
    let a = ok(&fixture("error_after_data.csv"));
    assert_eq!(a.results(), ["ok"]);
    assert_eq!(doubles(&a.tables[0], "_value"), [Some(10.0), Some(10.5)]);
    let e = a.error.unwrap();
    assert_eq!(e.message, "runtime error @7:6-7:104: map: failed to evaluate map function: procs over 130");
    assert_eq!(e.reference, "");
}

// ---------------------------------------------------------------- one rule each

#[test]
fn default_value_fills_empty_cells() {
    let a =
        ok("#group,false,false,false,false\n#datatype,string,long,double,string\n#default,r,3,1.5,x\n,result,table,v,s\n,,,,\n,,,2,y\n");
    let t = &a.tables[0];
    assert_eq!((&*t.result, t.id), ("r", 3));
    assert_eq!(doubles(t, "v"), [Some(1.5), Some(2.0)]);
    assert_eq!(strings(t, "s"), [Some("x".to_owned()), Some("y".to_owned())]);
}

#[test]
fn empty_cell_without_default_is_null() {
    let a = ok(&format!("{HEAD},,0,,\r\n,,0,a,1\r\n"));
    assert_eq!(strings(&a.tables[0], "host"), [None, Some("a".to_owned())]);
    assert_eq!(doubles(&a.tables[0], "_value"), [None, Some(1.0)]);
}

#[test]
fn quoted_comma() {
    let a = ok(&format!("{HEAD},,0,\"a,b\",1\r\n"));
    assert_eq!(strings(&a.tables[0], "host")[0].as_deref(), Some("a,b"));
}

#[test]
fn doubled_quote() {
    let a = ok(&format!("{HEAD},,0,\"say \"\"hi\"\"\",1\r\n,,0,\"\"\"\",2\r\n"));
    assert_eq!(strings(&a.tables[0], "host"), [Some("say \"hi\"".to_owned()), Some("\"".to_owned())]);
}

#[test]
fn quoted_newline_crlf_or_lf_reads_as_lf() {
    let a = ok(&format!("{HEAD},,0,\"one\r\ntwo\",1\r\n,,0,\"three\nfour\",2\r\n,,0,\"cr\ronly\",3\r\n"));
    let want = ["one\ntwo", "three\nfour", "cr\ronly"].map(|s| Some(s.to_owned()));
    assert_eq!(strings(&a.tables[0], "host"), want);
}

#[test]
fn crlf_and_lf_line_ends() {
    let crlf = ok(&format!("{HEAD},,0,a,1\r\n,,0,b,2\r\n"));
    let lf = ok(&format!("{HEAD},,0,a,1\r\n,,0,b,2\n").replace("\r\n", "\n"));
    let no_end = ok(&format!("{HEAD},,0,a,1\r\n,,0,b,2"));
    assert_eq!(crlf, lf);
    assert_eq!(crlf, no_end);
    assert_eq!(strings(&crlf.tables[0], "host"), [Some("a".to_owned()), Some("b".to_owned())]);
}

#[test]
fn plus_inf_minus_inf_nan() {
    let a = ok(&format!("{HEAD},,0,a,+Inf\r\n,,0,a,-Inf\r\n,,0,a,NaN\r\n,,0,a,1e3\r\n"));
    let v = doubles(&a.tables[0], "_value");
    assert_eq!(&v[..2], [Some(f64::INFINITY), Some(f64::NEG_INFINITY)]);
    assert!(v[2].unwrap().is_nan());
    assert_eq!(v[3], Some(1000.0));
}

#[test]
fn every_datatype() {
    let text = "#datatype,string,long,boolean,long,unsignedLong,double,string,base64Binary,dateTime:RFC3339,dateTime:RFC3339Nano,dateTime,dateTime:number,duration,duration\n\
                ,result,table,b,l,u,d,s,x,t1,t2,t3,t4,d1,d2\n\
                ,_result,0,T,-9,18446744073709551615,0.5,é,aGk=,2024-01-01T00:00:00+01:00,1970-01-01T00:00:00.000000001Z,1970-01-01T00:00:01Z,-7,90000000000,1h30m\n";
    let t = &ok(text).tables[0];
    let row: Vec<Value> = t.columns.iter().map(|c| c.data.get(0)).collect();
    let want = [
        Value::Bool(true),
        Value::Long(-9),
        Value::ULong(u64::MAX),
        Value::Double(0.5),
        Value::Str("é".into()),
        Value::Bytes(b"hi"[..].into()),
        Value::Time(nanos("2023-12-31T23:00:00Z")),
        Value::Time(1),
        Value::Time(1_000_000_000),
        Value::Time(-7),
        Value::Duration(90_000_000_000),
        Value::Duration(5_400_000_000_000),
    ];
    assert_eq!(row, want);
    // Without #group, no column is in the group key; without #default, nothing has a default.
    assert!(t.group_key.0.is_empty() && t.columns.iter().all(|c| !c.group && c.default.is_null()));
}

#[test]
fn schema_change_starts_a_new_block() {
    let text = format!(
        "{HEAD},,0,a,1\r\n\r\n#group,false,false,true,false\r\n#datatype,string,long,string,boolean\r\n#default,_result,,,\r\n,result,table,host,ok\r\n,,1,b,true\r\n"
    );
    let a = ok(&text);
    assert_eq!(a.tables.len(), 2);
    assert_eq!(a.tables[1].column("ok").unwrap().datatype(), DataType::Bool);
    assert_eq!(a.tables[1].column("_value"), None);
}

#[test]
fn new_table_id_starts_a_new_table_in_the_same_block() {
    let a = ok(&format!("{HEAD},,0,a,1\r\n,,0,a,2\r\n,,1,b,3\r\n"));
    assert_eq!(a.tables.iter().map(|t| (t.id, t.len())).collect::<Vec<_>>(), [(0, 2), (1, 1)]);
    assert_eq!(a.tables[1].series.as_str(), "host=b");
}

#[test]
fn result_cell_overrides_the_default_and_starts_a_new_table() {
    let a = ok(&format!("{HEAD},,0,a,1\r\n,other,0,a,2\r\n"));
    assert_eq!(a.results(), ["_result", "other"]);
}

#[test]
fn group_key_comes_from_the_first_row() {
    let a = ok(&format!("{HEAD},,0,a,1\r\n,,0,b,2\r\n"));
    assert_eq!(a.tables[0].group_key.get("host"), Some(&Value::Str("a".into())));
    assert_eq!(strings(&a.tables[0], "host"), [Some("a".to_owned()), Some("b".to_owned())]);
}

#[test]
fn group_cells_that_repeat_are_copied_and_the_others_read() {
    // A group cell equal to the row before is copied, not parsed: an empty cell between
    // two equal ones is still the default.
    let text = "#group,false,false,true,true\n#datatype,string,long,long,dateTime:RFC3339\n#default,_result,,7,\n\
                ,result,table,g,t\n,,0,5,2024-01-01T00:00:00Z\n,,0,,2024-01-01T00:00:00Z\n,,0,5,\n,,0,6,2024-01-01T00:00:00Z\n";
    let t = &ok(text).tables[0];
    assert_eq!(col(t, "g"), &ColumnData::Long(vec![Some(5), Some(7), Some(5), Some(6)].into()));
    let t0 = nanos("2024-01-01T00:00:00Z");
    assert_eq!(times(t, "t"), [Some(t0), Some(t0), None, Some(t0)]);
}

#[test]
fn series_key_leaves_out_start_and_stop_and_escapes() {
    let text = "#group,false,false,true,true,true,true\n#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,string,long\n\
                #default,_result,,,,,\n,result,table,_start,_stop,a=b,n\n,,0,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,\"x,y\\z\",-1\n";
    assert_eq!(ok(text).tables[0].series.as_str(), "a\\=b=x\\,y\\\\z,n=-1");
}

#[test]
fn unknown_annotations_and_blank_lines_are_skipped() {
    let text = format!("\r\n#null,,,,\r\n{HEAD}\r\n,,0,a,1\r\n\r\n\r\n");
    assert_eq!(ok(&text).tables[0].len(), 1);
}

#[test]
fn error_table_as_the_whole_answer() {
    let a = ok("#datatype,string,long\n,error,reference\n,\"failed to parse query, at 1:1\",897\n");
    assert!(a.tables.is_empty());
    assert_eq!(a.error, Some(QueryError { message: "failed to parse query, at 1:1".into(), reference: "897".into() }));
}

#[test]
fn error_table_after_data() {
    let text =
        format!("{HEAD},,0,a,1\r\n\r\n\r\n#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,boom,\r\n");
    let a = ok(&text);
    assert_eq!((a.tables.len(), a.error.unwrap().message.as_str()), (1, "boom"));
}

#[test]
fn chunk_boundary_inside_a_quoted_value() {
    let text = format!("{HEAD},,0,\"a \"\"quoted\"\", long\r\nvalue\",1\r\n");
    let whole = ok(&text);
    let at = text.find("quoted").unwrap();
    // Every cut around the quoted value, including between the two quotes of `""`.
    for cut in at - 4..at + 25 {
        assert_eq!(parse_chunked(text.as_bytes(), &[cut]).as_ref(), Ok(&whole), "cut at {cut}");
    }
}

#[test]
fn chunk_boundary_between_cr_and_lf() {
    // Also after a closing quote, where `\r` alone would be text after it.
    let text = format!("{HEAD},,0,a,1\r\n,,0,\"b\r\nc\",2\r\n,,0,x,\"3\"\r\n");
    let whole = ok(&text);
    for (i, _) in text.match_indices('\r') {
        assert_eq!(parse_chunked(text.as_bytes(), &[i + 1]).as_ref(), Ok(&whole), "cut after \\r at {i}");
    }
}

#[test]
fn chunk_boundary_inside_a_utf8_character() {
    let text = format!("{HEAD},,0,héllo→,1\r\n");
    let whole = ok(&text);
    for cut in 0..=text.len() {
        assert_eq!(parse_chunked(text.as_bytes(), &[cut]).as_ref(), Ok(&whole), "cut at {cut}");
    }
    // One byte at a time.
    assert_eq!(parse_chunked(text.as_bytes(), &(0..text.len()).collect::<Vec<_>>()), Ok(whole));
}

#[test]
fn repeated_strings_are_stored_once() {
    let t = &ok(&format!("{HEAD},,0,same,1\r\n,,0,same,2\r\n,,0,other,3\r\n,,0,same,4\r\n")).tables[0];
    let ColumnData::Str(v) = col(t, "host") else { panic!() };
    assert_eq!(v.iter().collect::<Vec<_>>(), [Some("same"), Some("same"), Some("other"), Some("same")]);
    assert_eq!(v.text_len(), "same".len() + "other".len() + "same".len());
}

// ---------------------------------------------------------------- typed errors, with lines

#[test]
fn each_error_names_its_line() {
    use ParseErrorKind::*;
    let bad_value = |column: &str, datatype, text: &str| BadValue { column: column.into(), datatype, text: text.into() };
    let cases: Vec<(String, u64, ParseErrorKind)> = vec![
        (format!("{HEAD},,0,\"open,1\r\n"), 5, UnterminatedQuote),
        (format!("{HEAD},,0,a\"b,1\r\n"), 5, QuoteInUnquotedCell),
        (format!("{HEAD},,0,\"a\"b,1\r\n"), 5, TextAfterClosingQuote),
        (format!("{HEAD},,0,a,1\r\n,,0,a\r\n"), 6, CellCount { expected: 5, found: 4 }),
        ("#group,false\n#datatype,string,long\n".into(), 2, CellCount { expected: 2, found: 3 }),
        (",result,table\n,,0\n".into(), 1, MissingDatatype),
        ("#group,false,false\n,result,table\n".into(), 2, MissingDatatype),
        ("#datatype,string,long\n".into(), 2, MissingHeader),
        (format!("{HEAD}x,,0,a,1\r\n"), 5, UnexpectedRow),
        ("#datatype,string,long,float\n,result,table,v\n".into(), 2, UnknownDatatype("float".into())),
        ("#group,false,false,yes\n#datatype,string,long,double\n,result,table,v\n".into(), 3, BadGroupFlag("yes".into())),
        (format!("{HEAD},,0,a,1\r\n,,0,\"multi\r\nline\",1\r\n,,0,a,1.2.3\r\n"), 8, bad_value("_value", DataType::Double, "1.2.3")),
        ("#datatype,string,long,double\n#default,_result,,x\n,result,table,v\n".into(), 3, bad_value("v", DataType::Double, "x")),
        (
            "#datatype,string,long,long\n,result,table,v\n,,0,9223372036854775808\n".into(),
            3,
            bad_value("v", DataType::Long, "9223372036854775808"),
        ),
        (
            "#datatype,string,long,dateTime:RFC3339\n,result,table,t\n,,0,2024-02-30T00:00:00Z\n".into(),
            3,
            bad_value("t", DataType::Time, "2024-02-30T00:00:00Z"),
        ),
        (
            "#datatype,string,long,dateTime:RFC3339\n,result,table,t\n,,0,2300-01-01T00:00:00Z\n".into(),
            3,
            bad_value("t", DataType::Time, "2300-01-01T00:00:00Z"),
        ),
        ("#datatype,string,long,boolean\n,result,table,b\n,,0,yes\n".into(), 3, bad_value("b", DataType::Bool, "yes")),
        ("#datatype,string,long,base64Binary\n,result,table,b\n,,0,a\n".into(), 3, bad_value("b", DataType::Bytes, "a")),
        ("#datatype,string,long,double\n,result,table,v\n,,x,1\n".into(), 3, bad_value("table", DataType::Long, "x")),
        ("#datatype,string,long,double\n,result,table,v\n,,,1\n".into(), 3, MissingTableId),
        ("#datatype,string,long,double\n,result,table,v\n".into(), 3, MissingTableId),
        ("#datatype,string,string\n,error,reference\n".into(), 3, ErrorWithoutRow),
    ];
    for (text, line, want) in cases {
        assert_eq!(kind(&text), (line, want), "{text:?}");
    }
    let invalid = [format!("{HEAD},,0,").as_bytes(), &[0xff, 0xfe][..], b",1\r\n"].concat();
    assert_eq!(parse_bytes(&invalid), Err(ParseError { line: 5, kind: InvalidUtf8 }));
    let long = format!("{HEAD},,0,a,{}\r\n", "9".repeat(500) + "x");
    let (_, BadValue { text, .. }) = kind(&long) else { panic!() };
    assert_eq!(text.len(), 64, "a bad value is cut short in the error");
    assert_eq!(kind(&long).0, 5);
}

#[test]
fn after_an_error_push_and_finish_give_it_again() {
    let mut p = Parser::new();
    let e = p.push(format!("{HEAD},,0,a,x\r\n").as_bytes()).unwrap_err();
    assert_eq!(e.line, 5);
    assert_eq!(p.push(b",,0,a,1\r\n"), Err(e.clone()));
    assert_eq!(p.finish(), Err(e));
}

#[test]
fn errors_read_as_sentences() {
    let (line, kind) = kind("#datatype,string,long,double\n,result,table,v\n,,0,x\n");
    let e = ParseError { line, kind };
    assert_eq!(e.to_string(), "line 3: \"x\" is not a double (column \"v\")");
}

// ---------------------------------------------------------------- the writer

#[test]
fn writer_quotes_like_go_and_keeps_carriage_returns() {
    let s: StrValues =
        [Some(" lead"), Some("a,b"), Some("q\"q"), Some("l\nl"), Some("c\rr"), Some("\\."), Some("plain")].into_iter().collect();
    let t = Table::new("_result", 0, vec![Column::new("s", false, ColumnData::Str(s))]);
    let text = write(&Answer { tables: vec![t.clone()], error: None });
    assert!(
        text.contains(",,0,\" lead\"\r\n,,0,\"a,b\"\r\n,,0,\"q\"\"q\"\r\n,,0,\"l\r\nl\"\r\n,,0,\"c\rr\"\r\n,,0,\"\\.\"\r\n,,0,plain\r\n"),
        "{text}"
    );
    assert_eq!(ok(&text).tables, [t]);
}

#[test]
fn writer_leaves_cells_equal_to_the_default_empty() {
    let mut c = Column::new("v", false, ColumnData::Long(vec![Some(7), Some(8)].into()));
    c.default = Value::Long(7);
    let t = Table::new("r", 4, vec![c]);
    let text = write(&Answer { tables: vec![t.clone()], error: None });
    assert_eq!(text, "#group,false,false,false\r\n#datatype,string,long,long\r\n#default,r,,7\r\n,result,table,v\r\n,,4,\r\n,,4,8\r\n\r\n");
    assert_eq!(ok(&text).tables, [t]);
}

#[test]
fn writer_gives_an_error_alone_or_after_tables() {
    let e = QueryError { message: "x, \"y\"".into(), reference: "12".into() };
    let alone = write(&Answer { tables: vec![], error: Some(e.clone()) });
    assert_eq!(alone, "#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,\"x, \"\"y\"\"\",12\r\n");
    assert_eq!(ok(&alone).error, Some(e));
}

// ---------------------------------------------------------------- property tests

fn text() -> impl Strategy<Value = String> {
    // Short strings heavy in what needs quoting.
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::char::range('a', 'e'),
            1 => Just(','),
            1 => Just('"'),
            1 => Just('\n'),
            1 => Just('\r'),
            1 => Just(' '),
            1 => Just('#'),
            1 => Just('\\'),
            1 => Just('='),
            1 => Just('é'),
            1 => Just('→'),
        ],
        0..8,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn non_empty_text() -> impl Strategy<Value = String> {
    text().prop_filter("an empty string reads back as null", |s| !s.is_empty())
}

fn double() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_map(|f| if f.is_nan() { f64::NAN } else { f }),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        (-1000i32..1000).prop_map(|n| f64::from(n) / 8.0),
    ]
}

/// A value of `dt`, never an empty string or empty bytes (they read back as null).
fn value_of(dt: DataType) -> BoxedStrategy<Value> {
    match dt {
        DataType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        DataType::Long => any::<i64>().prop_map(Value::Long).boxed(),
        DataType::ULong => any::<u64>().prop_map(Value::ULong).boxed(),
        DataType::Double => double().prop_map(Value::Double).boxed(),
        DataType::Str => non_empty_text().prop_map(|s| Value::Str(s.into())).boxed(),
        DataType::Bytes => proptest::collection::vec(any::<u8>(), 1..6).prop_map(|b| Value::Bytes(b.into())).boxed(),
        DataType::Time => any::<i64>().prop_map(Value::Time).boxed(),
        DataType::Duration => any::<i64>().prop_map(Value::Duration).boxed(),
    }
}

fn datatype() -> impl Strategy<Value = DataType> {
    use DataType::*;
    proptest::sample::select(vec![Bool, Long, ULong, Double, Str, Bytes, Time, Duration])
}

/// A column of `rows` cells: with a default, it holds no null (a null there reads back as
/// the default).
fn column(rows: usize) -> impl Strategy<Value = Column> {
    (datatype(), text(), any::<bool>(), any::<bool>()).prop_flat_map(move |(dt, name, group, has_default)| {
        let default = if has_default { value_of(dt).boxed() } else { Just(Value::Null).boxed() };
        let cell = if has_default {
            // Often the default itself, so that empty cells are written and read.
            value_of(dt).boxed()
        } else {
            proptest::option::weighted(0.8, value_of(dt)).prop_map(|v| v.unwrap_or(Value::Null)).boxed()
        };
        (default, proptest::collection::vec((cell, any::<bool>()), rows)).prop_map(move |(default, cells)| {
            let mut data = ColumnData::new(dt);
            for (v, use_default) in cells {
                let v = if use_default && !default.is_null() { default.clone() } else { v };
                assert!(data.push(&v));
            }
            Column { name: name.clone().into(), group, default, data }
        })
    })
}

fn table_parts() -> impl Strategy<Value = (usize, Vec<Column>)> {
    (0usize..6).prop_flat_map(|rows| proptest::collection::vec(column(rows), 0..5).prop_map(move |cols| (rows, cols)))
}

/// Tables in a few results, ids counted per result as influxd does; sometimes an error.
fn answer() -> impl Strategy<Value = Answer> {
    let result = prop_oneof![Just("_result".to_owned()), Just("b".to_owned()), text()];
    let error = proptest::option::of((text(), text()).prop_map(|(message, reference)| QueryError { message, reference }));
    (proptest::collection::vec((result, table_parts(), any::<bool>()), 0..5), error).prop_map(|(parts, error)| {
        let mut tables: Vec<Table> = Vec::new();
        for (result, (_, columns), same_columns_as_before) in parts {
            let id = match tables.last() {
                Some(t) if *t.result == *result => t.id + 1,
                _ => 0,
            };
            // Reuse the previous table's schema at times, so blocks hold several tables.
            let columns = match tables.last() {
                Some(prev) if same_columns_as_before => prev.columns.clone(),
                _ => columns,
            };
            tables.push(Table::new(&result, id, columns));
        }
        Answer { tables, error }
    })
}

/// Bytes that look like annotated CSV: a written answer with a few bytes changed.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    let edit = (
        any::<prop::sample::Index>(),
        prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b'#'), Just(b'1'), any::<u8>()],
        0..3u8,
    );
    (answer(), proptest::collection::vec(edit, 1..4)).prop_map(|(a, edits)| {
        let mut b = write(&a).into_bytes();
        for (at, byte, op) in edits {
            if b.is_empty() {
                b.push(byte);
                continue;
            }
            let i = at.index(b.len());
            match op {
                0 => b[i] = byte,
                1 => b.insert(i, byte),
                _ => drop(b.remove(i)),
            }
        }
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), cuts in proptest::collection::vec(0usize..600, 0..6)) {
        let one = parse_bytes(&bytes);
        let chunked = parse_chunked(&bytes, &cuts);
        prop_assert_eq!(one, chunked);
    }

    #[test]
    fn damaged_answers_never_panic_and_chunks_agree(bytes in damaged(), cuts in proptest::collection::vec(0usize..3000, 0..6)) {
        prop_assert_eq!(parse_bytes(&bytes), parse_chunked(&bytes, &cuts));
    }

    #[test]
    fn any_tables_written_read_back_as_themselves(a in answer(), cuts in proptest::collection::vec(0usize..3000, 0..6)) {
        let text = write(&a);
        let back = parse(&text);
        prop_assert_eq!(back.as_ref(), Ok(&a), "{}", text);
        prop_assert_eq!(parse_chunked(text.as_bytes(), &cuts), back);
    }

    #[test]
    fn columns_hold_what_is_pushed(cells in proptest::collection::vec(proptest::option::of(any::<i64>()), 0..200)) {
        let v: Values<i64> = cells.iter().copied().collect();
        prop_assert_eq!(v.iter().collect::<Vec<_>>(), cells.clone());
        prop_assert_eq!(v.null_count(), cells.iter().filter(|c| c.is_none()).count());
        let strs: Vec<Option<String>> = cells.iter().map(|c| c.map(|n| (n % 3).to_string())).collect();
        let s: StrValues = strs.iter().map(|c| c.as_deref()).collect();
        prop_assert_eq!(s.iter().map(|c| c.map(str::to_owned)).collect::<Vec<_>>(), strs.clone());
        let b: BytesValues = strs.iter().map(|c| c.as_deref().map(str::as_bytes)).collect();
        let want: Vec<Option<&[u8]>> = strs.iter().map(|c| c.as_deref().map(str::as_bytes)).collect();
        prop_assert_eq!(b.iter().collect::<Vec<_>>(), want);
    }
}
