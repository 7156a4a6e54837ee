import ParapetFacts
import Testing

@testable import ParapetPython

/// `django.conf.settings` read by code that runs while the settings import (a parent
/// package's `__init__.py` importing a worker module), and redis-py's `from_url` URL check:
/// together they decide whether Django gets past the import.
@Suite("django.conf.settings read during the settings import")
struct DjangoConfSettingsReadTests {
  /// A project package whose `__init__.py` imports a module that builds a redis client from a
  /// setting at import time, as Celery apps do.
  static func project(worker: String, settings: String) -> [String: String] {
    [
      "proj/__init__.py": "from .worker import app\n",
      "proj/worker.py": worker,
      "proj/settings/__init__.py": "",
      "proj/settings/base.py": settings,
    ]
  }

  static let settings = """
    import os
    DEBUG = os.environ.get("DEBUG", "0") == "1"
    REDIS_URL = os.environ.get("REDIS_URL")
    REDIS_SSL = REDIS_URL and "rediss" in REDIS_URL
    """

  static let redisWorker = """
    import redis
    from django.conf import settings

    def client():
        if settings.REDIS_SSL:
            return redis.Redis(ssl=True)
        return redis.Redis.from_url(settings.REDIS_URL, db=0)

    ri = client()
    app = object()
    """

  static func run(_ files: [String: String], _ environment: [String: String]) -> PythonEvaluation.Result {
    PythonEvaluation.run(files, module: "proj.settings.base", environment: environment)
  }

  @Test func unsetRedisURLStopsTheImportAndNamesTheVariable() throws {
    let result = Self.run(Self.project(worker: Self.redisWorker, settings: Self.settings), [:])
    let error = try #require(result.loadErrors.first)
    #expect(error.type == "AttributeError")
    #expect(error.message.contains("redis.Redis.from_url(None)"))
    #expect(error.message.contains("$REDIS_URL is not set"))
  }

  @Test func aRedisURLLoadsAndABadSchemeRaisesValueError() {
    let files = Self.project(worker: Self.redisWorker, settings: Self.settings)
    #expect(Self.run(files, ["REDIS_URL": "redis://cache:6379/0"]).loadErrors.isEmpty)
    // The ssl branch is taken because the worker sees the finished REDIS_SSL.
    #expect(Self.run(files, ["REDIS_URL": "rediss://cache:6380/0"]).loadErrors.isEmpty)
    let bad = Self.run(files, ["REDIS_URL": "cache:6379"])
    #expect(bad.loadErrors.map(\.type) == ["ValueError"])
  }

  @Test func otherFromURLSpellingsAreTheSameCheck() {
    for call in ["redis.from_url(URL)", "redis.StrictRedis.from_url(url=URL)", "redis.ConnectionPool.from_url(URL)"] {
      let worker = "import os\nimport redis\nURL = os.environ.get('CACHE_URL')\nclient = \(call)\napp = 1\n"
      let result = Self.run(Self.project(worker: worker, settings: "DEBUG = False\n"), [:])
      #expect(result.loadErrors.map(\.type) == ["AttributeError"], "\(call)")
    }
  }

  @Test func theAsyncioClientRaisesValueErrorAndCapitalSchemesAreUnknown() {
    func run(_ call: String, _ url: String?) -> PythonEvaluation.Result {
      let worker = "import os\nimport redis.asyncio\nimport redis\nURL = os.environ.get('CACHE_URL')\nclient = \(call)(URL)\napp = 1\n"
      return Self.run(Self.project(worker: worker, settings: "DEBUG = False\n"), url.map { ["CACHE_URL": $0] } ?? [:])
    }
    #expect(run("redis.asyncio.from_url", nil).loadErrors.map(\.type) == ["ValueError"])
    #expect(run("redis.asyncio.from_url", "cache:6379").loadErrors.map(\.type) == ["ValueError"])
    // redis-py's sync client refuses REDIS://, its asyncio client takes it: not decided.
    let capitals = run("redis.Redis.from_url", "REDIS://cache")
    #expect(capitals.loadErrors.isEmpty)
    #expect(capitals.evaluator.modules["proj.worker"]?.namespace["client"]?.value.isUnknown == true)
  }

