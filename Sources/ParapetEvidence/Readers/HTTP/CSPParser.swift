import Foundation
import OrderedCollections

/// Content-Security-Policy parsing, two ways.
///
/// `policy(_:)` is the browser's view (CSP3 §2.2.1): one serialized policy into directive name →
/// source tokens, first occurrence winning. `observatory(_:)` reproduces the MDN Observatory's
/// own parser, quirks included, because the Observatory grades what its parser returns: several
/// policies combine by intersection, sources are lower-cased and sorted with English collation,
/// a source that starts with the previous one in that order is dropped, a repeated directive
/// (other than `report-uri`/`report-to`) or a policy shorter than six characters is invalid.
public enum CSPParser {
  /// One policy as a browser reads it.
  public struct Policy: Sendable {
    /// Directive name (lower case) → source tokens as written, in order.
    public var directives: OrderedDictionary<String, [String]>
    /// Directive names that appeared again and were ignored.
    public var repeated: [String]
  }

  /// The Observatory's combined parse of a list of policies.
  public struct ObservatoryParse: Sendable {
    /// Directive name → sources, in the order the Observatory's parser leaves them.
    public var directives: OrderedDictionary<String, [String]>
    /// `report-uri`/`report-to` seen twice in one policy (the "duplicate warning").
    public var duplicateWarnings: [String]
  }

  /// Why the Observatory's parser refuses a policy list.
  public struct Invalid: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Parses one serialized policy the way browsers do.
  public static func policy(_ text: String) -> Policy {
    var directives: OrderedDictionary<String, [String]> = [:]
    var repeated: [String] = []
    for part in text.split(separator: ";", omittingEmptySubsequences: true) {
      let tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
      guard let name = tokens.first else { continue }
      let key = HTTPText.asciiLower(String(name))
      if directives[key] != nil {
        repeated.append(key)
        continue
      }
      directives[key] = tokens.dropFirst().map(String.init)
    }
    return Policy(directives: directives, repeated: repeated)
  }

  /// Splits a header value (or meta content) into policies the way the Observatory does: on
  /// every `,`, each piece trimmed.
  public static func splitPolicies(_ value: String) -> [String] {
    value.split(separator: ",", omittingEmptySubsequences: false).map { HTTPText.jsTrim($0) }
  }

  /// Directives a `<meta>` policy may not carry; the Observatory drops them from meta policies.
  public static let metaDisallowed: Set<String> = ["frame-ancestors", "report-uri", "sandbox"]

  private struct Source {
    var text: String
    var policy: Int
    var keep: Bool
  }

