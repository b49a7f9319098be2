#!/bin/sh
# PostgreSQL restarted while flows run on two Finance.Workers processes (PostgresRestartTests: a private cluster with
# fsync on, the engine's production reconnect settings). Time from "ready to accept connections" to the next step.
# Usage: bench/run.sh reliability-postgres [FLOWS=80] [DOWN_SECONDS=2] [STOP_MODE=fast|immediate]
# RESULT flows= stop_mode= completed_before_restart= down_s= resume_s= all_done_s_after_ready= limit_s=
set -eu
. "$(dirname "$0")/../reliability.sh"
export FINANCE_RELIABILITY_FLOWS="${1:-80}" FINANCE_RELIABILITY_DOWN_SECONDS="${2:-2}" FINANCE_RELIABILITY_STOP_MODE="${3:-fast}"
run_reliability PostgresRestartTests
