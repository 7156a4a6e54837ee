import os
from pathlib import Path
from .base import *  # noqa
import environ

env = environ.Env(DEBUG=(bool, False))
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-" + "x" * 10)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = [h.strip() for h in os.getenv("HOSTS", "a,b").split(",") if h]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", *[]]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if not DEBUG else 0
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}
CSP = {"default-src": ("'self'",), **{}}
def f(x, *a, k=1, **kw):
    return {k: v for k, v in kw.items()}
try:
    from .local import *
except ImportError:
    pass
