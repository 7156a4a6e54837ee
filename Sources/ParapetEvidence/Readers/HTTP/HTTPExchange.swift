import Foundation
import ParapetFacts

/// One header line as captured: the name as sent, the value with surrounding whitespace
/// trimmed, and where it was read.
public struct HTTPHeaderField: Sendable, Hashable {
  /// The name as captured (`Set-Cookie`, `set-cookie`).
  public var name: String
  /// The value, leading and trailing spaces and tabs removed, nothing else changed.
  public var value: String
  /// The evidence position of this header (a HAR header object, a curl dump line).
  public var location: SourceLocation?

  public init(name: String, value: String, location: SourceLocation? = nil) {
    self.name = name
    self.value = HTTPText.trimOWS(value)
    self.location = location
  }

  /// The name in lower case, for lookups: header names are case-insensitive.
  public var lowercasedName: String { name.lowercased() }
}

/// One request and its response, from any capture format.
///
/// Readers turn HAR entries and curl header blocks into exchanges; `HTTPSiteBuilder` links them
/// into redirect chains and sites. A response that never arrived has `status == 0` and an
/// `error`.
public struct HTTPExchange: Sendable {
  public var method: String
  /// The request URL; nil when the capture does not say (a curl dump without a URL line).
  public var url: String?
  /// The response status; 0 when no response arrived.
  public var status: Int
  public var statusText: String
  public var httpVersion: String
  /// Response headers in wire order, duplicates kept.
  public var headers: [HTTPHeaderField]
  /// The decoded response body as text; nil when the capture has none.
  public var body: String?
  /// Whether the server certificate verified: nil when the capture does not record it.
  public var certificateValid: Bool?
  /// Why no response arrived (connection refused, TLS failure), when known.
  public var error: String?
  /// Where the exchange is in the evidence file.
  public var location: SourceLocation?
  /// The response status line or HAR `status` position.
  public var statusLocation: SourceLocation?
  /// Set when the reader already knows the chain (a curl dump's blocks): same id, same chain.
  public var chainID: String?
  /// The browser's resource type (`document`, `script`, …), when the HAR records one.
  public var resourceType: String?
  /// True when the capture is known to have removed Set-Cookie (Chrome's sanitized export).
  public var cookiesStripped: Bool
  /// The raw `redirectURL` of a HAR entry, when not empty.
  public var redirectURL: String?
  /// The capture tool's own role for the exchange (`https`, `http`, `cors-preflight`), if any.
  public var role: String?
  /// Why a body that the capture holds could not be decoded (a malformed chunked body, an
  /// encoding Parapet does not decode), when that is why `body` is nil.
  public var bodyProblem: String?
  /// The HAR page the entry belongs to (`pageref`), when recorded.
  public var pageref: String?
  /// What started the request (Chrome's `_initiator.type`: `other` for a navigation the user
  /// or the address bar made, `parser`/`script` for a subresource or frame), when recorded.
  public var initiatorType: String?

  public init(
    method: String = "GET", url: String?, status: Int, statusText: String = "",
    httpVersion: String = "", headers: [HTTPHeaderField] = [], body: String? = nil,
    certificateValid: Bool? = nil, error: String? = nil, location: SourceLocation? = nil
  ) {
    self.method = method
    self.url = url
    self.status = status
    self.statusText = statusText
    self.httpVersion = httpVersion
    self.headers = headers
    self.body = body
    self.certificateValid = certificateValid
    self.error = error
    self.location = location
    self.statusLocation = location
    self.chainID = nil
    self.resourceType = nil
    self.cookiesStripped = false
    self.redirectURL = nil
    self.role = nil
    self.pageref = nil
    self.initiatorType = nil
  }

  /// Every value of a header, in order (the only correct way to read `Set-Cookie`).
  public func values(_ name: String) -> [HTTPHeaderField] {
    let wanted = name.lowercased()
    return headers.filter { $0.lowercasedName == wanted }
  }

  /// True for the statuses the Observatory (and browsers) follow as redirects.
  public var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }

  /// The `Set-Cookie` values, each `\n`-joined value split (CDP-based exporters join them).
  public var setCookies: [HTTPHeaderField] {
    values("set-cookie").flatMap { field -> [HTTPHeaderField] in
      guard field.value.contains("\n") else { return [field] }
      return field.value.split(separator: "\n").map {
        HTTPHeaderField(name: field.name, value: String($0), location: field.location)
      }
    }
  }
}

/// Small text helpers shared by the HTTP readers.
enum HTTPText {
  /// Removes leading and trailing spaces and tabs (HTTP "optional whitespace").
  static func trimOWS(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }

  /// JavaScript's `String.prototype.trim`: removes whitespace and line terminators at both ends.
  static func jsTrim<S: StringProtocol>(_ text: S) -> String {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, isJSWhitespace(first) { scalars.removeFirst() }
    while let last = scalars.last, isJSWhitespace(last) { scalars.removeLast() }
    return String(scalars)
  }

  static func isJSWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
      0xFEFF:
      return true
    default: return false
    }
  }

  /// ASCII lower case, leaving other characters alone (header names, tokens).
  static func asciiLower(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
      (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }))
  }
}
