import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// Reads `.env`, `.env.*` and `*.env` files into `dotenv[<path>]`: a map of variables, and
/// `raw.dotenv[<path>]`: every assignment in order, duplicates kept (docs/facts/dotenv.md).
///
/// Values whose names look secret (`SECRET_KEY`, `DB_PASSWORD`, …) become `secret` facts, and
/// passwords inside URLs are masked, so no output ever shows them.
public struct DotEnvReader: EvidenceReader {
  public let kind = "dotenv"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.isDotEnvName(file.name)
  }

  static func isDotEnvName(_ name: String) -> Bool {
    name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env")
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let parsed = DotEnvParser.parse(file.text)
    var variables: OrderedDictionary<String, Fact> = [:]
    var entries: [Fact] = []
    entries.reserveCapacity(parsed.entries.count)
    for entry in parsed.entries {
      let value = Self.fact(name: entry.name, value: entry.value, at: file.at(line: entry.line))
      // The curated view: the last assignment of a name wins, as every dotenv loader applies it.
      variables[entry.name] = value
      let at = file.at(line: entry.line, column: entry.column)
      var located = value
      located.location = at
      entries.append(.map(["name": .string(entry.name, at: at), "value": located], at: at))
    }
    facts.set(["dotenv", file.path], .map(variables, at: file.at()))
    facts.set(
      ["raw", "dotenv", file.path],
      .map(["format": .string("dotenv", at: file.at(line: 1, column: 1)), "entries": .list(entries, at: file.at(line: 1, column: 1))], at: file.at(line: 1, column: 1)))
    if !parsed.errors.isEmpty {
      throw EvidenceErrors(
        parsed.errors.map { file.error($0.message, line: $0.line, reader: kind) })
    }
  }

  /// A variable's value as a fact: a secret when `SecretDetector` says so (by name or value),
  /// else the text with embedded secrets masked.
  public static func fact(name: String, value: String, at location: SourceLocation?) -> Fact {
    SecretDetector.fact(name: name, value: value, at: location)
  }
}
