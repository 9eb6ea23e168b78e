#!/usr/bin/env bash
# Regenerates the browser stemmers in src/search/snowball/ from Snowball
# v2.0.0, the release whose algorithms rust-stemmers 1.2 implements, so the
# index (stemmed by rust-stemmers) and the browser (stemmed by these files)
# agree. tests/testsuite/stem_parity.rs checks that they do.
# Usage: scripts/snowball-js.sh [snowball checkout]   (needs git, make, cc)
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/search/snowball"
src="${1:-$(mktemp -d)/snowball}"
[ -d "$src" ] || git clone -q https://github.com/snowballstem/snowball "$src"
cd "$src"
git checkout -q v2.0.0
make -s snowball
tmp=$(mktemp -d)
for l in english spanish french german italian portuguese dutch; do
  ./snowball "algorithms/$l.sbl" -js -o "$tmp/$l"
  # Comments and Closure type annotations only: a third of the bytes.
  grep -v '^\s*//' "$tmp/$l.js" | sed -e 's#/\*\*[^*]*\*/ *##g' -e 's#/\*\*@[^*]*\*/##g' >"$out/$l.js"
done
grep -v '^\s*//' javascript/base-stemmer.js | sed -e 's#/\*\*[^*]*\*/ *##g' >"$out/base-stemmer.js"
cp COPYING "$out/COPYING"
