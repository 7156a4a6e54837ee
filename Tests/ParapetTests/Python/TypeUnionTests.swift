import Testing

@testable import ParapetPython

/// PEP 604 unions in `isinstance()`: `list | tuple` is `(list, tuple)`, `None` in a union is
/// `NoneType`. Expectations from CPython 3.12.
@Suite("isinstance() with X | Y")
struct TypeUnionTests {
  @Test func unionsAreTuplesOfClasses() {
    let result = PythonEvaluation.settings("""
      BACKEND = "a.Backend"
      if not isinstance(BACKEND, list | tuple):
          BACKEND = [BACKEND]
      INT_OR_NONE = isinstance(3, int | None)
      NONE = isinstance(None, int | None)
      STR = isinstance("x", int | float | None)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("BACKEND")?.elements?.count == 1)
    #expect(result.value("INT_OR_NONE")?.boolValue == true)
    #expect(result.value("NONE")?.boolValue == true)
    #expect(result.value("STR")?.boolValue == false)
  }
}
