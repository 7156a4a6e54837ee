import Foundation
import OrderedCollections
import ParapetFacts
import ParapetPython
import Yams

/// Turns YAML documents into facts with the line and column of every node.
///
/// Merge keys (`<<: *anchor`, `<<: [*a, *b]`) are applied as `YAMLMergeKeys` applies them (keys
/// written in the mapping win over merged ones, an earlier mapping of a list over a later one; a
/// merge of anything else is an invalid file, as docker compose, Kubernetes and PyYAML refuse
/// it). Scalars get YAML 1.1 core types (bool, int, float, null).
public enum YAMLFacts {
  /// Nesting deeper than this is refused (hostile input), not walked.
  static let maximumDepth = 200

  /// Every document in `file`, in order.
  public static func documents(_ file: EvidenceFile, reader: String) throws -> [Fact] {
    var documents: [Fact] = []
    do {
      let parser = try Parser(yaml: file.text)
      var anchors: [String: Fact] = [:]
      // Aliases of aliases multiply (a "billion laughs" file of nested anchors expands to
      // millions of nodes): every node is charged, an alias for the size of what it repeats,
      // before anything walks the expansion.
      var budget = ReadBudget("YAML nodes after alias expansion", for: file, perInputByte: 16, minimum: 100_000)
      var anchorSizes: [String: Int] = [:]
      while let node = try parser.nextRoot() {
        documents.append(
          try fact(node, file: file, reader: reader, anchors: &anchors, depth: 0, budget: &budget, anchorSizes: &anchorSizes))
      }
    } catch let error as YamlError {
      throw evidenceError(error, file: file, reader: reader)
    }
    return documents
  }

  /// The raw-layer entry of a YAML file (`raw.<namespace>[<path>]`, docs/facts/README.md):
  /// `{ format = "yaml", documents = { ... } }`, the documents exactly as `documents` read
  /// them, so a reader parses a file once for both its curated view and its raw entry.
  public static func rawEntry(_ documents: [Fact], file: EvidenceFile) -> Fact {
    .map(
      ["format": .string("yaml", at: file.at(line: 1)), "documents": .list(documents, at: file.at(line: 1))],
      at: file.at(line: 1))
  }

  static func evidenceError(_ error: YamlError, file: EvidenceFile, reader: String)
    -> EvidenceError
  {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let prefix = context.map { "\($0.text) " } ?? ""
      return file.error(
        "invalid YAML: \(prefix)\(problem)", line: mark.line, column: mark.column, reader: reader)
    case .reader(let problem, _, _, _):
      return file.error("invalid YAML: \(problem)", reader: reader)
    default:
      let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
      return file.error("invalid YAML: \(text)", reader: reader)
    }
  }

  static func fact(
    _ node: Node, file: EvidenceFile, reader: String, anchors: inout [String: Fact], depth: Int,
    budget: inout ReadBudget, anchorSizes: inout [String: Int]
  ) throws -> Fact {
    guard depth < maximumDepth else {
      throw file.error(
        "YAML nested deeper than \(maximumDepth) levels", line: node.mark?.line, reader: reader)
    }
    let location = file.at(line: node.mark?.line, column: node.mark?.column)
    let before = budget.used
    var cost = 1
    if case .alias(let alias) = node { cost = anchorSizes[alias.anchor.rawValue] ?? 1 }
    guard budget.charge(cost, at: location) else {
      throw budget.error(reader: reader) ?? file.error("YAML expands too far", reader: reader)
    }
    let result: Fact
    switch node {
    case .scalar(let scalar):
      result = Fact(scalarValue(node, scalar), at: location)
    case .sequence(let sequence):
      var items: [Fact] = []
      for item in sequence {
        items.append(try fact(item, file: file, reader: reader, anchors: &anchors, depth: depth + 1, budget: &budget, anchorSizes: &anchorSizes))
      }
      result = Fact(.list(items), at: location)
    case .mapping(let mapping):
      let pairs: [(key: Node, value: Node)]
      do throws(YAMLMergeKeys.Failure) {
        pairs = try YAMLMergeKeys.pairs(of: mapping, limit: max(budget.limit - budget.used, 0))
      } catch .notMergeable(let message, let line, let column) {
        throw file.error("invalid YAML: \(message)", line: line, column: column, reader: reader)
      } catch {
        // More pairs than the budget has left: spend it, so that its error names the limit.
        _ = budget.charge(budget.limit, at: location)
        throw budget.error(reader: reader) ?? file.error("YAML expands too far", reader: reader)
      }
      guard budget.charge(pairs.count - mapping.count, at: location) else {
        throw budget.error(reader: reader) ?? file.error("YAML expands too far", reader: reader)
      }
      var entries: OrderedDictionary<String, Fact> = [:]
      for (keyNode, valueNode) in pairs {
        guard let key = keyNode.string else {
          // A mapping or sequence as a key: YAML allows it, but no loader of these files
          // (PyYAML's safe_load, Go's and Kubernetes' decoders) accepts an unhashable key.
          throw file.error(
            "a YAML mapping key that is a mapping or a sequence; expected a plain key",
            line: keyNode.mark?.line, reader: reader)
        }
        entries[key] = try fact(valueNode, file: file, reader: reader, anchors: &anchors, depth: depth + 1, budget: &budget, anchorSizes: &anchorSizes)
      }
      result = Fact(.map(entries), at: location)
    case .alias(let alias):
      result = anchors[alias.anchor.rawValue]
        ?? .unknown("YAML alias *\(alias.anchor.rawValue) has no anchor", at: location)
    }
    if let anchor = node.anchor {
      anchors[anchor.rawValue] = result
      anchorSizes[anchor.rawValue] = budget.used - before
    }
    return result
  }

  static func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> FactValue {
    // Quoted scalars are always strings, whatever they look like.
    if scalar.style != .plain { return .string(scalar.string) }
    switch node.tag.rawValue {
    case Tag.Name.null.rawValue: return .null
    case Tag.Name.bool.rawValue: return node.bool.map(FactValue.bool) ?? .string(scalar.string)
    case Tag.Name.int.rawValue: return node.int.map { .integer(Int64($0)) } ?? .string(scalar.string)
    case Tag.Name.float.rawValue: return node.float.map(FactValue.number) ?? .string(scalar.string)
    default: return .string(scalar.string)
    }
  }
}
