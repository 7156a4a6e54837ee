#!/bin/sh
# Records the readthedocs cases (written for this corpus; no upstream code).
#
# 1. The project is Python 3.14 code (PEP 758 `except A, B:`); this machine has 3.13 at most, so
#    Django runs in OUT/run-py313, a copy of src/ where each `except A, B:` became the equivalent
#    `except (A, B):` (34 clauses in 17 files, none in the settings). tree/ and src/ stay upstream.
# 2. With DEBUG on, debug_toolbar's ready() opens the staticfiles manifest on the S3 service that the
#    docker-compose setup runs as `storage` (http://storage:9000/). The run happens in a private
#    mount+network namespace where `storage` is 127.0.0.1 and a stand-in answers 404 for every
#    object (what the empty bucket of a fresh setup answers; the manifest being absent or present
#    changes no check). Nothing leaves the namespace.
set -e
OUT=${OUT:-/work/realdj/readthedocs}
VENV=${VENV:-/work/venvs/readthedocs}
MAIN=${MAIN:-/work/main}
python3 "$MAIN/scripts/real-django-py313-copy.py" "$OUT"
HOSTS=$(mktemp)
cp /etc/hosts "$HOSTS"
echo "127.0.0.1 storage" >> "$HOSTS"
FAKE=$(mktemp --suffix=.py)
cat > "$FAKE" <<'PY'
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def _404(self, body):
        data = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>'
                b'<Message>The specified key does not exist.</Message></Error>')
        self.send_response(404)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data) if body else 0))
        self.end_headers()
        if body:
            self.wfile.write(data)
    def do_HEAD(self): self._404(False)
    def do_GET(self): self._404(True)
    def log_message(self, *a): pass
HTTPServer(("127.0.0.1", 9000), H).serve_forever()
PY
unshare --mount --net sh -c "
  ip link set lo up
  mount --bind '$HOSTS' /etc/hosts
  python3 '$FAKE' & FAKE_PID=\$!
  sleep 1
  python3 '$MAIN/scripts/real-django-record.py' '$OUT' --venv '$VENV' --run-tree '$OUT/run-py313' $*
  kill \$FAKE_PID
"
rm -f "$HOSTS" "$FAKE"
