#!/usr/bin/env bash
# Re-records the HAR fixtures written by real capture tools (Tests/ParapetTests/Fixtures/http/tools/)
# against the loopback test server (Tests/ParapetTests/Capture/capture_server.py):
#   - mitmproxy's `hardump` export (mitmdump as a proxy, curl -L through it)
#   - Playwright's `record_har_path` (Chromium from Debian's `chromium` package)
# Needs PyPI: the tools are installed in a venv (default .build/capture-tools-venv).
# wget's WARC output is not a fixture: WARCCaptureTests runs the real wget on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.build/capture-tools-venv}
out=Tests/ParapetTests/Fixtures/http/tools
server=Tests/ParapetTests/Capture/capture_server.py
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q mitmproxy playwright
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)"; exit 2; }

start_server() {
  coproc SERVER { python3 "$server"; }
  read -r port <&"${SERVER[0]}"
  echo "$port"
}

# mitmproxy
port=$(start_server)
proxy_port=18090
"$venv/bin/mitmdump" --listen-host 127.0.0.1 --listen-port $proxy_port --set hardump="$PWD/$out/mitmproxy.har" >/dev/null 2>&1 &
mitm=$!
for _ in $(seq 1 60); do (echo > /dev/tcp/127.0.0.1/$proxy_port) 2>/dev/null && break; sleep 0.5; done
curl -s --noproxy '' -x "http://127.0.0.1:$proxy_port" -L "http://127.0.0.1:$port/" -o /dev/null
kill -TERM $mitm; wait $mitm || true
version=$("$venv/bin/mitmdump" --version | awk '/Mitmproxy/ {print $2}')
mv "$out/mitmproxy.har" "$out/mitmproxy-$version.har"
kill "$SERVER_PID" 2>/dev/null || true

# Playwright
"$venv/bin/python" - "$out" "$server" <<'PY'
import subprocess, sys
from importlib.metadata import version
from playwright.sync_api import sync_playwright
out, script = sys.argv[1], sys.argv[2]
server = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, stdin=subprocess.PIPE)
port = int(server.stdout.readline())
major_minor = ".".join(version("playwright").split(".")[:2])
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    context = browser.new_context(record_har_path=f"{out}/playwright-{major_minor}.har")
    context.new_page().goto(f"http://127.0.0.1:{port}/")
    context.close()
    browser.close()
server.stdin.close()
server.wait()
PY
echo "recorded: $(ls "$out")"
