import Foundation
import Testing

@testable import ParapetPython

/// `json.loads` accepts exactly what Python's `json` module accepts (answers checked with
/// CPython 3.11's `json.loads`): text that is a Python literal but not JSON raises
/// `JSONDecodeError`, so settings that would not load are never judged.
@Suite("json.loads accepts only JSON")
struct JSONLoadsStrictnessTests {
  @Test(arguments: [
    ("{sslmode: require}", false), ("[1,]", false), ("(1, 2)", false), ("{'a': 1}", false), ("0x10", false),
    ("NaN", true), ("-Infinity", true), ("{\"a\": [1, 2.5e3, true, null]}", true), ("\"\\u00e9\"", true),
    ("01", false), ("\"a\tb\"", false), ("1.", false), (".5", false), ("-0", true), ("1e5", true), ("[1 2]", false),
    ("{\"a\" 1}", false), ("None", false), ("true false", false), ("  {\"k\": \"v\"}  ", true), ("\"\\x41\"", false),
    ("[]", true), ("{}", true), ("\"unterminated", false), ("tru", false), ("Infinity1", false),
  ] as [(String, Bool)])
  func pythonAgrees(text: String, accepted: Bool) {
    let result = PythonEvaluation.settings("import json\nRESULT = json.loads(TEXT)\n".replacingOccurrences(of: "TEXT", with: Self.pythonLiteral(text)))
    if accepted {
      #expect(result.loadErrors.isEmpty, "\(text)")
      #expect(result.value("RESULT")?.isUnknown == false, "\(text)")
    } else {
      #expect(result.loadErrors.map(\.type) == ["JSONDecodeError"], "\(text)")
    }
  }

  @Test func nestingTooDeepToJudgeIsUnknown() {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(PythonJSONSyntax.check(deep) == .tooDeep)
  }

  /// The text as a Python string literal.
  static func pythonLiteral(_ text: String) -> String {
    var out = "\""
    for character in text.unicodeScalars {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(character)
      }
    }
    return out + "\""
  }
}
