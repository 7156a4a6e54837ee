-- Cases the rule examples do not cover: unknowns, defaults, and options.
return {
  {
    name = "an unset SESSION_COOKIE_AGE fails: Django's default is two weeks",
    rule = "org-django-session-age",
    files = { ["mysite/settings.py"] = "DEBUG = False\n" },
    expect = { status = "fail", message = "2 weeks" },
  },
  {
    name = "a SESSION_COOKIE_AGE that depends on an unset required variable is a load problem, not a pass",
    rule = "org-django-session-age",
    files = { ["mysite/settings.py"] = 'import os\nSESSION_COOKIE_AGE = int(os.environ["SESSION_AGE"])\n' },
    expect = { status = "unknown" },
  },
  {
    name = "the session limit is an option",
    rule = "org-django-session-age",
    files = { ["mysite/settings.py"] = "SESSION_COOKIE_AGE = 3 * 60 * 60\n" },
    options = { max_session_cookie_age = 3600 },
    expect = { status = "fail", line = 1 },
  },
  {
    name = "DRF installed without REST_FRAMEWORK fails (DRF's default is AllowAny)",
    rule = "org-drf-default-permissions",
    files = { ["mysite/settings.py"] = 'INSTALLED_APPS = ["rest_framework"]\n' },
    expect = { status = "fail", message = "not set" },
  },
  {
    name = "an empty DEFAULT_PERMISSION_CLASSES allows every request",
    rule = "org-drf-default-permissions",
    files = { ["mysite/settings.py"] =
      'INSTALLED_APPS = ["rest_framework"]\nREST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": []}\n' },
    expect = { status = "fail", message = "empty", line = 2 },
  },
  {
    name = "without rest_framework the DRF rule does not apply",
    rule = "org-drf-default-permissions",
    files = { ["mysite/settings.py"] = 'INSTALLED_APPS = ["django.contrib.auth"]\n' },
    expect = { status = "not_applicable" },
  },
  {
    name = "a debug app added only when an unset variable is set is not installed in production",
    rule = "org-django-no-debug-apps",
    files = { ["mysite/settings.py"] = [[
import os
INSTALLED_APPS = ["django.contrib.auth"]
if os.environ.get("PROFILE"):
    INSTALLED_APPS += ["silk"]
]] },
    expect = { status = "pass" },
  },
  {
    name = "the same debug app fails when production sets the variable",
    rule = "org-django-no-debug-apps",
    files = { ["mysite/settings.py"] = [[
import os
INSTALLED_APPS = ["django.contrib.auth"]
if os.environ.get("PROFILE"):
    INSTALLED_APPS += ["silk"]
]] },
    env = { PROFILE = "1" },
    expect = { status = "fail", line = 4, message = "silk" },
  },
  {
    name = "gunicorn workers from a required variable that is not set: unknown, naming the variable",
    rule = "org-gunicorn-timeout-workers",
    files = { ["gunicorn.conf.py"] = 'import os\nworkers = int(os.environ["GUNICORN_WORKERS"])\ntimeout = 30\n' },
    expect = { status = "unknown", message = "$GUNICORN_WORKERS", line = 2 },
  },
  {
    name = "gunicorn workers from os.environ.get without a default: int(None) cannot be judged",
    rule = "org-gunicorn-timeout-workers",
    files = { ["gunicorn.conf.py"] = 'import os\nworkers = int(os.environ.get("GUNICORN_WORKERS"))\ntimeout = 30\n' },
    expect = { status = "unknown", line = 2 },
  },
  {
    name = "gunicorn workers computed from the machine are unknown",
    rule = "org-gunicorn-timeout-workers",
    files = { ["gunicorn.conf.py"] = 'import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\ntimeout = 30\n' },
    expect = { status = "unknown", message = "cpu_count" },
  },
  {
    name = "gunicorn timeout 0 turns the timeout off",
    rule = "org-gunicorn-timeout-workers",
    files = { ["gunicorn.conf.py"] = "workers = 4\ntimeout = 0\n" },
    expect = { status = "fail", line = 2, message = "off" },
  },
  {
    name = "gunicorn workers left unset fails",
    rule = "org-gunicorn-timeout-workers",
    files = { ["gunicorn.conf.py"] = "timeout = 30\n" },
    expect = { status = "fail", message = "workers is not set" },
  },
  {
    name = "compose image from an unset variable is unknown",
    rule = "org-image-digest",
    files = { ["docker-compose.yml"] = "services:\n  cache:\n    image: redis@${REDIS_DIGEST}\n" },
    expect = { status = "unknown", line = 3 },
  },
  {
    name = "compose image from a variable the environment sets is judged on its value",
    rule = "org-image-digest",
    files = { ["docker-compose.yml"] = "services:\n  cache:\n    image: redis:${REDIS_TAG}\n" },
    env = { REDIS_TAG = "7" },
    expect = { status = "fail", line = 3, message = "redis:7" },
  },
  {
    name = "a development override file is not held to the memory rule",
    rule = "org-compose-memory-limit",
    files = {
      ["docker-compose.yml"] = "services:\n  web:\n    image: shop\n    mem_limit: 512m\n",
      ["docker-compose.override.yml"] = "services:\n  web:\n    volumes: [\".:/app\"]\n",
    },
    expect = { status = "pass" },
  },
  {
    name = "a service extending another file's service is unknown",
    rule = "org-compose-memory-limit",
    files = { ["docker-compose.yml"] =
      "services:\n  web:\n    extends:\n      file: common.yml\n      service: app\n" },
    expect = { status = "unknown", message = "common.yml" },
  },
  {
    name = "a Kubernetes List is read item by item",
    rule = "org-k8s-resource-limits",
    files = { ["k8s/list.yaml"] = [[
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      template:
        spec:
          containers:
            - name: app
              image: shop
              resources: {limits: {memory: 1Gi}}
]] },
    expect = { status = "fail", line = 11, message = "no cpu limit" },
  },
  {
    name = "a TLS server in conf.d inherits the http block's weak ciphers through the include",
    rule = "org-nginx-tls-ciphers",
    files = {
      ["nginx/nginx.conf"] = "events {}\nhttp {\n    ssl_prefer_server_ciphers on;\n"
        .. "    ssl_ciphers HIGH:MEDIUM;\n    include conf.d/*.conf;\n}\n",
      ["nginx/conf.d/shop.conf"] = "server {\n    listen 443 ssl;\n}\n",
    },
    expect = { status = "fail", line = 4, count = 2 },
  },
  {
    name = "plain-HTTP servers are not judged on ciphers",
    rule = "org-nginx-tls-ciphers",
    files = { ["nginx/shop.conf"] = "server {\n    listen 80;\n}\n" },
    expect = { status = "not_applicable" },
  },
  {
    name = "the body size ceiling is an option",
    rule = "org-nginx-body-size",
    files = { ["nginx/shop.conf"] = "server {\n    listen 80;\n    client_max_body_size 2m;\n}\n" },
    options = { max_body_size = "1m" },
    expect = { status = "fail", line = 3 },
  },
  {
    name = "a Permissions-Policy with a trailing comma does not parse",
    rule = "org-permissions-policy",
    files = { ["captures/shop.http"] =
      "# url: https://shop.example.com/\nHTTP/2 200\npermissions-policy: camera=(), microphone=(), geolocation=(),\n" },
    expect = { status = "fail", line = 3, message = "trailing comma" },
  },
  {
    name = "a namespace LimitRange with default container limits supplies the missing limits",
    rule = "org-k8s-resource-limits",
    files = { ["k8s/app.yaml"] = [[
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - type: Container
      default: {memory: 512Mi, cpu: 500m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop
]] },
    expect = { status = "pass" },
  },
  {
    name = "a LimitRange of another namespace does not count",
    rule = "org-k8s-resource-limits",
    files = { ["k8s/app.yaml"] = [[
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: other}
spec:
  limits:
    - type: Container
      default: {memory: 512Mi, cpu: 500m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop
]] },
    expect = { status = "fail", line = 16 },
  },
  {
    name = "an unquoted true annotation is a YAML boolean, which the API server refuses",
    rule = "org-k8s-ingress-tls",
    files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    nginx.ingress.kubernetes.io/force-ssl-redirect: true
spec:
  tls:
    - hosts: [shop.example.com]
  rules:
    - host: shop.example.com
]] },
    expect = { status = "fail", line = 6, message = "must be the string" },
  },
  {
    name = "ingress-nginx reads \"True\" as true (Go's strconv.ParseBool)",
    rule = "org-k8s-ingress-tls",
    files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    nginx.ingress.kubernetes.io/force-ssl-redirect: "True"
spec:
  tls:
    - hosts: [shop.example.com]
  rules:
    - host: shop.example.com
]] },
    expect = { status = "pass" },
  },
  {
    name = "an INSTALLED_APPS entry computed from an unknown value is unknown, not a pass",
    rule = "org-django-no-debug-apps",
    files = { ["mysite/settings.py"] = [[
import socket
INSTALLED_APPS = ["django.contrib.auth", socket.gethostname()]
]] },
    expect = { status = "unknown", line = 2 },
  },
  {
    name = "a Deployment without a NetworkPolicy anywhere fails once per namespace",
    rule = "org-k8s-network-policy",
    files = { ["k8s/app.yaml"] = [[
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: shop}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: worker, image: shop}]
]] },
    expect = { status = "fail", line = 2, count = 1 },
  },
  {
    name = "a HAR whose final response has no Permissions-Policy fails",
    rule = "org-permissions-policy",
    files = { ["captures/shop.har"] = [[
{"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "133.0"},
  "entries": [{"startedDateTime": "2026-12-01T10:00:00.000Z", "time": 1,
    "request": {"method": "GET", "url": "https://shop.example.com/", "httpVersion": "HTTP/2",
      "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
    "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
      "headers": [{"name": "content-type", "value": "text/html"}], "cookies": [],
      "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
    "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}]}}
]] },
    expect = { status = "fail", message = "no Permissions-Policy" },
  },
  {
    name = "intersections with AES select neither RC4 nor 3DES",
    rule = "org-nginx-tls-ciphers",
    files = { ["nginx/shop.conf"] =
      "server {\n    listen 443 ssl;\n    ssl_prefer_server_ciphers on;\n    ssl_ciphers EECDH+AESGCM:EDH+AESGCM:!aNULL;\n}\n" },
    expect = { status = "pass" },
  },
  {
    name = "a suite removed with - and named again is enabled again",
    rule = "org-nginx-tls-ciphers",
    files = { ["nginx/shop.conf"] =
      "server {\n    listen 443 ssl;\n    ssl_prefer_server_ciphers on;\n    ssl_ciphers HIGH:-RC4:ECDHE-RSA-RC4-SHA;\n}\n" },
    expect = { status = "fail", line = 4, message = "ECDHE-RSA-RC4-SHA" },
  },
  {
    name = "! removes RC4 for good, even when a suite names it later",
    rule = "org-nginx-tls-ciphers",
    files = { ["nginx/shop.conf"] =
      "server {\n    listen 443 ssl;\n    ssl_prefer_server_ciphers on;\n    ssl_ciphers ALL:!RC4:!3DES:RC4-SHA;\n}\n" },
    expect = { status = "pass" },
  },
}
