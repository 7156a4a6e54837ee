import Foundation
import ParapetEvidence
import ParapetFacts

/// Paths and helpers shared by the HTTP reader tests.
enum HTTPFixtures {
  /// The repository root, found from this file's path.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

  /// An evidence file for a fixture under Tests/ParapetTests/Fixtures.
  static func file(_ relative: String) -> EvidenceFile {
    let url = url("Tests/ParapetTests/Fixtures/" + relative)
    return EvidenceFile(
      path: (relative as NSString).lastPathComponent, url: url,
      data: (try? Data(contentsOf: url)) ?? Data())
  }

  /// An in-memory evidence file.
  static func file(named name: String, text: String) -> EvidenceFile {
    EvidenceFile(path: name, url: URL(fileURLWithPath: "/nonexistent/" + name), data: Data(text.utf8))
  }

  /// Reads `file` with `reader`; returns the facts and the errors it reported.
  static func read(_ file: EvidenceFile, with reader: any EvidenceReader) -> (FactTree, [EvidenceError]) {
    var facts = FactTree()
    do {
      try reader.read(file, into: &facts, context: ScanContext())
      return (facts, [])
    } catch let error as EvidenceError {
      return (facts, [error])
    } catch let errors as EvidenceErrors {
      return (facts, errors.errors)
    } catch {
      return (facts, [EvidenceError("\(error)", at: file.at(), reader: reader.kind)])
    }
  }

  /// The sites of a fact tree as plain JSON values.
  static func sites(_ facts: FactTree) -> [JSONValue] {
    guard case .array(let items)? = facts.lookup("http.sites").map(FactJSON.plain) else { return [] }
    return items
  }
}

extension JSONValue {
  /// Follows dotted keys (and 1-based list indexes).
  func at(_ path: String) -> JSONValue? {
    var current: JSONValue? = self
    for part in path.split(separator: ".") {
      switch current {
      case .object?: current = current?[String(part)]
      case .array(let items)?:
        guard let index = Int(part), index >= 1, index <= items.count else { return nil }
        current = items[index - 1]
      default: return nil
      }
    }
    return current
  }

  var string: String? { if case .string(let text) = self { return text } else { return nil } }
  var int: Int? { if case .integer(let number) = self { return Int(number) } else { return nil } }
  var bool: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }
  var array: [JSONValue] { if case .array(let items) = self { return items } else { return [] } }
}