  /// The Observatory's `parseCsp` over a list of policies (already split on commas).
  public static func observatory(_ policies: [String]) throws -> ObservatoryParse {
    let cleaned = policies.map { policy in
      HTTPText.jsTrim(String(policy.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init)))
    }
    if cleaned.isEmpty { return ObservatoryParse(directives: [:], duplicateWarnings: []) }
    for policy in cleaned where policy.utf16.count < 6 {
      throw Invalid(description: "policy '\(policy)' is shorter than the shortest directive")
    }
    var parsed: OrderedDictionary<String, [Source]> = [:]
    var warnings: [String] = []
    for (index, policy) in cleaned.enumerated() {
      var seen: Set<String> = []
      for entry in policy.split(separator: ";", omittingEmptySubsequences: false) {
        let tokens = splitJSWhitespace(HTTPText.jsTrim(entry))
        guard let first = tokens.first, !first.isEmpty else { continue }
        let directive = first.lowercased()
        if seen.contains(directive) {
          if directive == "report-uri" || directive == "report-to" {
            if !warnings.contains(directive) { warnings.append(directive) }
          } else {
            throw Invalid(description: "directive \(directive) repeated in policy \(index + 1)")
          }
        } else {
          seen.insert(directive)
        }
        let keep = index == 0
        var values = tokens.dropFirst().map {
          Source(text: HTTPText.jsTrim($0).lowercased(), policy: index, keep: keep)
        }
        if tokens.count == 1 && directive.hasSuffix("-src") {
          values = [Source(text: "'none'", policy: index, keep: keep)]
        }
        var combined = index == 0 ? values : (parsed[directive] ?? []) + values
        combined = stableSorted(combined)
        if combined.count > 1 {
          for position in 1..<combined.count {
            let previous = combined[position - 1]
            if combined[position].policy == previous.policy,
              combined[position].text.hasPrefix(previous.text)
            {
              combined[position].keep = false
            }
            if combined[position].policy != previous.policy,
              try pathPartMatch(previous.text, combined[position].text)
            {
              combined[position].keep = true
            }
          }
        }
        var kept = combined.filter(\.keep)
        if index == 0 && policies.count > 1 {
          for position in kept.indices { kept[position].keep = false }
        }
        parsed[directive] = kept
      }
    }
    var directives: OrderedDictionary<String, [String]> = [:]
    for (name, sources) in parsed {
      var list: [String] = []
      for source in sources where !list.contains(source.text) { list.append(source.text) }
      directives[name] = list.isEmpty ? ["'none'"] : list
    }
    return ObservatoryParse(directives: directives, duplicateWarnings: warnings)
  }

  /// JavaScript's `split(/\s+/)` on an already trimmed string.
  private static func splitJSWhitespace(_ text: String) -> [String] {
    if text.isEmpty { return [""] }
    var tokens: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if HTTPText.isJSWhitespace(scalar) {
        if !current.isEmpty { tokens.append(String(current)) }
        current = String.UnicodeScalarView()
      } else {
        current.append(scalar)
      }
    }
    if !current.isEmpty { tokens.append(String(current)) }
    return tokens
  }

  private static func stableSorted(_ sources: [Source]) -> [Source] {
    sources.enumerated().sorted { lhs, rhs in
      let order = EnglishCollation.compare(lhs.element.text, rhs.element.text)
      return order != 0 ? order < 0 : lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// The Observatory's `pathPartMatch`: equal strings, or `a` ends with `/` and is a
  /// path-segment prefix of `b`; segments are percent-decoded, and a bad escape is an error.
  static func pathPartMatch(_ a: String, _ b: String) throws -> Bool {
    if a.isEmpty { return true }
    if a == "/" && b.isEmpty { return true }
    let exact = !a.hasSuffix("/")
    var partsA = a.split(separator: "/", omittingEmptySubsequences: false)
    let partsB = b.split(separator: "/", omittingEmptySubsequences: false)
    if partsA.count > partsB.count { return false }
    if exact && partsA.count != partsB.count { return false }
    if !exact { partsA.removeLast() }
    for (index, piece) in partsA.enumerated() {
      guard let left = percentDecode(piece), let right = percentDecode(partsB[index]) else {
        throw Invalid(description: "malformed percent escape in source '\(a)' or '\(b)'")
      }
      if left != right { return false }
    }
    return true
  }

  /// `decodeURIComponent`: nil for a malformed escape or invalid UTF-8.
  static func percentDecode<S: StringProtocol>(_ text: S) -> String? {
    guard text.contains("%") else { return String(text) }
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      if byte == UInt8(ascii: "%") {
        guard let high = iterator.next(), let low = iterator.next(),
          let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
        else { return nil }
        bytes.append(value)
      } else {
        bytes.append(byte)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

/// English collation as ICU applies it to the ASCII text of CSP sources (Intl.Collator("en")):
/// punctuation and symbols sort before digits, digits before letters, letters case-blind first
/// and lower case before upper case on a tie. Other characters sort after ASCII by code point.
enum EnglishCollation {
  private static let order: [UInt32: Int] = {
    let sequence =
      "\t\n\u{0B}\u{0C}\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
    var table: [UInt32: Int] = [:]
    for (rank, scalar) in sequence.unicodeScalars.enumerated() {
      table[scalar.value] = rank
      if (97...122).contains(scalar.value) { table[scalar.value - 32] = rank }
    }
    return table
  }()

  private static func primary(_ scalar: Unicode.Scalar) -> Int? {
    if scalar.value < 0x09 || (0x0E..<0x20).contains(scalar.value) || scalar.value == 0x7F {
      return nil  // control characters are ignorable
    }
    return order[scalar.value] ?? (1000 + Int(scalar.value))
  }

  /// Negative, zero or positive, like `Intl.Collator.compare`.
  static func compare(_ lhs: String, _ rhs: String) -> Int {
    let left = lhs.unicodeScalars.compactMap(primary)
    let right = rhs.unicodeScalars.compactMap(primary)
    for (a, b) in zip(left, right) where a != b { return a < b ? -1 : 1 }
    if left.count != right.count { return left.count < right.count ? -1 : 1 }
    // Tertiary level: lower case first.
    for (a, b) in zip(lhs.unicodeScalars, rhs.unicodeScalars) where a != b {
      let aLower = (97...122).contains(a.value)
      let bLower = (97...122).contains(b.value)
      if aLower != bLower { return aLower ? -1 : 1 }
      return a.value < b.value ? -1 : 1
    }
    return 0
  }
}
