#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages gaspos needs, and only those missing.
#   scripts/system-packages.sh app    what the counter app needs to build and run
#   scripts/system-packages.sh test   the above plus the real stacks the test suite runs against
set -euo pipefail

# the counter app's Qt (PySide6 wheels) needs OpenGL/EGL, xkbcommon, fontconfig, D-Bus and the
# xcb libraries of its X11 platform plugin; a CJK font so Chinese is drawn
app=(python3 python3-venv python3-dev gcc pkg-config libpcsclite-dev fonts-wqy-microhei
     libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
     libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
     libxcb-render-util0 libxcb-image0)
test=(postgresql pcscd vsmartcard-vpcd socat)

case "${1:-app}" in
  app) wanted=("${app[@]}") ;;
  test) wanted=("${app[@]}" "${test[@]}") ;;
  *) echo "usage: $0 app|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "gaspos: this is not a Debian/Ubuntu system; install the equivalents of: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
echo "gaspos: installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
