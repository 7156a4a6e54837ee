import Testing

@testable import ParapetPython

/// An exception a module raises while it is imported reaches the `import` statement: a `try`
/// around the import catches it (kolibri's `except NotImplementedError` around its psutil
/// fork), and the half-run module leaves `sys.modules`. Parapet recorded it as a load error of
/// the settings: a confident failure where Django starts. Expectations from CPython 3.12 on the
/// same files: PSUTIL_NONE True, CHAIN "caught".
@Suite("An import raises into the importer's try")
struct ImportRaisingIntoImporterTests {
  static let files = [
    "mysite/__init__.py": "",
    "mysite/plat/__init__.py": "HALF = 1\nraise NotImplementedError('platform not supported')\n",
    "mysite/chain/__init__.py": "from mysite.chain import inner\n",
    "mysite/chain/inner.py": "raise KeyError('X')\n",
    "mysite/settings.py": """
      import sys
      try:
          import mysite.plat as psutil
      except NotImplementedError:
          psutil = None
      PSUTIL_NONE = psutil is None
      try:
          from mysite import chain
      except LookupError as error:
          CHAIN = "caught"
      """,
  ]

  @Test func theImportersHandlerCatchesWhatTheImportedModuleRaises() {
    let result = PythonEvaluation.run(Self.files)
    #expect(result.loadErrors.isEmpty, "\(result.loadErrors)")
    #expect(result.value("PSUTIL_NONE")?.boolValue == true)
    #expect(result.value("CHAIN")?.stringValue == "caught", "\(String(describing: result.value("CHAIN")))")
  }

  @Test func aHandlerThatDoesNotCatchItLeavesALoadError() {
    var files = Self.files
    files["mysite/settings.py"] = "try:\n    import mysite.plat\nexcept ImportError:\n    pass\nDEBUG = False\n"
    let result = PythonEvaluation.run(files)
    #expect(result.loadErrors.map(\.type) == ["NotImplementedError"])
  }
}

/// `locale` is the standard library's, not a missing `local_settings`-like project module,
/// and platform attributes CPython lacks on Linux are absent (kolibri's `on_android()`):
/// CPython 3.12 on Linux gives ANDROID False and WINDOWS None.
@Suite("Standard-library names and platform attributes")
struct StandardLibraryPlatformTests {
  @Test func localeIsTheStandardLibrarysAndAndroidProbesAreFalse() {
    let result = PythonEvaluation.settings("""
      import locale
      import sys
      ANDROID = hasattr(sys, "getandroidapilevel")
      WINDOWS = getattr(sys, "getwindowsversion", None)
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty, "\(result.loadErrors)")
    #expect(result.value("ANDROID")?.boolValue == false)
    #expect(result.value("WINDOWS").map { if case .none = $0.kind { true } else { false } } == true)
  }

  @Test func aMissingLocalSettingsModuleStillRaises() {
    let result = PythonEvaluation.settings("from local_settings import *\n")
    #expect(result.loadErrors.map(\.type) == ["ModuleNotFoundError"])
  }
}
