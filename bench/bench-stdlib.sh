#!/usr/bin/env bash
# Indexes CPython's standard library with a release build of pyindex and prints, from one run
# of this script: the parse-only floor, extraction without storage, the full index, the ratio
# full/floor, rows, rows/s, peak RSS, and incremental runs (no change; one file changed).
# Usage: bench/bench-stdlib.sh [--threads N]       (see bench/README.md)
set -euo pipefail

threads=0
while [ $# -gt 0 ]; do
  case "$1" in
    -j|--threads) threads="${2:?--threads needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-stdlib.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

RUNS=3
PYTHON="${PYTHON:-python3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/pyindex"
stdlib="$("$PYTHON" -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD...: runs CMD with stdout to $tmp/NAME.json and its peak RSS (KiB) to
# $tmp/NAME.rss, with GNU time when present, else Python's getrusage on the child.
measure() {
  local name="$1"; shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$tmp/$name.time" "$@" >"$tmp/$name.json"
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/$name.time" >"$tmp/$name.rss"
  else
    "$PYTHON" -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)' "$tmp/$name.rss" "$@" >"$tmp/$name.json"
  fi
}

load="$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "indexing $stdlib ($RUNS floor runs, $RUNS full runs)..." >&2
for i in $(seq "$RUNS"); do
  measure "floor-$i" "$bin" floor "$stdlib" -j "$threads" --json
  measure "extract-$i" "$bin" floor "$stdlib" -j "$threads" --extract --json
  measure "profile-$i" "$bin" floor "$stdlib" -j 1 --extract --profile --json
done
for i in $(seq "$RUNS"); do
  rm -f "$tmp/bench.db"
  measure "full-$i" "$bin" index "$stdlib" --db "$tmp/bench.db" -j "$threads" --json --full
done
# What the domain groups cost: full indexes with core only, and with core + language features.
for i in $(seq "$RUNS"); do
  measure "core-$i" "$bin" index "$stdlib" --db "$tmp/core.db" -j "$threads" --json --full --domains core
  measure "lang-$i" "$bin" index "$stdlib" --db "$tmp/lang.db" -j "$threads" --json --full \
    --domains control,expressions,classes,stdlib,mutations
done
# Incremental runs on a copy (one of its files gets edited): no change, then one file changed.
cp -a "$stdlib" "$tmp/stdlib-copy"
"$bin" index "$tmp/stdlib-copy" --db "$tmp/copy.db" -j "$threads" -q --full
for i in $(seq "$RUNS"); do
  measure "nochange-$i" "$bin" index "$tmp/stdlib-copy" --db "$tmp/copy.db" -j "$threads" --json
done
for i in $(seq "$RUNS"); do
  echo "BENCH_EDIT_$i = $i" >>"$tmp/stdlib-copy/os.py"
  measure "onefile-$i" "$bin" index "$tmp/stdlib-copy" --db "$tmp/copy.db" -j "$threads" --json
done

export BENCH_DATE BENCH_CPU BENCH_CORES BENCH_THREADS BENCH_COMMIT BENCH_STDLIB BENCH_LOAD
BENCH_DATE="$(date '+%Y-%m-%d %H:%M %Z')"
BENCH_CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
BENCH_CPU="${BENCH_CPU:-$(uname -m)}"
BENCH_CORES="$(nproc)"
BENCH_THREADS="$threads"
BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then BENCH_COMMIT="$BENCH_COMMIT+dirty"; fi
BENCH_STDLIB="$stdlib"
BENCH_LOAD="$load"

"$PYTHON" - "$tmp" "$RUNS" <<'PY'
import json, os, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
env = os.environ
def load(name):
    with open(f"{tmp}/{name}.json") as f:
        data = json.load(f)
    with open(f"{tmp}/{name}.rss") as f:
        data["rss_kib"] = int(f.read().strip() or 0)
    return data
