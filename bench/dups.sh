#!/usr/bin/env bash
# The near-duplicate job, ours and the peers', in one run on one corpus: each peer's time,
# CPU and peak RSS (its own JSON line), then every tool's pair precision and recall against
# the same exact-Jaccard truth, printed by `parallax eval dups --peer …`.
# Usage: bench/dups.sh [CORPUS_PREFIX]   (default /tmp/parallax-c100k; bench/setup.sh makes it)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/tmp/parallax-c100k}"
corpus="$prefix.jsonl"
if [ ! -f "$corpus" ]; then
  echo "bench/dups.sh: $corpus not found; run bench/setup.sh first" >&2
  exit 2
fi
python3 -m pip install --quiet -r bench/peers/requirements.txt
cargo build --release --locked --quiet
out="$(mktemp -d)"
peers=()
for tool in datasketch datasketch-2proc rensa; do
  echo "== $tool" >&2
  python3 bench/peers/near_dups.py --tool "$tool" --corpus "$corpus" \
    --threshold 0.5 --permutations 128 --out "$out/$tool.tsv"
  peers+=(--peer "$tool=$out/$tool.tsv")
done
echo "== parallax (and every tool's precision and recall)" >&2
/usr/bin/time -f "parallax eval dups: %e s wall, %U+%S s CPU, %M KiB peak RSS" \
  target/release/parallax --threads 2 eval dups "$corpus" --threshold 0.5 "${peers[@]}"
