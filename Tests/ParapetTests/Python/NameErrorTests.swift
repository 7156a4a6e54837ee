import Foundation
import Testing

@testable import ParapetPython

/// A name nothing binds raises NameError, and the settings do not load; a name that code
/// Parapet cannot see may bind stays unknown.
@Suite("NameError for names nothing binds")
struct NameErrorTests {
  @Test func anUndefinedNameAtModuleLevelIsALoadError() {
    let result = PythonEvaluation.settings("""
      DEBUG = False
      STANDARD_DIRS = [WHISPER_DIR, RRD_DIR]
      """)
    #expect(result.loadErrors.map(\.type) == ["NameError"])
    #expect(result.loadErrors.first?.message == "name 'WHISPER_DIR' is not defined")
  }

  /// Evennia's secret_settings.py with a contrib's `INSTALLED_APPS += [...]` and no other
  /// binding of the name: `+=` reads the name first, so it binds nothing that could be read.
  @Test func anAugmentedAssignmentOfANameNothingElseBindsIsALoadError() {
    let result = PythonEvaluation.settings("""
      SECRET_KEY = "k" * 60
      INSTALLED_APPS += ["evennia.contrib.base_systems.godotwebsocket"]
      """)
    #expect(result.loadErrors.map(\.type) == ["NameError"])
    #expect(result.loadErrors.first?.message == "name 'INSTALLED_APPS' is not defined")
    // Bound anywhere else (here in a branch that does not run), the name stays open.
    let bound = PythonEvaluation.settings("""
      import os
      if os.environ.get("NEVER_SET"):
          INSTALLED_APPS = []
      INSTALLED_APPS += ["app"]
      """)
    #expect(bound.loadErrors.isEmpty)
  }

  @Test func namesBoundAnywhereOrByBuiltinsAreNotErrors() {
    let result = PythonEvaluation.settings("""
      import os
      try:
          import somepkg_unseen
          X = 1
      except ImportError as exc:
          print(exc)
      Y = X
      Z = (W := 3) + W
      ITEMS = [v for v in [1, 2] if v]
      E = (memoryview, breakpoint, PermissionError, __name__, __file__)


      def later():
          return DEFINED_LATER


      class Settings:
          A = 1
          B = A + 1


      DEFINED_LATER = later
      """)
    #expect(result.loadErrors.isEmpty)
  }

  @Test func everyBuiltinIsAKnownValueNotAnUndefinedName() {
    // authentik lists exception classes Sentry ignores; each is the builtin class.
    let result = PythonEvaluation.settings("""
      IGNORED = [KeyboardInterrupt, PermissionError, ConnectionResetError, GeneratorExit, SystemExit]
      """)
    #expect(result.loadErrors.isEmpty)
    guard case .list(let list)? = result.value("IGNORED")?.kind else {
      Issue.record("IGNORED is not a list")
      return
    }
    #expect(list.items.count == 5)
    #expect(list.items.allSatisfy { !$0.isUnknown })
    #expect(!result.evaluator.notes.contains { $0.contains("is not defined") })
  }

  @Test func aStarImportOrAnUnseenWriteKeepsTheNameUnknown() {
    // A star import of a module the scan holds binds exactly its names (CPython: NameError).
    let seen = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/base.py": "A = 1\n",
      "mysite/settings.py": "from .base import *\nB = MAYBE_FROM_BASE\n",
    ])
    #expect(seen.loadErrors.map(\.type) == ["NameError"])
    // One the scan lacks may bind any name.
    let star = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/settings.py": "from somewhere_unseen.base import *\nB = MAYBE_FROM_BASE\n",
    ])
    #expect(star.loadErrors.isEmpty)
    #expect(star.value("B")?.isUnknown == true)
    let unseen = PythonEvaluation.settings("""
      from somewhere_unseen import pairs
      for key, value in pairs():
          globals()[key] = value
      B = SET_BY_THE_LOOP
      """)
    #expect(unseen.loadErrors.isEmpty)
    #expect(unseen.value("B")?.isUnknown == true)
  }

  @Test func aNameErrorInAFunctionIsRaisedWhereItIsCalled() {
    let result = PythonEvaluation.settings("""
      def setting():
          return NOT_DEFINED_ANYWHERE


      VALUE = setting()
      """)
    #expect(result.loadErrors.map(\.type) == ["NameError"])
  }
}
