#!/bin/sh
# Redis frozen (SIGSTOP) under a steady stream of API writes (RedisOutageTests at full size: Finance.Api and
# Finance.Workers as processes, four writers, one SSE subscriber). Failed writes, /health, and event delivery after.
# Usage: bench/run.sh reliability-redis [OUTAGE_SECONDS=30]
# RESULT outage_s= writes= writes_during_outage= write_5xx= write_failed= p99_write_ms_during_outage= p99_write_ms_otherwise=
#        max_write_ms_during_outage= health_not_ok_during_outage=
#        events= missing_in_stream= missing_in_sse= stream_entries= sse_events_received= backlog_in_stream_s_after_return=
set -eu
. "$(dirname "$0")/../reliability.sh"
export FINANCE_RELIABILITY_OUTAGE_SECONDS="${1:-30}"
run_reliability RedisOutageTests
