import Foundation
import ParapetEvidence
import ParapetFacts

/// Rules whose `evidence` names a namespace nothing in this scan can produce.
///
/// Such a rule would be "not applicable" on every project forever: a typo (`djnago.settings`),
/// a raw namespace that does not exist (`raw.kubernets`), or a plugin's namespace when the
/// plugin is not loaded (the pack forgot `plugins = [...]` in pack.toml, or the scan ran with
/// `--no-shipped-plugins`). Each is an `error` finding of the rule instead (exit 2), naming the
/// rule file and the line of the path when it can be found.
public enum EvidenceRequirements {
  public struct Problem: Sendable {
    public var pack: String
    public var rule: String
    /// `pack/rules/x.lua`
    public var file: String
    public var line: Int?
    public var message: String
  }

  /// The problems of every rule of `rules` (by pack) against `known` namespaces.
  static func problems(
    _ loaded: [(pack: Pack, rules: [RuleDescriptor])], known: Set<String>
  ) -> [Problem] {
    var problems: [Problem] = []
    let shipped = PackPlugins.shippedNames()
    for (pack, rules) in loaded {
      for rule in rules {
        for path in rule.evidenceRead {
          guard var message = KnownNamespaces.problem(path, known: known) else { continue }
          let first = String(path.split(separator: ".").first ?? "")
          if shipped.contains(first) {
            message += "; the shipped plugin Plugins/\(first).lua does: add `plugins = [\"\(first)\"]` to \(pack.name)'s pack.toml (or drop --no-shipped-plugins)"
          } else if let suggestion = Suggestion.closest(to: first, in: known.subtracting(["raw"])), !first.isEmpty {
            message += "; did you mean `\(suggestion)`?"
          } else {
            message += "; a plugin's namespace is available when the pack declares the plugin (`plugins = [...]` in pack.toml) or it is loaded with --plugin"
          }
          let source = pack.rules.first { $0.path == rule.path }?.text ?? ""
          let line = source.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"\(path)\"") || $0.contains("'\(path)'") }.map { $0 + 1 }
          problems.append(Problem(
            pack: pack.name, rule: rule.id, file: "\(pack.name)/\(rule.path)", line: line,
            message: "rule \(rule.id) reads \(message)"))
        }
      }
    }
    return problems
  }
}
