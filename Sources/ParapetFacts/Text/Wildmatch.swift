/// git's `wildmatch` with `WM_PATHNAME`, the matcher behind gitignore patterns, on bytes as git
/// matches them: `?` one byte other than `/`, `*` any run without `/`, `[…]` a class
/// (`CharacterClass.Dialect.wildmatch`, never `/`), `\` makes the next byte literal. `**` matches
/// across `/` only as a whole path component: at the start or after `/`, and at the end or
/// before `/`; `**/` also matches nothing (so `a/**/b` matches `a/b`). Any other `**` is `*`.
///
/// The pattern is compiled once into steps and matched by advancing the set of reachable steps
/// over the text (a Thompson simulation), so the cost is at most steps × text length: no
/// backtracking, whatever the stars.
public struct Wildmatch: Sendable {
  private enum Step: Sendable {
    case byte(UInt8)
    /// `?`: one byte other than `/`.
    case any
    /// A bracket expression: one byte in it, never `/`.
    case set(CharacterClass)
    /// `*`: any run of bytes without `/`.
    case star
    /// A whole-component `**`: any run of bytes; `skipsSlash` when it is `**/`, which may
    /// also match nothing at all (the step after it is that `/`).
    case starStar(skipsSlash: Bool)
  }

  private let steps: [Step]
  /// A class git cannot read (unterminated, or an unknown `[:name:]`): git's match aborts, so
  /// the pattern matches nothing.
  private let matchesNothing: Bool

  /// Compiles `pattern` (its start is the start git sees: a component boundary for `**`).
  public init<Bytes: Collection>(_ pattern: Bytes) where Bytes.Element == UInt8 {
    let bytes = Array(pattern)
    let units = bytes.map(UInt32.init)
    let slash = UInt8(ascii: "/")
    let star = UInt8(ascii: "*")
    let backslash = UInt8(ascii: "\\")
    var steps: [Step] = []
    var broken = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "?"):
        steps.append(.any)
        index += 1
      case UInt8(ascii: "["):
        switch CharacterClass.parse(units, at: index, dialect: .wildmatch) {
        case .valid(let set, let end):
          steps.append(.set(set))
          index = end
        case .unterminated, .malformed:
          broken = true
          index = bytes.count
        }
      case backslash:
        // A trailing backslash escapes nothing: git compares the text with the end of the
        // pattern, which never matches.
        guard index + 1 < bytes.count else {
          broken = true
          index += 1
          break
        }
        steps.append(.byte(bytes[index + 1]))
        index += 2
      case star:
        var end = index
        while end < bytes.count && bytes[end] == star { end += 1 }
        let atBoundaryBefore = index == 0 || bytes[index - 1] == slash
        let atBoundaryAfter =
          end == bytes.count || bytes[end] == slash
          || (bytes[end] == backslash && end + 1 < bytes.count && bytes[end + 1] == slash)
        if end - index >= 2 && atBoundaryBefore && atBoundaryAfter {
          steps.append(.starStar(skipsSlash: end < bytes.count && bytes[end] == slash))
        } else {
          steps.append(.star)
        }
        index = end
      default:
        steps.append(.byte(byte))
        index += 1
      }
    }
    self.steps = steps
    self.matchesNothing = broken
  }

  /// Whether the whole of `text` matches.
  public func matches<Bytes: Collection>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
    if matchesNothing { return false }
    let slash = UInt8(ascii: "/")
    var current = [Bool](repeating: false, count: steps.count + 1)
    var next = current
    close(0, into: &current)
    for byte in text {
      for index in next.indices { next[index] = false }
      var any = false
      for index in 0..<steps.count where current[index] {
        switch steps[index] {
        case .byte(let expected):
          if byte == expected { close(index + 1, into: &next) }
        case .any:
          if byte != slash { close(index + 1, into: &next) }
        case .set(let set):
          if byte != slash && set.matches(UInt32(byte)) { close(index + 1, into: &next) }
        case .star:
          if byte != slash { close(index, into: &next) }
        case .starStar:
          close(index, into: &next)
        }
      }
      swap(&current, &next)
      for flag in current where flag {
        any = true
        break
      }
      if !any { return false }
    }
    return current[steps.count]
  }

  /// Marks `index` reachable, with every step reachable from it without reading a byte (past
  /// stars, which may match nothing, and past `**/` with its `/`).
  private func close(_ index: Int, into reachable: inout [Bool]) {
    var index = index
    while index <= steps.count, !reachable[index] {
      reachable[index] = true
      guard index < steps.count else { return }
      switch steps[index] {
      case .star, .starStar(skipsSlash: false):
        index += 1
      case .starStar(skipsSlash: true):
        close(index + 2, into: &reachable)
        index += 1
      default:
        return
      }
    }
  }
}
