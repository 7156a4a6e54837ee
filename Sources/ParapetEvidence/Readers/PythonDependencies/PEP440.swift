import Foundation
/// PEP 440 versions and specifiers, enough to compare Django releases and resolve pins.
///
/// Versions: epoch (`1!`), release (`5.2.19`), pre-releases (`a1`, `b2`, `rc1` and the spellings
/// `alpha`, `beta`, `c`, `pre`, `preview`), post (`.post1`, `-1`), dev (`.dev0`) and local
/// (`+ubuntu1`), normalized as PEP 440 says. Specifiers: `==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`,
/// `===` and `.*` prefixes.
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
      local = String(text[text.index(after: plus)...])
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
    func number() -> Int {
      separator()
      let digits = scanner.prefix { $0.isASCII && $0.isNumber }
      scanner = scanner.dropFirst(digits.count)
      return Int(digits) ?? 0
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
    guard scanner.isEmpty else { return nil }
  }

  /// `major.minor`, the Django "series" (feature release) a version belongs to.
  public var series: String {
    "\(release.first ?? 0).\(release.count > 1 ? release[1] : 0)"
  }

  public var isPrerelease: Bool { pre != nil || dev != nil }

  public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool {
    compare(lhs, rhs) == 0 && lhs.local == rhs.local
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(epoch)
    var trimmed = release
    while trimmed.count > 1 && trimmed.last == 0 { trimmed.removeLast() }
    hasher.combine(trimmed)
    hasher.combine(post)
    hasher.combine(dev)
  }

  public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool {
    compare(lhs, rhs) < 0
  }

  /// Compares ignoring local labels, which only matter for `===`.
  static func compare(_ lhs: PEP440Version, _ rhs: PEP440Version) -> Int {
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
        let bare = version.hasSuffix(".*") ? String(version.dropLast(2)) : version
        guard PEP440Version(bare) != nil else { return nil }
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

  /// True when `candidate` satisfies this clause.
  public func contains(_ candidate: PEP440Version) -> Bool {
    if op == "===" { return candidate.text == version }
    if version.hasSuffix(".*"), op == "==" || op == "!=" {
      guard let prefix = PEP440Version(String(version.dropLast(2))) else { return false }
      let head = Array(candidate.release.prefix(prefix.release.count)) + Array(repeating: 0, count: max(0, prefix.release.count - candidate.release.count))
      let matches = candidate.epoch == prefix.epoch && head == prefix.release
      return op == "==" ? matches : !matches
    }
    guard let target = PEP440Version(version) else { return false }
    switch op {
    case "==": return PEP440Version.compare(candidate, target) == 0
    case "!=": return PEP440Version.compare(candidate, target) != 0
    case "<": return candidate < target
    case "<=": return candidate <= target
    case ">": return candidate > target
    case ">=": return candidate >= target
    case "~=":
      // ~=X.Y.Z means >=X.Y.Z and ==X.Y.*
      guard candidate >= target, target.release.count >= 2 else { return false }
      let prefix = target.release.dropLast()
      return Array(candidate.release.prefix(prefix.count)) == Array(prefix)
    default: return false
    }
  }
}
