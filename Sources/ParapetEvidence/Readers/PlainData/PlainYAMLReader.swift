import Foundation
import ParapetFacts

/// Reads any `.yaml`/`.yml` file no specific reader claimed into `yaml[<path>]`: a list with
/// one entry per document, and into the raw layer `raw.yaml[<path>]` (docs/facts/plain-data.md).
public struct PlainYAMLReader: EvidenceReader {
  public let kind = "yaml"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    return name.hasSuffix(".yaml") || name.hasSuffix(".yml")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let documents = try YAMLFacts.documents(file, reader: kind)
    facts.set(["yaml", file.path], .list(documents, at: file.at()))
    facts.set(["raw", kind, file.path], YAMLFacts.rawEntry(documents, file: file))
  }
}
