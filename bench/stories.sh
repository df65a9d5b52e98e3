#!/usr/bin/env bash
# The story stage, ours and scikit-learn's plain TF-IDF online clustering, in one run on one
# generated corpus: each tool's time and BCubed against the corpus's truth file.
# Usage: bench/stories.sh [CORPUS_PREFIX] [PEER_THRESHOLD]
#   (default /tmp/parallax-c100k and 0.4; bench/setup.sh makes the corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/tmp/parallax-c100k}"
threshold="${2:-0.4}"
corpus="$prefix.jsonl"
if [ ! -f "$corpus" ]; then
  echo "bench/stories.sh: $corpus not found; run bench/setup.sh first" >&2
  exit 2
fi
python3 -m pip install --quiet -r bench/peers/requirements.txt
cargo build --release --locked --quiet
echo "== scikit-learn TF-IDF online (threshold $threshold, 3-day window)" >&2
/usr/bin/time -f "peer: %e s wall, %U+%S s CPU, %M KiB peak RSS" \
  python3 bench/peers/stories_tfidf.py --corpus "$corpus" --threshold "$threshold"
echo "== parallax eval stories (features of the next chunk on all worker threads but one while that one clusters the current chunk; STAGE S is the story stage)" >&2
db="$(mktemp -d)/eval.db"
/usr/bin/time -f "parallax eval stories: %e s wall, %U+%S s CPU, %M KiB peak RSS" \
  target/release/parallax --db "$db" eval stories "$corpus"
