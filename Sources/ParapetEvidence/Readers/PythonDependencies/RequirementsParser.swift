import ParapetPython
import Foundation
/// Parses pip requirements files: one requirement per line, with options.
///
/// Handles `#` comments (at line start or after whitespace), `\` continuations, `-r`/`-c`
/// includes, `-e` editable and VCS URLs (`git+https://…#egg=name`), `name @ url`, extras
/// (`Django[argon2]`), markers (`; python_version >= "3.10"`), `--hash=sha256:…`, and the index
/// options whose URLs can carry credentials.
public enum RequirementsParser {
  public struct Requirement: Sendable {
    /// The name as written and normalized (PEP 503: lower case, runs of `-_.` as `-`).
    public var name: String
    public var normalizedName: String
    public var specifier: String
    public var extras: [String]
    public var marker: String?
    public var url: String?
    /// How many `--hash` options the requirement has.
    public var hashes: Int { hashValues.count }
    /// The `--hash` values as written (`sha256:…`).
    public var hashValues: [String]
    public var editable: Bool
    public var line: Int
    /// 1-based column where the requirement (or its `-e`) starts.
    public var column: Int = 1
  }

  /// An option line (`--index-url URL`, `-r base.txt`, `--require-hashes`) as written.
  public struct Option: Sendable {
    /// The option as written (`-r`, `--index-url`).
    public var option: String
    /// Its value, empty for a flag.
    public var value: String
    public var line: Int
    public var column: Int
  }

  public struct Include: Sendable {
    /// `-r` (requirements) or `-c` (constraints).
    public var kind: String
    public var path: String
    public var line: Int
  }

  public struct Parsed: Sendable {
    public var requirements: [Requirement] = []
    public var includes: [Include] = []
    /// `--index-url` / `--extra-index-url` / `--find-links` values, with their lines.
    public var indexes: [(option: String, url: String, line: Int)] = []
    public var problems: [(line: Int, message: String)] = []
    /// Every option line in order (`-e` lines are requirements, not options).
    public var options: [Option] = []
  }

  /// PEP 503 name normalization.
  public static func normalize(_ name: String) -> String {
    PythonEvaluator.distributionName(name)
  }

  public static func parse(_ text: String) -> Parsed {
    var parsed = Parsed()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var index = 0
    while index < lines.count {
      let startLine = index + 1
      var logical = lines[index]
      index += 1
      while logical.hasSuffix("\\"), index < lines.count {
        logical = String(logical.dropLast()) + " " + lines[index]
        index += 1
      }
      // A comment starts at line start or after whitespace (URLs keep their `#egg=` fragments).
      if logical.hasPrefix("#") { continue }
      if let range = logical.range(of: " #") ?? logical.range(of: "\t#") { logical = String(logical[..<range.lowerBound]) }
      let line = logical.trimmingCharacters()
      if line.isEmpty { continue }
      let column = logical.prefix { $0.isWhitespace }.count + 1
      if line.hasPrefix("-") {
        option(line, startLine, column, &parsed)
        continue
      }
      requirement(line, startLine, column, editable: false, &parsed)
    }
    return parsed
  }

  static func option(_ line: String, _ number: Int, _ column: Int, _ parsed: inout Parsed) {
    var name = line
    var value = ""
    if let split = line.firstIndex(where: { $0 == " " || $0 == "=" || $0 == "\t" }) {
      name = String(line[..<split])
      value = line[line.index(after: split)...].trimmingCharacters()
    }
    if name != "-e" && name != "--editable" {
      parsed.options.append(Option(option: name, value: value, line: number, column: column))
    }
    switch name {
    case "-r", "--requirement": parsed.includes.append(Include(kind: "-r", path: value, line: number))
    case "-c", "--constraint": parsed.includes.append(Include(kind: "-c", path: value, line: number))
    case "-e", "--editable": requirement(value, number, column, editable: true, &parsed)
    case "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host":
      parsed.indexes.append((name, value, number))
    case "--hash", "--no-binary", "--only-binary", "--prefer-binary", "--require-hashes", "--pre", "--no-index",
      "--use-feature", "--config-settings", "--global-option":
      break
    default:
      parsed.problems.append((number, "unknown pip option '\(name)'"))
    }
  }

