import ParapetFacts

/// Which paths of a scanned tree git ignores, from the `.gitignore` files among the bundle's files.
///
/// What it is for: a path the scanned files lack may be missing from a partial copy or missing
/// from every checkout; when git ignores it, a fresh checkout certainly lacks it (build output,
/// collected static files). The semantics are git's own (gitignore(5), `dir.c`, `wildmatch.c`),
/// recorded against real git in Tests/ParapetTests/Fixtures/gitignore/cases.json:
/// - blank lines and lines starting with `#` are skipped; `\#` and `\!` start a pattern with a
///   literal `#` or `!`; trailing spaces are trimmed unless escaped (`\ `); `\r\n` ends a line;
/// - `!` negates (re-includes); the last matching line of a file wins, and a deeper
///   `.gitignore` wins over a higher one;
/// - a trailing `/` matches folders only; a pattern with a `/` at its start or middle is
///   matched against the path relative to its `.gitignore`'s folder, any other against the
///   last component at any depth below it (`GitIgnorePattern`);
/// - a path inside an ignored folder is ignored by that folder's pattern: git never descends
///   into an ignored folder (nor reads a `.gitignore` there), so no later negation re-includes it.
///
/// Not modelled: `.git/info/exclude` and `core.excludesFile` (they are not in a checkout), and
/// whether a path is tracked (a tracked file is in a checkout even when a pattern matches it).
public struct GitIgnoreRules: Sendable {
  /// The patterns of each `.gitignore`, by its folder ("" for the top of the bundle).
  private let lists: [String: [GitIgnorePattern]]

  /// Reads every file whose name is `.gitignore`, at any depth.
  public init(files: [EvidenceFile]) {
    var lists: [String: [GitIgnorePattern]] = [:]
    for file in files where file.name == ".gitignore" {
      let folder = file.path == ".gitignore" ? "" : String(file.path.dropLast("/.gitignore".count))
      lists[folder] = GitIgnorePattern.parse(file: file.path, folder: folder, bytes: Array(file.data))
    }
    self.lists = lists
  }

  /// No `.gitignore` with a pattern: nothing is known to be ignored.
  public var isEmpty: Bool { lists.values.allSatisfy(\.isEmpty) }

  /// The pattern that makes git ignore `path` (bundle-relative, "/"-separated, no leading "/"),
  /// or nil when git does not ignore it. A path inside an ignored folder is ignored by that
  /// folder's pattern (git never descends into an ignored folder, so a later negation cannot
  /// re-include it).
  public func ignoringPattern(for path: String, isDirectory: Bool) -> GitIgnoreMatch? {
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    guard !components.isEmpty, !path.isEmpty else { return nil }
    // As git's prep_exclude: each folder on the way down is checked against the lists read so
    // far, then its own `.gitignore` is read.
    var active: [[GitIgnorePattern]] = []
    if let top = lists[""] { active.append(top) }
    var folder = ""
    for component in components.dropLast() {
      folder = folder.isEmpty ? String(component) : folder + "/" + component
      if let pattern = Self.lastMatch(folder, isDirectory: true, in: active), !pattern.negated {
        return pattern.match
      }
      if let list = lists[folder] { active.append(list) }
    }
    guard let pattern = Self.lastMatch(path, isDirectory: isDirectory, in: active), !pattern.negated else {
      return nil
    }
    return pattern.match
  }

  /// The deciding pattern for `path`: the deepest list with a match, its last matching line.
  private static func lastMatch(_ path: String, isDirectory: Bool, in active: [[GitIgnorePattern]])
    -> GitIgnorePattern?
  {
    let bytes = Array(path.utf8)
    let basenameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
    for list in active.reversed() {
      for pattern in list.reversed()
      where pattern.matches(bytes, basenameStart: basenameStart, isDirectory: isDirectory) {
        return pattern
      }
    }
    return nil
  }
}

/// The line of a `.gitignore` that decides a path.
public struct GitIgnoreMatch: Sendable, Equatable {
  /// The `.gitignore`'s bundle path.
  public let file: String
  /// Its line, from 1.
  public let line: Int
  /// The line as git reports it (`git check-ignore -v`): trailing spaces trimmed.
  public let pattern: String

  public init(file: String, line: Int, pattern: String) {
    self.file = file
    self.line = line
    self.pattern = pattern
  }
}
