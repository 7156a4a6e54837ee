import Foundation
/// `Strict-Transport-Security` as a browser reads it (RFC 6797 §6.1): directives are
/// case-insensitive, values may be quoted, unknown directives are ignored, and a missing or
/// repeated `max-age` makes the header invalid. The Observatory's own, looser reading is left to
/// the policy pack, which gets the raw value too.
public struct HSTSHeader: Sendable, Hashable {
  /// Each directive: lower-cased name and its value without quotes (nil when it has none).
  public var directives: [(name: String, value: String?)]
  public var maxAge: Int?
  public var includeSubDomains: Bool
  public var preload: Bool
  /// Whether a browser would apply it.
  public var valid: Bool
  /// Why not, when it is not valid.
  public var problem: String?

  public static func == (lhs: HSTSHeader, rhs: HSTSHeader) -> Bool {
    lhs.maxAge == rhs.maxAge && lhs.includeSubDomains == rhs.includeSubDomains
      && lhs.preload == rhs.preload && lhs.valid == rhs.valid && lhs.problem == rhs.problem
      && lhs.directives.map(\.name) == rhs.directives.map(\.name)
      && lhs.directives.map(\.value) == rhs.directives.map(\.value)
  }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(maxAge)
    hasher.combine(valid)
  }

  public init(_ value: String) {
    directives = []
    maxAge = nil
    includeSubDomains = false
    preload = false
    problem = nil
    var seen: Set<String> = []
    var maxAgeCount = 0
    for part in value.split(separator: ";", omittingEmptySubsequences: false) {
      let trimmed = HTTPText.trimOWS(String(part))
      if trimmed.isEmpty { continue }
      var name = trimmed
      var directiveValue: String?
      if let equals = trimmed.firstIndex(of: "=") {
        name = HTTPText.trimOWS(String(trimmed[..<equals]))
        var raw = HTTPText.trimOWS(String(trimmed[trimmed.index(after: equals)...]))
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
          raw = String(raw.dropFirst().dropLast())
        }
        directiveValue = raw
      }
      let lower = HTTPText.asciiLower(name)
      directives.append((lower, directiveValue))
      if seen.contains(lower) && problem == nil { problem = "directive \(lower) is repeated" }
      seen.insert(lower)
      switch lower {
      case "max-age":
        maxAgeCount += 1
        if let text = directiveValue, !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
          maxAge = Int(text) ?? Int.max
        } else if problem == nil {
          problem = "max-age is not a number of seconds"
        }
      case "includesubdomains": includeSubDomains = true
      case "preload": preload = true
      default: break
      }
    }
    if maxAgeCount == 0 && problem == nil { problem = "no max-age directive" }
    valid = problem == nil
  }
}
