import ParapetFacts

/// Python's shell-style matching of names and paths, as `fnmatch`, `glob` and `pathlib` do it:
/// `*` and `?` within one path segment, `[…]` classes, and `**` for any number of folders
/// where the caller allows it. One place for it: django-split-settings' `include()` and the
/// folder listings (`Path.glob`, `glob.glob`) both match here.
package enum PythonGlob {
  /// The segments of a pattern or a relative path.
  package static func segments(_ text: String) -> [Substring] {
    text.split(separator: "/", omittingEmptySubsequences: true)
  }

  /// True when `pattern` contains a character `glob` treats as magic (`*`, `?`, `[`).
  package static func isMagic<S: StringProtocol>(_ pattern: S) -> Bool {
    pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// `fnmatch` for one path of as many segments as the pattern (`glob`'s rules: a leading `.`
  /// in a name is matched only by a literal `.`).
  package static func matches(_ pattern: String, _ path: String) -> Bool {
    let patternParts = pattern.split(separator: "/", omittingEmptySubsequences: false)
    let pathParts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard patternParts.count == pathParts.count else { return false }
    for (want, have) in zip(patternParts, pathParts) where !segmentMatches(want, have, hidden: false) {
      return false
    }
    return true
  }

  /// True when the relative path `path` matches the pattern segments; `recursive` lets a
  /// segment that is exactly `**` stand for zero or more folders. `hidden` lets wildcards match
  /// names that start with a `.` (pathlib's rule; `glob.glob` needs a literal `.`).
  package static func matches(_ pattern: [Substring], _ path: [Substring], recursive: Bool, hidden: Bool) -> Bool {
    match(pattern[...], path[...], recursive: recursive, hidden: hidden, prefixOnly: false)
  }

  /// True when a walk along the pattern may go into the folder `path` (relative): its segments
  /// match the pattern's first ones, or a `**` before them. Listing what lies under such a
  /// folder needs its contents.
  package static func mayEnter(_ pattern: [Substring], _ path: [Substring], recursive: Bool, hidden: Bool) -> Bool {
    match(pattern[...], path[...], recursive: recursive, hidden: hidden, prefixOnly: true)
  }

  private static func match(
    _ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>, recursive: Bool, hidden: Bool, prefixOnly: Bool
  ) -> Bool {
    guard let first = pattern.first else { return path.isEmpty }
    if recursive && first == "**" {
      // Zero folders, or one more folder for the same `**` (never a hidden one unless allowed).
      if match(pattern.dropFirst(), path, recursive: recursive, hidden: hidden, prefixOnly: prefixOnly) { return true }
      guard let name = path.first, hidden || !name.hasPrefix(".") else { return prefixOnly && path.isEmpty }
      return match(pattern, path.dropFirst(), recursive: recursive, hidden: hidden, prefixOnly: prefixOnly)
    }
    guard let name = path.first else { return prefixOnly }
    guard segmentMatches(first, name, hidden: hidden) else { return false }
    return match(pattern.dropFirst(), path.dropFirst(), recursive: recursive, hidden: hidden, prefixOnly: prefixOnly)
  }

  /// One segment, on code points as Python matches them (`Glob` in the fnmatch dialect).
  package static func segmentMatches<P: StringProtocol, N: StringProtocol>(_ want: P, _ have: N, hidden: Bool) -> Bool {
    if !hidden && have.hasPrefix(".") && !want.hasPrefix(".") { return false }
    return Glob.matches(want, have, classes: .fnmatch)
  }
}
