import Testing

@testable import ParapetPython

/// `copy.copy` and `copy.deepcopy` make new containers: seahub deep-copies `DATABASES` and then
/// overrides the copy's entries from the environment. Expectations from CPython 3.11.
@Suite("copy.copy and copy.deepcopy")
struct CopyModuleTests {
  static let code = """
    import copy
    BASE = {"default": {"PORT": "5432", "OPTIONS": {"a": [1, 2]}}}
    DEEP = copy.deepcopy(BASE)
    SHALLOW = copy.copy(BASE)
    DEEP["default"]["PORT"] = "1"
    BASE["default"]["OPTIONS"]["a"].append(3)
    BASE_PORT = BASE["default"]["PORT"]
    SHALLOW_PORT = SHALLOW["default"]["PORT"]
    DEEP_A = len(DEEP["default"]["OPTIONS"]["a"])
    SHALLOW_A = len(SHALLOW["default"]["OPTIONS"]["a"])
    L = [1, [2]]
    C = copy.copy(L)
    L[1].append(5)
    L.append(9)
    C_LEN = len(C)
    C_INNER = len(C[1])
    """

  @Test func copiesAreNewContainers() {
    let result = PythonEvaluation.settings(Self.code)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("BASE_PORT")?.stringValue == "5432")
    #expect(result.value("SHALLOW_PORT")?.stringValue == "5432")
    #expect(result.value("DEEP_A")?.integerValue == 2)
    #expect(result.value("SHALLOW_A")?.integerValue == 3)
    #expect(result.value("C_LEN")?.integerValue == 2)
    #expect(result.value("C_INNER")?.integerValue == 2)
  }

  @Test func aCopyOfAnObjectIsUnknown() {
    let result = PythonEvaluation.settings("import copy\nclass A:\n    pass\nX = copy.deepcopy(A())\n")
    #expect(result.value("X")?.isUnknown == true)
  }
}
