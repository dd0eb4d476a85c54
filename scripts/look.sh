#!/usr/bin/env bash
# Renders the workbook of seed 002 the way a controller sees it printed: ikplan writes the
# workbook, LibreOffice (headless) turns it into a PDF, pdftoppm turns the pages into PNGs.
#
#     scripts/look.sh [OUTDIR]        # default target/look; pages are OUTDIR/page-N.png
#
# Needs soffice (apt-get install libreoffice-calc) and pdftoppm (apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/look}
rm -rf "$out"
mkdir -p "$out"
cargo build -q
target/debug/ikplan convert -q fixtures/seeds/002_8a63876615782a7f.txt -o "$out/seed002.xlsx"
# A profile of its own so a running LibreOffice (or another user's) does not interfere.
soffice --headless --norestore "-env:UserInstallation=file://$PWD/$out/profile" \
    --convert-to pdf --outdir "$out" "$out/seed002.xlsx" >/dev/null
pdftoppm -r 80 -png "$out/seed002.pdf" "$out/page"
ls "$out"/page-*.png
