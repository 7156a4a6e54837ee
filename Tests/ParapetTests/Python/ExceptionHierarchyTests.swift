import Testing

@testable import ParapetPython

/// `except` clauses catch subclasses as Python does: the built-in hierarchy and the modelled
/// libraries' exceptions (djangoproject.com's `except (OSError, ValueError)` around `json.load`).
@Suite("Exception hierarchy of except clauses")
struct ExceptionHierarchyTests {
  @Test func handlersCatchSubclasses() {
    let caught: [(String, String)] = [
      ("ValueError", "JSONDecodeError"), ("ValueError", "json.decoder.JSONDecodeError"), ("ValueError", "UnicodeDecodeError"),
      ("ValueError", "TOMLDecodeError"), ("ValueError", "EnvValidationError"), ("ValueError", "UnknownSchemeError"),
      ("YAMLError", "yaml.composer.ComposerError"), ("yaml.YAMLError", "yaml.YAMLError"), ("MarkedYAMLError", "ScannerError"),
      ("OSError", "ConnectionRefusedError"), ("IOError", "FileNotFoundError"), ("EnvironmentError", "PermissionError"),
      ("LookupError", "KeyError"), ("ImportError", "ModuleNotFoundError"), ("ArithmeticError", "ZeroDivisionError"),
      ("Exception", "ImproperlyConfigured"), ("Exception", "UndefinedValueError"), ("BaseException", "SystemExit"),
      ("Error", "NoOptionError"), ("InterpolationError", "InterpolationMissingOptionError"), ("TypeError", "EnvSealedError"),
    ]
    for (handler, raised) in caught {
      #expect(PythonExceptionHierarchy.catches(handler, raised), "except \(handler) catches \(raised)")
    }
    let missed: [(String, String)] = [
      ("ValueError", "UndefinedValueError"), ("Exception", "SystemExit"), ("Exception", "KeyboardInterrupt"),
      ("OSError", "JSONDecodeError"), ("KeyError", "LookupError"), ("ValueError", "TypeError"), ("YAMLError", "ValueError"),
    ]
    for (handler, raised) in missed {
      #expect(!PythonExceptionHierarchy.catches(handler, raised), "except \(handler) misses \(raised)")
    }
  }

  @Test func aJSONErrorIsCaughtAsAValueError() {
    let result = PythonEvaluation.settings("""
      import json
      try:
          SECRETS = json.loads("{'not': 'json',}")
      except (OSError, ValueError):
          SECRETS = {"secret_key": "fallback"}
      SECRET_KEY = SECRETS["secret_key"]
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.stringValue == "fallback")
  }

  @Test func aSettingsExceptionClassIsCaughtByItsBases() {
    let result = PythonEvaluation.settings("""
      class SettingsError(ValueError):
          pass

      class MissingKey(SettingsError):
          pass

      def require(name):
          raise MissingKey(name)

      try:
          SECRET_KEY = require("SECRET_KEY")
      except ValueError:
          SECRET_KEY = "from-value-error"
      try:
          DEBUG = require("DEBUG")
      except SettingsError:
          DEBUG = False
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SECRET_KEY")?.stringValue == "from-value-error")
    #expect(result.value("DEBUG")?.boolValue == false)
  }

  @Test func aSettingsExceptionClassIsNotCaughtByAnUnrelatedHandler() {
    let result = PythonEvaluation.settings("""
      class SettingsError(ValueError):
          pass

      try:
          raise SettingsError("no key")
      except KeyError:
          SECRET_KEY = "unreached"
      """)
    #expect(result.loadErrors.map(\.type) == ["SettingsError"])
  }
}
