import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// Code Parapet gives up on as undecidable (a loop over values it does not know, the rest of a
/// function after a return it cannot decide, a `while` loop) may reach a `raise`: the settings
/// may then fail to load, so that is a possible load error at the line of the settings that led
/// there, never a silent pass (styleguide's `env_to_enum`, docs/conformance.md).
@Suite("Raises in code Parapet abandons")
struct PythonAbandonedCodeRaiseTests {
  func possible(_ result: PythonEvaluation.Result) -> [PythonException] { result.evaluator.possibleLoadErrors }

  @Test func aFunctionAbandonedInALoopBeforeItsRaiseMayRaise() {
    let result = PythonEvaluation.settings("""
      from django.core.exceptions import ImproperlyConfigured
      from thirdparty import MODES
      def env_to_enum(choices, value):
          for choice in choices:
              if choice == value:
                  return choice
          raise ImproperlyConfigured("bad value")
      MODE = env_to_enum(MODES, "local")
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    let error = possible(result).first
    #expect(error?.type == "ImproperlyConfigured")
    // Reported at the call in the settings, naming the raise and why Parapet gave up.
    #expect(error?.location?.line == 8)
    #expect(error?.message.contains("mysite/settings.py:7") == true)
    #expect(error?.message.contains("a loop over choices, which is not known") == true)
    #expect(result.value("MODE")?.isUnknown == true)
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func aReturnUnderAnUndecidableConditionBeforeARaiseMayRaise() {
    let result = PythonEvaluation.settings("""
      from thirdparty import FLAG
      def pick():
          if FLAG:
              return 1
          raise ValueError("no flag")
      X = pick()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(possible(result).map(\.type) == ["ValueError"])
    #expect(possible(result).first?.location?.line == 6)
  }

  @Test func aRaiseInAFunctionTheSkippedCodeCallsMayRaise() {
    let result = PythonEvaluation.settings("""
      from thirdparty import ITEMS
      def fail(name):
          raise KeyError(name)
      def find(name):
          for item in ITEMS:
              if item == name:
                  return item
          return fail(name)
      FOUND = find("x")
      """)
    #expect(possible(result).first?.type == "KeyError")
    #expect(possible(result).first?.message.contains("mysite/settings.py:3") == true)
    #expect(possible(result).first?.location?.line == 9)
  }

  @Test func whileLoopsAndLoopsOverUnknownValuesThatMayRaiseAreDoubts() {
    let moduleLevel = PythonEvaluation.settings("""
      import os
      from thirdparty import REQUIRED
      for name in REQUIRED:
          if name not in os.environ:
              raise RuntimeError(name)
      DEBUG = False
      """)
    #expect(moduleLevel.loadErrors.isEmpty)
    #expect(possible(moduleLevel).map(\.type) == ["RuntimeError"])
    #expect(possible(moduleLevel).first?.location?.line == 3)

    let whileLoop = PythonEvaluation.settings("""
      def wait():
          while True:
              raise TimeoutError("never ready")
      wait()
      DEBUG = False
      """)
    #expect(possible(whileLoop).map(\.type) == ["TimeoutError"])
    #expect(possible(whileLoop).first?.location?.line == 4)

    // A while loop that returns decides the call: not None, but unknown.
    let returning = PythonEvaluation.settings("""
      def first():
          while True:
              return 1
      X = first()
      """)
    #expect(returning.value("X")?.isUnknown == true)
    #expect(possible(returning).isEmpty)
  }

  /// A raise in a branch Parapet ran is kept when another branch abandons the function.
  @Test func aBranchThatRaisedSurvivesASiblingThatIsAbandoned() {
    let result = PythonEvaluation.settings("""
      from thirdparty import FLAG, ITEMS
      def pick():
          if FLAG:
              raise LookupError("flag")
          else:
              for item in ITEMS:
                  if item:
                      return item
          return None
      X = pick()
      """)
    #expect(possible(result).contains { $0.type == "LookupError" })
  }

  @Test func abandonedCodeWithoutARaiseIsNoDoubt() {
    let result = PythonEvaluation.settings("""
      from thirdparty import ITEMS
      def first(default):
          for item in ITEMS:
              if item:
                  return item
          return default
      X = first(1)
      for item in ITEMS:
          Y = item
      """)
    #expect(result.value("X")?.isUnknown == true)
    #expect(possible(result).isEmpty)
  }

  /// A bare `raise` (or `raise e`) in an `except` clause re-raises what its `try` body raised:
  /// not a raise of its own (label-studio's `except Exception as e: raise e`). A clause that
  /// raises something new is one.
  @Test func aReRaiseInAHandlerIsNotARaiseOfItsOwn() {
    let source = """
      from thirdparty import ITEMS, probe
      def describe():
          try:
              return probe()
          except Exception as e:
              raise e
      def strict():
          try:
              return probe()
          except KeyError:
              raise RuntimeError("no probe")
      def first(check):
          for item in ITEMS:
              if item:
                  return item
          return check()
      """
    let reRaise = PythonEvaluation.settings(source + "\nX = first(describe)\nY = first(lambda: describe())\n")
    #expect(reRaise.loadErrors.isEmpty && reRaise.errors.isEmpty)
    #expect(reRaise.value("X")?.isUnknown == true)
    #expect(possible(reRaise).isEmpty)
    let fresh = PythonEvaluation.settings(source.replacingOccurrences(of: "return check()", with: "return strict()") + "\nX = first(None)\n")
    #expect(possible(fresh).map(\.type) == ["RuntimeError"])
  }

  /// Under a `try` whose handler catches what the abandoned code may raise, the handler may
  /// run: its values are merged in, and the load is not in doubt.
  @Test func aHandlerThatCatchesTheRaiseMergesInstead() {
    let result = PythonEvaluation.settings("""
      from thirdparty import ITEMS
      def find(name):
          for item in ITEMS:
              if item == name:
                  return item
          raise ValueError(name)
      try:
          MODE = find("x")
      except ValueError:
          MODE = "fallback"
      """)
    #expect(possible(result).isEmpty)
    #expect(result.value("MODE")?.isUnknown == true)
    #expect(result.value("MODE")?.unknownReason?.contains("may raise ValueError") == true)
  }

  /// A helper in a module outside the settings package is reported at the settings' import.
  @Test func theCallSiteInTheSettingsIsNamed() {
    let result = PythonEvaluation.run([
      "mysite/__init__.py": "",
      "mysite/settings.py": "from mysite.helpers import MODE\nDEBUG = False\n",
      "mysite/helpers.py": """
      from thirdparty import CHOICES
      def pick(value):
          for choice in CHOICES:
              if choice == value:
                  return choice
          raise LookupError(value)
      MODE = pick("a")
      """,
    ])
    let error = possible(result).first
    #expect(error?.location?.file == "mysite/helpers.py")
    #expect(error?.location?.line == 7)
  }
}
