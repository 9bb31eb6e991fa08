#!/usr/bin/env bash
# Builds a real influxd (InfluxDB OSS 2.x) from its Go module, without Docker, GitHub or UI
# assets, and caches it; prints the binary's path on stdout. A second run takes seconds.
#
#   INFLUXD_VERSION   module version (default v2.8.0: the newest 2.x whose flux module the Go
#                     proxy serves; v2.10.0 needs flux v0.201.0, which the proxy refuses)
#   CACHE_DIR         default ~/.cache/influx-dashboards
#
# Steps: `go mod download` the module (the ordinary Go client; `go install …@version` is refused
# because of its replace directives), copy it to a writable build dir, `go install` the
# influxdata/pkg-config wrapper at the version go.mod names (it builds libflux with cargo), then
# `go build ./cmd/influxd` with the tags sqlite_foreign_keys,sqlite_json (no `assets` tag).
set -euo pipefail

VERSION=${INFLUXD_VERSION:-v2.8.0}
CACHE=${CACHE_DIR:-$HOME/.cache/influx-dashboards}
BIN="$CACHE/influxd-$VERSION"
log() { printf '[influxd.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { log "go is not installed"; exit 1; }
command -v cargo >/dev/null || { log "cargo is not installed"; exit 1; }
mkdir -p "$CACHE/bin" "$CACHE/build"

# The module names its Go toolchain; fetch that one through the module proxy.
go_toolchain() {
  local gomod=$1 tc
  tc=$(awk '/^toolchain /{print $2}' "$gomod")
  [ -n "$tc" ] || tc="go$(awk '/^go /{print $2}' "$gomod")"
  echo "$tc"
}

log "downloading github.com/influxdata/influxdb/v2@$VERSION"
json=$(GOTOOLCHAIN=${GOTOOLCHAIN:-go1.26.9} GOFLAGS=-mod=mod go mod download -json "github.com/influxdata/influxdb/v2@$VERSION")
src=$(printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir",""))')
[ -n "$src" ] || { log "download failed: $json"; exit 1; }
export GOTOOLCHAIN=$(go_toolchain "$src/go.mod")
log "Go toolchain $GOTOOLCHAIN (from go.mod)"

build="$CACHE/build/influxdb-$VERSION"
rm -rf "$build"
cp -r "$src" "$build"
chmod -R u+w "$build"

pc_version=$(awk '$1 == "github.com/influxdata/pkg-config" {print $2}' "$build/go.mod")
log "installing github.com/influxdata/pkg-config@$pc_version"
GOBIN="$CACHE/bin" go install "github.com/influxdata/pkg-config@$pc_version"
export PKG_CONFIG="$CACHE/bin/pkg-config"

# flux pins Rust 1.72 in rust-toolchain.toml; build libflux with the installed stable instead.
# Its crates deny warnings, and newer rustc warns about more (elided lifetimes, dead code), so
# every lint is capped at "warn". RUSTFLAGS cannot do it: the wrapper passes --target, and then
# RUSTFLAGS skips host artifacts, among them flux-core built for flux's build script. A
# RUSTC_WRAPPER sees every rustc call.
export RUSTUP_TOOLCHAIN=${RUSTUP_TOOLCHAIN:-stable}
cat > "$CACHE/bin/rustc-cap-lints" <<'SH'
#!/bin/sh
rustc="$1"; shift
for a in "$@"; do case "$a" in --cap-lints*) exec "$rustc" "$@" ;; esac; done
exec "$rustc" "$@" --cap-lints=warn
SH
chmod +x "$CACHE/bin/rustc-cap-lints"
export RUSTC_WRAPPER="$CACHE/bin/rustc-cap-lints"
# The wrapper's go.mod reader predates the `toolchain` directive; GOTOOLCHAIN already says it.
sed -i '/^toolchain /d' "$build/go.mod"

log "building influxd (libflux with cargo on $RUSTUP_TOOLCHAIN, then Go)"
started=$(date +%s)
(cd "$build" && go build -tags sqlite_foreign_keys,sqlite_json -o "$BIN.tmp" ./cmd/influxd)
mv "$BIN.tmp" "$BIN"
log "built $BIN in $(( $(date +%s) - started )) s"
echo "$BIN"
