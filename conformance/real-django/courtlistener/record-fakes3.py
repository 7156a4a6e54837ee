"""A loopback stand-in for S3 while Django's checks run on an offline machine (ours).

usage: python3 record-fakes3.py PORT SRC_DIR

The production branch of the settings (DEVELOPMENT off) adds an S3 Express cache (whose
constructor calls CreateSession) and a manifest static-files storage on S3; Django's checks
instantiate the cache and the URLconf calls static(). The env files point boto3 here with
AWS_ENDPOINT_URL. CreateSession answers fake credentials; static/staticfiles.json answers the
manifest `collectstatic` would have uploaded (every file of SRC_DIR's static folders mapped to
itself); every other key answers 404 NoSuchKey.
"""
import email.utils, hashlib, http.server, json, os, sys

SESSION = (b'<?xml version="1.0" encoding="UTF-8"?><CreateSessionResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
           b'<Credentials><SessionToken>fake</SessionToken><SecretAccessKey>fake</SecretAccessKey>'
           b'<AccessKeyId>fake</AccessKeyId><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></CreateSessionResult>')
MISSING = b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>'


def manifest(src):
    paths = {}
    cl = os.path.join(src, "cl")
    roots = [os.path.join(cl, "assets", "static-global")]
    roots += [os.path.join(cl, app, "static") for app in sorted(os.listdir(cl))]
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                paths.setdefault(rel, rel)
    return json.dumps({"paths": paths, "version": "1.1", "hash": "0"}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, code, body, kind="application/xml"):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"%s"' % hashlib.md5(body).hexdigest())
        self.send_header("Last-Modified", email.utils.formatdate(0, usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        sys.stderr.write(f"{self.command} {self.path}\n")
        if "session" in self.path:
            self.reply(200, SESSION)
        elif self.path.split("?")[0].endswith("/static/staticfiles.json"):
            self.reply(200, MANIFEST, "application/json")
        else:
            self.reply(404, MISSING)

    do_HEAD = do_PUT = do_POST = do_GET

    def log_message(self, *args):
        pass


MANIFEST = manifest(sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
