import Foundation
/// Parses a Dockerfile into instructions, the way BuildKit's frontend reads it.
///
/// Handles parser directives (`# escape=`), continuation lines (with the escape character),
/// comment lines inside continuations, heredocs (`RUN <<EOF … EOF`, `<<-`, quoted markers),
/// exec form (a JSON array) vs shell form, and leading `--flag=value` options.
public enum DockerfileParser {
  /// One instruction with the lines it spans.
  public struct Instruction: Sendable {
    /// Upper-cased keyword (`FROM`, `RUN`, …).
    public var keyword: String
    /// `--name=value` options before the arguments (`--from=builder`, `--chown=app`).
    public var flags: [String: String]
    /// The same options in order as written, a repeated one (`--mount`) once per use; nil
    /// value for a flag written without `=` (`--link`).
    public var flagList: [(name: String, value: String?)] = []
    /// The arguments after the flags, continuation lines joined with a space.
    public var arguments: String
    /// The exec-form words, when the arguments are a JSON array of strings.
    public var exec: [String]?
    /// Heredoc bodies, in order, with their markers and the line each body starts on.
    public var heredocs: [(marker: String, body: String, line: Int)]
    /// First and last line of the instruction (1-based).
    public var line: Int
    public var endLine: Int
    /// 1-based column of the keyword on its first line.
    public var column: Int = 1
  }

  /// A parse problem on one line.
  public struct Problem: Error, Sendable {
    public var line: Int
    public var message: String
  }

  static let keywords: Set<String> = [
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
    "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
  ]

