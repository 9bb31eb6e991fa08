#!/usr/bin/env bash
# Captures real influxd answers to POST /api/v2/query as the CSV parser's fixtures.
#
#   scripts/gen/capture_csv.sh            (from the repo root)
#   INFLUXD=/path/to/influxd              default: the binary scripts/influxd.sh caches
#
# Starts its own influxd on a free 127.0.0.1 port with storage in a temporary directory,
# onboards it, writes a fixed set of points (timestamps in 2024-01-01, so every run gives
# the same bytes), runs the queries below and saves each answer's body byte for byte in
# crates/core/tests/fixtures/csv/NAME.csv (or NAME.json when influxd answers JSON), plus
# one line per answer in answers.tsv: name, HTTP status, Content-Type. Stops influxd at exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=crates/core/tests/fixtures/csv
BIN=${INFLUXD:-$(scripts/influxd.sh)}
log() { printf '[capture_csv %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$BIN" --bolt-path "$dir/influxd.bolt" --engine-path "$dir/engine" --sqlite-path "$dir/influxd.sqlite" \
  --http-bind-address "127.0.0.1:$port" --reporting-disabled --log-level warn >"$dir/influxd.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do curl -sf "$url/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$url/health" >/dev/null || { cat "$dir/influxd.log" >&2; log "influxd did not start"; exit 1; }
log "influxd $("$BIN" version 2>/dev/null | head -1) on $url"

org_id=$(curl -sf -X POST "$url/api/v2/setup" -H 'Content-Type: application/json' \
  -d '{"username":"capture","password":"capture-password","org":"capture-org","bucket":"capture","token":"capture-token"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["org"]["id"])')

# 10 minutes of points every 10 s from 2024-01-01T00:00:00Z: cpu (floats and an integer),
# mem (an unsigned, a float, an integer, a boolean), and five strings that need quoting.
python3 - "$url" <<'PY'
import sys, urllib.request
base = 1704067200
lines = []
for i in range(60):
    t = base + i * 10
    for h, k in (("a", 1), ("b", 2)):
        lines.append(f"cpu,host={h} usage_user={10 * k + i * 0.5},usage_system={k + i * 0.25},procs={100 * k + i}i {t}")
        lines.append(f"mem,host={h} used={1000000 * k + i * 1024}u,available_percent={50.5 - i * 0.1:.2f},"
                     f"free={4096 * k - i}i,swap_on={'true' if i % 2 else 'false'} {t}")
for j, msg in enumerate(['plain', 'a, b, and c', 'she said \\"hi\\"', 'line one\nline two', '']):
    lines.append(f'events,host=a,kind=note msg="{msg}" {base + 5 + 10 * j}')
req = urllib.request.Request(sys.argv[1] + "/api/v2/write?org=capture-org&bucket=capture&precision=s",
                             data="\n".join(lines).encode(), method="POST",
                             headers={"Authorization": "Token capture-token"})
urllib.request.urlopen(req)
PY

: >"$OUT/answers.tsv.tmp"
capture() {
  local name=$1 query=$2 body status ctype ext
  body=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "type": "flux",
    "dialect": {"annotations": ["group", "datatype", "default"], "header": True, "delimiter": ","}}))' "$query")
  curl -s -D "$dir/headers" -o "$dir/body" -X POST "$url/api/v2/query?orgID=$org_id" \
    -H 'Authorization: Token capture-token' -H 'Content-Type: application/json' -H 'Accept: application/csv' \
    --data-binary "$body"
  status=$(awk 'NR==1{print $2}' "$dir/headers")
  ctype=$(awk -F': ' 'tolower($1)=="content-type"{print $2}' "$dir/headers" | tr -d '\r')
  case "$ctype" in application/json*) ext=json ;; *) ext=csv ;; esac
  cp "$dir/body" "$OUT/$name.$ext"
  printf '%s.%s\t%s\t%s\n' "$name" "$ext" "$status" "$ctype" >>"$OUT/answers.tsv.tmp"
  log "$name.$ext: $status, $(wc -c <"$dir/body") bytes"
  LAST_STATUS=$status
}

R='from(bucket: "capture") |> range(start: 2024-01-01T00:00:00Z, stop: 2024-01-01T00:14:00Z)'

