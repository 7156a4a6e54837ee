import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// An unknown part made by branches Parapet cannot decide records the strings its items can
/// only be (`PythonValue.candidates`) when every differing item is a known string, and loses
/// them whenever something else could end up in it.
@Suite("Candidates of an unknown part")
struct PartialListCandidateTests {
  /// `PLUGINS` holds only an unknown part, so `if PLUGINS:` cannot be decided.
  static let prelude = """
  from importlib import metadata
  PLUGINS = [ep.value for ep in metadata.entry_points(group="app.plugins")]
  L = ["a", "b"]

  """

  func run(_ code: String) -> PythonEvaluation.Result {
    PythonEvaluation.settings(Self.prelude + code)
  }

  /// The candidates of each unknown part of list `name`, in order ("nil" when not known).
  func candidates(_ result: PythonEvaluation.Result, _ name: String = "L") -> [String] {
    guard case .list(let list)? = result.value(name)?.kind else { return ["<not a list>"] }
    return list.items.filter(\.manyItems).map { $0.candidates.map { $0.joined(separator: ",") } ?? "nil" }
  }

  @Test(arguments: [
    ("if PLUGINS:\n    L.insert(0, 'x')", ["x"]),
    ("if PLUGINS:\n    L.insert(1, 'y')\n    L.insert(1, 'x')\nelse:\n    L.insert(1, 'z')", ["x,y,z"]),
    ("if PLUGINS:\n    L = ['x', 'x', 'b']", ["a,x"]),
    // The same list again after a second undecidable `if`: the first part is kept as it is.
    ("if PLUGINS:\n    L.insert(0, 'x')\nif PLUGINS:\n    L.append('y')", ["x", "y"]),
    // A part with candidates inside the differing items adds its candidates.
    ("if PLUGINS:\n    L.insert(0, 'x')\nif PLUGINS:\n    L.insert(0, 'y')\n    L.append('z')", ["a,b,x,y,z"]),
    // An insert at a place Parapet cannot know (past an unknown part) is a part holding that
    // one string; the merge keeps it as the candidate.
    ("L = [*PLUGINS, *L]\nif PLUGINS:\n    L.insert(L.index('b') + 1, 'x')", ["nil", "x"]),
    // Items put first (`L[0:0] = …`) leave the part as it was.
    ("if PLUGINS:\n    L.append('x')\nL[0:0] = ['z']", ["x"]),
  ])
  func knownStringsInTheDifferingItemsAreTheCandidates(code: String, expected: [String]) {
    #expect(candidates(run(code)) == expected)
  }

  @Test(arguments: [
    "if PLUGINS:\n    L.insert(0, PLUGINS[0])",
    "if PLUGINS:\n    L.insert(0, 1)",
    "if PLUGINS:\n    L.insert(0, 'x')\n    L.extend(PLUGINS)",
    "if PLUGINS:\n    L.insert(0, ('x', 'y'))",
  ])
  func anUnknownOrNonStringItemLeavesNoCandidates(code: String) {
    #expect(candidates(run(code)) == ["nil"])
  }

  @Test(arguments: [
    // An index Parapet cannot know may fall inside the part.
    "L[len(PLUGINS)] = 'z'",
    // A slice of a list with an unknown part, other than at its very start.
    "L[1:2] = ['z']",
  ])
  func aChangeThatMayPutAnotherValueInThePartDropsThem(change: String) {
    let result = run("if PLUGINS:\n    L.append('x')\n" + change)
    #expect(candidates(result) == ["nil"])
  }

  @Test func copiesKeepThemAndComprehensionsDropThem() {
    let result = run("""
      if PLUGINS:
          L.insert(0, 'x')
      M = L + ['q']
      N = [s + '!' for s in L]
      O = list(L)
      """)
    #expect(candidates(result, "M") == ["x"])
    #expect(candidates(result, "N") == ["nil"])
    #expect(candidates(result, "O") == ["x"])
  }

  @Test func theValueIsNoLargerForThem() {
    // PythonValue is copied everywhere and the evaluator recurses deeply: the candidates
    // take the padding after `generatedLength`, not a new word.
    #expect(MemoryLayout<PythonValue>.stride <= 104)
  }
}