floors = [load(f"floor-{i}") for i in range(1, runs + 1)]
extracts = [load(f"extract-{i}") for i in range(1, runs + 1)]
fulls = [load(f"full-{i}") for i in range(1, runs + 1)]
floor = min(floors, key=lambda r: r["seconds"])
full = min(fulls, key=lambda r: r["seconds"])
extract = min(extracts, key=lambda r: r["seconds"])
profiles = [load(f"profile-{i}") for i in range(1, runs + 1)]
cores = [load(f"core-{i}") for i in range(1, runs + 1)]
langs = [load(f"lang-{i}") for i in range(1, runs + 1)]
core = min(cores, key=lambda r: r["seconds"])
lang = min(langs, key=lambda r: r["seconds"])
profile = min(profiles, key=lambda r: r["seconds"])
nochanges = [load(f"nochange-{i}") for i in range(1, runs + 1)]
onefiles = [load(f"onefile-{i}") for i in range(1, runs + 1)]
nochange = min(nochanges, key=lambda r: r["seconds"])
onefile = min(onefiles, key=lambda r: r["seconds"])
assert all(r["mode"] == "incremental" and r["files_indexed"] == 0 for r in nochanges), "no-change runs indexed files"
assert all(r["mode"] == "incremental" and r["files_indexed"] >= 1 for r in onefiles), "one-file runs indexed nothing"
ratio = full["seconds"] / floor["seconds"]
def times(runs):
    return " ".join(f"{r['seconds']:.2f}" for r in runs)
rows = [
    ("date", env["BENCH_DATE"]),
    ("cpu", env["BENCH_CPU"]),
    ("cores", env["BENCH_CORES"]),
    ("threads", f"{env['BENCH_THREADS']} (0 = one per core)"),
    ("load before", env["BENCH_LOAD"]),
    ("commit", env["BENCH_COMMIT"]),
    ("stdlib", env["BENCH_STDLIB"]),
    ("files", f"{full['files']}"),
    ("MB", f"{floor['bytes'] / 1e6:.1f}"),
    ("floor s", f"{floor['seconds']:.2f}  (runs: {times(floors)})"),
    ("extract, no store s", f"{extract['seconds']:.2f}  (runs: {times(extracts)}; {extract['seconds'] / floor['seconds']:.2f}x floor)"),
    ("full s", f"{full['seconds']:.2f}  (runs: {times(fulls)})"),
    ("ratio full/floor", f"{ratio:.2f}x  (target <= 3x: {'met' if ratio <= 3 else 'NOT met'})"),
    ("rows", f"{full['total_rows']}"),
    ("rows/s", f"{full['total_rows'] / full['seconds']:,.0f}  (writer alone: {full['total_rows'] / full['writer_busy_seconds']:,.0f} in {full['writer_busy_seconds']:.2f} s busy)"),
    ("peak RSS MB", f"{max(r['rss_kib'] for r in fulls) / 1024:.0f}  (floor: {max(r['rss_kib'] for r in floors) / 1024:.0f})"),
]
rows += [(f"  {name} s", f"{seconds:.2f}") for name, seconds in full["stages"].items()]
rows += [
    ("core only s", f"{core['seconds']:.2f}  (runs: {times(cores)}; {core['seconds'] / floor['seconds']:.2f}x floor; {core['total_rows']} rows)"),
    ("core + language s", f"{lang['seconds']:.2f}  (runs: {times(langs)}; {lang['seconds'] / floor['seconds']:.2f}x floor; {lang['total_rows']} rows)"),
]
rows += [
    ("no-change update s", f"{nochange['seconds']:.2f}  (runs: {times(nochanges)}; {nochange['seconds'] / full['seconds']:.0%} of full)"),
    ("one-file update s", f"{onefile['seconds']:.2f}  (runs: {times(onefiles)}; {onefile['seconds'] / full['seconds']:.0%} of full; {onefile['files_indexed']} file(s) indexed)"),
]
rows += [(f"  {name} s", f"{seconds:.2f}") for name, seconds in onefile["stages"].items()]
total = sum(profile["domain_seconds"].values())
rows += [("extractors, 1 thread s", f"{total:.2f}  (CPU seconds per domain, share of all extraction:)")]
rows += [(f"  {name}", f"{seconds:.2f}  ({seconds / total:.0%})") for name, seconds in profile["domain_seconds"].items()]
for key, value in rows:
    print(f"{key:<22} {value}")
PY
