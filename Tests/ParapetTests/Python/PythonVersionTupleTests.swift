import Testing

@testable import ParapetPython

/// `platform.python_version_tuple()` unpacked and converted with `int()`, as Peering Manager's
/// settings check the interpreter: decided when every Python the evidence allows gives the same
/// answer, unknown otherwise. Expectations from CPython 3.12 (`('3', '12', '1')`).
@Suite("platform.python_version_tuple()")
struct PythonVersionTupleTests {
  static let code = """
    import platform
    major, minor, _ = platform.python_version_tuple()
    if (int(major), int(minor)) < (3, 10):
        raise RuntimeError("Python 3.10 or higher is required")
    MAJOR = int(major)
    MODERN = (int(major), int(minor)) >= (3, 12)
    """

  @Test func decidedWithinTheProjectsRange() {
    let range = PythonVersionRange.specifier(">=3.10,<3.15", source: "pyproject.toml")
    let result = PythonEvaluation.settings(Self.code, version: range)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
    #expect(result.value("MAJOR")?.integerValue == 3)
    #expect(result.value("MODERN")?.isUnknown == true)
  }

  @Test func exactVersionGivesValues() {
    let result = PythonEvaluation.settings(Self.code, version: PythonVersionRange.specifier("==3.12.1", source: "t"))
    #expect(result.value("MODERN")?.boolValue == true)
  }

  @Test func anOldInterpreterRaises() {
    let result = PythonEvaluation.settings(Self.code, version: PythonVersionRange.specifier("==3.9.18", source: "t"))
    #expect(result.loadErrors.map(\.type) == ["RuntimeError"])
  }

  @Test func withoutAVersionTheCheckIsUnknown() {
    let result = PythonEvaluation.settings(Self.code)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["RuntimeError"])
  }
}
