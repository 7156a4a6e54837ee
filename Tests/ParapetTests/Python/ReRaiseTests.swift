import Testing

@testable import ParapetPython

/// A bare `raise` re-raises the exception being handled, also from a function the handler calls,
/// so an enclosing `except OSError` catches the FileNotFoundError an inner handler re-raised.
/// Parapet reported it as a plain Exception, which no `except OSError` catches: a confident load
/// error where Python loads. CPython 3.12: OUTER is 2 and VIA_CALL True.
@Suite("Bare raise re-raises the handled exception")
struct ReRaiseTests {
  static let code = """
    def reraise():
        raise

    try:
        try:
            open("")
        except FileNotFoundError:
            raise
    except OSError as e:
        OUTER = e.errno

    try:
        try:
            open("")
        except FileNotFoundError:
            reraise()
    except OSError:
        VIA_CALL = True
    """

  @Test func aBareRaiseReRaisesTheHandledException() {
    let result = PythonEvaluation.settings(Self.code)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("OUTER")?.integerValue == 2)
    #expect(result.value("VIA_CALL")?.boolValue == true)
  }

  @Test func anUncaughtReRaiseIsTheHandledClass() {
    let result = PythonEvaluation.settings("try:\n    open('')\nexcept OSError:\n    raise\n")
    #expect(result.loadErrors.map(\.type) == ["FileNotFoundError"])
  }
}
