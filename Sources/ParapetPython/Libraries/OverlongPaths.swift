import ParapetFacts

/// `Path.exists()`, `is_file()` and `is_dir()` of a path the kernel refuses to look up: a name
/// longer than 255 bytes, or a path of 4096 bytes or more (Linux's NAME_MAX and PATH_MAX),
/// `stat()` fails with ENAMETOOLONG. pathlib before Python 3.14 ignores only "not found"-like
/// errors and raises it (`OSError: [Errno 36] File name too long`); from 3.14 these tests go
/// through `os.path`, which answers False for any OSError. Python Discord's settings test
/// `Path(GITHUB_APP_KEY).is_file()` on the key's text itself (recorded on CPython 3.13).
extension PythonEvaluator {
  static let nameMax = 255
  static let pathMax = 4096

  /// The answer for an over-long `path`, or nil when the kernel can look it up.
  func overlongPathTest(_ path: String, _ method: String, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    let longestName = path.split(separator: "/").map(\.utf8.count).max() ?? 0
    guard longestName > Self.nameMax || path.utf8.count >= Self.pathMax else { return nil }
    let raisesBefore = [3, 14, 0]
    let range = pythonVersion
    if let range, let upper = range.upper, !raisesBefore.lexicographicallyPrecedes(upper) {
      // The path may be a secret's text (a key given where a file name was expected): the
      // message names its length only.
      var error = PythonException(
        type: "OSError", message: "[Errno 36] File name too long: a path of \(path.utf8.count) bytes", location: location)
      error.osError = OSErrorDetails(errno: 36, strerror: "File name too long", filename: nil)
      throw error
    }
    if let range, !range.lower.lexicographicallyPrecedes(raisesBefore) {
      return PythonValue(.bool(false), at: location)
    }
    return .unknown(
      "Path.\(method)() of a name longer than \(Self.nameMax) bytes raises OSError (File name too long) before Python 3.14 "
        + "and is False from 3.14; the project's Python version is \(range.map { "\($0)" } ?? "not known")",
      at: location)
  }
}
