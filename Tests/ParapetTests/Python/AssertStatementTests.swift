import Testing

@testable import ParapetEvidence
@testable import ParapetPython

/// `assert`: a false condition raises AssertionError (Kuma's settings assert the form of
/// `WELCOME_EMAIL_FROM`; Django then runs no check), an unknown one may raise, and
/// `PYTHONOPTIMIZE` drops asserts. Expectations from CPython 3.11 (`python -c`, and with
/// `PYTHONOPTIMIZE=1`).
@Suite("Python evaluator: assert")
struct AssertStatementTests {
  @Test func aFalseAssertRaisesWithItsMessage() {
    let result = PythonEvaluation.settings("""
      FROM = "MDN team"
      assert "@" in FROM, "WELCOME_EMAIL_FROM needs an address"
      DEBUG = False
      """)
    #expect(result.loadErrors.first?.type == "AssertionError")
    #expect(result.loadErrors.first?.message.hasPrefix("WELCOME_EMAIL_FROM needs an address") == true)
  }

  @Test func aTrueAssertDoesNothingAndOptimizationDropsAFalseOne() {
    #expect(PythonEvaluation.settings("FROM = 'a@b.example'\nassert '@' in FROM\n").loadErrors.isEmpty)
    let optimized = PythonEvaluation.settings("assert False\nDEBUG = False\n", environment: ["PYTHONOPTIMIZE": "1"])
    #expect(optimized.loadErrors.isEmpty)
    #expect(optimized.value("DEBUG")?.boolValue == false)
    #expect(PythonEvaluation.settings("assert False\n", environment: ["PYTHONOPTIMIZE": "0"]).loadErrors.first?.type == "AssertionError")
  }

  @Test func anUnknownConditionMayRaiseAndATryCatchesIt() {
    let unknown = PythonEvaluation.settings("import somelib\nassert somelib.ready()\n")
    #expect(unknown.loadErrors.isEmpty)
    #expect(unknown.evaluator.possibleLoadErrors.contains { $0.type == "AssertionError" })
    let caught = PythonEvaluation.settings("try:\n    assert False\n    MODE = 'a'\nexcept AssertionError:\n    MODE = 'b'\n")
    #expect(caught.loadErrors.isEmpty)
    #expect(caught.value("MODE")?.stringValue == "b")
  }
}
