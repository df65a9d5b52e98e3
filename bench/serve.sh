#!/usr/bin/env bash
# Load benchmark of `parallax serve`: GET /api/stories on loopback with wrk, first on an idle
# server, then while a POST /api/ingest of more articles runs concurrently. Prints requests/s
# and latency percentiles of each phase and writes them to bench-results/serve-DATE.json.
# Usage: bench/serve.sh [BASE_ARTICLES] [INGESTED_DURING_LOAD] [SECONDS]  (default 20000 10000 20)
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-20000}"
extra="${2:-10000}"
secs="${3:-20}"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
gen="../shared/tools/gen_corpus.py"
if [ ! -f "$gen" ]; then
  echo "bench/serve.sh: $gen not found: the generator lives in ../shared/tools" >&2
  exit 2
fi
total=$((base + extra))
prefix="/tmp/parallax-serve-c$total"
if [ ! -f "$prefix.jsonl" ]; then
  python3 -m pip install --quiet numpy orjson wordfreq
  python3 "$gen" "$total" "$prefix"
fi
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
head -n "$base" "$prefix.jsonl" > "$work/base.jsonl"
tail -n "+$((base + 1))" "$prefix.jsonl" > "$work/extra.jsonl"
cargo build --release --locked --quiet -p parallax
bin=target/release/parallax
[ -n "${CARGO_TARGET_DIR:-}" ] && bin="$CARGO_TARGET_DIR/release/parallax"
"$bin" --db "$work/s.db" --no-progress ingest "$work/base.jsonl"
"$bin" --db "$work/s.db" serve --addr 127.0.0.1:0 --max-body $((1 << 30)) 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q 'http://' "$work/serve.log" && break; sleep 0.1; done
addr="$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | head -n1)"
url="http://$addr/api/stories?limit=50"
curl -sf "$url" > /dev/null
stories="$(curl -sf "http://$addr/api/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"])')"

phase() { # name: runs wrk and prints "name rps p50 p99" (latencies in ms)
  wrk -t2 -c32 -d"${secs}s" --latency "$url" > "$work/$1.txt"
  python3 - "$1" "$work/$1.txt" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\b", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{name} {rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {errors.group(1) if errors else 0}")
PY
}
idle="$(phase idle)"
curl -sf -X POST -H 'Content-Type: application/x-ndjson' --data-binary "@$work/extra.jsonl" \
  "http://$addr/api/ingest" > "$work/ingest.json" &
ingest=$!
sleep 0.5
busy="$(phase during-ingest)"
ingest_running_at_end=yes
kill -0 "$ingest" 2>/dev/null || ingest_running_at_end=no
wait "$ingest"
stored="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["stored"], round(d["seconds"] + (d["link"] or {}).get("seconds", 0), 1))' "$work/ingest.json")"
mkdir -p bench-results
out="bench-results/serve-$(date -u +%Y%m%dT%H%M%SZ).json"
python3 - "$idle" "$busy" "$stored" "$stories" "$base" "$ingest_running_at_end" "$secs" > "$out" <<'PY'
import json, os, sys
def row(s):
    n, rps, p50, p99, errs = s.split()
    return {"phase": n, "requests_per_s": float(rps), "p50_ms": float(p50), "p99_ms": float(p99), "non_2xx": int(errs)}
stored, ingest_s = sys.argv[3].split()
print(json.dumps({
    "endpoint": "GET /api/stories?limit=50", "tool": "wrk -t2 -c32 --latency", "seconds_per_phase": int(sys.argv[7]),
    "store_articles": int(sys.argv[5]), "store_stories": int(sys.argv[4]), "cores": os.cpu_count(),
    "phases": [row(sys.argv[1]), row(sys.argv[2])],
    "concurrent_ingest": {"stored": int(stored), "seconds": float(ingest_s), "still_running_when_load_ended": sys.argv[6] == "yes"},
}, indent=2))
PY
cat "$out"
