#!/bin/sh
# Runs one benchmark: bench/run.sh NAME [ARGS...] executes bench/NAME/run.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=${1:-}
if [ -z "$name" ] || [ ! -x "$here/$name/run.sh" ]; then
  echo "usage: bench/run.sh NAME [ARGS...]; available:" $(cd "$here" && ls -d */ | tr -d / | while read -r d; do [ -x "$d/run.sh" ] && echo "$d"; done) >&2
  exit 2
fi
shift
exec "$here/$name/run.sh" "$@"
