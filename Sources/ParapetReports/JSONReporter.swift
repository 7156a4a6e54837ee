import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// The `parapet.report/v1` JSON document: byte-identical for the same inputs.
public struct JSONReporter: Reporter {
  public let format = "json"
  public let fileExtension = "json"

  public init() {}

  public func render(_ report: ScanReport) -> String {
    document(report).serialized(pretty: true) + "\n"
  }

  public func document(_ report: ScanReport) -> JSONValue {
    .object([
      ("schema", .string(ScanReport.schema)),
      ("engine", .object([("name", .string("parapet")), ("version", .string(EngineVersion.current))])),
      ("targets", .array(report.targets.map { .string($0) })),
      ("fail_on", .string(report.failOn.rawValue)),
      ("exit_code", .integer(Int64(report.exitCode))),
      ("summary", summary(report)),
      ("evidence", evidence(report)),
      ("packs", .array(report.packs.map(pack))),
      ("evidence_errors", .array(report.evidenceErrors.map(Self.evidenceError))),
      ("waiver_notices", .array(report.waiverNotices.map { .string($0) })),
    ] + (report.notes.isEmpty ? [] : [("notes", .array(report.notes.map { .string($0) }))]))
  }

  func evidence(_ report: ScanReport) -> JSONValue {
    let read = report.filesByReader.keys.sorted().map { ($0, JSONValue.integer(Int64(report.filesByReader[$0]!))) }
    return .object([
      ("files", .integer(Int64(report.evidenceFiles))),
      ("read_by", .object(read)),
    ])
  }

  func summary(_ report: ScanReport) -> JSONValue {
    let findings = report.allFindings
    var bySeverity: [(String, JSONValue)] = []
    for severity in Severity.allCases.reversed() {
      let count = findings.filter { $0.isActiveFailure && $0.severity == severity }.count
      bySeverity.append((severity.rawValue, .integer(Int64(count))))
    }
    var statuses: [(String, JSONValue)] = FindingStatus.allCases.map {
      ($0.rawValue, .integer(Int64(report.count($0))))
    }
    statuses.append(("waived", .integer(Int64(findings.filter { $0.waiver != nil }.count))))
    return .object([
      ("findings", .integer(Int64(findings.count))),
      ("statuses", .object(statuses)),
      ("failing_by_severity", .object(bySeverity)),
      ("gating_failures", .integer(Int64(report.gatingFailures.count))),
      ("evidence_errors", .integer(Int64(report.evidenceErrors.count))),
      ("baseline_suppressed", .integer(Int64(report.baselineSuppressed))),
    ])
  }

  func pack(_ evaluation: PackEvaluation) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("name", .string(evaluation.name)),
      ("version", .string(evaluation.version)),
      ("digest", .string("sha256:" + evaluation.digest)),
      ("score", evaluation.grade?.score.map { .number($0) } ?? .null),
      ("grade", evaluation.grade?.grade.map { .string($0) } ?? .null),
    ]
    if let grade = evaluation.grade, let scores = grade.scoreRange, let grades = grade.gradeRange {
      pairs.append(("score_range", .array([.number(scores.low), .number(scores.high)])))
      pairs.append(("grade_range", .array([.string(grades.worst), .string(grades.best)])))
      pairs.append(("exact", .bool(grade.isExact)))
    }
    if let summary = evaluation.grade?.summary { pairs.append(("summary", .string(summary))) }
    if let without = evaluation.gradeWithoutWaivers, without != evaluation.grade {
      pairs.append(("score_without_waivers", without.score.map { .number($0) } ?? .null))
      pairs.append(("grade_without_waivers", without.grade.map { .string($0) } ?? .null))
    }
    if let details = evaluation.grade?.details { pairs.append(("details", details)) }
    if evaluation.incomplete { pairs.append(("incomplete", .bool(true))) }
    pairs.append(("findings", .array(evaluation.findings.map(Self.finding))))
    return .object(pairs)
  }

  public static func finding(_ finding: Finding) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("rule", .string(finding.ruleID)),
      ("pack", .string(finding.pack)),
      ("title", .string(finding.title)),
      ("status", .string(finding.status.rawValue)),
      ("severity", .string(finding.severity.rawValue)),
      ("message", .string(finding.message)),
    ]
    if let location = finding.location { pairs.append(("location", Self.location(location))) }
    if let result = finding.result { pairs.append(("result", .string(result))) }
    if let modifier = finding.scoreModifier {
      pairs.append(("score_modifier", .integer(Int64(modifier))))
    }
    if let target = finding.target { pairs.append(("target", .string(target))) }
    if let check = finding.djangoCheck { pairs.append(("django_check", .string(check))) }
    pairs.append(("references", .array(finding.references.map { .string($0) })))
    if !finding.remediation.isEmpty { pairs.append(("remediation", .string(finding.remediation))) }
    if let data = finding.data { pairs.append(("data", data)) }
    if let waiver = finding.waiver {
      pairs.append(
        ("waiver", .object([
          ("reason", .string(waiver.reason)), ("owner", .string(waiver.owner)),
          ("expires", .string(waiver.expires)),
        ])))
    }
    pairs.append(("fingerprint", .string(finding.fingerprint)))
    return .object(pairs)
  }

  static func location(_ location: SourceLocation) -> JSONValue {
    var pairs: [(String, JSONValue)] = [("file", .string(location.file))]
    if let line = location.line { pairs.append(("line", .integer(Int64(line)))) }
    if let column = location.column { pairs.append(("column", .integer(Int64(column)))) }
    if let path = location.path { pairs.append(("path", .string(path))) }
    return .object(pairs)
  }

  static func evidenceError(_ error: EvidenceError) -> JSONValue {
    .object([
      ("location", location(error.location)),
      ("reader", .string(error.reader)),
      ("message", .string(error.message)),
    ])
  }
}
