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

  /// Files loaded as `spec_from_file_location("", path)` and answered through the hooks, as
  /// Peering Manager's Docker configuration does; its settings copy every `SOCIAL_AUTH_*` name
  /// `dir()` lists.
  static let fileLoader = """
    import importlib.util
    from pathlib import Path

    def _load(path):
        spec = importlib.util.spec_from_file_location("", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    _loaded = [_load(Path(__file__).parent / "extra.py"), _load(Path(__file__).parent / "main.py")]

    def __getattr__(name):
        for config in _loaded:
            try:
                return getattr(config, name)
            except Exception:
                pass
        raise AttributeError(name)

    def __dir__():
        names = []
        for config in _loaded:
            names.extend(config.__dir__())
        return names
    """

  @Test func dirAsksTheModulesOwnDirAndSortsWhatItReturns() {
    let result = PythonEvaluation.project("""
      import importlib
      configuration = importlib.import_module("mysite.loader")
      NAMES = dir(configuration)
      files = importlib.import_module("mysite.files")
      DEBUG = files.DEBUG
      for param in dir(files):
          if param.startswith("SOCIAL_AUTH_"):
              globals()[param] = getattr(files, param)
      import mysite.main as plain
      PLAIN = [n for n in plain.__dir__() if not n.startswith("__")]
      """, files: [
        "mysite/loader.py": Self.loader, "mysite/files.py": Self.fileLoader,
        "mysite/extra.py": "SOCIAL_AUTH_GITHUB_KEY = \"k\"\n",
        "mysite/main.py": "DEBUG = False\nSOCIAL_AUTH_GITHUB_SECRET = \"s\"\n",
      ])
    // CPython 3.12: ['DEBUG', 'REDIS'] False k s ['DEBUG', 'SOCIAL_AUTH_GITHUB_SECRET']
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NAMES")?.elements?.compactMap(\.stringValue) == ["DEBUG", "REDIS"])
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("SOCIAL_AUTH_GITHUB_KEY")?.stringValue == "k")
    #expect(result.value("SOCIAL_AUTH_GITHUB_SECRET")?.stringValue == "s")
    #expect(result.value("PLAIN")?.elements?.compactMap(\.stringValue) == ["DEBUG", "SOCIAL_AUTH_GITHUB_SECRET"])
  }

  @Test func aDirHookParapetCannotRunGivesUnknown() {
    let result = PythonEvaluation.project("""
      import mysite.loader as configuration
      NAMES = dir(configuration)
      """, files: ["mysite/loader.py": "import somewhere\n__dir__ = somewhere.names\n"])
    #expect(result.value("NAMES")?.isUnknown == true)
  }
}
