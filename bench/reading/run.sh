#!/bin/sh
# Reading accuracy and speed: QR-bills rendered from the vectors, the ZUGFeRD corpus from its text layer (its embedded
# XML is the truth), and the first COUNT corpus PDFs scanned at 150 and 300 dpi (turned, noisy) read by the pipeline
# beside the raw tesseract CLI on the same pages (both with OMP_THREAD_LIMIT=1); the QR-bill vectors scanned the same way
# are searched as a page of unknown content is. Every wrong field is listed on stderr as a "# miss" line before the
# figures. Usage: bench/run.sh reading [COUNT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures=$(cd "$root/../shared/fixtures" && pwd)
count=${1:-6}
scans=$(mktemp -d)
trap 'rm -rf "$scans"' EXIT

dotnet build -c Release --nologo -v quiet "$root/bench/Finance.Bench/Finance.Bench.csproj" >/dev/null
bench="dotnet $root/bench/Finance.Bench/bin/Release/net10.0/Finance.Bench.dll"
# shellcheck disable=SC2046 # one argument per corpus path (no spaces in the corpus' names)
/usr/bin/python3 "$here/make_scans.py" "$scans" $($bench reading-corpus "$fixtures" "$count")
ours=$($bench reading "$fixtures" "$scans")
echo "$ours"
# QR-bills on scans: the vectors' PDFs scanned the same way, searched as the reader searches a page of unknown content.
$bench reading-qr-bills "$fixtures" "$scans/qr"
/usr/bin/python3 "$here/make_scans.py" "$scans/qr-scans" "$scans"/qr/*.pdf
$bench reading-qr-scans "$scans/qr-scans"

echo "$ours" | tr ' ' '\n' | awk -F= '
  NF == 2 { v[$1] = $2 }
  END {
    printf "RESULT qr_field_accuracy=%.3f text_field_accuracy=%.3f text_target_field_accuracy=%.3f scan_field_accuracy=%.3f s_per_scanned_page=%.2f tesseract_s_per_page=%.2f ratio_vs_tesseract=%.2f\n",
      v["qr_field_accuracy"], v["text_field_accuracy"], v["text_target_field_accuracy"], v["scan_field_accuracy"], v["s_per_scanned_page"], v["tesseract_s_per_page"],
      v["s_per_scanned_page"] / v["tesseract_s_per_page"]
  }'
