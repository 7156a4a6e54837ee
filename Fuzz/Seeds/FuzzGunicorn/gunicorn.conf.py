import os
bind = "0.0.0.0:" + os.environ.get("PORT", "8000")
workers = 4
forwarded_allow_ips = "*"
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
