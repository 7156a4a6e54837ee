import ParapetFacts

/// One pattern line of a `.gitignore`, read and matched as git's `dir.c` does.
struct GitIgnorePattern: Sendable {
  /// Where the line is and its text as git reports it.
  let match: GitIgnoreMatch
  /// `!pattern`: a match re-includes.
  let negated: Bool
  /// A trailing `/`: matches folders only.
  let directoryOnly: Bool
  /// No `/` (once the trailing one is gone): matched against the last path component.
  let basenameOnly: Bool
  /// The `.gitignore`'s folder ("" at the top): a path pattern is relative to it.
  let folder: [UInt8]
  /// The pattern's bytes before the first wildcard (`*?[\`), compared as they are; git hands
  /// only the rest to wildmatch, so a `**` right after this prefix counts as at the start
  /// (`foo**/bar` matches `foo/x/bar`, as git does).
  let literal: [UInt8]
  /// The rest, nil when the pattern has no wildcard.
  let rest: Wildmatch?
  /// The whole pattern, for basename matching (git matches it whole, without the prefix step).
  let whole: Wildmatch?

  /// The patterns of one `.gitignore` (`bytes` as read), in line order.
  static func parse(file: String, folder: String, bytes: [UInt8]) -> [GitIgnorePattern] {
    var bytes = bytes[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    var patterns: [GitIgnorePattern] = []
    for (offset, rawLine) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      // git skips empty lines and comments before it strips the `\r` of a `\r\n`.
      guard let first = rawLine.first, first != UInt8(ascii: "#") else { continue }
      var line = Array(rawLine)
      if line.last == UInt8(ascii: "\r") { line.removeLast() }
      line = trimmingTrailingSpaces(line)
      if let pattern = GitIgnorePattern(line: line, file: file, lineNumber: offset + 1, folder: folder) {
        patterns.append(pattern)
      }
    }
    return patterns
  }

  /// Trailing spaces go unless the last is escaped (`foo\ ` keeps `foo\ `); tabs stay.
  static func trimmingTrailingSpaces(_ line: [UInt8]) -> [UInt8] {
    var lastSpace: Int?
    var index = 0
    while index < line.count {
      switch line[index] {
      case UInt8(ascii: " "):
        if lastSpace == nil { lastSpace = index }
      case UInt8(ascii: "\\"):
        index += 1
        if index == line.count { return line }
        lastSpace = nil
      default:
        lastSpace = nil
      }
      index += 1
    }
    return lastSpace.map { Array(line[..<$0]) } ?? line
  }

  /// nil for a line that can match nothing (empty once `!` and the trailing `/` are gone).
  init?(line: [UInt8], file: String, lineNumber: Int, folder: String) {
    var body = line[...]
    negated = body.first == UInt8(ascii: "!")
    if negated { body = body.dropFirst() }
    // Only one trailing `/` is the folders-only mark (`foo//` keeps a `/` and matches nothing).
    directoryOnly = body.last == UInt8(ascii: "/")
    if directoryOnly { body = body.dropLast() }
    guard !body.isEmpty else { return nil }
    basenameOnly = !body.contains(UInt8(ascii: "/"))
    let wildcards: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\")]
    var pathPattern = body
    // A leading `/` only anchors (one of them: `//foo` never matches).
    if !basenameOnly, pathPattern.first == UInt8(ascii: "/") { pathPattern = pathPattern.dropFirst() }
    let prefixEnd = pathPattern.firstIndex(where: wildcards.contains) ?? pathPattern.endIndex
    literal = Array(pathPattern[..<prefixEnd])
    rest = prefixEnd == pathPattern.endIndex ? nil : Wildmatch(pathPattern[prefixEnd...])
    whole = body.contains(where: wildcards.contains) ? Wildmatch(body) : nil
    self.folder = Array(folder.utf8)
    match = GitIgnoreMatch(file: file, line: lineNumber, pattern: String(decoding: line, as: UTF8.self))
  }

  /// Whether the pattern matches `path` (bytes of the bundle path; its last component starts
  /// at `basenameStart`), ignoring negation.
  func matches(_ path: [UInt8], basenameStart: Int, isDirectory: Bool) -> Bool {
    if directoryOnly && !isDirectory { return false }
    if basenameOnly {
      let basename = path[basenameStart...]
      if let whole { return whole.matches(basename) }
      return basename.elementsEqual(literal)
    }
    // The path relative to the `.gitignore`'s folder.
    var name = path[...]
    if !folder.isEmpty {
      guard path.count > folder.count, path.starts(with: folder), path[folder.count] == UInt8(ascii: "/") else {
        return false
      }
      name = path[(folder.count + 1)...]
    }
    guard name.starts(with: literal) else { return false }
    let remainder = name.dropFirst(literal.count)
    guard let rest else { return remainder.isEmpty }
    return rest.matches(remainder)
  }
}
