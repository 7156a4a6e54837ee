import multiprocessing
import os

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
forwarded_allow_ips = "*"
reload = False
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = "-"
secure_scheme_headers = {
    "X-FORWARDED-PROTO": "https",
}
