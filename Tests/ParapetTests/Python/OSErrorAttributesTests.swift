import Testing

@testable import ParapetPython

/// An OSError that Parapet's model of the operating system raises (a missing file, a folder
/// opened as a file) carries what CPython's does: `errno`, `strerror`, `args` (and `filename`
/// where the path as the code gave it is known), and the `errno` module has Linux's constants.
/// In a `try` whose body opens a file that may be missing, the handler sees that
/// FileNotFoundError (errno 2), so Mayan's `except IOError as e: if e.errno == errno.ENOENT:
/// return {} else: raise` is decided; and an inner `except FileNotFoundError` keeps the
/// possible error from the enclosing `except OSError` (reading the file, once open, may only
/// fail to decode: a ValueError). CPython 3.12 (errno_check.py, without the files):
/// CAUGHT is ('FileNotFoundError', 2, 'No such file or directory', '', (2, 'No such file or
/// directory'), True), CONFIG {}, OUTER 'body', the constants (2, 13, 17, 21, 20); with
/// `errno.EACCES` in the test the missing file's FileNotFoundError is re-raised.
@Suite("OSError attributes and errno")
struct OSErrorAttributesTests {
  static func code(_ tested: String = "ENOENT") -> String {
    """
    import errno, os

    try:
        open("")
    except OSError as e:
        CAUGHT = (type(e).__name__, e.errno, e.strerror, e.filename, e.args, e.errno == errno.ENOENT)
        ERRNO = e.errno
        STRERROR = e.strerror
        FILENAME = e.filename
        ARGS = e.args
        IS_ENOENT = e.errno == errno.ENOENT

    def load_config_file(filepath):
        try:
            with open(file=filepath) as file_object:
                return {'FROM_FILE': file_object.read()}
        except IOError as exception:
            if exception.errno == errno.\(tested):
                return {}
            else:
                raise

    CONFIG = load_config_file(os.path.join(os.path.dirname(__file__), "media", "config.yml"))

    try:
        try:
            with open(os.path.join(os.path.dirname(__file__), "media", "other.yml")) as f:
                f.read()
        except FileNotFoundError:
            pass
        OUTER = "body"
    except OSError:
        OUTER = "handler"

    CONSTANTS = (errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EISDIR, errno.ENOTDIR)
    """
  }

  @Test func aCaughtOSErrorHasItsAttributes() {
    let result = PythonEvaluation.settings(Self.code())
    #expect(result.value("ERRNO")?.integerValue == 2)
    #expect(result.value("STRERROR")?.stringValue == "No such file or directory")
    #expect(result.value("FILENAME")?.stringValue == "")
    #expect(result.value("ARGS")?.elements?.map(\.integerValue) == [2, nil])
    #expect(result.value("ARGS")?.elements?.last?.stringValue == "No such file or directory")
    #expect(result.value("IS_ENOENT")?.boolValue == true)
  }

  @Test func theErrnoModuleHasLinuxValues() {
    let result = PythonEvaluation.settings(Self.code())
    #expect(result.value("CONSTANTS")?.elements?.map(\.integerValue) == [2, 13, 17, 21, 20])
  }

  @Test func aFileThatMayBeMissingRaisesENOENTIntoTheHandler() {
    let result = PythonEvaluation.settings(Self.code())
    #expect(result.loadErrors.isEmpty)
    // Missing, {} as in CPython; present on the server, its text: not known which.
    #expect(result.value("CONFIG")?.isUnknown == true)
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
  }

  @Test func anotherErrnoReRaises() {
    // Where the file is missing the handler re-raises: the load is in doubt (a bare `raise`
    // is reported as an Exception, not by the re-raised class).
    let result = PythonEvaluation.settings(Self.code("EACCES"))
    #expect(!result.evaluator.possibleLoadErrors.isEmpty)
  }

  /// An inner handler that raises on the path where the file is missing raises into the
  /// enclosing `try`, which then merges its paths. CPython 3.12 without the file: "fallback".
  @Test func anInnerHandlerThatRaisesMakesTheOuterTryUncertain() {
    let result = PythonEvaluation.settings("""
      import os
      try:
          try:
              open(os.path.join(os.path.dirname(__file__), "media", "config.yml"))
          except FileNotFoundError:
              raise ValueError("no config")
          X = "file"
      except ValueError:
          X = "fallback"
      """)
    #expect(result.value("X")?.isUnknown == true)
  }

  @Test func anInnerHandlerKeepsTheErrorFromTheOuterTry() {
    let result = PythonEvaluation.settings(Self.code())
    #expect(result.value("OUTER")?.stringValue == "body")
  }
}
