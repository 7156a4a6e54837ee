import Testing

@testable import ParapetPython

/// `set[int]([])`, `dict[str, int]()`: calling a generic alias of a builtin type builds the
/// plain type (settings use it for typed defaults: `get(..., default=set[int]([]))`).
@Suite("Python evaluation: generic aliases of builtin types")
struct GenericAliasCallTests {
  @Test func callingAGenericAliasBuildsThePlainType() {
    let result = PythonEvaluation.settings("""
      IDS = set[int]([])
      NAMES = list[str](["a", "b"])
      LIMITS = dict[str, int](a=1)
      PAIR = tuple[int, ...]((1, 2))
      EMPTY = frozenset[str]()
      HAS_DEFAULT = set[int]([]) is not None
      """)
    #expect(result.value("IDS")?.elements?.isEmpty == true)
    #expect(result.value("NAMES")?.elements?.compactMap(\.stringValue) == ["a", "b"])
    if case .dict(let dict)? = result.value("LIMITS")?.kind {
      #expect(dict.entries.count == 1)
    } else {
      Issue.record("LIMITS is not a dict: \(String(describing: result.value("LIMITS")))")
    }
    #expect(result.value("PAIR")?.elements?.compactMap(\.integerValue) == [1, 2])
    #expect(result.value("EMPTY")?.isUnknown == false)
    #expect(result.value("HAS_DEFAULT")?.boolValue == true)
  }
}
