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
