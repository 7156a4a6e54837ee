import Foundation
/// PEP 440 versions and specifiers: the project's one implementation. Readers use it to resolve
/// pins; policies reach it through the sandbox's `pep440.*` host functions.
///
/// Versions: epoch (`1!`), release (`5.2.19`), pre-releases (`a1`, `b2`, `rc1` and the spellings
/// `alpha`, `beta`, `c`, `pre`, `preview`), post (`.post1`, `-1`, `rev`, `r`), dev (`.dev0`) and
/// local (`+ubuntu.1`), normalized as PEP 440 says. Ordering is PEP 440's, local labels included
/// (`1.0 < 1.0+a < 1.0+a.1 < 1.0+1`). Specifiers: `==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`, `===`
/// and `.*` prefixes, with PEP 440's exclusive-comparison and local-label rules.
public struct PEP440Version: Comparable, Hashable, Sendable, CustomStringConvertible {
  public var epoch: Int
  public var release: [Int]
  /// `a`, `b` or `rc`, and its number.
  public var pre: (String, Int)?
  public var post: Int?
  public var dev: Int?
  public var local: String?
  public let text: String

  public var description: String { text }

  public init?(_ raw: String) {
    var text = raw.trimmingCharacters().lowercased()
    if text.hasPrefix("v") { text.removeFirst() }
    self.text = raw.trimmingCharacters()
    if let plus = text.firstIndex(of: "+") {
      // Letters and digits, separated by one of `.`, `-`, `_` (normalized to `.`).
      let segments = text[text.index(after: plus)...].split(
        omittingEmptySubsequences: false,
        whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
      guard segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
      else { return nil }
      local = segments.joined(separator: ".")
      text = String(text[..<plus])
    }
    epoch = 0
    if let bang = text.firstIndex(of: "!") {
      guard let value = Int(text[..<bang]) else { return nil }
      epoch = value
      text = String(text[text.index(after: bang)...])
    }
    var scanner = Substring(text)
    var release: [Int] = []
    while true {
      let digits = scanner.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let number = Int(digits) else { break }
      release.append(number)
      scanner = scanner.dropFirst(digits.count)
      if scanner.hasPrefix("."), scanner.dropFirst().first?.isNumber == true {
        scanner = scanner.dropFirst()
      } else {
        break
      }
    }
    guard !release.isEmpty else { return nil }
    self.release = release
    func separator() { if let first = scanner.first, ".-_".contains(first) { scanner = scanner.dropFirst() } }
    // An implicit number is 0 (`1.0a` is `1.0a0`); one too large for Int makes the version invalid.
    var overflow = false
    func number() -> Int {
      let saved = scanner
      separator()
      let digits = scanner.prefix { $0.isASCII && $0.isNumber }
      if digits.isEmpty { scanner = saved; return 0 }
      scanner = scanner.dropFirst(digits.count)
      guard let value = Int(digits) else { overflow = true; return 0 }
      return value
    }
    // Pre-release.
    let saved = scanner
    separator()
    let preSpellings: [(String, String)] = [
      ("alpha", "a"), ("beta", "b"), ("preview", "rc"), ("pre", "rc"), ("rc", "rc"), ("a", "a"), ("b", "b"), ("c", "rc"),
    ]
    if let match = preSpellings.first(where: { scanner.hasPrefix($0.0) }) {
      scanner = scanner.dropFirst(match.0.count)
      pre = (match.1, number())
    } else {
      scanner = saved
    }
    let beforePost = scanner
    separator()
    if scanner.hasPrefix("post") || scanner.hasPrefix("rev") || scanner.hasPrefix("r") {
      let word = scanner.hasPrefix("post") ? 4 : (scanner.hasPrefix("rev") ? 3 : 1)
      scanner = scanner.dropFirst(word)
      post = number()
    } else if beforePost.hasPrefix("-"), scanner.first?.isNumber == true {
      post = number()
    } else {
      scanner = beforePost
    }
    let beforeDev = scanner
    separator()
    if scanner.hasPrefix("dev") {
      scanner = scanner.dropFirst(3)
      dev = number()
    } else {
      scanner = beforeDev
    }
    guard scanner.isEmpty, !overflow else { return nil }
  }

  /// The normalized form PEP 440 gives (`1!2.0rc1.post2.dev3+ubuntu.1`).
  public var normalized: String {
    var out = epoch != 0 ? "\(epoch)!" : ""
    out += release.map(String.init).joined(separator: ".")
    if let pre { out += "\(pre.0)\(pre.1)" }
    if let post { out += ".post\(post)" }
    if let dev { out += ".dev\(dev)" }
    if let local { out += "+\(local)" }
    return out
  }

  public var isPostRelease: Bool { post != nil }

  /// `major.minor`, the Django "series" (feature release) a version belongs to.
  public var series: String {
    "\(release.first ?? 0).\(release.count > 1 ? release[1] : 0)"
  }

  public var isPrerelease: Bool { pre != nil || dev != nil }

  /// Equal releases, trailing zeros aside (`1.0` and `1.0.0`).
  static func sameRelease(_ a: [Int], _ b: [Int]) -> Bool {
    let length = max(a.count, b.count)
    for index in 0..<length where (index < a.count ? a[index] : 0) != (index < b.count ? b[index] : 0) {
      return false
    }
    return true
  }

  public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool {
    compare(lhs, rhs) == 0
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(epoch)
    var trimmed = release
    while trimmed.count > 1 && trimmed.last == 0 { trimmed.removeLast() }
    hasher.combine(trimmed)
    hasher.combine(post)
    hasher.combine(dev)
    hasher.combine(pre?.0)
    hasher.combine(pre?.1)
    // As `compare` sees local labels: numeric segments by value (`01` is `1`).
    for segment in local?.split(separator: ".") ?? [] {
      if let number = Int(segment) { hasher.combine(number) } else { hasher.combine(segment) }
    }
  }

  public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool {
    compare(lhs, rhs) < 0
  }

  /// -1, 0 or 1 in PEP 440's order, local labels included: a version without a local label
  /// sorts before the same version with one; labels compare segment by segment, numbers
  /// numerically and above words, words as lower-case text, a shorter label first.
  public static func compare(_ lhs: PEP440Version, _ rhs: PEP440Version) -> Int {
    let publicOrder = comparePublic(lhs, rhs)
    if publicOrder != 0 { return publicOrder }
    switch (lhs.local, rhs.local) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let a?, let b?):
      let left = a.split(separator: "."), right = b.split(separator: ".")
      for (x, y) in zip(left, right) {
        switch (Int(x), Int(y)) {
        case (let m?, let n?): if m != n { return m < n ? -1 : 1 }
        case (.some, nil): return 1
        case (nil, .some): return -1
        case (nil, nil): if x != y { return x < y ? -1 : 1 }
        }
      }
      if left.count != right.count { return left.count < right.count ? -1 : 1 }
      return 0
    }
  }

  /// Compares the public versions (local labels ignored), as version specifiers do.
  public static func comparePublic(_ lhs: PEP440Version, _ rhs: PEP440Version) -> Int {
    if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
    let length = max(lhs.release.count, rhs.release.count)
    for index in 0..<length {
      let a = index < lhs.release.count ? lhs.release[index] : 0
      let b = index < rhs.release.count ? rhs.release[index] : 0
      if a != b { return a < b ? -1 : 1 }
    }
    // Order within one release: dev < pre < final < post.
    func phase(_ version: PEP440Version) -> (Int, Int, Int, Int) {
      let preRank: Int
      let preNumber: Int
      if let pre = version.pre {
        preRank = ["a": 1, "b": 2, "rc": 3][pre.0] ?? 0
        preNumber = pre.1
      } else if version.dev != nil && version.post == nil {
        preRank = 0
        preNumber = 0
      } else {
        preRank = 4
        preNumber = 0
      }
      let postRank = version.post.map { $0 + 1 } ?? 0
      let devRank = version.dev ?? Int.max
      return (preRank, preNumber, postRank, devRank)
    }
    let a = phase(lhs)
    let b = phase(rhs)
    if a == b { return 0 }
    return a < b ? -1 : 1
  }
}

