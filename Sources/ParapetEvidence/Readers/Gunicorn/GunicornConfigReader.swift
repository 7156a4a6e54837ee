import Foundation
import OrderedCollections
import ParapetFacts

/// Reads `gunicorn.conf.py` (and `gunicorn_config.py`, `gunicorn.py`) into
/// `gunicorn.instances`: the settings a production gunicorn runs with.
///
/// gunicorn's configuration is Python, but the settings that matter are top-level assignments of
/// literals (`bind = "0.0.0.0:8000"`, `forwarded_allow_ips = "*"`). Those are read exactly;
/// `os.environ.get("NAME", "default")` and `os.getenv` resolve under the scan's environment;
/// anything computed (`multiprocessing.cpu_count() * 2 + 1`) is an unknown with its expression.
public struct GunicornConfigReader: EvidenceReader {
  public let kind = "gunicorn"

  public init() {}

  static let names: Set<String> = ["gunicorn.conf.py", "gunicorn_config.py", "gunicorn.py", "gunicorn_conf.py", "gunicorn-cfg.py"]

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.names.contains(file.name.lowercased())
  }

  /// Settings whose values are what rules read; other assignments are kept too.
  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var instance = DeploymentFacts.instanceHeader(
      origin: "config", name: file.name, role: DeploymentRole.of(path: file.path), file: file.path, at: file.at())
    var errors: [EvidenceError] = []
    for statement in PythonAssignments.parse(file.text) {
      let at = file.at(line: statement.line)
      guard let value = PythonAssignments.literal(statement.expression, environment: context.environment, at: at) else {
        errors.append(file.error("cannot read `\(statement.expression.prefix(40))`: unbalanced brackets or quotes", line: statement.line, reader: kind))
        continue
      }
      var key = statement.name
      if key == "bind", case .string = value.value {
        instance[key] = .list([value], at: at)
        continue
      }
      if key == "proxy_allow_from" { key = "proxy_allow_ips" }
      instance[key] = value
    }
    facts.append(["gunicorn", "instances"], .map(instance, at: file.at()))
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }
}

/// Top-level `name = literal` statements of a Python file, without evaluating Python.
enum PythonAssignments {
  struct Statement {
    var name: String
    var expression: String
    var line: Int
  }

  /// The top-level assignments, bracketed values joined across lines.
  static func parse(_ text: String) -> [Statement] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var statements: [Statement] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let number = index + 1
      index += 1
      guard let first = line.first, first.isLetter || first == "_" else { continue }
      let name = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      var rest = line.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
      // Only plain assignment: not `==`, not augmented, not annotated.
      guard rest.hasPrefix("="), !rest.hasPrefix("==") else { continue }
      rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
      var expression = stripComment(String(rest))
      while depth(expression) > 0, index < lines.count {
        expression += "\n" + stripComment(lines[index])
        index += 1
      }
      statements.append(Statement(name: String(name), expression: expression.trimmingCharacters(), line: number))
    }
    return statements
  }

  static func stripComment(_ text: String) -> String {
    var quote: Character?
    for (offset, character) in text.enumerated() {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if character == "#" {
        return String(text.prefix(offset))
      }
    }
    return text
  }

  static func depth(_ text: String) -> Int {
    var depth = 0
    var quote: Character?
    for character in text {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if "([{".contains(character) {
        depth += 1
      } else if ")]}".contains(character) {
        depth -= 1
      }
    }
    return depth
  }

  /// A literal as a fact: strings, numbers, booleans, None, lists/tuples of those, and
  /// environment lookups. Nil when the text is not balanced.
  static func literal(_ text: String, environment: [String: String], at location: SourceLocation) -> Fact? {
    let trimmed = text.trimmingCharacters()
    guard depth(trimmed) == 0 else { return nil }
    if let string = quoted(trimmed) { return .string(string, at: location) }
    if trimmed == "True" { return .bool(true, at: location) }
    if trimmed == "False" { return .bool(false, at: location) }
    if trimmed == "None" { return .null(at: location) }
    if let number = Int(trimmed.replacingOccurrences(of: "_", with: "")) { return .integer(number, at: location) }
    if let number = Double(trimmed) { return .number(number, at: location) }
    if let first = trimmed.first, first == "[" || first == "(", let last = trimmed.last, last == "]" || last == ")" {
      let inner = String(trimmed.dropFirst().dropLast())
      var items: [Fact] = []
      for part in splitTopLevel(inner) where !part.trimmingCharacters().isEmpty {
        guard let item = literal(part, environment: environment, at: location) else { return nil }
        items.append(item)
      }
      return .list(items, at: location)
    }
    // os.environ.get("NAME", "default"), os.getenv("NAME", "default"), os.environ["NAME"]
    for prefix in ["os.environ.get(", "os.getenv(", "environ.get(", "getenv("] where trimmed.hasPrefix(prefix) && trimmed.hasSuffix(")") {
      let arguments = splitTopLevel(String(trimmed.dropFirst(prefix.count).dropLast()))
      guard let name = arguments.first.flatMap({ quoted($0.trimmingCharacters()) }) else { break }
      if let value = environment[name] { return .string(value, at: location) }
      if arguments.count > 1, let fallback = literal(arguments[1], environment: environment, at: location) {
        if fallback.isKnown {
          return .unknown(
            "depends on environment variable \(name) (default \(arguments[1].trimmingCharacters()))", dependsOn: [name], at: location)
        }
      }
      return .unknown("depends on environment variable \(name)", dependsOn: [name], at: location)
    }
    if trimmed.hasPrefix("os.environ["), trimmed.hasSuffix("]"),
      let name = quoted(String(trimmed.dropFirst(11).dropLast()).trimmingCharacters())
    {
      if let value = environment[name] { return .string(value, at: location) }
      return .unknown("depends on environment variable \(name)", dependsOn: [name], at: location)
    }
    return .unknown("computed in Python: \(trimmed.prefix(80))", at: location)
  }

  static func quoted(_ text: String) -> String? {
    var body = Substring(text)
    // String prefixes r, b, f, u (f-strings with braces are computed, not literal).
    if let first = body.first, "rRbBuU".contains(first) { body = body.dropFirst() }
    guard body.count >= 2, let open = body.first, open == "\"" || open == "'", body.last == open else { return nil }
    let inner = body.dropFirst().dropLast()
    if inner.contains(open) { return nil }
    return String(inner)
  }

  static func splitTopLevel(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    var quote: Character?
    for character in text {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "\"" || character == "'" {
        quote = character
      } else if "([{".contains(character) {
        depth += 1
      } else if ")]}".contains(character) {
        depth -= 1
      } else if character == ",", depth == 0 {
        parts.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    if !current.trimmingCharacters().isEmpty { parts.append(current) }
    return parts
  }
}
