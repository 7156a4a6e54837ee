import Testing

@testable import ParapetPython

/// Hostile or degenerate settings never crash the evaluator nor make it use gigabytes: integers
/// beyond 64 bits, long expressions, deep import chains, values built by doubling.
@Suite("Python evaluator: integers, depth and the evaluation budget")
struct PythonEvaluatorBudgetTests {
  @Test func integerOverflowIsUnknownNeverATrap() {
    let result = PythonEvaluation.settings("""
      A = (-9223372036854775807-1) // -1
      B = 2 ** 200
      C = abs(-9223372036854775807-1)
      D = 1 << 70
      E = 3 << 62
      F = (-1) ** 201
      G = (-9223372036854775807-1) % -1
      H = -(-9223372036854775807-1)
      I = int("99999999999999999999999")
      J = 9223372036854775807 + 1
      K = 7 // -2
      L = -7 % 3
      M = range(-9223372036854775807, 9223372036854775807)
      N = round(1e300)
      O = "ab".split("a", 9223372036854775807)
      P = 2 ** -1
      """)
    #expect(result.loadErrors.isEmpty)
    for name in ["A", "B", "C", "D", "E", "H", "I", "J", "M", "N"] {
      #expect(result.value(name)?.isUnknown == true, "\(name) should be unknown")
    }
    #expect(result.value("F")?.integerValue == -1)
    #expect(result.value("G")?.integerValue == 0)
    #expect(result.value("K")?.integerValue == -4)
    #expect(result.value("L")?.integerValue == 2)
    #expect(result.value("O")?.elements?.count == 2)
    if case .float(let half)? = result.value("P")?.kind { #expect(half == 0.5) } else { Issue.record("P is not a float") }
  }

  @Test func hugeRepetitionIsOverBudget() {
    let result = PythonEvaluation.settings("""
      S = "ab" * 4611686018427387904
      T = [1] * 4611686018427387904
      U = "x" * -3
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("S")?.unknownReason?.contains("evaluation budget") == true)
    #expect(result.value("T")?.unknownReason?.contains("evaluation budget") == true)
    #expect(result.value("U")?.stringValue == "")
  }

  @Test func longBinaryChainsAreEvaluatedIteratively() {
    let source = "X = " + Array(repeating: "1", count: 2_000).joined(separator: " + ") + "\n"
    let result = PythonEvaluation.settings(source)
    #expect(result.value("X")?.integerValue == 2_000)
  }

  @Test func deepExpressionsStopAtALimitWithAnError() {
    let source = "import os\nX = os" + String(repeating: ".path", count: 2_000) + "\nDEBUG = False\n"
    let result = PythonEvaluation.settings(source)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("X")?.isUnknown == true)
    #expect(result.errors.contains { $0.message.contains("nested deeper") })
  }

  @Test func longStarImportChainsStopAtTheImportDepthLimit() {
    var files: [String: String] = ["mysite/settings.py": "from mysite.m1 import *\nDEBUG = False\n", "mysite/__init__.py": ""]
    for index in 1..<1_500 { files["mysite/m\(index).py"] = "from mysite.m\(index + 1) import *\nX\(index) = \(index)\n" }
    files["mysite/m1500.py"] = "LAST = 1\n"
    let result = PythonEvaluation.run(files)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.errors.contains { $0.message.contains("imports nested deeper than") })
  }

  @Test func doublingStringsListsAndFormatsStaysWithinTheBudget() {
    let result = PythonEvaluation.settings("""
      S = "ab"
      for _ in range(40):
          S = S + S
      F = "ab"
      for _ in range(40):
          F = f"{F}{F}"
      P = "ab"
      for _ in range(40):
          P = "%s%s" % (P, P)
      M = "ab"
      for _ in range(40):
          M = "{}{}".format(M, M)
      J = "ab"
      for _ in range(40):
          J = "".join([J, J])
      R = "ab"
      for _ in range(40):
          R = R.replace("a", R)
      L = [1]
      for _ in range(40):
          L = L + L
      E = [1]
      for _ in range(40):
          E.extend(E)
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    for name in ["S", "F", "P", "M", "J", "R", "L"] {
      #expect(result.value(name)?.unknownReason?.contains("evaluation budget") == true, "\(name): \(result.value(name)?.unknownReason ?? "known")")
    }
    #expect(result.evaluator.builtBytes <= result.evaluator.byteBudget * 16)
  }

  @Test func sharedAndSelfReferentialStructuresAreBounded() {
    let result = PythonEvaluation.settings("""
      N = [1]
      for _ in range(40):
          N = [N, N]
      D = {"a": 1}
      for _ in range(40):
          D = {"l": D, "r": D}
      T = ("x",)
      for _ in range(40):
          T = (T, T)
      SELF = [1]
      SELF.append(SELF)
      TEXT = str(SELF)
      BIG = str(N)
      SAME = N == N
      DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("TEXT")?.stringValue == "[1, [...]]")
    #expect(result.value("BIG")?.isUnknown == true)
    for name in ["N", "D", "T", "SELF"] {
      #expect(result.value(name)?.isUnknown == true, "\(name) should be unknown")
    }
    #expect(result.value("DEBUG")?.boolValue == false)
  }
}
