import ParapetFacts

/// What a rule says about itself: identity, severity, references, guidance and examples.
public struct RuleDescriptor: Sendable, Hashable {
  public var id: String
  public var title: String
  public var severity: Severity
  public var references: [String]
  public var remediation: String
  public var rationale: String
  public var description: String
  public var docs: String?
  public var tags: [String]
  /// Fact paths the rule needs; when one is missing the rule is not applicable.
  public var evidence: [String]
  /// `examples = { passing = {...}, failing = {...} }` as written.
  public var examples: LuaValue?
  /// The rule's file inside its pack.
  public var path: String
  public var hasApplies: Bool

  /// Validates a rule table. Errors say which field is wrong and what was expected.
  static func make(_ value: LuaValue, path: String) throws -> RuleDescriptor {
    guard case .table = value else {
      throw RuleLoadError("\(path): the rule file must return a table (return { id = …, check = function … })")
    }
    func text(_ key: String, required: Bool) throws -> String? {
      switch value[key] {
      case .string(let text)?: return text
      case nil, .null?:
        if required { throw RuleLoadError("\(path): missing `\(key)` (a string)") }
        return nil
      default: throw RuleLoadError("\(path): `\(key)` must be a string")
      }
    }
    guard let id = try text("id", required: true) else {
      throw RuleLoadError("\(path): missing `id` (a string)")
    }
    if let problem = PackIdentity.ruleIDProblem(id) { throw RuleLoadError("\(path): \(problem)") }
    let title = try text("title", required: true) ?? id
    let severityText = try text("severity", required: true) ?? ""
    guard let severity = Severity(rawValue: severityText) else {
      throw RuleLoadError(
        "\(path): severity '\(severityText)' is not one of info, low, medium, high, critical")
    }
    guard value["check"]?.isFunction == true else {
      throw RuleLoadError("\(path): missing `check = function(facts, report, options) … end`")
    }
    if let applies = value["applies"], !applies.isFunction, applies != .null {
      throw RuleLoadError("\(path): `applies` must be a function")
    }
    return RuleDescriptor(
      id: id, title: title, severity: severity,
      references: value["references"]?.strings ?? [],
      remediation: try text("remediation", required: false) ?? "",
      rationale: try text("rationale", required: false) ?? "",
      description: try text("description", required: false) ?? "",
      docs: try text("docs", required: false),
      tags: value["tags"]?.strings ?? [],
      evidence: value["evidence"]?.strings ?? [],
      examples: value["examples"],
      path: path,
      hasApplies: value["applies"]?.isFunction == true)
  }

  /// The OWASP Top 10 categories among the references (`owasp:A05:2021` → `A05:2021`).
  public var owaspCategories: [String] {
    references.filter { $0.lowercased().hasPrefix("owasp:") }.map { String($0.dropFirst(6)) }
  }

  /// CWE ids among the references (`cwe:489` → `CWE-489`).
  public var cwes: [String] {
    references.filter { $0.lowercased().hasPrefix("cwe:") }.map { "CWE-" + $0.dropFirst(4) }
  }
}

/// A rule file that cannot be used, with the reason.
public struct RuleLoadError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
