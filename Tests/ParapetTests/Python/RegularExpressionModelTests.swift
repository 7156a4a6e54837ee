import Foundation
import Testing

@testable import ParapetPython

/// Python's `re` as the evaluator models it, against what CPython gave for the same calls
/// (recorded by scripts/record-python-re-cases.py): the same value, or unknown, never another
/// value; and exponential or unsupported patterns are refused.
@Suite("re module model against CPython")
struct RegularExpressionModelTests {
  struct Recorded: Decodable {
    struct Case: Decodable {
      var expression: String
      var result: String
    }
    var cases: [Case]
  }

  static func recorded() throws -> [Recorded.Case] {
    let url = CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/python-re/cases.json")
    return try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url)).cases
  }

  @Test func everyDecidedValueIsCPythons() throws {
    let cases = try Self.recorded()
    #expect(cases.count >= 60)
    var decided = 0
    for recorded in cases {
      let result = PythonEvaluation.settings("import re\nVALUE = \(recorded.expression)\n")
      #expect(result.loadErrors.isEmpty, "\(recorded.expression)")
      guard let value = result.value("VALUE"), let repr = value.repr, !value.isUnknown else { continue }
      decided += 1
      #expect(repr == recorded.result, "\(recorded.expression)")
    }
    // The model decides the common cases; refusals are the exception.
    #expect(decided >= 50, "only \(decided) of \(cases.count) decided")
  }

  @Test func riskyAndForeignSyntaxIsRefused() {
    for pattern in [#"(a+)+$"#, #"(a|aa)*b"#, #"(\w)\1"#, #"(?i)x"#, #".*.*.*x"#, #"\u00e9"#, #"a++"#] {
      #expect(PythonEvaluator.translatePattern(pattern) == nil || PythonEvaluator.compileRegex(pattern, flags: 0) == nil, "\(pattern)")
    }
    #expect(PythonEvaluator.translatePattern(#"[a[b]\Z"#) == #"[a\[b]\z"#)
    #expect(PythonEvaluator.translatePattern(#"(?P<host>\w+)"#) == #"(?<host>\w+)"#)
  }

  @Test func aBuiltEnvironmentKeyDecidesTheSetting() {
    let result = PythonEvaluation.settings("""
      import os, re
      def key(section, option):
          return "APP_" + re.sub("[^a-zA-Z0-9]", "_", section.upper()) + "_" + re.sub("[^a-zA-Z0-9]", "_", option.upper())
      DEBUG = os.environ.get(key("django", "debug"), "off") == "on"
      """, environment: ["APP_DJANGO_DEBUG": "on"])
    #expect(result.value("DEBUG")?.boolValue == true)
  }
}
