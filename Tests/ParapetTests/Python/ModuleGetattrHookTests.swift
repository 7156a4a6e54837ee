import Testing

@testable import ParapetPython

/// A module's own `__getattr__` (PEP 562) answers the names its namespace lacks: Peering
/// Manager's Docker image replaces `configuration.py` with a loader that answers every
/// setting through it. Expectations from CPython 3.12.
@Suite("Module __getattr__ and __dir__ (PEP 562)")
struct ModuleGetattrHookTests {
  static let loader = """
    VALUES = {"DEBUG": True, "REDIS": {"caching": {"HOST": "redis"}}}

    def __getattr__(name):
        if name in VALUES:
            return VALUES[name]
        raise AttributeError(name)

    def __dir__():
        return list(VALUES)
    """

  @Test func getattrAndAttributeAccessAskTheHook() {
    let result = PythonEvaluation.project("""
      import importlib
      configuration = importlib.import_module("mysite.loader")
      DEBUG = configuration.DEBUG
      REDIS = getattr(configuration, "REDIS", {})
      CACHE_HOST = REDIS["caching"]["HOST"]
      MISSING = getattr(configuration, "MISSING", "default")
      HAS_DEBUG = hasattr(configuration, "DEBUG")
      HAS_MISSING = hasattr(configuration, "MISSING")
      from mysite.loader import DEBUG as IMPORTED
      """, files: ["mysite/loader.py": Self.loader])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("CACHE_HOST")?.stringValue == "redis")
    #expect(result.value("MISSING")?.stringValue == "default")
    #expect(result.value("HAS_DEBUG")?.boolValue == true)
    #expect(result.value("HAS_MISSING")?.boolValue == false)
    #expect(result.value("IMPORTED")?.boolValue == true)
  }

  @Test func aNameTheHookRefusesIsStillAnError() {
    let attribute = PythonEvaluation.project(
      "import mysite.loader as configuration\nX = configuration.MISSING\n", files: ["mysite/loader.py": Self.loader])
    #expect(attribute.loadErrors.map(\.type) == ["AttributeError"])
    let imported = PythonEvaluation.project(
      "from mysite.loader import MISSING\n", files: ["mysite/loader.py": Self.loader])
    #expect(imported.loadErrors.map(\.type) == ["ImportError"])
  }

  @Test func aHookOverValuesParapetCannotSeeGivesUnknownNotTheDefault() {
    let result = PythonEvaluation.project("""
      import mysite.loader as configuration
      REDIS = getattr(configuration, "REDIS", {})
      """, files: ["mysite/loader.py": """
        import json
        with open("/etc/app/config.json") as handle:
            LOADED = json.load(handle)

        def __getattr__(name):
            return LOADED[name]
        """])
    #expect(result.value("REDIS")?.isUnknown == true)
  }
}
