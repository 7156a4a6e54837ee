import Testing

@testable import ParapetPython

/// `ast.literal_eval` of a value that is not a str raises ValueError, as Python does (GeoNode's
/// `ast.literal_eval(os.getenv("ALLOWED_HOSTS"))` falls back to its default when unset), and a
/// test runner is never in `sys.modules` when Django serves or checks (Pontoon's `"pytest" in
/// sys.modules`).
@Suite("literal_eval of non-strings, test runners in sys.modules")
struct LiteralEvalAndTestRunnerTests {
  @Test func literalEvalOfNoneRaisesValueError() {
    let result = PythonEvaluation.settings("""
      import ast, os
      try:
          ALLOWED_HOSTS = ast.literal_eval(os.getenv("ALLOWED_HOSTS"))
      except ValueError:
          ALLOWED_HOSTS = ["localhost"]
      LEVEL = ast.literal_eval("[1, 2]")
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("ALLOWED_HOSTS")?.isUnknown == false)
    #expect(result.value("LEVEL")?.isUnknown == false)
    let raised = PythonEvaluation.settings("""
      import ast
      DEBUG = ast.literal_eval(5)
      """)
    #expect(raised.loadErrors.first?.type == "ValueError")
  }

  @Test func testRunnersAreNotLoaded() {
    let result = PythonEvaluation.settings("""
      import sys
      TESTING = "pytest" in sys.modules or "_pytest.config" in sys.modules
      OTHER = "celery" in sys.modules
      """)
    #expect(result.value("TESTING")?.boolValue == false)
    #expect(result.value("OTHER")?.isUnknown == true)
  }
}
