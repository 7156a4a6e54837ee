import Foundation
import ParapetEvidence
import ParapetFacts

/// Loads deployment fixtures and inline files through the standard readers.
enum DeploymentFixtures {
  /// `Tests/ParapetTests/Fixtures/deployment/<name>`.
  static func path(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/deployment/\(name)").path
  }

  /// Reads a fixture folder with every standard reader.
  static func load(_ name: String, context: ScanContext = ScanContext()) -> EvidenceResult {
    EvidenceLoader().load(EvidenceBundle(paths: [path(name)]), context: context)
  }

  /// Reads inline files (path → text) with every standard reader.
  static func load(files: [String: String], context: ScanContext = ScanContext()) -> EvidenceResult {
    let evidence = files.map { path, text in
      EvidenceFile(path: path, url: URL(fileURLWithPath: "/inline/" + path), data: Data(text.utf8))
    }
    return EvidenceLoader().load(EvidenceBundle(files: evidence), context: context)
  }
}

extension FactTree {
  /// Follows map keys exactly (paths may hold dots, so no dotted lookup).
  func at(_ keys: String...) -> Fact? {
    var current: Fact? = fact
    for key in keys {
      guard let node = current else { return nil }
      if let index = Int(key), case .list(let items) = node.value {
        current = index >= 1 && index <= items.count ? items[index - 1] : nil
      } else {
        current = node[key]
      }
    }
    return current
  }
}

extension Fact {
  var text: String? { value.stringValue }
  var line: Int? { location?.line }
  var items: [Fact] {
    if case .list(let items) = value { return items }
    return []
  }
}
