import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDE viewers).
///
/// One run per scan. Every rule of every pack is a descriptor of the one driver, named
/// `pack/ID` so packs cannot collide, with its text, help, OWASP/CWE tags and GitHub's
/// `security-severity`. Failing and waived findings are results (waived ones carry a
/// suppression with the waiver's justification); findings the evidence cannot decide are
/// `review` results; rule errors and unreadable evidence are tool notifications, since they say
/// something about the run, not about the code. `partialFingerprints` carries the finding's
/// fingerprint, which ignores line numbers and volatile values, so alerts survive recaptures.
public struct SARIFReporter: Reporter {
  public let format = "sarif"
  public let fileExtension = "sarif"

  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
  /// The key of Parapet's fingerprint in `partialFingerprints` (versioned, as SARIF advises).
  public static let fingerprintKey = "parapetFingerprint/v1"

  public init() {}

  public func render(_ report: ScanReport) -> String {
    document(report).serialized(pretty: true) + "\n"
  }

  public func document(_ report: ScanReport) -> JSONValue {
    let catalog = RuleCatalog(report)
    var run: [(String, JSONValue)] = [
      ("tool", .object([("driver", driver(catalog))])),
      ("invocations", .array([invocation(report)])),
      ("columnKind", .string("unicodeCodePoints")),
      ("results", .array(results(report, catalog))),
    ]
    run.append(("properties", runProperties(report)))
    return .object([
      ("$schema", .string(Self.schemaURI)),
      ("version", .string("2.1.0")),
      ("runs", .array([.object(run)])),
    ])
  }

  // MARK: Tool and rules

  func driver(_ catalog: RuleCatalog) -> JSONValue {
    .object([
      ("name", .string("Parapet")),
      ("fullName", .string("Parapet policy-as-code engine \(EngineVersion.current)")),
      ("version", .string(EngineVersion.current)),
      ("semanticVersion", .string(EngineVersion.current)),
      ("rules", .array(catalog.rules.map(descriptor))),
    ])
  }

  func descriptor(_ rule: CatalogRule) -> JSONValue {
    let short = rule.title.isEmpty ? rule.id : rule.title
    var full = rule.description.isEmpty ? rule.rationale : rule.description
    if full.isEmpty { full = short }
    var pairs: [(String, JSONValue)] = [
      ("id", .string(rule.qualifiedID)),
      ("name", .string(Self.ruleName(rule))),
      ("shortDescription", .object([("text", .string(short))])),
      ("fullDescription", .object([("text", .string(full))])),
    ]
    if let docs = rule.docs, Escape.isWebLink(docs) { pairs.append(("helpUri", .string(docs))) }
    pairs.append(("help", help(rule)))
    pairs.append(
      ("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])))
    var tags: [String] = ["security", rule.pack]
    for category in rule.owaspCategories {
      tags.append("OWASP-\(category)")
      tags.append("external/owasp/owasp-\(category.prefix(3).lowercased())")
    }
    for cwe in rule.cwes {
      tags.append(cwe)
      tags.append("external/cwe/\(cwe.lowercased())")
    }
    for tag in rule.tags where !tags.contains(tag) { tags.append(tag) }
    var seen: Set<String> = []
    tags = tags.filter { seen.insert($0).inserted }
    pairs.append(
      ("properties", .object([
        ("tags", .array(tags.map { .string($0) })),
        ("precision", .string("high")),
        ("problem.severity", .string(Self.problemSeverity(rule.severity))),
        ("security-severity", .string(rule.severity.securityScore)),
        ("parapet.severity", .string(rule.severity.rawValue)),
        ("parapet.pack", .string(rule.pack)),
        ("parapet.packVersion", .string(rule.packVersion)),
        ("parapet.references", .array(rule.references.map { .string($0) })),
      ])))
    return .object(pairs)
  }

  /// The help text: the fix, then why it matters, then the references (plain and Markdown).
  func help(_ rule: CatalogRule) -> JSONValue {
    var text: [String] = []
    var markdown: [String] = []
    if !rule.remediation.isEmpty {
      text.append("Fix: " + rule.remediation)
      markdown.append("**Fix:** " + Escape.markdown(rule.remediation, limit: 4000))
    }
    if !rule.rationale.isEmpty {
      text.append("Why: " + rule.rationale)
      markdown.append("**Why:** " + Escape.markdown(rule.rationale, limit: 4000))
    }
    if !rule.references.isEmpty {
      text.append("References: " + rule.references.joined(separator: ", "))
      markdown.append(
        "**References:** " + rule.references.map { Escape.markdown($0) }.joined(separator: ", "))
    }
    if let docs = rule.docs, Escape.isWebLink(docs) {
      text.append("Documentation: " + docs)
      markdown.append("[Documentation](\(docs))")
    }
    if text.isEmpty {
      text.append(rule.title)
      markdown.append(Escape.markdown(rule.title))
    }
    return .object([
      ("text", .string(text.joined(separator: "\n\n"))),
      ("markdown", .string(markdown.joined(separator: "\n\n"))),
    ])
  }

  /// A readable identifier: the title in UpperCamelCase (`DebugMustBeOff`), else the id.
  static func ruleName(_ rule: CatalogRule) -> String {
    var name = ""
    var upper = true
    for character in rule.title {
      if character.isASCII && (character.isLetter || character.isNumber) {
        name.append(upper ? Character(character.uppercased()) : character)
        upper = false
      } else {
        upper = true
      }
    }
    return name.isEmpty ? rule.id : name
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: return "error"
    case .medium: return "warning"
    case .low, .info: return "note"
    }
  }

  static func problemSeverity(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: return "error"
    case .medium: return "warning"
    case .low, .info: return "recommendation"
    }
  }