  @Test func theWorkerSeesTheFinishedSettings() throws {
    let worker = """
      from django.conf import settings
      FLAG = settings.DEBUG
      LATE = settings.LATE_NAME
      DEFAULTED = settings.SECURE_HSTS_SECONDS
      METHOD = settings.configured
      VIA_GETATTR = getattr(settings, "LATE_NAME", "fallback")
      UNSET_VIA_GETATTR = getattr(settings, "NOT_ASSIGNED", "fallback")
      HAS = hasattr(settings, "DEBUG")
      app = 1
      """
    let files = Self.project(worker: worker, settings: "import os\nDEBUG = os.environ.get('DEBUG') == '1'\nLATE_NAME = 'set at the end'\n")
    let result = Self.run(files, ["DEBUG": "1"])
    #expect(result.loadErrors.isEmpty)
    let namespace = try #require(result.evaluator.modules["proj.worker"]).namespace
    #expect(namespace["FLAG"]?.value.boolValue == true)
    #expect(namespace["LATE"]?.value.stringValue == "set at the end")
    // Not assigned: the default of the project's release (the newest here, no pin).
    #expect(namespace["DEFAULTED"]?.value.integerValue == 0)
    // The reads above configured Django: `settings.configured` is True.
    #expect(namespace["METHOD"]?.value.boolValue == true)
    #expect(namespace["VIA_GETATTR"]?.value.stringValue == "set at the end")
    // A name no Django release defines raises AttributeError, which getattr's default takes.
    #expect(namespace["UNSET_VIA_GETATTR"]?.value.stringValue == "fallback")
    #expect(namespace["HAS"]?.value.boolValue == true)
    // The settings module ran once, through the worker's read.
    #expect(result.value("LATE_NAME")?.stringValue == "set at the end")
  }

