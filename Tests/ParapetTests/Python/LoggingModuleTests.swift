import Testing

@testable import ParapetPython

/// Logging never raises into the caller, so a logging call inside a `try` leaves the `try`
/// certain (seahub's `config_parser.py` logged inside `except Exception: ...; raise`, which made
/// every scan's load undecidable); `logging.config.dictConfig` checks the schema version first.
/// Expectations from CPython 3.11: CAUGHT False, and the three messages below.
@Suite("logging: loggers never raise, dictConfig checks its version")
struct LoggingModuleTests {
  @Test func loggingCallsDoNotMakeATryUncertain() {
    let result = PythonEvaluation.settings("""
      import logging
      logger = logging.getLogger(__name__)
      try:
          logger.warning("x %s %s", 1)
          logging.error("bad %d", "x")
          logger.exception("no exception")
          logging.getLogger("app").setLevel(logging.INFO)
      except Exception:
          CAUGHT = True
      else:
          CAUGHT = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("CAUGHT")?.boolValue == false)
  }

  @Test(arguments: [
    ("{\"disable_existing_loggers\": False}", "dictionary doesn't specify a version"),
    ("{\"version\": 3.9}", "Unsupported version: 3.9"),
    ("{\"version\": \"1\"}", "Unsupported version: 1"),
  ])
  func dictConfigRefusesAMissingOrWrongVersion(config: String, message: String) {
    let result = PythonEvaluation.settings("import logging.config\nlogging.config.dictConfig(\(config))\n")
    #expect(result.loadErrors.map(\.type) == ["ValueError"])
    #expect(result.loadErrors.first?.message.contains(message) == true)
  }

  @Test func dictConfigOfVersionOneIsNotALoadError() {
    let result = PythonEvaluation.settings("import logging.config\nlogging.config.dictConfig({'version': 1, 'handlers': {}})\nDONE = True\n")
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DONE")?.boolValue == true)
  }
}