/// One PEP 440 specifier clause, `>=5.2,<6.0` being two.
public struct PEP440Specifier: Sendable, CustomStringConvertible {
  public var op: String
  public var version: String

  public var description: String { op + version }

  public init(op: String, version: String) {
    self.op = op
    self.version = version
  }

  /// The clauses of a specifier set, or nil when one is not valid.
  public static func parseSet(_ text: String) -> [PEP440Specifier]? {
    var clauses: [PEP440Specifier] = []
    for part in text.split(separator: ",") {
      let clause = part.trimmingCharacters()
      if clause.isEmpty { continue }
      guard let op = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"].first(where: { clause.hasPrefix($0) }) else {
        return nil
      }
      let version = clause.dropFirst(op.count).trimmingCharacters()
      guard !version.isEmpty else { return nil }
      if op != "===" {
        let wildcard = version.hasSuffix(".*")
        guard let parsed = PEP440Version(wildcard ? String(version.dropLast(2)) : version) else { return nil }
        // PEP 440: `.*` only after a release (`==` and `!=`), local labels only with `==` and
        // `!=`, and `~=` needs at least two release numbers.
        if wildcard, !(op == "==" || op == "!=") { return nil }
        if wildcard, parsed.pre != nil || parsed.post != nil || parsed.dev != nil || parsed.local != nil { return nil }
        if parsed.local != nil, !(op == "==" || op == "!=") { return nil }
        if op == "~=", parsed.release.count < 2 { return nil }
      }
      clauses.append(PEP440Specifier(op: op, version: version))
    }
    return clauses
  }

  /// The exact version a set pins (`==5.2.19`, `===5.2.19`), if it pins one.
  public static func pinned(_ clauses: [PEP440Specifier]) -> String? {
    for clause in clauses where (clause.op == "==" || clause.op == "===") && !clause.version.hasSuffix(".*") {
      return clause.version
    }
    return nil
  }

  /// True when `candidate` satisfies this clause. Pre-releases are not excluded: the question is
  /// whether a version already chosen (pinned, locked, installed) matches, which PEP 440 allows
  /// for pre-releases too.
  public func contains(_ candidate: PEP440Version) -> Bool {
    // Arbitrary equality: the text as written, case aside.
    if op == "===" { return candidate.text.lowercased() == version.lowercased() }
    if version.hasSuffix(".*"), op == "==" || op == "!=" {
      guard let prefix = PEP440Version(String(version.dropLast(2))) else { return false }
      return op == "==" ? Self.matches(candidate, prefix: prefix.release, epoch: prefix.epoch)
        : !Self.matches(candidate, prefix: prefix.release, epoch: prefix.epoch)
    }
    guard let target = PEP440Version(version) else { return false }
    // A specifier without a local label ignores the candidate's; with one, it must match too.
    let equal = target.local != nil
      ? PEP440Version.compare(candidate, target) == 0 : PEP440Version.comparePublic(candidate, target) == 0
    let order = PEP440Version.comparePublic(candidate, target)
    let sameRelease = candidate.epoch == target.epoch
      && PEP440Version.sameRelease(candidate.release, target.release)
    switch op {
    case "==": return equal
    case "!=": return !equal
    case "<=": return order <= 0
    case ">=": return order >= 0
    case "<":
      // `<V` excludes pre-releases of V's own release unless V is a pre-release.
      if order >= 0 { return false }
      return !(candidate.isPrerelease && !target.isPrerelease && sameRelease)
    case ">":
      // `>V` excludes post-releases of V's own release unless V is a post-release, and local
      // versions of V's release.
      if order <= 0 { return false }
      if candidate.isPostRelease && !target.isPostRelease && sameRelease { return false }
      return !(candidate.local != nil && sameRelease)
    case "~=":
      // ~=X.Y.Z means >=X.Y.Z and ==X.Y.*
      guard order >= 0, target.release.count >= 2 else { return false }
      return Self.matches(candidate, prefix: Array(target.release.dropLast()), epoch: target.epoch)
    default: return false
    }
  }

  /// `==prefix.*`: the candidate's release, padded with zeros, starts with `prefix`.
  static func matches(_ candidate: PEP440Version, prefix: [Int], epoch: Int) -> Bool {
    let head = Array(candidate.release.prefix(prefix.count))
      + Array(repeating: 0, count: max(0, prefix.count - candidate.release.count))
    return candidate.epoch == epoch && head == prefix
  }
}
