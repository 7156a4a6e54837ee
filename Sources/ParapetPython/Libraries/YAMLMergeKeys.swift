import Yams

/// YAML 1.1's merge key (`<<`, yaml.org/type/merge.html) applied to a mapping node, the one
/// place Parapet knows it: the Python model of PyYAML (`yaml.safe_load`) and the YAML files
/// read as evidence (compose, Kubernetes) both build their mappings from these pairs.
///
/// The pairs are PyYAML's `SafeConstructor.flatten_mapping`: the merged pairs come first — of a
/// list of mappings the last one's first — and the mapping's own pairs after them, so that a
/// builder that assigns them in order (a later pair replaces the value, the key keeps its first
/// place, as a Python dict does) gives explicit keys precedence over merged ones, and an
/// earlier mapping of a list precedence over a later one. A merged mapping's own merge keys
/// are applied first. go-yaml (docker compose, Kubernetes) gives the same precedence.
public enum YAMLMergeKeys {
  /// Why a mapping's merge keys cannot be applied.
  public enum Failure: Error, Equatable {
    /// The value of a merge key is not a mapping or a list of mappings: PyYAML raises
    /// `ConstructorError` (go-yaml fails alike). `message` is PyYAML's problem text, `line` and
    /// `column` (1-based) where the offending node starts.
    case notMergeable(message: String, line: Int?, column: Int?)
    /// Applying them would make more than the allowed number of pairs (nested merges of
    /// aliases multiply, as alias expansion does).
    case tooLarge
  }

  /// Whether `key` is a merge key: a plain `<<`, or a key tagged `!!merge`, as PyYAML's
  /// resolver tags it (a quoted `"<<"` is an ordinary string key).
  public static func isMergeKey(_ key: Node) -> Bool {
    key.tag.rawValue == Tag.Name.merge.rawValue
  }

  /// The pairs `mapping` stands for once its merge keys are applied (see the type's comment),
  /// at most `limit` of them. `isMergeKey` recognises merge keys (a caller that renames keys
  /// before parsing recognises its renamed `<<` too).
  public static func pairs(
    of mapping: Node.Mapping, limit: Int, isMergeKey: (Node) -> Bool = isMergeKey
  ) throws(Failure) -> [(key: Node, value: Node)] {
    var remaining = limit
    return try flattened(mapping, remaining: &remaining, depth: 0, isMergeKey: isMergeKey)
  }

  /// Merges nested deeper than this are refused as too large (hostile input).
  static let maximumDepth = 200

  private static func flattened(
    _ mapping: Node.Mapping, remaining: inout Int, depth: Int, isMergeKey: (Node) -> Bool
  ) throws(Failure) -> [(key: Node, value: Node)] {
    guard depth < maximumDepth else { throw .tooLarge }
    var merged: [(key: Node, value: Node)] = []
    var own: [(key: Node, value: Node)] = []
    for (key, value) in mapping {
      guard isMergeKey(key) else {
        own.append((key, value))
        continue
      }
      switch value {
      case .mapping(let base):
        merged += try flattened(base, remaining: &remaining, depth: depth + 1, isMergeKey: isMergeKey)
      case .sequence(let bases):
        var each: [[(key: Node, value: Node)]] = []
        for base in bases {
          guard case .mapping(let entries) = base else {
            throw notMergeable("expected a mapping for merging, but found \(kind(base))", at: base)
          }
          each.append(try flattened(entries, remaining: &remaining, depth: depth + 1, isMergeKey: isMergeKey))
        }
        // Reversed, so that the earlier mapping's pairs come later and win.
        for pairs in each.reversed() { merged += pairs }
      default:
        throw notMergeable("expected a mapping or list of mappings for merging, but found \(kind(value))", at: value)
      }
    }
    remaining -= merged.count + own.count
    guard remaining >= 0 else { throw .tooLarge }
    return merged.isEmpty ? own : merged + own
  }

  private static func notMergeable(_ message: String, at node: Node) -> Failure {
    .notMergeable(message: message, line: node.mark?.line, column: node.mark?.column)
  }

  /// PyYAML's name of a node's kind (`Node.id`).
  private static func kind(_ node: Node) -> String {
    switch node {
    case .scalar: return "scalar"
    case .sequence: return "sequence"
    case .mapping: return "mapping"
    case .alias: return "alias"
    }
  }
}
