import Foundation

/// One parsed `Set-Cookie` value (RFC 6265 §5.2, with the 6265bis `SameSite` attribute).
///
/// The parse follows the jar the Observatory uses (tough-cookie 5 in strict mode), because the
/// Observatory scores what that jar keeps: a pair without `=` or starting with `=` is rejected,
/// control characters reject the cookie, attribute names are case-insensitive, the last
/// attribute of a kind wins, and an unknown `SameSite` value means "no SameSite".
public struct SetCookie: Sendable, Hashable {
  public var name: String
  public var value: String
  public var secure = false
  public var httpOnly = false
  public var partitioned = false
  /// `strict`, `lax` or `none`; nil when absent or not one of those.
  public var sameSite: String?
  /// The raw value of the last `SameSite` attribute, nil when there is none.
  public var sameSiteRaw: String?
  /// Lower-cased, leading dot removed; nil when absent or empty.
  public var domain: String?
  /// Only kept when it starts with `/` (otherwise the default path applies).
  public var path: String?
  public var expires: Date?
  public var expiresRaw: String?
  public var maxAge: Int?
  /// Attributes the parser does not know, as written.
  public var extensions: [String] = []
}

/// Parses `Set-Cookie` values.
public enum SetCookieParser {
  /// Why a value is not a cookie.
  public enum Rejection: String, Sendable {
    case empty = "empty Set-Cookie value"
    case noEquals = "the name-value pair has no '='"
    case emptyName = "the name-value pair starts with '=' (empty name)"
    case controlCharacter = "a control character in the name or value"
  }

  /// Parses one value; returns the reason when the jar would not take it as a cookie at all.
  public static func parse(_ text: String) -> Result<SetCookie, RejectionError> {
    let trimmed = HTTPText.jsTrim(text)
    if trimmed.isEmpty { return .failure(RejectionError(.empty)) }
    let pairText: Substring
    var attributesText: Substring?
    if let semicolon = trimmed.firstIndex(of: ";") {
      pairText = trimmed[..<semicolon]
      attributesText = trimmed[trimmed.index(after: semicolon)...]
    } else {
      pairText = Substring(trimmed)
    }
    // A CR, LF or NUL ends the pair (tough-cookie's terminators).
    let pair = pairText.prefix { $0 != "\n" && $0 != "\r" && $0 != "\0" }
    guard let equals = pair.firstIndex(of: "=") else { return .failure(RejectionError(.noEquals)) }
    if equals == pair.startIndex { return .failure(RejectionError(.emptyName)) }
    let name = HTTPText.jsTrim(pair[..<equals])
    let value = HTTPText.jsTrim(pair[pair.index(after: equals)...])
    if hasControl(name) || hasControl(value) {
      return .failure(RejectionError(.controlCharacter))
    }
    var cookie = SetCookie(name: name, value: value)
    guard let attributesText else { return .success(cookie) }
    for rawAttribute in HTTPText.jsTrim(attributesText).split(
      separator: ";", omittingEmptySubsequences: false)
    {
      let attribute = HTTPText.jsTrim(rawAttribute)
      if attribute.isEmpty { continue }
      let key: String
      var attributeValue: String?
      if let sep = attribute.firstIndex(of: "=") {
        key = HTTPText.jsTrim(attribute[..<sep]).lowercased()
        attributeValue = HTTPText.jsTrim(attribute[attribute.index(after: sep)...])
      } else {
        key = attribute.lowercased()
      }
      let nonEmpty = (attributeValue?.isEmpty == false) ? attributeValue : nil
      switch key {
      case "expires":
        if let raw = nonEmpty, let date = CookieDate.parse(raw) {
          cookie.expires = date
          cookie.expiresRaw = raw
        }
      case "max-age":
        if let raw = nonEmpty, isSignedDigits(raw) {
          cookie.maxAge = Int(raw) ?? (raw.hasPrefix("-") ? Int.min : Int.max)
        }
      case "domain":
        if let raw = nonEmpty {
          var domain = raw
          if domain.hasPrefix(".") { domain.removeFirst() }
          if !domain.isEmpty { cookie.domain = domain.lowercased() }
        }
      case "path":
        if let raw = nonEmpty, raw.hasPrefix("/") { cookie.path = raw } else { cookie.path = nil }
      case "secure": cookie.secure = true
      case "httponly": cookie.httpOnly = true
      case "partitioned": cookie.partitioned = true
      case "samesite":
        cookie.sameSiteRaw = attributeValue ?? ""
        switch (nonEmpty ?? "").lowercased() {
        case "strict": cookie.sameSite = "strict"
        case "lax": cookie.sameSite = "lax"
        case "none": cookie.sameSite = "none"
        default: cookie.sameSite = nil
        }
      default:
        cookie.extensions.append(attribute)
      }
    }
    return .success(cookie)
  }