# Windowed means: 2 measurements x 3 numeric fields x 2 hosts = 12 tables; the last two
# windows hold no points, so createEmpty leaves their _value empty (null).
capture aggregate_window "$R
  |> filter(fn: (r) => r._measurement == \"cpu\" or (r._measurement == \"mem\" and r._field != \"swap_on\"))
  |> aggregateWindow(every: 2m, fn: mean, createEmpty: true)"

# last keeps each field's type: _value is long, double, unsignedLong or boolean, so the
# answer has one annotation block per type change.
capture last_by_type "$R
  |> filter(fn: (r) => r._measurement == \"mem\" or (r._measurement == \"cpu\" and r.host == \"a\"))
  |> aggregateWindow(every: 5m, fn: last, createEmpty: false)"

# Two yields: two results, each with its own annotation block and #default result name.
capture two_results "cpu = $R |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"usage_user\")
cpu |> max() |> yield(name: \"max\")
cpu |> min() |> yield(name: \"min\")"

# pivot: one table per host, a column per field (double and long side by side).
capture pivot "$R
  |> filter(fn: (r) => r._measurement == \"cpu\")
  |> limit(n: 3)
  |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")"

# One result whose tables have different columns (events has a kind tag, cpu does not) and
# different _value types: a new annotation block at each change.
capture schema_change "$R
  |> filter(fn: (r) => r._measurement == \"events\" or (r._measurement == \"cpu\" and r.host == \"a\" and r._field != \"usage_system\"))
  |> limit(n: 2)"

# Strings that need quoting: a comma, doubled quotes, a newline (influxd writes it as CRLF
# inside the quotes), and an empty string (written as an empty cell).
capture strings "$R |> filter(fn: (r) => r._measurement == \"events\")"

# filter(onEmpty: \"keep\") keeps a table with no rows: its block's #default row carries
# the table id and the group key values.
capture empty_table "$R
  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"procs\")
  |> filter(fn: (r) => r._value > 190, onEmpty: \"keep\")
  |> limit(n: 2)"

# Every type influxd writes, and the extremes of each: u64 max, i64 min, +Inf, -Inf, NaN,
# -0, 1e300 and -1e-300 (Go writes floats without exponent), nanosecond times, a leading space.
capture types "$R
  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"procs\" and r.host == \"a\")
  |> limit(n: 2)
  |> map(fn: (r) => ({r with u: uint(v: \"18446744073709551615\") - uint(v: r._value),
      neg: int(v: \"-9223372036854775808\") + r._value, bo: r._value > 100,
      inf: float(v: \"+Inf\"), ninf: float(v: \"-Inf\"), nan: float(v: \"NaN\"),
      huge: float(v: \"1e300\"), tiny: float(v: \"-1e-300\"), negzero: float(v: \"-0\"),
      t: time(v: 1704067200123456789 + r._value), s: \" lead space\"}))"

# A query with no tables.
capture no_tables "$R |> filter(fn: (r) => r._measurement == \"nothing\")"

# The first result is written, then the second fails at run time: status 200, and the
# error table follows the data. Both yields run at once, so the failure can also come before
# any byte is written; influxd then answers 400 JSON (as runtime_error below). Retry until
# the error comes after the data.
error_after_data() {
  capture error_after_data "$R
  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"usage_user\" and r.host == \"a\")
  |> limit(n: 2)
  |> yield(name: \"ok\")
$R
  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"procs\" and r.host == \"a\")
  |> map(fn: (r) => ({r with _value: if r._value > 130 then die(msg: \"procs over 130\") else r._value}))
  |> yield(name: \"fails\")"
}
for attempt in $(seq 1 20); do
  error_after_data
  [ "$LAST_STATUS" = 200 ] && break
  rm -f "$OUT/error_after_data.json"
  sed -i '$d' "$OUT/answers.tsv.tmp"
  log "attempt $attempt: the error came before any data; again"
done
[ "$LAST_STATUS" = 200 ] || { log "error_after_data: no 200 in 20 attempts"; exit 1; }

# The same failure in the only result: nothing was written yet, so influxd answers 400 JSON.
capture runtime_error "$R
  |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"procs\" and r.host == \"a\")
  |> map(fn: (r) => ({r with _value: if r._value > 130 then die(msg: \"procs over 130\") else r._value}))"

# A query that does not compile: 400 JSON, not CSV.
capture compile_error 'from(bucket: "capture") |> rnge(start: -1h)'

# Flux tables hold no durations and no bytes: influxd refuses both (400 JSON), so it never
# writes the duration or base64Binary datatypes.
capture duration_column "$R |> filter(fn: (r) => r._field == \"procs\") |> limit(n: 1)
  |> map(fn: (r) => ({r with d: duration(v: r._value)}))"
capture bytes_column "$R |> filter(fn: (r) => r._field == \"procs\") |> limit(n: 1)
  |> map(fn: (r) => ({r with b: bytes(v: \"hi\")}))"

mv "$OUT/answers.tsv.tmp" "$OUT/answers.tsv"
log "wrote $(wc -l <"$OUT/answers.tsv") answers to $OUT"
