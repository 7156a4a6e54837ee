-- Builders for rule examples: a hardened production settings.py that passes every check of
-- the pack, plus the lines an example appends (a later assignment wins, as in Python).
-- Put `↓` at the start of an appended line to mark where the finding must point.

local M = {}

M.STRONG_KEY = "gslwmNodb_-HNq4NbA0odUw4jBgN8f8p3K38yXT-01SGuJVfRL9zbcH3Xz6wuvig"

local BASELINE = [[
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "mysite.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": "localhost",
        "OPTIONS": {"sslmode": "require"},
    }
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CSP = {"default-src": ["'self'"], "object-src": ["'none'"], "frame-ancestors": ["'none'"]}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
]]

--- An example: the baseline settings plus `lines`, evaluated with a strong secret key in
--- the environment (and `env`, which may add or override variables).
function M.case(lines, env, extra_files)
  local text = BASELINE .. table.concat(lines or {}, "\n") .. "\n"
  local variables = { DJANGO_SECRET_KEY = M.STRONG_KEY, DB_PASSWORD = "from-the-vault" }
  for name, value in pairs(env or {}) do variables[name] = value end
  local files = { ["mysite/settings.py"] = text }
  for path, content in pairs(extra_files or {}) do files[path] = content end
  return { files = files, env = variables }
end

--- An example with the given settings file only (no baseline).
function M.only(text, env)
  return { files = { ["mysite/settings.py"] = text }, env = env or {} }
end

return M
