import Foundation
import OrderedCollections
import ParapetEvidence
import ParapetFacts

/// Turns a rule example or a test case (`files` snippets with `↓` markers, `env`, or a `facts`
/// table) into facts, and remembers where the markers were.
struct ExampleEvidence {
  var facts: FactTree
  var errors: [EvidenceError]
  /// Lines marked with `↓`, by file.
  var markers: [SourceLocation]

  static let marker = "↓"

  static func make(_ example: LuaValue, registry: EvidenceRegistry) throws -> ExampleEvidence {
    if let factsTable = example["facts"] {
      var tree = FactTree()
      if case .map(let entries) = fact(factsTable, depth: 0).value {
        for (key, value) in entries { tree.set([key], value) }
      }
      return ExampleEvidence(facts: tree, errors: [], markers: [])
    }
    guard case .table(_, let fileFields)? = example["files"] else {
      throw ExampleError("an example needs `files = { [path] = text }` or `facts = { … }`")
    }
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-example-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var markers: [SourceLocation] = []
    for path in fileFields.keys.sorted() {
      guard let text = fileFields[path]?.string else {
        throw ExampleError("files[\"\(path)\"] must be a string")
      }
      guard !path.contains(".."), !path.hasPrefix("/") else {
        throw ExampleError("example file paths must stay inside the example: \(path)")
      }
      var lines: [String] = []
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if line.contains(marker) {
          markers.append(SourceLocation(file: path, line: index + 1))
          lines.append(line.replacingOccurrences(of: marker, with: ""))
        } else {
          lines.append(String(line))
        }
      }
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(lines.joined(separator: "\n").utf8).write(to: url)
    }
    var environment: [String: String] = [:]
    if case .table(_, let variables)? = example["env"] {
      for (name, value) in variables {
        environment[name] = value.string ?? value.int.map(String.init) ?? value.bool.map { $0 ? "True" : "False" }
      }
    }
    let context = ScanContext(
      environment: environment,
      environmentSources: environment.mapValues { _ in "example env" },
      djangoSettingsModule: example["django_settings"]?.string)
    let bundle = EvidenceBundle(paths: [root.path])
    let result = EvidenceLoader(registry: registry).load(bundle, context: context)
    return ExampleEvidence(facts: result.facts, errors: result.errors, markers: markers)
  }

  /// A Lua fact table as facts: tables with only an array part are lists, others maps (keys
  /// sorted); `located(v, line)` gives a location in the file "example".
  static func fact(_ value: LuaValue, depth: Int, location: SourceLocation? = nil) -> Fact {
    guard depth < 100 else { return .unknown("nested too deeply") }
    switch value {
    case .null: return .null(at: location)
    case .bool(let flag): return .bool(flag, at: location)
    case .integer(let number): return Fact(.integer(number), at: location)
    case .number(let number): return .number(number, at: location)
    case .string(let text):
      if text.hasPrefix("unknown:") {
        return .unknown(String(text.dropFirst(8)).trimmingCharacters(in: .whitespaces), at: location)
      }
      return .string(text, at: location)
    case .located(let inner, let line, let column):
      let file = location?.file ?? "example"
      return fact(inner, depth: depth + 1, location: SourceLocation(file: file, line: line, column: column > 0 ? column : nil))
    case .table(let items, let fields):
      if fields.isEmpty && !items.isEmpty {
        return .list(items.map { fact($0, depth: depth + 1) }, at: location)
      }
      var entries: OrderedDictionary<String, Fact> = [:]
      for (index, item) in items.enumerated() { entries[String(index + 1)] = fact(item, depth: depth + 1) }
      for key in fields.keys.sorted() { entries[key] = fact(fields[key]!, depth: depth + 1) }
      return .map(entries, at: location)
    default: return .unknown("not data")
    }
  }
}

/// An example or test case that cannot be run as written.
struct ExampleError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
