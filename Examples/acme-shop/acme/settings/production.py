"""Production settings: everything comes from the environment (see prod.env)."""
from .base import *  # noqa: F403
from .base import MIDDLEWARE, env_bool  # noqa: F401

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "3600"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DJANGO_HSTS_SUBDOMAINS", "True")  # noqa: F405
SECURE_HSTS_PRELOAD = False

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = None
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://shop.acme.example", "http://admin.acme.example"]

X_FRAME_OPTIONS = "SAMEORIGIN"

CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

FILE_UPLOAD_PERMISSIONS = 0o666

MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

try:
    from .local_settings import *  # noqa: F401,F403
except ImportError:
    pass
