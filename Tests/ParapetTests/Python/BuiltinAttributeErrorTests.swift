import Testing

@testable import ParapetPython

/// A name `str`, `bytes`, `list` or `dict` objects lack is an AttributeError Python raises
/// (Peering Manager's `SECRET_KEY.encode()` with a key given as bytes). Messages from CPython
/// 3.12.
@Suite("Attributes builtin objects lack")
struct BuiltinAttributeErrorTests {
  @Test func bytesHaveNoEncode() {
    let result = PythonEvaluation.settings("SECRET_KEY = b'abc'\nDEPLOYMENT = SECRET_KEY.encode('utf-8')\n")
    #expect(result.loadErrors.map(\.type) == ["AttributeError"])
    #expect(result.loadErrors.first?.message.contains("'bytes' object has no attribute 'encode'") == true)
  }

  @Test func knownMethodsStillWork() {
    let result = PythonEvaluation.settings("""
      import collections
      A = "abc".encode("utf-8").decode("utf-8").upper()
      B = [1, 2].copy()
      D = collections.OrderedDict(a=1)
      D.move_to_end("a")
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("A")?.stringValue == "ABC")
  }

  @Test func listsAndStringsRefuseOtherNames() {
    #expect(PythonEvaluation.settings("X = [1].get(0)\n").loadErrors.map(\.type) == ["AttributeError"])
    #expect(PythonEvaluation.settings("X = 'a'.decode()\n").loadErrors.map(\.type) == ["AttributeError"])
  }
}
