# Shared setup for the project's scripts: a virtual environment in .venv with the project installed.
# Installs Debian's python3-venv when the system Python cannot make one. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    # apt_install PKG...: install Debian packages that are missing
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "[teplovoda] installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! command -v "$PY" >/dev/null 2>&1; then apt_install python3 python3-venv python3-pip; fi
# the live platform's servers (started by teplovoda itself as child processes, never as system services)
apt_install mosquitto influxdb
if [ ! -x .venv/bin/python ]; then
    echo "[teplovoda] creating virtual environment .venv"
    "$PY" -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv; "$PY" -m venv .venv; }
fi
# reinstall only when pyproject.toml changed since the last install
STAMP=.venv/.teplovoda-installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    echo "[teplovoda] installing Python dependencies (pyproject.toml) into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[test]"
    touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
