import Foundation
import Testing

@testable import ParapetPython

/// `exec()` of code Parapet does not evaluate (a settings override file on the server, as
/// Weblate's Docker settings run) may rebind any setting of the module: every UPPERCASE name is
/// then unknown, never the value from before the exec.
@Suite("exec() of code Parapet does not evaluate")
struct ExecOfUnseenCodeTests {
  @Test func anOverrideFileRunInTheModuleMakesEverySettingUnknown() {
    let result = PythonEvaluation.settings("""
      import os
      DEBUG = False
      SESSION_COOKIE_SECURE = True
      OVERRIDE = "/app/data/settings-override.py"
      if os.path.exists(OVERRIDE):
          with open(OVERRIDE) as handle:
              exec(compile(handle.read(), OVERRIDE, "exec"))
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.value("SESSION_COOKIE_SECURE")?.isUnknown == true)
  }

  @Test func execInANamespaceOfItsOwnChangesNoSetting() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      scratch = {}
      exec("DEBUG = True", scratch)
      """)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func execAtModuleLevelTaintsLaterUnassignedNamesToo() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      exec(open("/etc/app/extra.py").read())
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.evaluator.possibleLoadErrors.map(\.type).contains("FileNotFoundError"))
  }
}

/// A configuration file of Python in the scan, run with `exec(compile(open(path).read(), path,
/// "exec"), namespace)` (uMap's `$UMAP_SETTINGS`), is evaluated in the namespace it is given.
@Suite("exec() of a configuration file in the scan")
struct ExecOfKnownCodeTests {
  static let loader = """
    import os
    import types

    DEBUG = False
    SECRET_KEY = None
    path = os.environ.get("APP_SETTINGS")
    if path:
        d = types.ModuleType("config")
        d.__file__ = path
        with open(path) as config_file:
            exec(compile(config_file.read(), path, "exec"), d.__dict__)
        for key in dir(d):
            if key.isupper():
                globals()[key] = getattr(d, key)
    """

  @Test func theFileRunsInAFreshModuleWhoseNamesAreCopied() {
    let result = PythonEvaluation.run(
      ["mysite/settings.py": Self.loader, "local.conf": "DEBUG = True\nSECRET_KEY = 'weak'\nhelper = 1\n"],
      environment: ["APP_SETTINGS": "local.conf"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("SECRET_KEY")?.stringValue == "weak")
    #expect(result.value("helper") == nil)
    #expect(result.module?.degraded == false)
  }

  @Test func withoutTheVariableNothingRuns() {
    let result = PythonEvaluation.run(["mysite/settings.py": Self.loader, "local.conf": "DEBUG = True\n"])
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func codeRunInTheModuleItselfSetsItsNames() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": """
          DEBUG = False
          OVERRIDE = "override.py"
          with open(OVERRIDE) as handle:
              exec(compile(handle.read(), OVERRIDE, "exec"))
          """,
        "override.py": "DEBUG = True\n",
      ])
    #expect(result.value("DEBUG")?.boolValue == true)
  }

  /// Settings that exec their own file recurse in Python until RecursionError; Parapet stops at
  /// its nesting limit with a limit error, never a crash.
  @Test func codeThatExecsItselfStopsAtTheLimit() {
    let result = PythonEvaluation.run(["mysite/settings.py": "DEBUG = False\nexec(open('mysite/settings.py').read())\n"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.budgetExceeded || !result.evaluator.notes.isEmpty)
  }

  @Test func aSyntaxErrorInTheCodeIsALoadError() {
    let result = PythonEvaluation.settings("""
      exec("DEBUG = (")
      """)
    #expect(result.loadErrors.map(\.type) == ["SyntaxError"])
  }
}
