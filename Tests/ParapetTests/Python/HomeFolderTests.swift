import Testing

@testable import ParapetPython

/// `~` and `Path.home()` come from `$HOME` (CPython's posixpath.expanduser); without it the
/// value is unknown and says which variable to set. MobSF keeps its configuration under
/// `Path.home() / '.MobSF'`.
@Suite("The home folder")
struct HomeFolderTests {
  static let code = """
    import os
    from pathlib import Path
    HOME = Path.home() / ".MobSF"
    EXPANDED = os.path.expanduser("~/conf")
    PATH = Path("~/data").expanduser()
    OTHER = os.path.expanduser("~other/x")
    """

  static func path(_ value: PythonValue?) -> String? {
    if case .path(let path)? = value?.kind { return path }
    return nil
  }

  @Test func homeIsHOME() {
    let result = PythonEvaluation.settings(Self.code, environment: ["HOME": "/home/app/"])
    #expect(Self.path(result.value("HOME")) == "/home/app/.MobSF")
    #expect(result.value("EXPANDED")?.stringValue == "/home/app/conf")
    #expect(Self.path(result.value("PATH")) == "/home/app/data")
    #expect(result.value("OTHER")?.isUnknown == true)
  }

  @Test func withoutHOMEItIsUnknownWithTheVariable() {
    let result = PythonEvaluation.settings(Self.code)
    #expect(result.value("HOME")?.isUnknown == true)
    #expect(result.value("HOME")?.unknownReason?.contains("$HOME") == true)
  }
}
