import Foundation
import ParapetFacts

/// Django's `django.core.validators.URLValidator` as Django 3.2–6.0 behave: settings call it to
/// reject a malformed URL from the environment at start-up (`URLValidator(schemes=[...])(value)`),
/// and the `ValidationError` it raises stops Django before any check runs. A URL Parapet cannot
/// judge exactly (non-ASCII text, control characters, a bracketed IPv6 host) is unknown, never a
/// guess: the load is then undecided.
extension PythonEvaluator {
  /// The builtin name of a constructed validator; its receiver holds the schemes and message.
  static let urlValidatorCall = "django.core.validators.URLValidator.__call__"

  /// Django's default `URLValidator.schemes`.
  static let urlValidatorSchemes = ["http", "https", "ftp", "ftps"]

  /// `URLValidator(schemes=None, **kwargs)`: a callable validator, or unknown when it is
  /// configured in ways Parapet does not model (`regex=`, `inverse_match=`, `flags=`).
  func newURLValidator(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    let sources = positional + keywords.map(\.1)
    if let unmodelled = keywords.first(where: { !["schemes", "message", "code"].contains($0.0) }) {
      return .unknown("URLValidator(\(unmodelled.0)=...), which Parapet does not model", at: location).merging(sources)
    }
    guard positional.count <= 1 else { return .unknown("URLValidator() with positional arguments Parapet does not model", at: location) }
    var schemes = Self.urlValidatorSchemes.map { PythonValue(.string($0)) }
    if let given = positional.first ?? keywords.first(where: { $0.0 == "schemes" })?.1, !Self.isNone(given) {
      guard let items = try? iterate(given), items.allSatisfy({ $0.stringValue != nil }) else {
        return .unknown("URLValidator() with schemes that are not known", at: location).merging(sources)
      }
      schemes = items
    }
    var message = PythonValue(.string("Enter a valid URL."))
    if let given = keywords.first(where: { $0.0 == "message" })?.1 {
      // A lazy translation or an unknown message changes only the error text.
      message = given.stringValue.map { PythonValue(.string($0)) } ?? message
    }
    let state = PythonValue(.tuple([PythonValue(.tuple(schemes)), message]), at: location)
    return PythonValue(.builtin(Self.urlValidatorCall, receiver: [state]), at: location)
  }

  /// `validator(value)`: None, Django's `ValidationError`, or unknown.
  func callURLValidator(_ state: PythonValue, _ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let parts = state.elements, parts.count == 2, let schemes = parts[0].elements?.compactMap(\.stringValue),
      let message = parts[1].stringValue, positional.count == 1
    else { return .unknown("a URLValidator call Parapet does not model", at: location) }
    let value = positional[0]
    if value.isUnknown { return value }
    let invalid = PythonException(type: "ValidationError", message: "['\(message)']", location: location)
    guard let text = value.stringValue else {
      // Django rejects any value that is not a str; an object Parapet does not model might be one.
      if value.isPlain { throw invalid }
      return .unknown("URLValidator() of \(value.typeName), which Parapet does not model", at: location).merging([value])
    }
    let unknown = PythonValue.unknown(
      "whether Django's URLValidator accepts \(text.debugDescription) (non-ASCII text, control characters or an IPv6 host are not modelled)",
      at: location
    ).merging([value])
    if text.unicodeScalars.count > 2048 { throw invalid }
    // Scalars, not Characters: "\r\n" is one Swift Character.
    if text.unicodeScalars.contains(where: { [0x09, 0x0A, 0x0D].contains($0.value) }) { throw invalid }
    let scheme = (text.components(separatedBy: "://").first ?? text).lowercased()
    // `scheme not in self.schemes` is exact only for ASCII (Python's lower() differs beyond it).
    if scheme.allSatisfy(\.isASCII), !schemes.contains(scheme) { throw invalid }
    guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }),
      !text.contains("["), !text.contains("]")
    else { return unknown }
    if !schemes.contains(scheme) { throw invalid }
    guard Self.urlValidatorPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else { throw invalid }
    // `urlsplit(value).hostname`, through the one urllib.parse model.
    guard let hostname = (try? PythonURL(text, withParams: false))?.hostname, hostname.count <= 253 else { throw invalid }
    return PythonValue(.none, at: location)
  }

  /// Django's URLValidator.regex (case-insensitive). Python's `\Z` is ICU's `\z`; the input is
  /// ASCII without control characters here, so Python's and ICU's `\s` agree (only the space).
  static let urlValidatorPattern: NSRegularExpression = {
    let letters = "\\u00a1-\\uffff"
    let ipv4 = "(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)(?:\\.(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)){3}"
    let ipv6 = "\\[[0-9a-f:.]+\\]"
    let hostname = "[a-z\(letters)0-9](?:[a-z\(letters)0-9-]{0,61}[a-z\(letters)0-9])?"
    let domain = "(?:\\.(?!-)[a-z\(letters)0-9-]{1,63}(?<!-))*"
    let tld = "\\.(?!-)(?:[a-z\(letters)-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?"
    let host = "(" + hostname + domain + tld + "|localhost)"
    let pattern = "^(?:[a-z0-9.+-]*)://(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?(?:" + ipv4 + "|" + ipv6 + "|" + host
      + ")(?::[0-9]{1,5})?(?:[/?#][^\\s]*)?\\z"
    // The pattern is a constant: failing to compile it is a programming error caught by the tests.
    return try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
  }()
}
