/// Values of `django.conf.global_settings` that settings files extend
/// (`[*global_settings.PASSWORD_HASHERS, …]`), as of Django 6.1.
package enum DjangoGlobalSettings {
  package static func value(_ name: String) -> PythonValue? {
    func strings(_ items: [String]) -> PythonValue {
      PythonValue(.list(PythonList(items.map { PythonValue(.string($0)) })))
    }
    switch name {
    case "PASSWORD_HASHERS":
      return strings([
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
      ])
    case "MIDDLEWARE", "INSTALLED_APPS", "ALLOWED_HOSTS", "AUTH_PASSWORD_VALIDATORS",
      "SECRET_KEY_FALLBACKS", "CSRF_TRUSTED_ORIGINS", "STATICFILES_DIRS", "SILENCED_SYSTEM_CHECKS",
      "INTERNAL_IPS", "ADMINS", "MANAGERS", "TEMPLATES":
      return strings([])
    case "DEBUG", "USE_X_FORWARDED_HOST", "USE_X_FORWARDED_PORT", "SECURE_SSL_REDIRECT",
      "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_USE_SESSIONS",
      "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "DEBUG_PROPAGATE_EXCEPTIONS":
      return PythonValue(.bool(false))
    case "SESSION_COOKIE_HTTPONLY", "SECURE_CONTENT_TYPE_NOSNIFF":
      return PythonValue(.bool(true))
    case "SECURE_HSTS_SECONDS": return PythonValue(.integer(0))
    case "SECRET_KEY": return PythonValue(.string(""))
    case "X_FRAME_OPTIONS": return PythonValue(.string("DENY"))
    case "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY": return PythonValue(.string("same-origin"))
    case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE": return PythonValue(.string("Lax"))
    case "FILE_UPLOAD_PERMISSIONS": return PythonValue(.integer(0o644))
    case "DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE": return PythonValue(.integer(2_621_440))
    case "DATA_UPLOAD_MAX_NUMBER_FIELDS": return PythonValue(.integer(1000))
    case "DATA_UPLOAD_MAX_NUMBER_FILES": return PythonValue(.integer(100))
    case "SESSION_ENGINE": return PythonValue(.string("django.contrib.sessions.backends.db"))
    case "SESSION_SERIALIZER": return PythonValue(.string("django.contrib.sessions.serializers.JSONSerializer"))
    case "CSRF_FAILURE_VIEW": return PythonValue(.string("django.views.csrf.csrf_failure"))
    case "SECURE_PROXY_SSL_HEADER", "FILE_UPLOAD_DIRECTORY_PERMISSIONS", "SESSION_COOKIE_DOMAIN",
      "CSRF_COOKIE_DOMAIN", "STATIC_ROOT", "LOGGING_CONFIG":
      return PythonValue(.none)
    default:
      return nil
    }
  }
}