  /// True when the first line that is not blank, a comment or a parser directive starts with a
  /// Dockerfile instruction (`FROM`, `ARG`, …, in any case): what tells a Dockerfile from a
  /// file that only carries the name (a template, a playbook).
  static func startsWithInstruction(_ text: String) -> Bool {
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let trimmed = line.trimmingCharacters()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let word = trimmed.prefix { $0 != " " && $0 != "\t" }
      return keywords.contains(word.uppercased())
    }
    return false
  }

  /// The instructions and the problems found; instructions after a bad line are still read.
  public static func parse(_ text: String) -> (
    instructions: [Instruction], escape: Character, problems: [Problem],
    directives: [(name: String, value: String, line: Int)]
  ) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var escape: Character = "\\"
    var instructions: [Instruction] = []
    var problems: [Problem] = []
    var directives: [(name: String, value: String, line: Int)] = []
    var index = 0

    // Parser directives: only at the very top, before any blank line, comment or instruction.
    while index < lines.count {
      let trimmed = lines[index].trimmingCharacters()
      guard trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { break }
      let name = trimmed.dropFirst()[..<equals].trimmingCharacters().lowercased()
      guard name == "escape" || name == "syntax" || name == "check" else { break }
      let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters()
      directives.append((name, value, index + 1))
      if name == "escape" {
        if value == "`" || value == "\\" {
          escape = Character(value)
        } else {
          problems.append(Problem(line: index + 1, message: "escape directive must be '\\' or '`', found '\(value)'"))
        }
      }
      index += 1
    }

    while index < lines.count {
      let startLine = index + 1
      let column = lines[index].prefix { $0.isWhitespace }.count + 1
      let first = lines[index].trimmingCharacters()
      index += 1
      if first.isEmpty || first.hasPrefix("#") { continue }
      // Join continuation lines; comment and blank lines inside a continuation are dropped.
      var logical = first
      while logical.last == escape {
        logical.removeLast()
        var next: String?
        while index < lines.count {
          let candidate = lines[index].trimmingCharacters()
          index += 1
          if candidate.hasPrefix("#") || candidate.isEmpty { continue }
          next = candidate
          break
        }
        guard let next else { break }
        logical += " " + next
      }
      var endLine = index
      let keywordEnd = logical.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? logical.endIndex
      let keyword = logical[..<keywordEnd].uppercased()
      var rest = Substring(logical[keywordEnd...]).drop { $0 == " " || $0 == "\t" }
      guard keywords.contains(keyword) else {
        problems.append(Problem(line: startLine, message: "unknown instruction '\(logical[..<keywordEnd].prefix(30))'"))
        continue
      }
      // Options come first: `COPY --from=builder --chown=app:app src dst`.
      var flags: [String: String] = [:]
      var flagList: [(name: String, value: String?)] = []
      while rest.hasPrefix("--") {
        let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
        let option = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
        if let equals = option.firstIndex(of: "=") {
          let name = option[..<equals].lowercased()
          let value = String(option[option.index(after: equals)...])
          // `--mount` repeats; keep every value.
          flags[name] = flags[name].map { $0 + " " + value } ?? value
          flagList.append((name, value))
        } else {
          flags[option.lowercased()] = "true"
          flagList.append((option.lowercased(), nil))
        }
        rest = rest[end...].drop { $0 == " " || $0 == "\t" }
      }
      let arguments = String(rest)
      // Heredocs: every `<<MARKER` in RUN/COPY/ADD takes the following lines up to MARKER.
      var heredocs: [(String, String, Int)] = []
      if ["RUN", "COPY", "ADD"].contains(keyword) {
        for (marker, stripTabs) in heredocMarkers(arguments) {
          let bodyLine = index + 1
          var body: [String] = []
          var closed = false
          while index < lines.count {
            var line = lines[index]
            index += 1
            if stripTabs { line = String(line.drop { $0 == "\t" }) }
            if line == marker {
              closed = true
              break
            }
            body.append(line)
          }
          if !closed {
            problems.append(Problem(line: startLine, message: "heredoc <<\(marker) is never closed (expected a line '\(marker)')"))
          }
          heredocs.append((marker, body.joined(separator: "\n"), bodyLine))
        }
        endLine = index
      }
      instructions.append(
        Instruction(
          keyword: keyword, flags: flags, flagList: flagList, arguments: arguments, exec: execForm(arguments),
          heredocs: heredocs, line: startLine, endLine: max(endLine, startLine), column: column))
    }
    return (instructions, escape, problems, directives)
  }

  /// The heredoc markers in an instruction's arguments: `<<EOF`, `<<-EOF`, `<<"EOF"`.
  static func heredocMarkers(_ text: String) -> [(String, Bool)] {
    var markers: [(String, Bool)] = []
    var rest = Substring(text)
    while let range = rest.range(of: "<<") {
      var after = rest[range.upperBound...]
      var stripTabs = false
      if after.hasPrefix("-") {
        stripTabs = true
        after = after.dropFirst()
      }
      var quote: Character?
      if let first = after.first, first == "\"" || first == "'" {
        quote = first
        after = after.dropFirst()
      }
      let marker = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      if !marker.isEmpty {
        markers.append((String(marker), stripTabs))
        after = after[marker.endIndex...]
        if let quote, after.first == quote { after = after.dropFirst() }
      }
      rest = after
    }
    return markers
  }

  /// The words of an exec-form argument list, or nil for shell form (invalid JSON arrays are
  /// shell form too, as in Docker).
  static func execForm(_ text: String) -> [String]? {
    let trimmed = text.trimmingCharacters()
    guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
    var words: [String] = []
    var index = trimmed.index(after: trimmed.startIndex)
    let end = trimmed.index(before: trimmed.endIndex)
    func skipSpace() {
      while index < end, trimmed[index].isWhitespace { index = trimmed.index(after: index) }
    }
    skipSpace()
    if index == end { return [] }
    while index < end {
      skipSpace()
      guard index < end, trimmed[index] == "\"" else { return nil }
      index = trimmed.index(after: index)
      var word = ""
      var closed = false
      while index < end {
        let character = trimmed[index]
        index = trimmed.index(after: index)
        if character == "\\" {
          guard index < end else { return nil }
          let escaped = trimmed[index]
          index = trimmed.index(after: index)
          switch escaped {
          case "n": word.append("\n")
          case "t": word.append("\t")
          default: word.append(escaped)
          }
        } else if character == "\"" {
          closed = true
          break
        } else {
          word.append(character)
        }
      }
      guard closed else { return nil }
      words.append(word)
      skipSpace()
      if index < end {
        guard trimmed[index] == "," else { return nil }
        index = trimmed.index(after: index)
      }
    }
    return words
  }
}
