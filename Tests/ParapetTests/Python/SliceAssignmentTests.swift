import Testing

@testable import ParapetPython

/// `L[a:b] = items` replaces part of a list in place (CPython 3.12 gives the results below).
@Suite("Slice assignment")
struct SliceAssignmentTests {
  @Test(arguments: [
    ("L[0:0] = ['x']", ["x", "a", "b", "c"]),
    ("L[:0] = ('x', 'y')", ["x", "y", "a", "b", "c"]),
    ("L[1:2] = ['x', 'y']", ["a", "x", "y", "c"]),
    ("L[-1:] = []", ["a", "b"]),
    ("L[5:] = ['z']", ["a", "b", "c", "z"]),
    ("L[2:1] = ['x']", ["a", "b", "x", "c"]),
    ("L[:] = 'xy'", ["x", "y"]),
    ("M = L\nM[len(M):] = ['z']", ["a", "b", "c", "z"]),
  ])
  func knownItemsAreReplacedAsPythonDoes(code: String, expected: [String]) {
    let result = PythonEvaluation.settings("L = ['a', 'b', 'c']\n" + code + "\n")
    #expect(result.loadErrors.isEmpty)
    #expect(PythonEvaluation.shape(result.value("L")) == expected)
  }

  /// Horizon: `INSTALLED_APPS[0:0] = ADD_INSTALLED_APPS`, with items only the server knows.
  @Test func itemsParapetCannotKnowGoFirstAsAnUnknownPart() {
    let result = PythonEvaluation.settings("""
      from importlib import metadata
      PLUGINS = [ep.value for ep in metadata.entry_points(group="x")]
      INSTALLED_APPS = ["django.contrib.sessions"]
      INSTALLED_APPS[0:0] = PLUGINS
      INSTALLED_APPS[1:1] = ["late"]
      """)
    #expect(PythonEvaluation.shape(result.value("INSTALLED_APPS")) == ["*"])
    let prepended = PythonEvaluation.settings("""
      from importlib import metadata
      PLUGINS = [ep.value for ep in metadata.entry_points(group="x")]
      INSTALLED_APPS = ["django.contrib.sessions"]
      INSTALLED_APPS[0:0] = PLUGINS
      """)
    #expect(PythonEvaluation.shape(prepended.value("INSTALLED_APPS")) == ["*", "django.contrib.sessions"])
  }

  @Test func aValueThatIsNotIterableRaisesTypeError() {
    let result = PythonEvaluation.settings("L = ['a']\nL[0:1] = 3\n")
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
  }
}
