import Testing

@testable import ParapetPython

/// `distutils.util.strtobool` (Open Humans' `to_bool`), checked against CPython 3.10's.
@Suite("distutils strtobool")
struct DistutilsStrToBoolTests {
  static let python310 = PythonVersionRange(lower: [3, 10, 0], upper: [3, 11, 0], source: "runtime.txt:1")

  @Test func theTruthTableAndItsValueError() {
    let result = PythonEvaluation.settings("""
      from distutils.util import strtobool
      VALUES = [strtobool(x) for x in ["y", "YES", "t", "True", "on", "1", "n", "No", "f", "FALSE", "off", "0"]]
      try:
          strtobool("enabled")
          REFUSED = False
      except ValueError:
          REFUSED = True
      """, version: Self.python310)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("VALUES")?.elements?.map(\.integerValue) == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    #expect(result.value("REFUSED")?.boolValue == true)
  }

  @Test func anInvalidValueStopsTheLoad() {
    let result = PythonEvaluation.settings("""
      import os
      from distutils.util import strtobool
      DEBUG = bool(strtobool(os.environ.get("DEBUG", "false")))
      """, environment: ["DEBUG": "enabled"], version: Self.python310)
    #expect(result.loadErrors.map(\.type) == ["ValueError"])
  }

  @Test func fromPython312OnlySetuptoolsMayProvideIt() {
    let result = PythonEvaluation.settings("""
      from distutils.util import strtobool
      DEBUG = strtobool("yes")
      """, version: PythonVersionRange(lower: [3, 12, 0], upper: nil, source: "Dockerfile:1"))
    #expect(result.value("DEBUG")?.isUnknown == true)
  }
}