  /// Django configures itself from the half-run module: the names bound so far, over the
  /// release's defaults, in an object that answers every read until the import finishes.
  @Test func aReadDuringTheImportSeesTheNamesBoundSoFar() {
    let result = PythonEvaluation.settings(
      """
      from django.conf import settings
      DEBUG = False
      X = settings.DEBUG
      DEBUG = True
      LATER = settings.DEBUG
      HSTS = settings.SECURE_HSTS_SECONDS
      SECURE_HSTS_SECONDS = 60
      STATIC_URL = "static/"
      STATIC = settings.STATIC_URL
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("X")?.boolValue == false)
    // The object was made at the first read: the rebinding is not in it.
    #expect(result.value("LATER")?.boolValue == false)
    #expect(result.value("HSTS")?.integerValue == 0)
    // Not in the object either: Django's own default, which Parapet does not model.
    #expect(result.value("STATIC")?.isUnknown == true)
    #expect(result.value("DEBUG")?.boolValue == true)
  }

  /// InvenTree's config.py: `settings.DOCKER`, a name no Django release defines and the
  /// settings have not bound yet, raises AttributeError; the `except` takes it.
  @Test func anUnboundNameNoReleaseDefinesRaisesAttributeError() {
    let files = [
      "proj/__init__.py": "",
      "proj/config.py": """
        def is_docker():
            try:
                from django.conf import settings
                return settings.DOCKER
            except Exception:
                return None
        """,
      "proj/settings.py": "from proj.config import is_docker\nINSTALLER = is_docker()\nDOCKER = True\n",
    ]
    let result = PythonEvaluation.run(files, module: "proj.settings")
    #expect(result.loadErrors.isEmpty)
    if case .none? = result.value("INSTALLER")?.kind {} else { Issue.record("INSTALLER: \(String(describing: result.value("INSTALLER")))") }
    // Outside a try the import stops there.
    let bare = PythonEvaluation.settings("from django.conf import settings\nX = settings.DOCKER\n")
    #expect(bare.loadErrors.map(\.type) == ["AttributeError"])
  }

  /// What configuring checks, by release: sequences must be lists or tuples, and before 3.2 the
  /// secret key must not be empty (unset so far counts).
  @Test func configuringFromTheHalfRunModuleChecksWhatDjangoChecks() {
    let hosts = PythonEvaluation.settings("from django.conf import settings\nALLOWED_HOSTS = 'example.com'\nX = settings.DEBUG\n")
    #expect(hosts.loadErrors.map(\.message) == ["The ALLOWED_HOSTS setting must be a list or a tuple."])
    func run(_ series: String, _ source: String) -> PythonEvaluation.Result {
      let evidence = PythonEvaluation.files(["mysite/settings.py": source])
      let evaluator = PythonEvaluator(
        resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: ["DJANGO_SETTINGS_MODULE": "mysite.settings"])
      evaluator.djangoSeries = series
      do throws(PythonException) {
        return PythonEvaluation.Result(evaluator: evaluator, module: try evaluator.importModule("mysite.settings", at: nil), thrown: nil)
      } catch {
        return PythonEvaluation.Result(evaluator: evaluator, module: nil, thrown: error)
      }
    }
    // Django before 4.0 did not check ALLOWED_HOSTS.
    #expect(run("3.2", "from django.conf import settings\nALLOWED_HOSTS = 'x'\nX = settings.DEBUG\n").loadErrors.isEmpty)
    let old = run("3.1", "from django.conf import settings\nX = settings.DEBUG\nSECRET_KEY = 'k' * 50\n")
    #expect(old.loadErrors.map(\.message) == ["The SECRET_KEY setting must not be empty."])
    #expect(run("3.1", "from django.conf import settings\nSECRET_KEY = 'k' * 50\nX = settings.DEBUG\n").loadErrors.isEmpty)
    // Pairs Django refused together in the releases of the transition.
    let pair = "from django.conf import settings\nSTORAGES = {}\nSTATICFILES_STORAGE = 'x'\nX = settings.DEBUG\n"
    #expect(run("4.2", pair).loadErrors.map(\.message) == ["STATICFILES_STORAGE/STORAGES are mutually exclusive."])
    #expect(run("5.1", pair).loadErrors.isEmpty)
    // Django 6.1 refuses deprecated EMAIL_* settings next to MAILERS, naming them sorted.
    let mailers = "from django.conf import settings\nMAILERS = {}\nEMAIL_USE_TLS = True\nEMAIL_HOST = 'h'\nX = settings.DEBUG\n"
    #expect(
      run("6.1", mailers).loadErrors.map(\.message)
        == ["Deprecated email settings are not allowed when MAILERS is defined: EMAIL_HOST, EMAIL_USE_TLS."])
    #expect(run("6.0", mailers).loadErrors.isEmpty)
    // Before 2.0 the names of the release are not recorded: not decided.
    #expect(run("1.11", "from django.conf import settings\nSECRET_KEY = 'k'\nX = getattr(settings, 'NAME', 1)\n").value("X")?.isUnknown == true)
  }

  @Test func aModuleWithNamesSetOutOfSightIsNotSnapshotted() {
    let result = PythonEvaluation.settings("from django.conf import settings\nimport somelib\nglobals()[somelib.name()] = 1\nX = settings.DEBUG\n")
    #expect(result.value("X")?.isUnknown == true)
  }

  @Test func anEmptySecretKeyReadRaisesImproperlyConfigured() {
    let worker = "from django.conf import settings\nKEY = settings.SECRET_KEY\napp = 1\n"
    let result = Self.run(Self.project(worker: worker, settings: "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', '')\n"), [:])
    #expect(result.loadErrors.map(\.type) == ["ImproperlyConfigured"])
    let set = Self.run(Self.project(worker: worker, settings: "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', '')\n"), ["SECRET_KEY": "k" + String(repeating: "abcdefgh", count: 7)])
    #expect(set.loadErrors.isEmpty)
  }

  /// LazySettings puts the script prefix (`/` outside a request) before a relative
  /// STATIC_URL or MEDIA_URL on the way out (from Django 3.1).
  @Test func aRelativeStaticURLReadsWithTheScriptPrefix() throws {
    let worker = "from django.conf import settings\nSTATIC = settings.STATIC_URL\nMEDIA = settings.MEDIA_URL\napp = 1\n"
    let result = Self.run(Self.project(worker: worker, settings: "STATIC_URL = 'static/'\nMEDIA_URL = 'https://cdn.example/m/'\n"), [:])
    let namespace = try #require(result.evaluator.modules["proj.worker"]).namespace
    #expect(namespace["STATIC"]?.value.stringValue == "/static/")
    #expect(namespace["MEDIA"]?.value.stringValue == "https://cdn.example/m/")
  }

  /// django-appconf sets an app's defaults on Django's settings when the app's module is
  /// imported: where the project installs it and a library Parapet cannot see was imported, a
  /// name no release defines may exist.
  @Test func aNameAnAppconfLibraryMaySetIsUnknown() {
    let source = "import compressor.conf\nfrom django.conf import settings\nX = settings.COMPRESS_ENABLED\n"
    let evidence = PythonEvaluation.files(["mysite/settings.py": source])
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: evidence, preferredRoot: nil), environment: ["DJANGO_SETTINGS_MODULE": "mysite.settings"])
    evaluator.declaredPackages = ["django-appconf", "django-compressor"]
    let module = try? evaluator.importModule("mysite.settings", at: nil)
    #expect(module?.namespace["X"]?.value.unknownReason?.contains("django-appconf") == true)
    // Without django-appconf, no library adds settings: AttributeError, as in Python.
    #expect(PythonEvaluation.settings(source).loadErrors.map(\.type) == ["AttributeError"])
  }

  /// `settings.NAME = value` sets the name on Django's settings object: a later read sees it,
  /// and a write Parapet cannot follow makes names it did not see unknown.
  @Test func aNameTheCodeSetsOnTheSettingsObjectIsRead() throws {
    let worker = "from django.conf import settings\nsettings.EXTRA_THING = 1\nX = settings.EXTRA_THING\napp = 1\n"
    let result = Self.run(Self.project(worker: worker, settings: "SECRET_KEY = 'k' * 50\n"), [:])
    #expect(result.loadErrors.isEmpty)
    #expect(try #require(result.evaluator.modules["proj.worker"]).namespace["X"]?.value.integerValue == 1)
    let opaque = "import somelib\nfrom django.conf import settings\nsetattr(settings, somelib.name(), 1)\nX = settings.OTHER_THING\napp = 1\n"
    let unknown = Self.run(Self.project(worker: opaque, settings: "SECRET_KEY = 'k' * 50\n"), [:])
    #expect(unknown.loadErrors.isEmpty)
    #expect(try #require(unknown.evaluator.modules["proj.worker"]).namespace["X"]?.value.isUnknown == true)
    let skipped = "import somelib\nfrom django.conf import settings\nfor item in somelib.items():\n    settings.OTHER_THING = item\nX = settings.OTHER_THING\napp = 1\n"
    let loop = Self.run(Self.project(worker: skipped, settings: "SECRET_KEY = 'k' * 50\n"), [:])
    #expect(loop.loadErrors.isEmpty)
    #expect(try #require(loop.evaluator.modules["proj.worker"]).namespace["X"]?.value.isUnknown == true)
  }

  /// A star import Parapet gave up on (a budget cut it short) may have bound any name: a name
  /// not seen is then unknown, never AttributeError or Django's default.
  @Test func aStarImportCutShortLeavesUnseenNamesUnknown() throws {
    var files = Self.project(
      worker: "from django.conf import settings\nY = getattr(settings, 'LATE_NAME', 'fallback')\napp = 1\n",
      settings: "X = 0\n" + String(repeating: "X = X + 1\n", count: 400) + "from .extra import *\n")
    files["proj/settings/extra.py"] = "LATE_NAME = 1\n"
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: PythonEvaluation.files(files), preferredRoot: nil),
      environment: ["DJANGO_SETTINGS_MODULE": "proj.settings.base"])
    evaluator.limits.steps = 300
    _ = try? evaluator.importModule("proj.settings.base", at: nil)
    #expect(evaluator.modules["proj.settings.base"]?.hasOpaqueImports == true)
    #expect(try #require(evaluator.modules["proj.worker"]).namespace["Y"]?.value.stringValue != "fallback")
  }
}
