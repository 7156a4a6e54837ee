/// A bracket expression of a shell-style pattern (`[abc]`, `[a-z]`, `[!0-9]`): the one parser
/// and matcher behind Python's `fnmatch` (as `glob` and django-split-settings use it) and git's
/// `wildmatch` (gitignore patterns). Both read it the same way where they agree: after `[` an
/// optional negation, then a first member that may be `]`, then members up to the next `]`;
/// `x-y` is a range unless the `-` is first, last or right after a range. They differ in what
/// `Dialect` describes.
///
/// Pattern and text are code units: UTF-8 bytes for git (it matches bytes), Unicode scalar
/// values for Python (it matches code points).
public struct CharacterClass: Sendable, Equatable {
  /// How one tool reads a bracket expression.
  public struct Dialect: Sendable, Equatable {
    /// `[^…]` negates as `[!…]` does; otherwise `^` is a member.
    public var caretNegates: Bool
    /// `\` makes the next character a member; otherwise `\` is a member.
    public var backslashEscapes: Bool
    /// `[:alpha:]` and the other POSIX classes (ASCII only, as git's ctype has them).
    public var posixClasses: Bool
    /// A range whose end is below its start (`z-a`) matches nothing, its start included
    /// (Python drops it from the set); otherwise its start still matches (git has already
    /// matched it as a member when it sees the `-`).
    public var emptyRangeDropsStart: Bool

    /// Python's `fnmatch` (and so `glob`).
    public static let fnmatch = Dialect(
      caretNegates: false, backslashEscapes: false, posixClasses: false, emptyRangeDropsStart: true)
    /// git's `wildmatch` (gitignore, pathspecs).
    public static let wildmatch = Dialect(
      caretNegates: true, backslashEscapes: true, posixClasses: true, emptyRangeDropsStart: false)
  }

  /// What reading a bracket expression gives.
  public enum Parsed: Sendable, Equatable {
    /// A class, and the index just after its closing `]`.
    case valid(CharacterClass, end: Int)
    /// No closing `]`: Python reads the `[` as a literal; git's pattern matches nothing.
    case unterminated
    /// `[:name:]` with a name git does not know: git's pattern matches nothing.
    case malformed
  }

  /// `[!…]` (or `[^…]`): the class matches what is not a member.
  public let negated: Bool
  private let ranges: [ClosedRange<UInt32>]
  private let posix: [POSIXClass]

  /// Whether `unit` matches the class (negation applied).
  public func matches(_ unit: UInt32) -> Bool {
    let member = ranges.contains { $0.contains(unit) } || posix.contains { $0.contains(unit) }
    return member != negated
  }

  /// Reads the bracket expression whose `[` is at `start`.
  public static func parse(_ pattern: [UInt32], at start: Int, dialect: Dialect) -> Parsed {
    var index = start + 1
    var negated = false
    if index < pattern.count,
      pattern[index] == Unit.bang || (dialect.caretNegates && pattern[index] == Unit.caret)
    {
      negated = true
      index += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    var posix: [POSIXClass] = []
    // The last single member, which a following `-` makes the start of a range; nil after a
    // range or a POSIX class (so `a-c-e` has a literal `-`).
    var previous: UInt32?
    var first = true
    while true {
      guard index < pattern.count else { return .unterminated }
      var unit = pattern[index]
      if unit == Unit.close && !first { break }
      first = false
      if dialect.backslashEscapes && unit == Unit.backslash {
        index += 1
        guard index < pattern.count else { return .unterminated }
        unit = pattern[index]
      } else if unit == Unit.dash, let low = previous, index + 1 < pattern.count,
        pattern[index + 1] != Unit.close
      {
        index += 1
        var high = pattern[index]
        if dialect.backslashEscapes && high == Unit.backslash {
          index += 1
          guard index < pattern.count else { return .unterminated }
          high = pattern[index]
        }
        if low <= high {
          ranges.append(low...high)
        } else if dialect.emptyRangeDropsStart {
          ranges.removeLast()
        }
        previous = nil
        index += 1
        continue
      } else if dialect.posixClasses && unit == Unit.open && index + 1 < pattern.count
        && pattern[index + 1] == Unit.colon
      {
        // git scans to the next `]`; unless the text before it ends with `:` the `[` is a
        // plain member and reading goes on after it.
        let nameStart = index + 2
        guard let close = pattern[nameStart...].firstIndex(of: Unit.close) else { return .unterminated }
        if close - 1 >= nameStart, pattern[close - 1] == Unit.colon {
          let name = String(decoding: pattern[nameStart..<(close - 1)].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
          guard let named = POSIXClass(rawValue: name) else { return .malformed }
          posix.append(named)
          previous = nil
          index = close + 1
          continue
        }
      }
      ranges.append(unit...unit)
      previous = unit
      index += 1
    }
    return .valid(CharacterClass(negated: negated, ranges: ranges, posix: posix), end: index + 1)
  }

  private enum Unit {
    static let open = UInt32(UInt8(ascii: "["))
    static let close = UInt32(UInt8(ascii: "]"))
    static let bang = UInt32(UInt8(ascii: "!"))
    static let caret = UInt32(UInt8(ascii: "^"))
    static let dash = UInt32(UInt8(ascii: "-"))
    static let colon = UInt32(UInt8(ascii: ":"))
    static let backslash = UInt32(UInt8(ascii: "\\"))
  }

  /// The POSIX classes as git's own ctype table defines them: ASCII only, and `space` is tab,
  /// newline, carriage return and space (not vertical tab or form feed).
  private enum POSIXClass: String, Sendable, Equatable {
    case alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit

    func contains(_ unit: UInt32) -> Bool {
      guard unit < 0x80 else { return false }
      let scalar = Unicode.Scalar(UInt8(unit))
      let isDigit = ("0"..."9").contains(scalar)
      let isLower = ("a"..."z").contains(scalar)
      let isUpper = ("A"..."Z").contains(scalar)
      let isPrint = (0x20...0x7E).contains(unit)
      switch self {
      case .alnum: return isDigit || isLower || isUpper
      case .alpha: return isLower || isUpper
      case .blank: return unit == 0x20 || unit == 0x09
      case .cntrl: return unit < 0x20 || unit == 0x7F
      case .digit: return isDigit
      case .graph: return isPrint && unit != 0x20
      case .lower: return isLower
      case .print: return isPrint
      case .punct: return isPrint && unit != 0x20 && !(isDigit || isLower || isUpper)
      case .space: return [0x09, 0x0A, 0x0D, 0x20].contains(unit)
      case .upper: return isUpper
      case .xdigit: return isDigit || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
      }
    }
  }
}
