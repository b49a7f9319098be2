# Sourced by bench/reliability-*/run.sh. The reliability benchmarks are the reliability tests
# (tests/Finance.Tests/Reliability) at full size: the caller exports FINANCE_RELIABILITY_* and names the test class;
# this builds, runs it with real servers and processes, and prints the RESULT line the test wrote (even when the test
# failed: the figures show what went wrong). The test's own output goes to stderr; the exit status is the test's.
run_reliability() {
  root=$(cd "$(dirname "$0")/../.." && pwd)
  result=$(mktemp /tmp/finance-bench-reliability.XXXXXX)
  dotnet build "$root/tests/Finance.Tests/Finance.Tests.csproj" -nologo -clp:ErrorsOnly -v quiet >&2
  status=0
  FINANCE_BENCH_RESULT="$result" dotnet test "$root/tests/Finance.Tests/Finance.Tests.csproj" --no-build --nologo \
    --filter "FullyQualifiedName~Finance.Tests.Reliability.$1" --logger "console;verbosity=normal" >&2 || status=$?
  tail -n 1 "$result"
  rm -f "$result"
  return $status
}
