#!/bin/sh
# PDF throughput: Finance's invoice renderer (one A4 page, QR-bill at the foot) against swissqrbill
# (npm) rendering the same bill on an A4 page. Usage: bench/run.sh pdf [COUNT]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
count=${1:-500}

dotnet build -c Release --nologo -v quiet "$root/bench/Finance.Bench/Finance.Bench.csproj" >/dev/null
if [ ! -d "$here/swissqrbill/node_modules" ]; then (cd "$here/swissqrbill" && npm ci --no-audit --no-fund >/dev/null); fi

ours=$(dotnet "$root/bench/Finance.Bench/bin/Release/net10.0/Finance.Bench.dll" pdf "$count")
theirs=$(cd "$here/swissqrbill" && node bench.mjs "$count")
echo "$ours"
echo "$theirs"

# key=value pairs → one RESULT line. pdf_per_s is single-threaded, as swissqrbill runs on one thread.
echo "$ours $theirs" | tr ' ' '\n' | awk -F= '
  NF == 2 { v[$1] = $2 }
  END {
    printf "RESULT pdf_per_s=%.1f swissqrbill_pdf_per_s=%.1f ratio=%.2f kib_per_pdf=%.1f swissqrbill_kib_per_pdf=%.1f pdf_per_s_2threads=%.1f\n",
      v["invoice_pdf_per_s"], v["swissqrbill_pdf_per_s"], v["invoice_pdf_per_s"] / v["swissqrbill_pdf_per_s"],
      v["invoice_bytes"] / 1024, v["swissqrbill_bytes"] / 1024, v["invoice_pdf_per_s_2threads"]
  }'
