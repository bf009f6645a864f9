#!/usr/bin/env bash
# Set up everything and build the course, from a fresh clone:
#   bash book/setup.sh            # the online book (+ docs, Lite site, quiz exports) in _build/html
#   bash book/setup.sh --strict   # as CI does: rebuild everything, any warning or cell error fails
# System packages (Debian/Ubuntu): a CJK font for Chinese labels in figures,
# Chromium for the handouts' PDFs and the browser tests, Node.js for the GIFT-parser test; Python packages come from constraints.txt (pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/node ] || need+=(nodejs)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
echo "setup: installing pinned Python packages (constraints.txt)"
.venv/bin/python -m pip install -q -c constraints.txt -e '.[all]'

exec .venv/bin/python -m book build "$@"
