#!/bin/sh
# Flow engine throughput: the embedded engine (Finance.Workers as a real process, PostgreSQL with fsync ON) running
# 1-step and 5-step flows of trivial activities, against BullMQ 5 (Redis with appendfsync always) and Hangfire.PostgreSql
# (same PostgreSQL) running trivial jobs. The same COUNT and CONCURRENCY (default 8) for all three; 16 concurrent producers.
# Usage: bench/run.sh flows [COUNT] [CONCURRENCY]   (needs PostgreSQL 15 binaries, redis-server, node/npm; as root or postgres)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
count=${1:-2000}
concurrency=${2:-8}
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/finance-bench-flows.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgport=$(free_port); redisport=$(free_port); httpport=$(free_port)
worker_pid=""
cleanup() {
  [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true
  as_postgres "$pgbin/pg_ctl" stop -D "$work/pg" -m immediate >/dev/null 2>&1 || true
  redis-cli -p "$redisport" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

dotnet build -c Release --nologo -v quiet "$root/bench/Finance.Bench/Finance.Bench.csproj" >/dev/null
dotnet build -c Release --nologo -v quiet "$root/Finance.Workers/Finance.Workers.csproj" >/dev/null
if [ ! -d "$here/bullmq/node_modules" ]; then (cd "$here/bullmq" && npm ci --no-audit --no-fund >/dev/null 2>&1); fi

# PostgreSQL with its durable defaults (fsync, synchronous_commit, full_page_writes all on).
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 200\n" "$pgport" "$work" >> "$work/pg/postgresql.auto.conf"
as_postgres "$pgbin/pg_ctl" start -D "$work/pg" -w -l "$work/pg.log" >/dev/null
redis-server --port "$redisport" --dir "$work" --appendonly yes --appendfsync always --save '' --daemonize yes >/dev/null

cs="Host=127.0.0.1;Port=$pgport;Database=finance;Username=postgres;Maximum Pool Size=50;Max Auto Prepare=64;Auto Prepare Min Usages=2"
hangfire_cs="Host=127.0.0.1;Port=$pgport;Database=hangfire;Username=postgres;Maximum Pool Size=50;Max Auto Prepare=64;Auto Prepare Min Usages=2"
as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE hangfire" >/dev/null
workers_dll="$root/Finance.Workers/bin/Release/net10.0/Finance.Workers.dll"
ConnectionStrings__finance="$cs" dotnet "$workers_dll" migrate >/dev/null

ConnectionStrings__finance="$cs" ConnectionStrings__redis="127.0.0.1:$redisport" ASPNETCORE_URLS="http://127.0.0.1:$httpport" \
  Logging__LogLevel__Default=Warning Workflows__EnableDiagnosticActivities=true Workflows__Queues__default=$concurrency \
  Workflows__TimerPollInterval=00:00:00.100 \
  dotnet "$workers_dll" > "$work/worker.log" 2>&1 &
worker_pid=$!
i=0; until curl -fs "http://127.0.0.1:$httpport/alive" >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 300 ] && { cat "$work/worker.log"; exit 1; }; sleep 0.2; done

# CPU seconds (user+system) of a process, and of the postmaster with all its children, dead or alive.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ s += $14 + $15 + ($4 == 0 ? 0 : 0) } END { printf "%.2f", s / t }' /proc/"$1"/stat; }
pg_cpu_s() {
  pm=$(head -1 "$work/pg/postmaster.pid")
  { cat /proc/"$pm"/stat | awk '{ print $14 + $15 + $16 + $17 }'; for c in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do awk '{ print $14 + $15 }' /proc/"$c"/stat 2>/dev/null; done; } |
    awk -v t="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.2f", s / t }'
}
bench="$root/bench/Finance.Bench/bin/Release/net10.0/Finance.Bench.dll"
one=$(dotnet "$bench" flows "$cs" "$count" 1)
w0=$(cpu_s "$worker_pid"); p0=$(pg_cpu_s)
five=$(dotnet "$bench" flows "$cs" "$count" 5)
w1=$(cpu_s "$worker_pid"); p1=$(pg_cpu_s)
five="$five $(awk -v w0="$w0" -v w1="$w1" -v p0="$p0" -v p1="$p1" -v n="$((count * 5))" 'BEGIN { printf "engine_5step_worker_cpu_ms_per_step=%.3f engine_5step_postgres_cpu_ms_per_step=%.3f", (w1 - w0) * 1000 / n, (p1 - p0) * 1000 / n }')"
paced=$(dotnet "$bench" flows "$cs" 200 1 paced)
kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true; worker_pid=""
bull=$(cd "$here/bullmq" && node bench.mjs "$redisport" "$count" "$concurrency")
hang=$(dotnet "$bench" hangfire "$hangfire_cs" "$count" "$concurrency")
echo "$one"; echo "$five"; echo "$paced"; echo "$bull"; echo "$hang"

# engine_steps_per_s is the 5-step run (step throughput with chained steps); the 1-step figures are printed above.
# engine_p50/p99 are enqueue→start under that saturating load (mostly backlog); engine_unloaded_* come from 200 flows
# started one every 10 ms.
echo "$one $five $paced $bull $hang" | tr ' ' '\n' | awk -F= '
  NF == 2 { v[$1] = $2 }
  END {
    e = v["engine_5step_steps_per_s"]
    printf "RESULT engine_steps_per_s=%.1f engine_1step_flows_per_s=%.1f engine_p50_ms=%.1f engine_p99_ms=%.1f engine_unloaded_p50_ms=%.1f engine_unloaded_p99_ms=%.1f bullmq_jobs_per_s=%.1f bullmq_p50_ms=%s bullmq_p99_ms=%s hangfire_jobs_per_s=%.1f hangfire_p50_ms=%.1f hangfire_p99_ms=%.1f ratio_vs_bullmq=%.2f ratio_vs_hangfire=%.2f\n",
      e, v["engine_1step_flows_per_s"], v["engine_5step_p50_ms"], v["engine_5step_p99_ms"], v["engine_paced_1step_p50_ms"], v["engine_paced_1step_p99_ms"], v["bullmq_jobs_per_s"], v["bullmq_p50_ms"], v["bullmq_p99_ms"],
      v["hangfire_jobs_per_s"], v["hangfire_p50_ms"], v["hangfire_p99_ms"], e / v["bullmq_jobs_per_s"], e / v["hangfire_jobs_per_s"]
  }'
