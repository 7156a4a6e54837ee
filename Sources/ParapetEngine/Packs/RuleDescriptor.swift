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
  /// Fact paths of which the rule needs at least one (`evidence = { any = { ... } }`): a rule
  /// that reads whichever of several kinds of evidence is there. None there: not applicable.
  public var evidenceAny: [String] = []
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
      case .string(let text)?:
        let cap = MetadataCaps.bytes(of: key)
        guard text.utf8.count <= cap else {
          throw RuleLoadError("\(path): `\(key)` is longer than \(cap) bytes")
        }
        return text
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
    func list(_ key: String, in table: LuaValue? = nil) throws -> [String] {
      let items = (table ?? value)[key]?.strings ?? []
      guard items.count <= MetadataCaps.listEntries else {
        throw RuleLoadError("\(path): `\(key)` has more than \(MetadataCaps.listEntries) entries")
      }
      if let long = items.first(where: { $0.utf8.count > MetadataCaps.listEntryBytes }) {
        throw RuleLoadError(
          "\(path): an entry of `\(key)` is longer than \(MetadataCaps.listEntryBytes) bytes (\(long.utf8.count))")
      }
      return items
    }
    return RuleDescriptor(
      id: id, title: title, severity: severity,
      references: try list("references"),
      remediation: try text("remediation", required: false) ?? "",
      rationale: try text("rationale", required: false) ?? "",
      description: try text("description", required: false) ?? "",
      docs: try text("docs", required: false),
      tags: try list("tags"),
      evidence: try list("evidence"),
      evidenceAny: try value["evidence"].map { try list("any", in: $0) } ?? [],
      examples: value["examples"],
      path: path,
      hasApplies: value["applies"]?.isFunction == true)
  }

  /// Every fact path the rule says it reads: the required ones and the alternatives.
  public var evidenceRead: [String] { evidence + evidenceAny }

  /// The OWASP Top 10 categories among the references (`owasp:A05:2021` → `A05:2021`).
  public var owaspCategories: [String] {
    references.filter { $0.lowercased().hasPrefix("owasp:") }.map { String($0.dropFirst(6)) }
  }

  /// CWE ids among the references (`cwe:489` → `CWE-489`).
  public var cwes: [String] {
    references.filter { $0.lowercased().hasPrefix("cwe:") }.map { "CWE-" + $0.dropFirst(4) }
  }
}

/// Byte caps on what a rule says about itself. Every finding of a rule carries its title,
/// remediation and references, so without caps a rule could make every finding megabytes long.
/// A rule over a cap fails to load (an `error` finding naming the field).
enum MetadataCaps {
  static let id = 128
  static let title = 512
  /// remediation, rationale, description, docs
  static let prose = 16 << 10
  static let listEntries = 64
  static let listEntryBytes = 1_024

  static func bytes(of key: String) -> Int {
    switch key {
    case "id", "severity": return id
    case "title": return title
    default: return prose
    }
  }
}

/// A rule file that cannot be used, with the reason.
public struct RuleLoadError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}