  // MARK: Results

  func results(_ report: ScanReport, _ catalog: RuleCatalog) -> [JSONValue] {
    report.packs.flatMap { pack in
      pack.findings.filter { $0.status == .fail || $0.status == .unknown }
        .sorted(by: Finding.displayOrder)
        .map { result($0, report, catalog) }
    }
  }

  func result(_ finding: Finding, _ report: ScanReport, _ catalog: RuleCatalog) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("ruleId", .string("\(finding.pack)/\(finding.ruleID)"))]
    if let index = catalog.position(finding.pack, finding.ruleID) {
      pairs.append(("ruleIndex", .integer(Int64(index))))
    }
    if finding.status == .fail {
      pairs.append(("kind", .string("fail")))
      pairs.append(("level", .string(Self.level(finding.severity))))
    } else {
      // SARIF allows only level "none" for results that are not failures.
      pairs.append(("kind", .string("review")))
      pairs.append(("level", .string("none")))
    }
    var text = finding.message.isEmpty ? finding.title : finding.message
    if finding.status == .unknown { text = "Cannot verify: " + text }
    if let target = finding.target { text += " [\(target)]" }
    pairs.append(("message", .object([("text", .string(text))])))
    pairs.append(("locations", .array([location(finding, report)])))
    pairs.append(
      ("partialFingerprints", .object([(Self.fingerprintKey, .string(finding.fingerprint))])))
    if let waiver = finding.waiver {
      let justification =
        "\(waiver.reason) (waived by \(waiver.owner) until \(waiver.expires))"
      pairs.append(
        ("suppressions", .array([.object([
          ("kind", .string("external")),
          ("status", .string("accepted")),
          ("justification", .string(justification)),
        ])])))
    }
    var properties: [(String, JSONValue)] = [
      ("parapet.status", .string(finding.status.rawValue)),
      ("parapet.severity", .string(finding.severity.rawValue)),
      ("security-severity", .string(finding.severity.securityScore)),
    ]
    if let target = finding.target { properties.append(("parapet.target", .string(target))) }
    if let check = finding.djangoCheck { properties.append(("django_check", .string(check))) }
    if let result = finding.result { properties.append(("parapet.result", .string(result))) }
    if let modifier = finding.scoreModifier {
      properties.append(("parapet.scoreModifier", .integer(Int64(modifier))))
    }
    if !finding.remediation.isEmpty {
      properties.append(("parapet.remediation", .string(finding.remediation)))
    }
    if let data = finding.data { properties.append(("parapet.data", data)) }
    pairs.append(("properties", .object(properties)))
    return .object(pairs)
  }

  /// The finding's file and line. Code scanning rejects results without a location, so a
  /// finding without one points at the first scanned path.
  func location(_ finding: Finding, _ report: ScanReport) -> JSONValue {
    let file = finding.location.map { report.repositoryPath($0.file) } ?? report.targets.first ?? "."
    var region: [(String, JSONValue)] = [
      ("startLine", .integer(Int64(max(finding.location?.line ?? 1, 1))))
    ]
    if let column = finding.location?.column, column >= 1 {
      region.append(("startColumn", .integer(Int64(column))))
    }
    return .object([
      ("physicalLocation", .object([
        ("artifactLocation", .object([("uri", .string(Escape.uri(path: file)))])),
        ("region", .object(region)),
      ]))
    ])
  }

  // MARK: Run

  /// How the run went, without timestamps (the report is byte-for-byte reproducible): rule
  /// errors and evidence errors as notifications, and whether the run was complete.
  func invocation(_ report: ScanReport) -> JSONValue {
    var notifications: [JSONValue] = []
    for error in report.evidenceErrors {
      notifications.append(.object([
        ("descriptor", .object([("id", .string("evidence-error"))])),
        ("level", .string("error")),
        ("message", .object([("text", .string("\(error.message) [\(error.reader)]"))])),
        ("locations", .array([notificationLocation(error.location, report)])),
      ]))
    }
    for finding in report.ruleErrors.sorted(by: Finding.displayOrder) {
      var pairs: [(String, JSONValue)] = [
        ("descriptor", .object([("id", .string("rule-error"))])),
        ("associatedRule", .object([("id", .string("\(finding.pack)/\(finding.ruleID)"))])),
        ("level", .string("error")),
        ("message", .object([("text", .string(finding.message))])),
      ]
      if let location = finding.location {
        pairs.append(("locations", .array([notificationLocation(location, report)])))
      }
      notifications.append(.object(pairs))
    }
    return .object([
      ("executionSuccessful", .bool(report.exitCode != 2)),
      ("exitCode", .integer(Int64(report.exitCode))),
      ("toolExecutionNotifications", .array(notifications)),
    ])
  }

  func notificationLocation(_ location: SourceLocation, _ report: ScanReport) -> JSONValue {
    var physical: [(String, JSONValue)] = [
      ("artifactLocation", .object([
        ("uri", .string(Escape.uri(path: report.repositoryPath(location.file))))
      ]))
    ]
    if let line = location.line, line >= 1 {
      physical.append(("region", .object([("startLine", .integer(Int64(line)))])))
    }
    return .object([("physicalLocation", .object(physical))])
  }

  /// Grades and counts, for dashboards that read run properties.
  func runProperties(_ report: ScanReport) -> JSONValue {
    let packs: [JSONValue] = report.packs.map { pack in
      var pairs: [(String, JSONValue)] = [
        ("name", .string(pack.name)),
        ("version", .string(pack.version)),
        ("digest", .string("sha256:" + pack.digest)),
      ]
      if let grade = pack.grade?.grade { pairs.append(("grade", .string(grade))) }
      if let score = pack.grade?.score { pairs.append(("score", .number(score))) }
      return .object(pairs)
    }
    return .object([
      ("parapet.schema", .string(ScanReport.schema)),
      ("parapet.targets", .array(report.targets.map { .string($0) })),
      ("parapet.failOn", .string(report.failOn.rawValue)),
      ("parapet.packs", .array(packs)),
      ("parapet.baselineSuppressed", .integer(Int64(report.baselineSuppressed))),
    ])
  }
}
