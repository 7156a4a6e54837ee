import Testing

@testable import ParapetPython

/// A configuration file loaded by its path with importlib (MobSF's `load_source`) runs in a
/// module of its own, whose names the settings then copy. Expectations from CPython 3.12.
@Suite("importlib: loading a file by its path")
struct ImportlibFileLoadingTests {
  static let settings = """
    from importlib import machinery, util

    def load_source(name, filename):
        loader = machinery.SourceFileLoader(name, filename)
        spec = util.spec_from_file_location(name, filename, loader=loader)
        module = util.module_from_spec(spec)
        loader.exec_module(module)
        return module

    DEBUG = False
    try:
        user = load_source("user_settings", "conf/config.py")
        locals().update({k: v for k, v in list(user.__dict__.items()) if not k.startswith("__")})
        LOADED = True
    except Exception:
        LOADED = False
    """

  @Test func theFilesNamesReachTheSettings() {
    let result = PythonEvaluation.project(Self.settings, files: ["conf/config.py": "DEBUG = True\nSECURE_HSTS_SECONDS = 3600\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("SECURE_HSTS_SECONDS")?.integerValue == 3600)
    #expect(result.value("LOADED")?.boolValue == true)
  }

  @Test func aFileThatRaisesIsDroppedWhole() {
    let result = PythonEvaluation.project(Self.settings, files: ["conf/config.py": "DEBUG = True\nX = UNDEFINED\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("LOADED")?.boolValue == false)
  }

  @Test func specLoaderAndImpLoadSource() {
    let result = PythonEvaluation.project("""
      import importlib.util
      spec = importlib.util.spec_from_file_location("extra", "conf/extra.py")
      extra = importlib.util.module_from_spec(spec)
      spec.loader.exec_module(extra)
      NAME = extra.NAME
      """, files: ["conf/extra.py": "NAME = 'x'\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NAME")?.stringValue == "x")
  }
}
