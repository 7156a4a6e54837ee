import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// Finds the Django version a project pins: `requirements*.txt` (and `requirements/*.txt`),
/// `poetry.lock`, `uv.lock`, `Pipfile.lock` and `pyproject.toml`. Lock files win over
/// requirement ranges. A fuller dependency reader is a later issue; this is the simple
/// extraction the Django pack needs for version-dependent checks.
enum DjangoVersionPins {
  struct Pin: Sendable, Equatable {
    var specifier: String
    var version: String?
    var series: String?
    var location: SourceLocation
    var isLock: Bool
  }

  static func find(in bundle: EvidenceBundle) -> Pin? {
    var pins: [Pin] = []
    for file in bundle.files {
      let name = file.name.lowercased()
      let inRequirementsFolder = file.path.lowercased().contains("requirements/") && name.hasSuffix(".txt")
      if (name.hasPrefix("requirements") && name.hasSuffix(".txt")) || inRequirementsFolder || name.hasSuffix(".in") && name.hasPrefix("requirements") {
        pins += requirements(file)
      } else if name == "poetry.lock" || name == "uv.lock" || name == "pdm.lock" {
        pins += lock(file)
      } else if name == "pipfile.lock" {
        pins += pipfileLock(file)
      } else if name == "pyproject.toml" {
        pins += pyproject(file)
      }
    }
    return pins.first { $0.isLock && $0.version != nil } ?? pins.first { $0.version != nil }
      ?? pins.first { $0.series != nil } ?? pins.first
  }

  static func fact(_ pin: Pin) -> Fact {
    var entries: OrderedDictionary<String, Fact> = ["specifier": .string(pin.specifier, at: pin.location)]
    entries["version"] = pin.version.map { .string($0, at: pin.location) } ?? .null(at: pin.location)
    entries["series"] = pin.series.map { .string($0, at: pin.location) } ?? .null(at: pin.location)
    entries["exact"] = .bool(pin.version != nil, at: pin.location)
    entries["file"] = .string(pin.location.file, at: pin.location)
    return .map(entries, at: pin.location)
  }

  private static func isDjango(_ name: Substring) -> Bool {
    name.lowercased().replacingOccurrences(of: "_", with: "-") == "django"
  }

  /// The Django requirement of a requirements file, read with the dependency reader's parser.
  static func requirements(_ file: EvidenceFile) -> [Pin] {
    RequirementsParser.parse(file.text).requirements
      .filter { $0.normalizedName == "django" }
      .map { requirement in
        pin(requirement.specifier.filter { !$0.isWhitespace }, at: file.at(line: requirement.line), lock: false)
      }
  }

  /// `poetry.lock`, `uv.lock`, `pdm.lock`: the `version` of the `[[package]]` named django, read
  /// with the project's one TOML parser.
  static func lock(_ file: EvidenceFile) -> [Pin] {
    guard let document = try? TOMLFacts.parse(file.text, file: file.path),
      case .list(let packages)? = document["package"]?.value
    else { return [] }
    var pins: [Pin] = []
    for package in packages {
      guard let name = package["name"]?.value.stringValue, isDjango(Substring(name)),
        let versionFact = package["version"], let version = versionFact.value.stringValue
      else { continue }
      pins.append(Pin(
        specifier: "==" + version, version: version, series: series(version),
        location: versionFact.location ?? file.at(line: 1), isLock: true))
    }
    return pins
  }

  static func pipfileLock(_ file: EvidenceFile) -> [Pin] {
    let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
    var pins: [Pin] = []
    var inDjango = false
    for (number, line) in lines.enumerated() {
      let trimmed = line.trimmingCharacters()
      if trimmed.lowercased().hasPrefix("\"django\"") && trimmed.hasSuffix("{") { inDjango = true; continue }
      if inDjango && trimmed.hasPrefix("}") { inDjango = false }
      if inDjango, trimmed.hasPrefix("\"version\""), let value = quoted(String(trimmed.dropFirst(9))) {
        pins.append(pin(value, at: file.at(line: number + 1), lock: true))
        inDjango = false
      }
    }
    return pins
  }

