import ParapetFacts

/// Evaluates the rules that read a namespace with several targets once per target.
///
/// Without an explicit production environment, the Django settings reader evaluates the
/// settings once per runtime of the deployment files and writes each result under
/// `django_targets.<runtime>` (the first is also `django`). A rule that reads `django` then
/// runs once per runtime, over the facts with `django` replaced by that runtime's, and each of
/// its findings carries the runtime as its `target` (as the Observatory's findings carry the
/// site). Rules that do not read `django` run once.
enum TargetEvaluation {
  /// The namespace that can have targets, and where they are.
  static let namespace = "django"
  static let targetsKey = "django_targets"

  static func evaluate(_ facts: FactTree, engine: PolicyEngine, skipping disabled: Set<String>) -> [PackEvaluation] {
    guard case .map(let targets)? = facts.lookup(targetsKey)?.value, !targets.isEmpty else {
      return engine.evaluate(facts, skipping: disabled)
    }
    var perTarget: Set<String> = []
    var once = disabled
    for entry in engine.descriptors() {
      for rule in entry.rules {
        if reads(rule) { perTarget.insert("\(entry.pack.name)/\(rule.id)") } else { once.insert("\(entry.pack.name)/\(rule.id)") }
      }
    }
    var result: [PackEvaluation] = []
    for (index, (name, subtree)) in targets.enumerated() {
      var variant = facts
      variant.set([namespace], subtree)
      // Rules that do not read `django` run for the first target only.
      let evaluations = engine.evaluate(variant, skipping: index == 0 ? disabled : once)
      for (packIndex, evaluation) in evaluations.enumerated() {
        var kept: [Finding] = []
        for var finding in evaluation.findings {
          let varies = perTarget.contains("\(finding.pack)/\(finding.ruleID)")
          if varies {
            if finding.target == nil { finding.target = name }
          } else if index > 0 {
            continue
          }
          kept.append(finding)
        }
        if index == 0 {
          var copy = evaluation
          copy.findings = kept
          result.append(copy)
        } else {
          result[packIndex].findings += kept
        }
      }
    }
    // Rule order as the pack runs them; within a rule, the engine's stable order.
    for packIndex in result.indices {
      var order: [String] = []
      var groups: [String: [Finding]] = [:]
      for finding in result[packIndex].findings {
        if groups[finding.ruleID] == nil { order.append(finding.ruleID) }
        groups[finding.ruleID, default: []].append(finding)
      }
      result[packIndex].findings = order.flatMap { (groups[$0] ?? []).sorted(by: PolicyEngine.order) }
    }
    return result
  }

  /// Whether a rule reads the namespace with targets (a rule that declares no evidence may).
  static func reads(_ rule: RuleDescriptor) -> Bool {
    rule.evidenceRead.isEmpty || rule.evidenceRead.contains { $0 == namespace || $0.hasPrefix(namespace + ".") }
  }
}
