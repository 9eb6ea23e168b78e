#!/usr/bin/env bash
# Runs every test. The end-to-end live-reload, search and theme tests drive a
# real headless Chromium (Debian's `chromium` package), the print test reads
# Chromium's PDF with poppler's pdftotext and scans its QR code with zbar
# (zbar-tools), the search tests run the theme's script under node, and the
# stemmer parity test stems words from Debian's word lists (w* packages); all
# are installed here when missing, so this works on a fresh Debian/Ubuntu
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/need.sh
[ -n "${LUMBAR_CHROMIUM:-}" ] || need chromium chromium
command -v nodejs >/dev/null 2>&1 || need nodejs node
need poppler-utils pdftotext
need zbar-tools zbarimg
for list in wamerican:american-english wspanish:spanish wfrench:french wngerman:ngerman \
  witalian:italian wportuguese:portuguese wdutch:dutch; do
  need_file "${list%%:*}" "/usr/share/dict/${list#*:}"
done
install_needed

# The tests build hundreds of small sites in temporary folders: on tmpfs
# rather than this machine's disk the suite's system time drops from about
# 28 s to 8 s (ext4 pays for every deleted tree). Elsewhere, the usual TMPDIR.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm/lumbar-tests
  mkdir -p "$TMPDIR"
fi

# Library, binary and integration tests (examples are only built, by clippy).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --lib --bins --tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test binaries.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