  /// The rejection as an `Error`, so `Result` can carry it.
  public struct RejectionError: Error, Sendable {
    public var reason: Rejection
    init(_ reason: Rejection) { self.reason = reason }
  }

  /// The raw `SameSite` values of a `Set-Cookie` text as the Observatory's own check reads them:
  /// split on `;`, then on `=`, and take the text between the first and second `=`. An attribute
  /// without `=` gives an empty string.
  public static func rawSameSiteValues(_ text: String) -> [String] {
    var values: [String] = []
    for part in HTTPText.jsTrim(text).split(separator: ";", omittingEmptySubsequences: false) {
      let pieces = HTTPText.jsTrim(part).split(separator: "=", omittingEmptySubsequences: false)
      guard let key = pieces.first, HTTPText.jsTrim(key).lowercased() == "samesite" else {
        continue
      }
      values.append(pieces.count > 1 ? String(pieces[1]) : "")
    }
    return values
  }

  private static func hasControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 }
  }

  private static func isSignedDigits(_ text: String) -> Bool {
    var body = Substring(text)
    if body.hasPrefix("-") { body = body.dropFirst() }
    return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
  }
}

/// The RFC 6265 §5.1.1 cookie-date algorithm: tokens in any order, two-digit years mapped to
/// 1970–2069, and anything unparsable ignored rather than fatal.
public enum CookieDate {
  public static func parse(_ text: String) -> Date? {
    let delimiters: Set<Character> = Set(
      "\t !\"#$%&'()*+,-./;<=>?@[\\]^_`{|}~".map { $0 })
    var time: (Int, Int, Int)?
    var day: Int?
    var month: Int?
    var year: Int?
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    for token in text.split(whereSeparator: { delimiters.contains($0) }) {
      let lower = token.lowercased()
      if time == nil, let parsed = parseTime(lower) {
        time = parsed
      } else if day == nil, let value = leadingDigits(lower, min: 1, max: 2) {
        day = value
      } else if month == nil, lower.count >= 3,
        let index = months.firstIndex(of: String(lower.prefix(3)))
      {
        month = index + 1
      } else if year == nil, let value = leadingDigits(lower, min: 2, max: 4) {
        year = value
      }
    }
    guard let (hour, minute, second) = time, let day, let month, var year else { return nil }
    if (70...99).contains(year) { year += 1900 } else if (0...69).contains(year) { year += 2000 }
    guard (1...31).contains(day), year >= 1601, hour <= 23, minute <= 59, second <= 59 else {
      return nil
    }
    var components = DateComponents()
    components.year = year
    components.month = month
    components.day = day
    components.hour = hour
    components.minute = minute
    components.second = second
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    guard let date = calendar.date(from: components),
      calendar.component(.day, from: date) == day
    else { return nil }
    return date
  }

  private static func parseTime(_ token: String) -> (Int, Int, Int)? {
    let parts = token.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var numbers: [Int] = []
    for (index, part) in parts.enumerated() {
      let digits = part.prefix { $0.isASCII && $0.isNumber }
      guard (1...2).contains(digits.count), let number = Int(digits) else { return nil }
      if index < 2 && digits.count != part.count { return nil }
      numbers.append(number)
    }
    return (numbers[0], numbers[1], numbers[2])
  }

  private static func leadingDigits(_ token: String, min: Int, max: Int) -> Int? {
    let digits = token.prefix { $0.isASCII && $0.isNumber }
    guard digits.count >= min, digits.count <= max else { return nil }
    return Int(digits)
  }

  /// ISO 8601 with milliseconds, as JavaScript's `Date.toISOString` writes it.
  public static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}
