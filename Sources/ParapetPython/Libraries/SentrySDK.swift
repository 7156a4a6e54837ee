import ParapetFacts

/// sentry-sdk's `sentry_sdk.init(dsn=..., ...)`, which many settings call at module level: the
/// client parses a non-empty DSN at once and raises `BadDsn` (a ValueError) for one it cannot
/// use, so the settings do not load (KoBoCAT falls back from `$SENTRY_DSN` to `$RAVEN_DSN`, an
/// old Raven DSN without a scheme). Without a `dsn` argument the client reads `$SENTRY_DSN`;
/// an empty or None DSN disables it.
///
/// The checks, in sentry-sdk's order (`sentry_sdk.utils.Dsn`, the same in 1.x and 2.x): the
/// scheme is http or https, there is a host name, the port is a number, there is a public key
/// (the URL's user name), and the last path segment is an integer project id. No event is sent
/// while the settings load.
extension PythonEvaluator {
  func sentryCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard name == "sentry_sdk.init" else { return nil }
    let client = PythonValue.unknown("the Sentry client sentry_sdk.init() makes", at: location)
    let dsn: PythonValue
    if let given = positional.first ?? keywords.first(where: { $0.0 == "dsn" })?.1 {
      dsn = given
    } else if let text = environment["SENTRY_DSN"] {
      dsn = PythonValue(.string(text), at: location)
    } else {
      // Unset, or set to a value Parapet does not know.
      return client
    }
    guard case .string(let text) = dsn.kind, !text.isEmpty else { return client }
    if let problem = Self.sentryDSNProblem(text) {
      throw PythonException(type: problem.type, message: "sentry_sdk.init(): \(problem.message)", location: location, uses: dsn.uses)
    }
    return client
  }

  /// Why sentry-sdk refuses `dsn`, or nil when it takes it (or Parapet cannot tell).
  static func sentryDSNProblem(_ dsn: String) -> (type: String, message: String)? {
    let parts: PythonURL
    do throws(PythonURL.InvalidURL) {
      parts = try PythonURL(dsn, withParams: false)
    } catch {
      return ("ValueError", error.message)
    }
    guard parts.scheme == "http" || parts.scheme == "https" else {
      return ("BadDsn", "Unsupported scheme '\(parts.scheme)'")
    }
    guard parts.hostname != nil else { return ("BadDsn", "Missing hostname") }
    do throws(PythonURL.InvalidURL) {
      _ = try parts.port()
    } catch {
      return ("ValueError", error.message)
    }
    guard let user = parts.username, !user.isEmpty else { return ("BadDsn", "Missing public key") }
    let project = parts.path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    switch pythonIntText(project) {
    case true?: return nil
    case false?: return ("BadDsn", "Invalid project in DSN ('\(parts.path.dropFirst())')")
    case nil: return nil
    }
  }

  /// Whether `int(text)` parses: ASCII digits with single underscores between them, an optional
  /// sign, surrounding whitespace; nil for text with other characters Python may still take
  /// (digits of other scripts).
  static func pythonIntText(_ text: String) -> Bool? {
    let trimmed = text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}")
    var body = Substring(trimmed)
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    guard !body.isEmpty else { return false }
    if body.contains(where: { !$0.isASCII }) { return nil }
    guard body.allSatisfy({ $0.isNumber || $0 == "_" }) else { return false }
    return body.first != "_" && body.last != "_" && !body.contains("__")
  }
}
