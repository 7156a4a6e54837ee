/// Name patterns with `*` (any run of characters) and `?` (one character): the one matcher
/// behind plugin file patterns and `exclude` path components.
public enum Glob {
  /// Whether `name` matches `pattern` as a whole (backtracking to the last `*`; linear in
  /// practice).
  public static func matches<P: StringProtocol, N: StringProtocol>(_ pattern: P, _ name: N) -> Bool {
    let p = Array(pattern.unicodeScalars)
    let s = Array(name.unicodeScalars)
    var pi = 0
    var si = 0
    var star = -1
    var mark = 0
    while si < s.count {
      if pi < p.count, p[pi] == "?" || (p[pi] != "*" && p[pi] == s[si]) {
        pi += 1
        si += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = si
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        si = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