  static func requirement(_ text: String, _ number: Int, _ column: Int = 1, editable: Bool, _ parsed: inout Parsed) {
    // A project generator's template (`arches>={{ arches_semantic_version }}` in Arches'
    // `arches-templates/pyproject.toml`, a cookiecutter's `{% if %}`): no installer reads it as it
    // stands, so it declares nothing and is no error of the project's dependencies.
    if text.contains("{{") || text.contains("{%") { return }
    var rest = Substring(text)
    var hashes: [String] = []
    // Per-requirement options come after the requirement: `--hash=sha256:…`.
    while let range = rest.range(of: " --hash") ?? rest.range(of: "\t--hash") {
      let after = rest[range.upperBound...]
      let end = after.dropFirst().firstIndex(where: { $0 == " " || $0 == "\t" }) ?? after.endIndex
      hashes.append(String(after.dropFirst()[..<end]).trimmingCharacters())
      rest = rest[..<range.lowerBound] + after[end...]
    }
    // pip splits the line at its first word that starts with "-": the rest are options, which
    // it accepts after a requirement too (`psycopg2==2.9.6 --no-binary psycopg2`, Ghostwriter).
    let words = rest.split(separator: " ", omittingEmptySubsequences: false)
    if let first = words.indices.dropFirst().first(where: { words[$0].hasPrefix("-") }) {
      rest = Substring(words[..<first].joined(separator: " "))
    }
    var marker: String?
    if let semicolon = rest.firstIndex(of: ";") {
      marker = rest[rest.index(after: semicolon)...].trimmingCharacters()
      rest = rest[..<semicolon]
    }
    let body = rest.trimmingCharacters()
    // VCS or archive URL: `git+https://…#egg=name`, possibly editable.
    if body.contains("://") && !body.contains(" @ ") && !body.contains("@ ") {
      let egg = body.range(of: "#egg=").map { String(body[$0.upperBound...].prefix { $0 != "&" }) }
      let name = egg ?? ""
      parsed.requirements.append(
        Requirement(
          name: name, normalizedName: normalize(name), specifier: "", extras: [], marker: marker, url: body,
          hashValues: hashes, editable: editable, line: number, column: column))
      return
    }
    if body.hasPrefix(".") || body.hasPrefix("/") {
      parsed.requirements.append(
        Requirement(
          name: "", normalizedName: "", specifier: "", extras: [], marker: marker, url: body, hashValues: hashes,
          editable: editable, line: number, column: column))
      return
    }
    let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    guard !name.isEmpty, name.first?.isLetter == true || name.first?.isNumber == true else {
      parsed.problems.append((number, "expected a package name, found '\(body.prefix(40))'"))
      return
    }
    var tail = body.dropFirst(name.count).trimmingCharacters()
    var extras: [String] = []
    if tail.hasPrefix("[") {
      guard let close = tail.firstIndex(of: "]") else {
        parsed.problems.append((number, "extras of '\(name)' are missing ']'"))
        return
      }
      extras = tail[tail.index(after: tail.startIndex)..<close].split(separator: ",").map { $0.trimmingCharacters() }
      tail = tail[tail.index(after: close)...].trimmingCharacters()
    }
    var url: String?
    if tail.hasPrefix("@") {
      url = tail.dropFirst().trimmingCharacters()
      tail = ""
    }
    if tail.hasPrefix("("), tail.hasSuffix(")") { tail = String(tail.dropFirst().dropLast()) }
    let specifier = tail.replacingOccurrences(of: " ", with: "")
    if !specifier.isEmpty, PEP440Specifier.parseSet(specifier) == nil {
      parsed.problems.append((number, "invalid version specifier '\(specifier.prefix(40))' for \(name)"))
      return
    }
    parsed.requirements.append(
      Requirement(
        name: String(name), normalizedName: normalize(String(name)), specifier: specifier, extras: extras,
        marker: marker, url: url, hashValues: hashes, editable: editable, line: number, column: column))
  }
}
