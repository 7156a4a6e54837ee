import Testing

@testable import ParapetPython

/// `except KeyboardInterrupt:` runs only when a signal (Ctrl-C) arrives while the body runs:
/// neither the settings nor a call Parapet does not model decides that, so the handler does not
/// make a `try` around such a call uncertain (ArchiveBox's `load_config`: `except
/// KeyboardInterrupt: raise SystemExit(0)` around `bin_version()` probes). A handler that
/// also catches an exception such a call may raise still runs as one of the paths. CPython
/// 3.12, `subprocess.run(['true'])` in the body: DEBUG is False without $DEBUG, True with
/// DEBUG=True, and the module loads.
@Suite("Signal-only exception handlers")
struct SignalHandlerTests {
  static func code(_ handler: String) -> String {
    """
    import os
    import subprocess

    def load(key, default):
        try:
            subprocess.run(['true'])
            return os.environ.get(key, default)
        except \(handler):
            raise SystemExit(0)

    DEBUG = load('DEBUG', '') == 'True'
    """
  }

  @Test func aKeyboardInterruptHandlerDoesNotMakeTheTryUncertain() {
    let bare = PythonEvaluation.settings(Self.code("KeyboardInterrupt"))
    #expect(bare.value("DEBUG")?.boolValue == false)
    #expect(bare.loadErrors.isEmpty)
    #expect(bare.evaluator.possibleLoadErrors.isEmpty)
    let debug = PythonEvaluation.settings(Self.code("KeyboardInterrupt"), environment: ["DEBUG": "True"])
    #expect(debug.value("DEBUG")?.boolValue == true)
  }

  @Test func aHandlerForOtherExceptionsStillRuns() {
    let result = PythonEvaluation.settings(Self.code("(KeyboardInterrupt, OSError)"))
    // The handler's path raises SystemExit: where Django loads at all, the body returned.
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.evaluator.possibleLoadErrors.contains { $0.type == "SystemExit" })
  }
}
