import ParapetFacts

/// Which paths of a scan are never read as evidence: the `exclude` globs of parapet.toml and
/// `--exclude`, and a pack's own test fixtures.
///
/// A pattern is matched against a file's path as reports show it (relative to the scanned
/// folder; with several paths scanned, starting with the path as given), component by
/// component: `**` is any number of whole components (none too), `*` any run of characters
/// within one component, `?` one character other than `/`; everything else is literal. A pattern
/// that matches a folder excludes everything in it, so `vendor`, `vendor/` and `vendor/**` are
/// the same. Patterns are anchored at the scan root: `*.har` is a HAR file at the top,
/// `**/*.har` one anywhere.
///
/// A folder that holds a `pack.toml` is a policy pack: its `tests/` folder (golden bundles,
/// fixtures) is never the project's evidence, wherever the pack sits in the scanned tree
/// (`Examples/packs/acme/tests`).
public struct EvidenceExclusion: Sendable {
  let patterns: [[Substring]]

  /// `patterns` must have passed `patternProblem`.
  public init(_ patterns: [String]) {
    self.patterns = patterns.map(Self.components)
  }

  public var isEmpty: Bool { patterns.isEmpty }

  /// Why a pattern cannot be used, or nil.
  public static func patternProblem(_ pattern: String) -> String? {
    if pattern.isEmpty { return "is empty" }
    if pattern.hasPrefix("/") { return "is absolute; patterns are relative to the scan root (e.g. vendor/** or **/*.har)" }
    if pattern.contains("\0") { return "contains a NUL byte" }
    if components(pattern).contains(where: { $0 == ".." }) { return "contains '..'; patterns are relative to the scan root" }
    return nil
  }

  static func components(_ pattern: String) -> [Substring] {
    pattern.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
  }

  /// Whether the file or folder at `path` (as reports show it) is excluded.
  public func excludes(_ path: String) -> Bool {
    guard !patterns.isEmpty else { return false }
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    // A path is excluded when it or a folder it is in matches.
    return (1...max(parts.count, 1)).contains { length in
      let prefix = Array(parts.prefix(length))
      return patterns.contains { Self.match($0, prefix) }
    }
  }

  /// Matches pattern components against path components; `**` spans any number. A table of
  /// (pattern index, path index) pairs keeps it linear in their product, whatever the stars.
  static func match(_ pattern: [Substring], _ path: [Substring]) -> Bool {
    let rows = pattern.count
    let columns = path.count
    // reachable[i][j]: pattern[..<i] matches path[..<j].
    var reachable = Array(repeating: Array(repeating: false, count: columns + 1), count: rows + 1)
    reachable[0][0] = true
    for i in 0..<rows {
      for j in 0...columns where reachable[i][j] {
        if pattern[i] == "**" {
          for k in j...columns { reachable[i + 1][k] = true }
        } else if j < columns, Glob.matches(pattern[i], path[j]) {
          reachable[i + 1][j + 1] = true
        }
      }
    }
    return reachable[rows][columns]
  }

}
