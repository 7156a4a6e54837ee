import Testing

@testable import ParapetPython

/// `packaging.version` through the project's PEP 440 implementation (NetBox's plugin loop
/// compares its release with each plugin's `min_version` while the settings import).
/// Expectations from packaging 26.4 on CPython 3.12, the same code: True False True "1.0rc1" 3
/// True "invalid" False "1.2.3".
@Suite("packaging.version")
struct PackagingVersionTests {
  static let code = """
    from packaging import version
    from packaging.version import Version, InvalidVersion
    A = version.parse("4.6.8") >= version.parse("1.0")
    B = version.parse("4.6.8") > version.parse("9.0")
    C = Version("1.0") == Version("1.0.0")
    D = str(Version("v1.0RC1"))
    E = Version("2.3.4").minor
    F = Version("1.0.dev1").is_prerelease
    try:
        Version("not a version")
    except InvalidVersion:
        G = "invalid"
    H = Version("1.0") == "1.0"
    I = Version("1.2.3+local.1").public
    """

  @Test func versionsCompareAndReadAsPackagingDoes() {
    let result = PythonEvaluation.settings(Self.code)
    #expect(result.loadErrors.isEmpty, "\(result.loadErrors)")
    #expect(result.value("A")?.boolValue == true)
    #expect(result.value("B")?.boolValue == false)
    #expect(result.value("C")?.boolValue == true)
    #expect(result.value("D")?.stringValue == "1.0rc1")
    #expect(result.value("E")?.integerValue == 3)
    #expect(result.value("F")?.boolValue == true)
    #expect(result.value("G")?.stringValue == "invalid")
    #expect(result.value("H")?.boolValue == false)
    #expect(result.value("I")?.stringValue == "1.2.3")
  }

  @Test func anInvalidVersionIsAValueError() {
    let result = PythonEvaluation.settings("from packaging.version import Version\nV = Version('abc')\n")
    #expect(result.loadErrors.map(\.type) == ["packaging.version.InvalidVersion"])
    let caught = PythonEvaluation.settings("from packaging.version import Version\ntry:\n    Version('abc')\nexcept ValueError:\n    V = 1\n")
    #expect(caught.loadErrors.isEmpty)
    #expect(caught.value("V")?.integerValue == 1)
  }

  @Test func orderingAVersionAndAStringRaisesTypeError() {
    let result = PythonEvaluation.settings("from packaging.version import Version\nV = Version('1.0') < '2.0'\n")
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
  }
}
