import Foundation
import ParapetFacts

/// Reads any `.json` file no specific reader claimed into `json[<path>]`, with positions, and
/// into the raw layer `raw.json[<path>]` (docs/facts/plain-data.md).
/// An error here only concerns packs that read `json` (docs/architecture.md, "Decisions").
public struct PlainJSONReader: EvidenceReader {
  public let kind = "json"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    file.name.lowercased().hasSuffix(".json")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    // tsconfig.json, VS Code and dev container files are JSONC: their tools accept comments
    // and trailing commas, so Parapet does too.
    let data = JSONWithComments.isJSONC(path: file.path, name: file.name) ? JSONWithComments.blanked(file.data) : file.data
    let document = try JSONFactParser.parse(data, file: file.path, reader: kind)
    facts.set(["json", file.path], document)
    facts.set(["raw", kind, file.path], JSONFactParser.rawEntry(document, file: file))
  }
}
