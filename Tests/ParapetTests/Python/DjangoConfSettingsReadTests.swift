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
      MISSING = settings.NOT_ASSIGNED
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
    // Not assigned: Django's default or an AttributeError, depending on the release.
    #expect(namespace["MISSING"]?.value.isUnknown == true)
    #expect(namespace["METHOD"]?.value.isUnknown == true)
    #expect(namespace["VIA_GETATTR"]?.value.stringValue == "set at the end")
    #expect(namespace["UNSET_VIA_GETATTR"]?.value.isUnknown == true)
    #expect(namespace["HAS"]?.value.boolValue == true)
    // The settings module ran once, through the worker's read.
    #expect(result.value("LATE_NAME")?.stringValue == "set at the end")
  }

  @Test func aReadFromTheSettingsModuleItselfIsUnknown() {
    // Django would snapshot the half-run module: no value is certain, and none is truthy by
    // accident (it used to be a callable).
    let result = PythonEvaluation.settings("from django.conf import settings\nDEBUG = False\nX = settings.DEBUG\n")
    #expect(result.value("X")?.isUnknown == true)
    #expect(result.loadErrors.isEmpty)
  }

  @Test func anEmptySecretKeyReadRaisesImproperlyConfigured() {
    let worker = "from django.conf import settings\nKEY = settings.SECRET_KEY\napp = 1\n"
    let result = Self.run(Self.project(worker: worker, settings: "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', '')\n"), [:])
    #expect(result.loadErrors.map(\.type) == ["ImproperlyConfigured"])
    let set = Self.run(Self.project(worker: worker, settings: "import os\nSECRET_KEY = os.environ.get('SECRET_KEY', '')\n"), ["SECRET_KEY": "k" + String(repeating: "abcdefgh", count: 7)])
    #expect(set.loadErrors.isEmpty)
  }
}
