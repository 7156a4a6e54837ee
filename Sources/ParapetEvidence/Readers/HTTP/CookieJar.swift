import Foundation

/// The cookie jar the Observatory fills: every `Set-Cookie` of every response in the graded
/// redirect chain, each against that response's URL.
///
/// It applies tough-cookie 5's acceptance rules with the options the Observatory uses (strict
/// parsing, public suffixes rejected, prefix violations silently dropped, errors ignored):
/// a `Domain` that does not domain-match the host or is a public suffix rejects the cookie;
/// `__Secure-` needs `Secure`; `__Host-` needs `Secure`, no `Domain` and path `/`; a later
/// cookie with the same name, domain and path replaces the earlier one; expired cookies stay.
public struct CookieJar: Sendable {
  /// A cookie the jar kept, with where it was set.
  public struct Entry: Sendable {
    public var cookie: SetCookie
    /// The domain it is stored under (the host itself when host-only).
    public var domain: String
    public var hostOnly: Bool
    /// The stored path (the default path when the attribute was missing or invalid).
    public var path: String
    /// The URL of the response that set it.
    public var url: String
    /// The header line that set it.
    public var field: HTTPHeaderField
  }

  /// A `Set-Cookie` the jar refused, and why.
  public struct Rejected: Sendable {
    public var text: String
    public var url: String
    public var reason: String
    public var field: HTTPHeaderField
  }

  public private(set) var entries: [Entry] = []
  /// Where each (name, domain, path) is in `entries`: a cookie replaces the one with the same
  /// key in constant time (a response with 50,000 Set-Cookie headers was quadratic).
  private var positions: [String: Int] = [:]
  public private(set) var rejected: [Rejected] = []
  private let suffixes: PublicSuffixList

  public init(suffixes: PublicSuffixList = .shared) {
    self.suffixes = suffixes
  }

  /// Offers one `Set-Cookie` value received from `url`.
  public mutating func set(_ field: HTTPHeaderField, from url: String) {
    func reject(_ reason: String) {
      rejected.append(Rejected(text: field.value, url: url, reason: reason, field: field))
    }
    guard let parts = URLParts(url), let host = parts.host else {
      return reject("the response URL has no host")
    }
    var cookie: SetCookie
    switch SetCookieParser.parse(field.value) {
    case .failure(let error): return reject(error.reason.rawValue)
    case .success(let parsed): cookie = parsed
    }
    var hostOnly = true
    var domain = host
    if let attribute = cookie.domain {
      if !isIPv6(attribute), publicSuffixRegistrable(attribute) == nil {
        return reject("Domain=\(attribute) is a public suffix")
      }
      guard Self.domainMatch(host: host, domain: attribute) else {
        return reject("Domain=\(attribute) does not match the host \(host)")
      }
      hostOnly = false
      domain = attribute
    }
    var path = cookie.path ?? ""
    if path.isEmpty || !path.hasPrefix("/") { path = Self.defaultPath(parts.path) }
    if cookie.name.hasPrefix("__Secure-"), !cookie.secure {
      return reject("__Secure- prefix without the Secure attribute")
    }
    if cookie.name.hasPrefix("__Host-"), !(cookie.secure && hostOnly && path == "/") {
      return reject("__Host- prefix needs Secure, no Domain and Path=/")
    }
    let entry = Entry(
      cookie: cookie, domain: domain, hostOnly: hostOnly, path: path, url: url, field: field)
    let key = cookie.name + "\u{0}" + domain + "\u{0}" + path
    if let index = positions[key] {
      entries[index] = entry
    } else {
      positions[key] = entries.count
      entries.append(entry)
    }
  }

  /// tough-cookie's `getPublicSuffix`: the registrable domain with private rules, where the
  /// RFC 6761 special-use names (`localhost`, `test`, `example`, …) are allowed.
  private func publicSuffixRegistrable(_ domain: String) -> String? {
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    if let tld = labels.last, ["local", "example", "invalid", "localhost", "test"].contains(tld) {
      if labels.count > 1 { return labels.suffix(2).joined(separator: ".") }
      if tld == "localhost" || tld == "invalid" { return String(tld) }
    }
    return suffixes.registrableDomain(of: domain, includePrivate: true)
  }

  private func isIPv6(_ text: String) -> Bool { text.contains(":") }

  /// RFC 6265 §5.1.3 domain matching (no IP addresses for suffix matches).
  public static func domainMatch(host: String, domain: String) -> Bool {
    if host == domain { return true }
    guard host.hasSuffix("." + domain) else { return false }
    return !PublicSuffixList.isIPAddress(host)
  }

  /// RFC 6265 §5.1.4 default path: the request path up to, not including, its last `/`.
  public static func defaultPath(_ path: String) -> String {
    guard path.hasPrefix("/"), let last = path.lastIndex(of: "/"), last != path.startIndex else {
      return "/"
    }
    return String(path[..<last])
  }
}

