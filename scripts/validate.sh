#!/usr/bin/env bash
# Real validators on real output (CI runs this after the tests): builds the
# example site and the test fixtures, then
#   - the Nu HTML Checker (npm vnu-jar, on a Debian JRE) over every page: 0 errors;
#   - axe-core in headless Chromium on every page at 390 and 1280 px, light
#     and dark, and with the search box open: 0 violations (WCAG 2.2 AA tags);
#   - screenshots of home, an article and a FAQ page into target/screenshots/.
# Installs what is missing (default-jre-headless, chromium, nodejs via apt;
# the npm packages under target/validators).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/need.sh
need default-jre-headless java
[ -n "${LUMBAR_CHROMIUM:-}" ] || need chromium chromium
need nodejs node
need npm npm
install_needed

tools=target/validators
mkdir -p "$tools"
if [ ! -f "$tools/node_modules/vnu-jar/build/dist/vnu.jar" ] || [ ! -d "$tools/node_modules/axe-core" ] || [ ! -d "$tools/node_modules/puppeteer-core" ]; then
  [ -f "$tools/package.json" ] || echo '{"private": true}' > "$tools/package.json"
  (cd "$tools" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent vnu-jar@26 axe-core@4.14 puppeteer-core@24)
fi

cargo build --quiet
lumbar=target/debug/lumbar
out=target/validate
rm -rf "$out"
mkdir -p "$out"
# The example site, and fixtures that show every kind of page (a fixed day,
# so scheduled and overdue pages come out the same every run).
"$lumbar" build --root . --output "$out/example" --allow-outside-output >/dev/null
"$lumbar" build --root . --output "$out/example-minified" --allow-outside-output --minify >/dev/null
for f in clinic trust taxonomies; do
  "$lumbar" build --root "tests/fixtures/$f" --output "$out/$f" --allow-outside-output --today 2026-06-01 >/dev/null
done

echo "Nu HTML Checker: $(find "$out" -name '*.html' | wc -l) pages"
java -jar "$tools/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html --format gnu "$out"
echo "Nu HTML Checker: 0 errors"

node scripts/validate.mjs target/screenshots "$out"/example "$out"/clinic "$out"/trust "$out"/taxonomies