  /// `pyproject.toml`, read with the project's one TOML parser: every requirement string that
  /// names django (PEP 621 `dependencies`, optional dependencies, dependency groups, tool
  /// tables), and every `django = "^4.2"` / `django = { version = "4.2.1" }` key (Poetry).
  static func pyproject(_ file: EvidenceFile) -> [Pin] {
    guard let document = try? TOMLFacts.parse(file.text, file: file.path) else { return [] }
    var pins: [Pin] = []
    var pending: [Fact] = [document]
    while let node = pending.popLast() {
      switch node.value {
      case .string(let item):
        let name = item.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard isDjango(name) else { continue }
        var rest = item.dropFirst(name.count)
        if rest.hasPrefix("["), let end = rest.firstIndex(of: "]") { rest = rest[rest.index(after: end)...] }
        if let marker = rest.firstIndex(of: ";") { rest = rest[..<marker] }
        pins.append(pin(rest.filter { !$0.isWhitespace }, at: node.location ?? file.at(line: 1), lock: false))
      case .list(let items):
        pending.append(contentsOf: items.reversed())
      case .map(let entries):
        for (key, value) in entries.reversed() {
          if isDjango(Substring(key)) {
            let versionFact = value["version"] ?? value
            if let spec = versionFact.value.stringValue {
              let poetry = spec.first?.isNumber == true ? "==" + spec : spec
              pins.append(pin(poetry, at: versionFact.location ?? file.at(line: 1), lock: false))
              continue
            }
          }
          pending.append(value)
        }
      default:
        continue
      }
    }
    return pins.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }
  }

  private static func quoted(_ text: String) -> String? {
    guard let open = text.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
    let after = text[text.index(after: open)...]
    guard let close = after.firstIndex(of: text[open]) else { return nil }
    return String(after[..<close])
  }

  static func pin(_ specifier: String, at location: SourceLocation, lock: Bool) -> Pin {
    var version: String?
    var seriesValue: String?
    let clauses = specifier.split(separator: ",").map(String.init)
    for clause in clauses {
      if clause.hasPrefix("==="), !clause.contains("*") {
        version = String(clause.dropFirst(3))
      } else if clause.hasPrefix("=="), !clause.contains("*") {
        version = String(clause.dropFirst(2))
      } else if clause.hasPrefix("=="), clause.hasSuffix(".*") {
        let parts = clause.dropFirst(2).dropLast(2).split(separator: ".")
        if parts.count >= 2 { seriesValue = parts.prefix(2).joined(separator: ".") }
      } else if clause.hasPrefix("~=") {
        let parts = clause.dropFirst(2).split(separator: ".")
        if parts.count >= 3 { seriesValue = parts.prefix(2).joined(separator: ".") }
      }
    }
    if let version { seriesValue = series(version) }
    if seriesValue == nil, clauses.count == 2,
      let lower = clauses.first(where: { $0.hasPrefix(">=") }).map({ $0.dropFirst(2).split(separator: ".") }),
      let upper = clauses.first(where: { $0.hasPrefix("<") && !$0.hasPrefix("<=") }).map({ $0.dropFirst(1).split(separator: ".") }),
      lower.count >= 2, upper.count >= 2, lower[0] == upper[0], let minor = Int(lower[1]), Int(upper[1]) == minor + 1
    {
      seriesValue = "\(lower[0]).\(minor)"
    }
    return Pin(specifier: specifier, version: version, series: seriesValue, location: location, isLock: lock)
  }

  static func series(_ version: String) -> String? {
    let parts = version.split(separator: ".")
    guard parts.count >= 2, Int(parts[0]) != nil else { return nil }
    let minor = parts[1].prefix { $0.isNumber }
    guard !minor.isEmpty else { return nil }
    return "\(parts[0]).\(minor)"
  }
}
