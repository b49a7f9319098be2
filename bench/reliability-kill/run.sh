#!/bin/sh
# kill -9 of Finance.Workers at random moments while invoices are sent with e-mail (WorkerKillTests at full size: the API
# host, two worker processes killed mid-step and restarted, PostgreSQL, maildev). Lost flows and duplicate e-mails.
# Usage: bench/run.sh reliability-kill [SENDS=100] [KILLS=10] [SPREAD_SECONDS=30] [SEED]
# RESULT sends= kills= kills_holding_leases= lost= duplicates= duplicates_not_at_a_kill= missing_emails= mismatched_emails= seconds= seed=
set -eu
. "$(dirname "$0")/../reliability.sh"
export FINANCE_RELIABILITY_SENDS="${1:-100}" FINANCE_RELIABILITY_KILLS="${2:-10}" FINANCE_RELIABILITY_SPREAD_SECONDS="${3:-30}"
[ -n "${4:-}" ] && export FINANCE_RELIABILITY_SEED="$4"
run_reliability WorkerKillTests
