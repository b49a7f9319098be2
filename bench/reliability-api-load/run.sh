#!/bin/sh
# 200 concurrent GET /api/invoices?company=…&limit=100 against Finance.Api as a process, in ROUNDS rounds, with the
# database limited to 12 connections and the API pool to 10 (FINANCE_RELIABILITY_POOL_SIZE=100 shows the old default failing).
# Usage: bench/run.sh reliability-api-load [ROUNDS=10]
# RESULT requests= concurrency= status_5xx= not_200= p50_ms= p99_ms= requests_per_s= db_connection_limit= pool=
set -eu
. "$(dirname "$0")/../reliability.sh"
export FINANCE_RELIABILITY_LOAD_ROUNDS="${1:-10}"
run_reliability ApiOverKestrelTests.Invoices_200ConcurrentLists
