import Foundation
import Testing

@testable import ParapetPython

/// Python's `re` as the evaluator models it, against what CPython gave for the same calls
/// (recorded by scripts/record-python-re-cases.py): the same value or the same exception, or
/// unknown, never another value; cases recorded as `decided` (match objects, finditer,
/// findall) must not be unknown; unsupported patterns are refused, and a match that backtracks
/// past a fixed number of steps is unknown.
@Suite("re module model against CPython")
struct RegularExpressionModelTests {
  struct Recorded: Decodable {
    struct Case: Decodable {
      var expression: String
      var result: String
      /// Parapet models this case fully: an unknown answer is a failure too.
      var decided: Bool?
    }
    var cases: [Case]
  }

  static func recorded() throws -> [Recorded.Case] {
    let url = CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/python-re/cases.json")
    return try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url)).cases
  }

  @Test func everyDecidedValueIsCPythons() throws {
    let cases = try Self.recorded()
    #expect(cases.count >= 150)
    #expect(cases.filter { $0.decided == true }.count >= 80)
    var decided = 0
    for recorded in cases {
      let result = PythonEvaluation.settings("import re\nVALUE = \(recorded.expression)\n")
      // A raise Parapet is certain of is CPython's exception.
      if let error = result.loadErrors.first {
        #expect("raises " + error.type == recorded.result, "\(recorded.expression): \(error.type): \(error.message)")
        decided += 1
        continue
      }
      guard let value = result.value("VALUE"), let repr = value.repr, !value.isUnknown else {
        #expect(recorded.decided != true, "\(recorded.expression) is not decided: \(result.value("VALUE")?.unknownReason ?? "no repr")")
        continue
      }
      decided += 1
      #expect(repr == recorded.result, "\(recorded.expression)")
    }
    // The model decides the common cases; refusals are the exception.
    #expect(decided >= 140, "only \(decided) of \(cases.count) decided")
  }

  @Test func foreignSyntaxIsRefused() {
    for pattern in [#"(\w)\1"#, #"(?i)x"#, #"\u00e9"#, #"a++"#] {
      #expect(PythonEvaluator.translatePattern(pattern) == nil || PythonEvaluator.compileRegex(pattern, flags: 0) == nil, "\(pattern)")
    }
    #expect(PythonEvaluator.translatePattern(#"[a[b]\Z"#) == #"[a\[b]\z"#)
    // Names stay with Parapet (ICU rejects `_` in them): the group is a plain one for ICU.
    #expect(PythonEvaluator.translatePattern(#"(?P<host>\w+)"#) == #"(\w+)"#)
    #expect(PythonEvaluator.translatePattern(#"(?P<a>x)(?P<a>y)"#) == nil)
  }

  /// Backtracking is bounded by ICU's step count, not by refusing patterns: `(a+)+$` against a
  /// string it cannot match runs out of steps (CPython would take minutes), the same pattern
  /// against a short string is decided.
  @Test func exponentialBacktrackingRunsOutOfSteps() {
    let subject = String(repeating: "a", count: 60) + "b"
    let result = PythonEvaluation.settings("import re\nSLOW = re.match(r'(a+)+$', '\(subject)')\nFAST = re.match(r'(a+)+$', 'aaa') is not None\n")
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SLOW")?.unknownReason?.contains("backtracking steps") == true)
    #expect(result.value("FAST")?.boolValue == true)
  }

  /// `re.compile(pattern, flags)` and the pattern's methods are the module's functions (values
  /// from CPython 3.11: the same expressions printed these). Socorro's settings loader keeps the
  /// upper-case names of a module with `UPPERCASE_KEY_RE.match(key)`.
  @Test func aCompiledPatternsMethodsAreTheModulesFunctions() {
    let result = PythonEvaluation.settings(#"""
      import re
      P = re.compile(r'^[A-Z][A-Z0-9_]+$')
      KEPT = [k for k in ['DEBUG', 'secret', 'X', 'SECRET_KEY', '_A'] if P.match(k)]
      Q = re.compile('[-.]', re.I)
      SUBBED = Q.sub('_', 'a-b.c')
      SPLIT = Q.split('a-b.c', 1)
      FOUND = Q.findall('a-b.c')
      COUNTED = Q.subn('_', 'a-b.c', 1)
      SEARCHED = re.compile('b').search('abc') is not None
      FULL = re.compile('b').fullmatch('abc')
      FROM = P.match('ABC', 1)
      """#)
    #expect(result.value("KEPT")?.repr == "['DEBUG', 'SECRET_KEY']")
    #expect(result.value("SUBBED")?.repr == "'a_b_c'")
    #expect(result.value("SPLIT")?.repr == "['a', 'b.c']")
    #expect(result.value("FOUND")?.repr == "['-', '.']")
    #expect(result.value("COUNTED")?.repr == "('a_b.c', 1)")
    #expect(result.value("SEARCHED")?.boolValue == true)
    #expect(result.value("FULL")?.repr == "None")
    // A start position the module's functions do not take is not evaluated.
    #expect(result.value("FROM")?.isUnknown == true)
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
