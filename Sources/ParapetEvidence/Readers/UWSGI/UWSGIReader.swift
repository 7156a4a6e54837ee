import Foundation
import OrderedCollections
import ParapetFacts

/// Reads uWSGI INI files into `uwsgi.files[<path>]`.
///
/// uWSGI's INI is not Python's configparser: keys repeat (`env =` once per variable, several
/// `static-map`s), so every option is kept in order, and the settings that matter are also
/// summarized. `$(NAME)` expands from the scan environment (else the value is unknown) and
/// `%(option)` from an earlier option. Every section of the file, as written (not expanded), is
/// also kept under `raw.uwsgi[<path>]` (docs/facts/uwsgi.md).
public struct UWSGIReader: EvidenceReader {
  public let kind = "uwsgi"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    if name == "uwsgi.ini" { return true }
    return name.hasSuffix(".ini") && file.text.contains("[uwsgi]")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var options: [Fact] = []
    var values: OrderedDictionary<String, [(String?, [String], Int)]> = [:]
    var section: String?
    // The raw layer: every section's options as written, in order, duplicates kept.
    var sections: OrderedDictionary<String, [Fact]> = [:]
    var sectionAt: [String: SourceLocation] = [:]
    var errors: [EvidenceError] = []
    // `%(a)` may refer to an option that itself doubles (`a = %(a)%(a)`): expanded bytes are
    // charged in proportion to the file's size.
    var budget = ReadBudget("bytes of expanded options", for: file, perInputByte: 64, minimum: 1 << 20)
    for (offset, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = offset + 1
      let line = raw.trimmingCharacters()
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      let indent = raw.prefix { $0.isWhitespace }.count
      if line.hasPrefix("[") {
        guard line.hasSuffix("]") else {
          errors.append(file.error("section header without ']'", line: number, reader: kind))
          continue
        }
        let name = String(line.dropFirst().dropLast()).trimmingCharacters()
        section = name
        if sections[name] == nil {
          sections[name] = []
          sectionAt[name] = file.at(line: number, column: indent + 1)
        }
        continue
      }
      if let section {
        sections[section]?.append(Self.rawOption(line, file: file, line: number, indent: indent))
      }
      // uWSGI reads only its own section: lines before any section are not its options.
      guard section == "uwsgi" else { continue }
      // A bare option (`master`, `enable-threads`) is a flag that uWSGI turns on, as `= true`.
      let equals = line.firstIndex(of: "=")
      let key = line[..<(equals ?? line.endIndex)].trimmingCharacters().lowercased().replacingOccurrences(of: "_", with: "-")
      let rawValue = equals.map { line[line.index(after: $0)...].trimmingCharacters() } ?? "true"
      let at = file.at(line: number)
      let expanded = expand(rawValue, options: values, environment: context.environment, budget: &budget, at: at)
      values[key, default: []].append((expanded.value, expanded.unresolved, number))
      let valueFact: Fact = expanded.value.map { .string(SecretDetector.redact($0), at: at) }
        ?? (budget.isExceeded ? .unknown("not expanded: over the reading budget", at: at) : nil)
        ?? .unknown("depends on \(expanded.unresolved.map { "$(\($0))" }.joined(separator: ", "))", dependsOn: expanded.unresolved, at: at)
      options.append(.map(["key": .string(key, at: at), "value": valueFact], at: at))
    }
    var map: OrderedDictionary<String, Fact> = [:]
    map["role"] = .string(DeploymentRole.of(path: file.path), at: file.at())
    map["options"] = .list(options, at: file.at())
    func last(_ key: String) -> Fact? {
      guard let entry = values[key]?.last else { return nil }
      let at = file.at(line: entry.2)
      return entry.0.map { .string($0, at: at) } ?? .unknown("depends on the environment", dependsOn: entry.1, at: at)
    }
    for key in ["http", "http-socket", "socket", "chmod-socket", "uid", "gid", "master", "processes", "workers", "threads", "harakiri", "module", "wsgi-file", "py-autoreload", "buffer-size", "honour-stdin"] {
      if let fact = last(key) { map[key.replacingOccurrences(of: "-", with: "_")] = fact }
    }
    // Each `env = NAME=value` is a variable of the app's environment.
    var environment: OrderedDictionary<String, Fact> = [:]
    for entry in values["env"] ?? [] {
      guard let text = entry.0, let equals = text.firstIndex(of: "=") else { continue }
      let name = String(text[..<equals])
      environment[name] = DeploymentFacts.variable(name: name, value: String(text[text.index(after: equals)...]), at: file.at(line: entry.2))
    }
    map["env"] = .map(environment, at: file.at())
    map["runs_as_root"] = {
      guard let uid = last("uid") else { return .bool(true, at: file.at()) }
      guard let text = uid.value.stringValue else { return uid }
      return .bool(DeploymentFacts.isRootUser(text), at: uid.location)
    }()
    facts.set(["uwsgi", "files", file.path], .map(map, at: file.at()))
    let top = file.at(line: 1, column: 1)
    var rawSections: OrderedDictionary<String, Fact> = [:]
    for (name, options) in sections { rawSections[name] = .list(options, at: sectionAt[name] ?? top) }
    facts.set(
      ["raw", "uwsgi", file.path],
      .map(["format": .string("ini", at: top), "sections": .map(rawSections, at: top)], at: top))
    if let error = budget.error(reader: kind) { errors.append(error) }
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  /// One option line as written: `{ key, value }`, the value a string (a secret under a secret
  /// name), or `true` for a bare flag (`master`).
  static func rawOption(_ line: String, file: EvidenceFile, line number: Int, indent: Int) -> Fact {
    let at = file.at(line: number, column: indent + 1)
    guard let equals = line.firstIndex(of: "=") else {
      return .map(["key": .string(line, at: at), "value": .bool(true, at: at)], at: at)
    }
    let key = line[..<equals].trimmingCharacters()
    let after = line[line.index(after: equals)...]
    let valueAt = file.at(
      line: number,
      column: indent + line.distance(from: line.startIndex, to: equals) + 2 + after.prefix { $0.isWhitespace }.count)
    let value = SecretDetector.fact(name: key, value: after.trimmingCharacters(), at: valueAt)
    return .map(["key": .string(key, at: at), "value": value], at: at)
  }

  func expand(
    _ text: String, options: OrderedDictionary<String, [(String?, [String], Int)]>, environment: [String: String],
    budget: inout ReadBudget, at location: SourceLocation
  ) -> (value: String?, unresolved: [String]) {
    if budget.isExceeded { return (nil, []) }
    var out = ""
    var unresolved: [String] = []
    var rest = Substring(text)
    while let start = rest.firstIndex(where: { $0 == "$" || $0 == "%" }) {
      out += rest[..<start]
      let after = rest.index(after: start)
      guard after < rest.endIndex, rest[after] == "(", let close = rest[after...].firstIndex(of: ")") else {
        out.append(rest[start])
        rest = rest[after...]
        continue
      }
      let name = String(rest[rest.index(after: after)..<close])
      if rest[start] == "$" {
        if let value = environment[name] {
          guard budget.charge(value.utf8.count, at: location) else { return (nil, []) }
          out += value
        } else {
          unresolved.append(name)
        }
      } else if let value = options[name]?.last?.0 {
        guard budget.charge(value.utf8.count, at: location) else { return (nil, []) }
        out += value
      } else {
        // Magic variables (%(project), %d, …) and unknown options stay as written.
        out += rest[start...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    out += rest
    return (unresolved.isEmpty ? out : nil, unresolved)
  }
}
