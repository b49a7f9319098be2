#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks, then restores and builds. Idempotent: a second run only builds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(postgresql redis-server tesseract-ocr tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-ita tesseract-ocr-eng
  poppler-utils python3-zxing-cpp python3-pil chromium fonts-liberation2 fonttools)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts the packaged clusters and servers; we run our own on free ports, so stop theirs.
  $SUDO systemctl disable --now postgresql redis-server >/dev/null 2>&1 || $SUDO service postgresql stop >/dev/null 2>&1 || true
fi

# npm packages, from each lock file (maildev for the AppHost, swissqrbill for the PDF benchmark, the admin UI).
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules"
  fi
done < <(find . -name package-lock.json -not -path "*/node_modules/*" | sort)

dotnet build Finance.Aspire.sln -nologo -clp:ErrorsOnly "$@"
