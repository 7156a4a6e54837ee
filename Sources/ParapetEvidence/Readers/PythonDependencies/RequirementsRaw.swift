import Foundation
import OrderedCollections
import ParapetFacts

/// The raw layer of a requirements file: every requirement and every option line as written,
/// in order, each located at the column where it starts (docs/facts/python-dependencies.md).
enum RequirementsRaw {
  /// `{ format = "requirements", requirements = {…}, options = {…} }` from the file's one parse.
  static func fact(_ parsed: RequirementsParser.Parsed, file: EvidenceFile) -> Fact {
    let top = file.at(line: 1, column: 1)
    let requirements = parsed.requirements.map { requirement -> Fact in
      let at = file.at(line: requirement.line, column: requirement.column)
      var entry: OrderedDictionary<String, Fact> = [:]
      entry["name"] = requirement.name.isEmpty ? .null(at: at) : .string(requirement.name, at: at)
      entry["specifier"] = .string(requirement.specifier, at: at)
      entry["extras"] = .list(requirement.extras.map { .string($0, at: at) }, at: at)
      entry["markers"] = requirement.marker.map { .string($0, at: at) } ?? .null(at: at)
      entry["hashes"] = .list(requirement.hashValues.map { .string($0, at: at) }, at: at)
      entry["editable"] = .bool(requirement.editable, at: at)
      // URLs can carry `user:password@`: the password is masked, never kept as text.
      entry["url"] = requirement.url.map { .string(SecretDetector.redact(SecretNames.maskURLPassword($0).masked), at: at) }
        ?? .null(at: at)
      entry["line"] = .integer(requirement.line, at: at)
      return .map(entry, at: at)
    }
    let options = parsed.options.map { option -> Fact in
      let at = file.at(line: option.line, column: option.column)
      var entry: OrderedDictionary<String, Fact> = [:]
      entry["option"] = .string(option.option, at: at)
      entry["value"] = .string(SecretDetector.redact(SecretNames.maskURLPassword(option.value).masked), at: at)
      entry["line"] = .integer(option.line, at: at)
      return .map(entry, at: at)
    }
    return .map(
      [
        "format": .string("requirements", at: top),
        "requirements": .list(requirements, at: top),
        "options": .list(options, at: top),
      ], at: top)
  }

  /// `{ format = "toml"|"json", document = <tree> }` for a lock or project file.
  static func document(_ document: Fact, format: String, file: EvidenceFile) -> Fact {
    let top = file.at(line: 1, column: 1)
    var located = document
    // The parsers put the whole document at the file without a line; the raw layer locates
    // every node.
    if located.location?.line == nil { located.location = top }
    return .map(["format": .string(format, at: top), "document": located], at: top)
  }
}
