#!/usr/bin/env bash
# Installs what the benchmarks need and generates the synthetic corpora they read.
# Usage: bench/setup.sh [N_ARTICLES] [OUT_PREFIX]   (default 100000 /tmp/parallax-c100k)
set -euo pipefail
n="${1:-100000}"
out="${2:-/tmp/parallax-c$((n / 1000))k}"
gen="$(dirname "$0")/../../shared/tools/gen_corpus.py"
if [ ! -f "$gen" ]; then
  echo "bench/setup.sh: $gen not found: the generator lives in ../shared/tools" >&2
  exit 2
fi
python3 -m pip install --quiet numpy orjson wordfreq
python3 -m pip install --quiet -r "$(dirname "$0")/peers/requirements.txt"
if [ ! -f "$out.jsonl" ]; then
  python3 "$gen" "$n" "$out"
fi
echo "corpus: $out.jsonl (truth: $out.truth.tsv)"
echo "run:    cargo run --release -- bench ingest --jsonl $out.jsonl --html ../shared/eval-dev/extraction/html"
echo "        bench/dups.sh $out   (near duplicates: ours against datasketch and rensa)"
