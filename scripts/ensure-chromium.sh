#!/usr/bin/env bash
# Playwright drives Debian's Chromium (/usr/bin/chromium); it never downloads a browser.
set -euo pipefail
if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]] || [[ -x /usr/bin/chromium ]]; then
  echo "Chromium: ${CHROMIUM_PATH:-/usr/bin/chromium}"
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium package (about a minute)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && [[ -x /usr/bin/chromium ]] && exit 0
fi
cat >&2 <<'MSG'
Chromium is not installed and could not be installed here.
Install it with your package manager (Debian/Ubuntu: sudo apt-get install chromium),
or set CHROMIUM_PATH to a Chromium/Chrome binary. `npx playwright install` is not needed.
MSG
exit 1