/// The parts of an absolute URL the HTTP readers need, parsed without Foundation's URL so that
/// odd inputs never crash or silently change.
public struct URLParts: Sendable, Hashable {
  /// Lower-cased scheme without `:`.
  public var scheme: String
  /// Lower-cased host without brackets or port; nil when the URL has no authority.
  public var host: String?
  /// The port when given explicitly.
  public var port: Int?
  /// The path, `/` when empty.
  public var path: String

  public init?(_ text: String) {
    let trimmed = HTTPText.jsTrim(text)
    guard let colon = trimmed.firstIndex(of: ":") else { return nil }
    let scheme = trimmed[..<colon]
    guard let first = scheme.first, first.isLetter,
      scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
    else { return nil }
    self.scheme = scheme.lowercased()
    var rest = trimmed[trimmed.index(after: colon)...]
    host = nil
    port = nil
    if rest.hasPrefix("//") {
      rest = rest.dropFirst(2)
      let authorityEnd = rest.firstIndex { "/?#\\".contains($0) } ?? rest.endIndex
      var authority = rest[..<authorityEnd]
      if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
      if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
        host = String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
        let after = authority[authority.index(after: close)...]
        if after.hasPrefix(":") { port = Int(after.dropFirst()) }
      } else if let portColon = authority.lastIndex(of: ":") {
        host = String(authority[..<portColon]).lowercased()
        port = Int(authority[authority.index(after: portColon)...])
      } else {
        host = String(authority).lowercased()
      }
      rest = rest[authorityEnd...]
    }
    let pathEnd = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
    let path = String(rest[..<pathEnd])
    self.path = path.isEmpty ? "/" : path
  }

  /// `host` or `host:port` when the port is not the scheme's default.
  public var hostWithPort: String? {
    guard let host else { return nil }
    let shown = host.contains(":") ? "[\(host)]" : host
    if let port, !(scheme == "https" && port == 443) && !(scheme == "http" && port == 80) {
      return "\(shown):\(port)"
    }
    return shown
  }

  /// Resolves `reference` (a `Location` value) against `base`, as browsers do for the common
  /// forms: absolute, scheme-relative, absolute-path and relative-path references.
  public static func resolve(_ reference: String, against base: String) -> String {
    let ref = HTTPText.jsTrim(reference)
    if URLParts(ref) != nil, ref.contains(":") {
      let colon = ref.firstIndex(of: ":")!
      if !ref[ref.index(after: colon)...].hasPrefix("//"),
        let baseParts = URLParts(base), ref[..<colon].lowercased() == baseParts.scheme,
        ["http", "https"].contains(baseParts.scheme)
      {
        // "https:foo" relative to an https base is a relative reference (WHATWG special case).
        return resolve(String(ref[ref.index(after: colon)...]), against: base)
      }
      return ref
    }
    guard let baseParts = URLParts(base), let origin = originPrefix(base) else { return ref }
    if ref.hasPrefix("//") || ref.hasPrefix("\\\\") { return baseParts.scheme + ":" + ref }
    if ref.hasPrefix("/") || ref.hasPrefix("\\") { return origin + normalizeDots(ref) }
    if ref.isEmpty { return base }
    if ref.hasPrefix("?") { return origin + baseParts.path + ref }
    if ref.hasPrefix("#") { return base.split(separator: "#", maxSplits: 1).first.map(String.init)! + ref }
    let directory = baseParts.path.lastIndex(of: "/").map { String(baseParts.path[...$0]) } ?? "/"
    return origin + normalizeDots(directory + ref)
  }

  /// `scheme://authority` of an absolute URL.
  static func originPrefix(_ url: String) -> String? {
    let trimmed = HTTPText.jsTrim(url)
    guard let range = trimmed.range(of: "://") else { return nil }
    let afterScheme = trimmed[range.upperBound...]
    let end = afterScheme.firstIndex { "/?#".contains($0) } ?? afterScheme.endIndex
    return String(trimmed[..<end])
  }

  /// Removes `.` and `..` segments from a path (RFC 3986 §5.2.4), keeping the query.
  static func normalizeDots(_ pathAndQuery: String) -> String {
    let queryStart = pathAndQuery.firstIndex { $0 == "?" || $0 == "#" } ?? pathAndQuery.endIndex
    let path = pathAndQuery[..<queryStart]
    let tail = pathAndQuery[queryStart...]
    var output: [Substring] = []
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    for (index, segment) in segments.enumerated() {
      let isLast = index == segments.count - 1
      if segment == "." {
        if isLast { output.append("") }
      } else if segment == ".." {
        if output.count > 1 { output.removeLast() }
        if isLast { output.append("") }
      } else {
        output.append(segment)
      }
    }
    var joined = output.joined(separator: "/")
    if !joined.hasPrefix("/") { joined = "/" + joined }
    return joined + tail
  }
}
