/// Name patterns with `*` (any run of characters) and `?` (one character), and, in a dialect
/// that has them, `[…]` classes: the one matcher behind plugin file patterns, `exclude` path
/// components and Python's `fnmatch` (`PythonGlob`).
public enum Glob {
  /// Whether `name` matches `pattern` as a whole (backtracking to the last `*`; linear in
  /// practice). With `classes`, a `[` starts a character class read in that dialect (an
  /// unterminated one is a literal `[`, as fnmatch reads it).
  public static func matches<P: StringProtocol, N: StringProtocol>(
    _ pattern: P, _ name: N, classes: CharacterClass.Dialect? = nil
  ) -> Bool {
    let p = pattern.unicodeScalars.map(\.value)
    let s = name.unicodeScalars.map(\.value)
    let starUnit = UInt32(UInt8(ascii: "*"))
    var pi = 0
    var si = 0
    var star = -1
    var mark = 0
    while si < s.count {
      if pi < p.count, p[pi] == starUnit {
        star = pi
        mark = si
        pi += 1
      } else if pi < p.count, let width = unitMatch(p, pi, s[si], classes: classes) {
        pi += width
        si += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        si = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == starUnit { pi += 1 }
    return pi == p.count
  }

  /// How many pattern units match `unit` at `index` (`?`, a literal, or a class), or nil.
  private static func unitMatch(_ pattern: [UInt32], _ index: Int, _ unit: UInt32, classes: CharacterClass.Dialect?) -> Int? {
    let first = pattern[index]
    if first == UInt32(UInt8(ascii: "?")) { return 1 }
    if let classes, first == UInt32(UInt8(ascii: "[")),
      case .valid(let set, let end) = CharacterClass.parse(pattern, at: index, dialect: classes)
    {
      return set.matches(unit) ? end - index : nil
    }
    return first == unit ? 1 : nil
  }
}
