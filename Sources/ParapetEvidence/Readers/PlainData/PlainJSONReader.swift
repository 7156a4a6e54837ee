import Foundation
import ParapetFacts

/// Reads any `.json` file no specific reader claimed into `json[<path>]`, with positions.
public struct PlainJSONReader: EvidenceReader {
  public let kind = "json"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    file.name.lowercased().hasSuffix(".json")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let document = try JSONFactParser.parse(file.data, file: file.path, reader: kind)
    facts.set(["json", file.path], document)
  }
}
