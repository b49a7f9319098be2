#!/bin/sh
# GET /api/dashboard?company=HYPERVISUAL by 200 concurrent clients against Finance.Api as a process (real PostgreSQL and
# Redis), in ROUNDS rounds: the first finds the cache cold (all 200 miss and share one computation), the others warm.
# Target (issue 14): p99 < 50 ms. Usage: bench/run.sh dashboard [ROUNDS=10]
# RESULT requests= concurrency= not_200= cache_hits= p50_ms= p99_ms= requests_per_s=
set -eu
. "$(dirname "$0")/../reliability.sh"
export FINANCE_RELIABILITY_LOAD_ROUNDS="${1:-10}"
run_reliability ApiOverKestrelTests.Dashboard_200ConcurrentClients
