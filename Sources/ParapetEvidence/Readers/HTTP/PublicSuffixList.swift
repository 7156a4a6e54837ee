import Foundation

/// The Public Suffix List, for registrable domains ("eTLD+1").
///
/// The Observatory uses it twice: subresource integrity compares the registrable domain of a
/// script's host with the scanned host's (tldts, ICANN rules only), and the cookie jar rejects a
/// `Domain` attribute that is itself a public suffix (tough-cookie, ICANN and private rules).
/// The rules are a snapshot compiled in (`PublicSuffixData.swift`), so scans never touch the
/// network.
public struct PublicSuffixList: Sendable {
  private struct Rules: Sendable {
    var exact: Set<String> = []
    var wildcard: Set<String> = []  // "*.ck" stored as "ck"
    var exception: Set<String> = []  // "!www.ck" stored as "www.ck"
  }
  private let icann: Rules
  private let `private`: Rules

  /// The compiled-in snapshot.
  public static let shared = PublicSuffixList(icann: icannRules, private: privateRules)

  /// Builds a list from rule texts in the PSL file syntax, one rule per line.
  public init(icann: String, private privateText: String) {
    self.icann = Self.parse(icann)
    self.private = Self.parse(privateText)
  }

  private static func parse(_ text: String) -> Rules {
    var rules = Rules()
    for line in text.split(whereSeparator: \.isNewline) {
      let rule = line.trimmingCharacters(in: .whitespaces).lowercased()
      if rule.isEmpty || rule.hasPrefix("//") { continue }
      if rule.hasPrefix("!") {
        rules.exception.insert(String(rule.dropFirst()))
      } else if rule.hasPrefix("*.") {
        rules.wildcard.insert(String(rule.dropFirst(2)))
      } else {
        rules.exact.insert(rule)
      }
    }
    return rules
  }

  /// The public suffix of `host` (lower-case ASCII), using the PSL algorithm with the implicit
  /// `*` rule: an unknown TLD is its own suffix.
  public func publicSuffix(of host: String, includePrivate: Bool) -> String {
    let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(
      String.init)
    let sets = includePrivate ? [icann, `private`] : [icann]
    // Exception rules prevail: the suffix is the rule without its first label.
    for start in 0..<labels.count {
      let candidate = labels[start...].joined(separator: ".")
      if sets.contains(where: { $0.exception.contains(candidate) }) {
        return labels[(start + 1)...].joined(separator: ".")
      }
    }
    // Otherwise the matching rule with the most labels; candidates run longest first.
    for start in 0..<labels.count {
      let candidate = labels[start...].joined(separator: ".")
      let parent = labels[(start + 1)...].joined(separator: ".")
      if sets.contains(where: { rules in
        rules.exact.contains(candidate) || (!parent.isEmpty && rules.wildcard.contains(parent))
      }) {
        return candidate
      }
    }
    return labels.last ?? ""
  }

  /// The registrable domain (public suffix plus one label), or nil when `host` is itself a
  /// public suffix, empty, or an IP address.
  public func registrableDomain(of host: String, includePrivate: Bool) -> String? {
    var name = host.lowercased()
    while name.hasSuffix(".") { name.removeLast() }
    if name.isEmpty || Self.isIPAddress(name) { return nil }
    let suffix = publicSuffix(of: name, includePrivate: includePrivate)
    guard name.count > suffix.count, name.hasSuffix("." + suffix) else { return nil }
    let rest = name.dropLast(suffix.count + 1)
    let label = rest.split(separator: ".").last.map(String.init) ?? ""
    if label.isEmpty { return nil }
    return label + "." + suffix
  }

  /// True for dotted IPv4 and bracketed or bare IPv6 literals.
  public static func isIPAddress(_ host: String) -> Bool {
    if host.contains(":") { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { part in
      !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
    }
  }
}
