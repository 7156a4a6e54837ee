/// configparser's interpolations, as CPython 3.12 expands a value when it is read:
/// `BasicInterpolation` (`%(name)s` from the same section or the defaults, `%%`),
/// `ExtendedInterpolation` (`${name}`, `${section:name}`, `$$`) and none (RawConfigParser,
/// `interpolation=None`). Up to `MAX_INTERPOLATION_DEPTH` (10) nested expansions.
package enum ConfigParserInterpolation: Sendable {
  case none
  case basic
  case extended

  /// What a name stands for in the map being interpolated.
  package enum Lookup {
    case text(String)
    case absent
    /// A value Parapet cannot read as text (unknown).
    case unreadable
    /// A known value that is not a str (None for an option without value): Python's `in`
    /// test on it raises TypeError.
    case notString(String)
  }

  /// The exception Python raises (`InterpolationMissingOptionError`, …), or `blocked` when a
  /// value needed is not known.
  package struct Failure: Error {
    package var type: String
    package var message: String
    package static let blockedType = "<blocked>"
  }

  /// Validation by `set()` (`before_set`): ValueError for a `%` or `$` that is not part of
  /// valid syntax.
  package func validateForSet(_ value: String) -> Bool {
    switch self {
    case .none: return true
    case .basic: return !Self.removing(value.replacingOccurrences(of: "%%", with: ""), open: "%(", close: ")s").contains("%")
    case .extended: return !Self.removing(value.replacingOccurrences(of: "$$", with: ""), open: "${", close: "}").contains("$")
    }
  }

  /// `re.sub(r"%\(([^)]+)\)s", "", text)` and its `${…}` counterpart.
  private static func removing(_ text: String, open: String, close: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let start = rest.range(of: open) {
      let afterOpen = rest[start.upperBound...]
      let closeFirst = close.first!
      if let end = afterOpen.firstIndex(of: closeFirst), end > afterOpen.startIndex, afterOpen[end...].hasPrefix(close) {
        out += rest[..<start.lowerBound]
        rest = afterOpen[afterOpen.index(end, offsetBy: close.count)...]
      } else {
        out += rest[..<start.upperBound]
        rest = afterOpen
      }
    }
    return out + rest
  }

  /// Expands `value` of `option` in a section whose map (`vars`, the section, the defaults)
  /// is `map`. `sectionMap(name)` gives another section's raw map for `${section:name}`
  /// (nil: no such section).
  package func expand(
    _ value: String, map: (String) -> Lookup, optionxform: (String) -> String,
    sectionMap: (String) -> ((String) -> Lookup)?
  ) throws(Failure) -> String {
    guard self != .none else { return value }
    var out = ""
    try expand(value, map: map, optionxform: optionxform, sectionMap: sectionMap, depth: 1, into: &out)
    return out
  }

  private static let maximumDepth = 10

  /// `_interpolate_some` of both interpolations: `%`/`$` doubled is itself, `%(name)s` or
  /// `${name}`/`${section:name}` is the named value (expanded again while it holds the marker,
  /// in the map it came from), any other use of the marker is a syntax error.
  private func expand(
    _ value: String, map: (String) -> Lookup, optionxform: (String) -> String,
    sectionMap: (String) -> ((String) -> Lookup)?, depth: Int, into out: inout String
  ) throws(Failure) {
    guard depth <= Self.maximumDepth else { throw Failure(type: "InterpolationDepthError", message: "Recursion limit exceeded in value substitution") }
    let (marker, open, close): (Character, Character, String) = self == .basic ? ("%", "(", ")s") : ("$", "{", "}")
    var rest = Substring(value)
    while !rest.isEmpty {
      guard let position = rest.firstIndex(of: marker) else { out += rest; return }
      out += rest[..<position]
      rest = rest[position...]
      let next = rest.dropFirst().first
      if next == marker {
        out.append(marker)
        rest = rest.dropFirst(2)
        continue
      }
      guard next == open else {
        throw Failure(type: "InterpolationSyntaxError", message: "'\(marker)' must be followed by '\(marker)' or '\(open)', found: '\(rest)'")
      }
      // `%\(([^)]+)\)s` / `\$\{([^}]+)\}`
      let inside = rest.dropFirst(2)
      guard let end = inside.firstIndex(of: close.first!), end > inside.startIndex, inside[end...].hasPrefix(close) else {
        throw Failure(type: "InterpolationSyntaxError", message: "bad interpolation variable reference '\(rest)'")
      }
      let reference = String(inside[..<end])
      rest = inside[inside.index(end, offsetBy: close.count)...]
      var lookupMap = map
      let found: Lookup
      let path = self == .basic ? [reference] : reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      switch path.count {
      case 1: found = map(optionxform(path[0]))
      case 2:
        guard let other = sectionMap(path[0]) else {
          throw Failure(type: "InterpolationMissingOptionError", message: "Bad value substitution: no section '\(path[0])'")
        }
        found = other(optionxform(path[1]))
        lookupMap = other
      default: throw Failure(type: "InterpolationSyntaxError", message: "More than one ':' found: '\(rest)'")
      }
      switch found {
      case .absent: throw Failure(type: "InterpolationMissingOptionError", message: "Bad value substitution: no option '\(reference)'")
      case .unreadable: throw Failure(type: Failure.blockedType, message: "'\(reference)' is not known")
      case .notString(let type): throw Failure(type: "TypeError", message: "argument of type '\(type)' is not iterable")
      case .text(let text):
        if text.contains(marker) {
          try expand(text, map: lookupMap, optionxform: optionxform, sectionMap: sectionMap, depth: depth + 1, into: &out)
        } else {
          out += text
        }
      }
    }
  }
}
