#!/usr/bin/env bash
# Installs what the browser test needs, idempotently: Debian's chromium and playwright-core
# (from npm, into ./node_modules, pinned by package-lock.json). Safe to run again: each step is
# skipped when already done. CI runs it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "setup-browser: /usr/bin/chromium missing and apt-get unavailable (not root?); the browser test will skip" >&2
    fi
fi

if command -v npm >/dev/null; then
    if [ ! -f node_modules/playwright-core/package.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    echo "setup-browser: npm missing; the browser test will skip" >&2
fi
