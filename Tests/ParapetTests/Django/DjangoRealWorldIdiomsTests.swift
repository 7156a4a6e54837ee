import ParapetFacts
import Testing

@testable import ParapetEvidence

/// Settings styles of real projects beyond the shared conformance cases: each must evaluate to
/// the value Python gives, or to unknown with a reason, never to a wrong value or a crash.
@Suite("Django settings: real-world idioms")
struct DjangoRealWorldIdiomsTests {
  @Test func walrusArgvAndLiteralEval() {
    let facts = DjangoFixture.settings(
      """
      import ast
      import json
      import os
      import sys
      APPS = ["a", "b", "c", "d"]
      if (n := len(APPS)) > 3:
          APP_COUNT = n
      if "test" in sys.argv:
          PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
      RUNSERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
      FEATURES = ast.literal_eval(os.environ.get("FEATURES", "{'beta': True, 'n': -1}"))
      EXTRA = json.loads(os.environ["EXTRA_JSON"])
      """, environment: ["EXTRA_JSON": #"{"hosts": ["a.example.com"], "debug": false}"#])
    #expect(facts.value("django.settings.APP_COUNT") == .integer(4))
    #expect(facts.value("django.settings.PASSWORD_HASHERS") == nil)
    #expect(facts.value("django.settings.RUNSERVER") == .bool(false))
    #expect(facts.value("django.settings.FEATURES.beta") == .bool(true))
    #expect(facts.value("django.settings.FEATURES.n") == .integer(-1))
    #expect(facts.value("django.settings.EXTRA.debug") == .bool(false))
    #expect(!FactJSON.plain(facts.lookup("django.notes")!).serialized(pretty: false).contains("not defined"))
  }

  @Test func literalEvalOfCodeRaisesValueError() {
    let facts = DjangoFixture.settings(
      """
      import ast
      X = ast.literal_eval("__import__('os').system('id')")
      """)
    #expect(facts.value("django.loaded") == .bool(false))
    #expect(facts.lookup("django.load_errors.1.type")?.value == .string("ValueError"))
  }

  @Test func classesDecoratorsGlobalsAndSentryDoNotBreakTheModule() {
    let facts = DjangoFixture.settings(
      """
      import os
      import sentry_sdk
      from sentry_sdk.integrations.django import DjangoIntegration

      def _decorate(fn):
          return fn

      class Features:
          BETA = True

          @staticmethod
          def enabled():
              return True

      @_decorate
      def helper():
          global COUNTER
          COUNTER = 1

      DEBUG: bool = os.getenv("DJANGO_DEBUG", "") == "True"
      TEMPLATE_DEBUG = bool(int(os.environ.get("TEMPLATE_DEBUG", "0")))
      USE_TZ = os.environ.get("USE_TZ", "TRUE").lower() in ("1", "true", "yes")
      sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"), integrations=[DjangoIntegration()])
      LONG = \"\"\"multi
      line\"\"\"
      TOTAL = 60 * 60 \\
          * 24
      TITLE = f"{'site':>6}|{TOTAL:,}"
      TEMP = 1
      del TEMP
      ALLOWED_HOSTS = ["example.com"]
      """)
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.value("django.settings.TEMPLATE_DEBUG") == .bool(false))
    #expect(facts.value("django.settings.USE_TZ") == .bool(true))
    #expect(facts.value("django.settings.TOTAL") == .integer(86_400))
    #expect(facts.value("django.settings.TEMP") == nil)
    #expect(facts.value("django.settings.ALLOWED_HOSTS.1") == .string("example.com"))
    // The format spec is either applied exactly or the value is unknown, never a wrong text.
    if let title = facts.lookup("django.settings.TITLE"), title.isKnown {
      #expect(title.value == .string("  site|86,400"))
    }
  }

  @Test func execAndEvalAreUnknown() {
    let facts = DjangoFixture.settings(
      """
      DEBUG = False
      EVALED = eval("1 + 1")
      exec("DEBUG = True")
      """)
    #expect(facts.lookup("django.settings.EVALED")?.isKnown == false)
    #expect(FactJSON.plain(facts.lookup("django.notes")!).serialized(pretty: false).contains("exec"))
  }

  @Test func cookiecutterProductionWithDotEnv() {
    let base = """
      from pathlib import Path
      import environ
      BASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent
      env = environ.Env()
      if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True):
          env.read_env(str(BASE_DIR / ".env"))
      DEBUG = env.bool("DJANGO_DEBUG", False)
      DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///app")}
      DATABASES["default"]["ATOMIC_REQUESTS"] = True
      MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
      """
    let production = """
      from .base import *  # noqa: F403
      from .base import DATABASES, env  # noqa
      SECRET_KEY = env("DJANGO_SECRET_KEY")
      ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["example.com"])
      DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
      SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
      SECURE_HSTS_SECONDS = 60
      """
    let (facts, errors) = DjangoFixture.read(
      [
        "config/__init__.py": "", "config/settings/__init__.py": "",
        "config/settings/base.py": base, "config/settings/production.py": production,
        ".env": "DJANGO_SECRET_KEY=" + String(repeating: "aZ9-xQ", count: 10) + "\nDJANGO_ALLOWED_HOSTS=a.example.com,b.example.com\n",
      ], module: "config.settings.production")
    #expect(errors.isEmpty)
    #expect(facts.value("django.loaded") == .bool(true))
    #expect(facts.value("django.settings.SECURE_SSL_REDIRECT") == .bool(true))
    #expect(facts.value("django.settings.ALLOWED_HOSTS.2") == .string("b.example.com"))
    #expect(facts.value("django.settings.DATABASES.default.CONN_MAX_AGE") == .integer(60))
    #expect(facts.value("django.settings.DATABASES.default.ATOMIC_REQUESTS") == .bool(true))
  }
}
