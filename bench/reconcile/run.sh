#!/bin/sh
# Reconciliation: the indexed engine on SIZE items × SIZE lines and ten times that, the naive pairwise matcher on the
# largest size it does in about NAIVE_SECONDS, all on generated books with known truth. Usage: bench/run.sh reconcile [SIZE] [NAIVE_SECONDS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
size=${1:-100000}
naive=${2:-10}

dotnet build -c Release --nologo -v quiet "$root/bench/Finance.Bench/Finance.Bench.csproj" >/dev/null
# Workstation GC, not concurrent: on two cores a background GC thread only competes with the two matching workers
# (measured: about 20 % less CPU than server GC at 500k × 500k).
out=$(DOTNET_gcServer=0 DOTNET_gcConcurrent=0 dotnet "$root/bench/Finance.Bench/bin/Release/net10.0/Finance.Bench.dll" reconcile "$size" "$naive")
echo "$out" | sed '$d'
echo "$out" | tail -n 1

echo "$out" | tail -n 1 | tr ' ' '\n' | awk -F= '
  NF == 2 { v[$1] = $2 }
  END {
    printf "RESULT s_100k=%s s_1m=%s growth_10x=%s naive_s=%s naive_n=%s auto_precision=%s recall=%s\n",
      v["s_100k"], v["s_1m"], v["growth_10x"], v["naive_s"], v["naive_n"], v["auto_precision"], v["recall"]
  }'
