import Foundation
import Testing

/// A settings tree in zentral's style, end to end: a JSON document read through a
/// `collections.abc.Mapping` subclass whose `get` catches the KeyError of an unset
/// `env:NAME` proxy, and lists wrapped in a `collections.abc.Sequence` subclass. Expectations
/// are what Django 5.2.17's `manage.py check --deploy` printed for the same tree and
/// environments (Python 3.13).
@Suite("zentral-style configuration mapping, end to end")
struct ConfigMappingEndToEndTests {
  static let files: [String: String] = [
    "manage.py": """
      #!/usr/bin/env python
      import os
      import sys

      if __name__ == "__main__":
          os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
          from django.core.management import execute_from_command_line
          execute_from_command_line(sys.argv)
      """,
    "proj/__init__.py": "",
    "proj/urls.py": "urlpatterns = []\n",
    "proj/conf.py": """
      import json
      import os
      from collections.abc import Mapping, Sequence


      class EnvProxy:
          def __init__(self, name):
              self._name = name

          def get(self):
              return os.environ[self._name]


      def _from_python(value):
          if isinstance(value, dict):
              return ConfigDict(value)
          if isinstance(value, list):
              return ConfigList(value)
          if isinstance(value, str) and value.startswith("env:"):
              return EnvProxy(value[4:])
          return value


      def _to_python(value):
          return value.get() if isinstance(value, EnvProxy) else value


      class ConfigList(Sequence):
          def __init__(self, items):
              self._collection = [_from_python(v) for v in items]

          def __getitem__(self, key):
              return _to_python(self._collection[key])

          def __len__(self):
              return len(self._collection)


      class ConfigDict(Mapping):
          def __init__(self, d):
              self._collection = {k: _from_python(v) for k, v in d.items()}

          def __getitem__(self, key):
              return _to_python(self._collection[key])

          def __iter__(self):
              yield from self._collection

          def __len__(self):
              return len(self._collection)

          def get(self, key, default=None):
              try:
                  return self[key]
              except KeyError:
                  return default


      settings = ConfigDict(json.loads(os.environ["APP_CONF"]))
      """,
    "proj/settings.py": """
      from proj.conf import settings as app_settings

      django_settings = app_settings.get("django", {})

      SECRET_KEY = django_settings.get("SECRET_KEY", "Zr6vT2qL9wXb4nKc8yHm3pJd7sFg1aQe5uVo0iRt-xNzWkBjCe2Lh8Mu")
      DEBUG = django_settings.get("DEBUG", False)
      ALLOWED_HOSTS = list(django_settings.get("ALLOWED_HOSTS", []))
      if "SECRET_KEY_FALLBACKS" in django_settings:
          SECRET_KEY_FALLBACKS = django_settings["SECRET_KEY_FALLBACKS"]

      INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
      MIDDLEWARE = [
          "django.middleware.security.SecurityMiddleware",
          "django.middleware.csrf.CsrfViewMiddleware",
          "django.middleware.clickjacking.XFrameOptionsMiddleware",
      ]
      ROOT_URLCONF = "proj.urls"
      SESSION_COOKIE_SECURE = True
      CSRF_COOKIE_SECURE = True
      SECURE_HSTS_SECONDS = 31536000
      SECURE_HSTS_INCLUDE_SUBDOMAINS = True
      SECURE_SSL_REDIRECT = True
      SECURE_HSTS_PRELOAD = True
      """,
  ]

  static func statuses(_ conf: String, _ extra: [String] = []) throws -> [String: String] {
    let (_, findings) = try DjangoFixture.scanOnDisk(
      files, arguments: ["--env", "DJANGO_SETTINGS_MODULE=proj.settings", "--env", "APP_CONF=\(conf)"] + extra)
    var out: [String: String] = [:]
    for finding in findings { if let rule = finding["rule"] as? String { out[rule] = finding["status"] as? String } }
    return out
  }

  /// Django: W018 only (DEBUG is the proxy's string "1").
  @Test func anEnvProxyResolvesThroughGetitem() throws {
    let status = try Self.statuses(#"{"django":{"DEBUG":"env:APP_DEBUG","ALLOWED_HOSTS":["example.com"]}}"#, ["--env", "APP_DEBUG=1"])
    #expect(status["DJ-LOAD"] == "pass")
    #expect(status["DJ-W018"] == "fail")
    #expect(status["DJ-W020"] == "pass")
    #expect(status["DJ-W009"] == "pass")
  }

  /// Django: W018 and W020 (the unset proxy's KeyError is caught by `get`, whose default
  /// `[]` gives no hosts).
  @Test func anUnsetProxyFallsBackToTheDefault() throws {
    let status = try Self.statuses(#"{"django":{"DEBUG":true,"ALLOWED_HOSTS":"env:APP_HOSTS"}}"#)
    #expect(status["DJ-LOAD"] == "pass")
    #expect(status["DJ-W018"] == "fail")
    #expect(status["DJ-W020"] == "fail")
  }

  /// Django: ImproperlyConfigured, "The SECRET_KEY_FALLBACKS setting must be a list or a
  /// tuple." (the setting is a ConfigList).
  @Test func aSequenceObjectInATupleSettingStopsDjango() throws {
    let status = try Self.statuses(
      #"{"django":{"ALLOWED_HOSTS":["example.com"],"SECRET_KEY_FALLBACKS":["Yq3wE8rT1yU6iO0pA5sD9fG2hJ7kL4zX-cV8bN1mQ6wE3rT9yU2iO5p"]}}"#)
    #expect(status["DJ-LOAD"] == "fail")
  }
}
