#!/usr/bin/env bash
# Runs every test suite against real PostgreSQL, Redis, Tesseract, Chromium and maildev (started by the fixtures)
# and ends with the line "N passed, N failed[, N skipped]". Extra arguments go to dotnet test (e.g. --filter ...).
set -uo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh || exit 1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
dotnet test Finance.Aspire.sln --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" 2>&1 | grep -vE "^\s*(Passed|Skipped) |^$"
status=${PIPESTATUS[0]}

python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
if not files and sys.argv[2] != "0":
    failed += 1  # the run broke before any result was written
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(line)
sys.exit(1 if failed or sys.argv[2] != "0" else 0)
PY
