import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// JUnit XML for CI test tabs (GitLab, Jenkins, Azure Pipelines, GitHub test-report actions).
///
/// One `<testsuite>` per pack and one `<testcase>` per rule and target. A test case fails when
/// the rule has an unwaived failing finding (all of them are listed in the failure's text, each
/// with its location), is an `<error>` when the rule could not be evaluated, and is skipped when
/// the rule did not apply, could not be verified or was waived, with the reason as its message.
/// Unreadable evidence gets a suite of its own so it shows up next to the rules. Times are
/// always 0: the report is reproducible byte for byte.
public struct JUnitReporter: Reporter {
  public let format = "junit"
  public let fileExtension = "xml"

  public init() {}

  /// One test case: a rule's findings for one target, and the verdict they add up to.
  struct Case {
    var pack: String
    var rule: String
    var target: String?
    var findings: [Finding]

    enum Verdict { case passed, failed, errored, skipped }

    var failing: [Finding] { findings.filter(\.isActiveFailure) }

    var verdict: Verdict {
      if !failing.isEmpty { return .failed }
      if findings.contains(where: { $0.status == .error }) { return .errored }
      if findings.contains(where: { $0.status == .pass }) && !findings.contains(where: {
        $0.status == .unknown || ($0.status == .fail && $0.waiver != nil)
      }) {
        return .passed
      }
      return .skipped
    }
  }

  static func cases(_ pack: PackEvaluation) -> [Case] {
    var order: [String] = []
    var groups: [String: Case] = [:]
    for finding in pack.findings {
      let key = finding.ruleID + "\u{1F}" + (finding.target ?? "")
      if groups[key] == nil {
        order.append(key)
        groups[key] = Case(pack: pack.name, rule: finding.ruleID, target: finding.target, findings: [])
      }
      groups[key]!.findings.append(finding)
    }
    return order.sorted().map { groups[$0]! }
  }

  public func render(_ report: ScanReport) -> String {
    let suites = report.packs.map { ($0, Self.cases($0)) }
    var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
    for (_, cases) in suites {
      totals.tests += cases.count
      totals.failures += cases.filter { $0.verdict == .failed }.count
      totals.errors += cases.filter { $0.verdict == .errored }.count
      totals.skipped += cases.filter { $0.verdict == .skipped }.count
    }
    totals.tests += report.evidenceErrors.count
    totals.errors += report.evidenceErrors.count

    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"parapet\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\""
    out += " errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\" time=\"0\">\n"
    for (pack, cases) in suites { out += suite(pack, cases, report) }
    if !report.evidenceErrors.isEmpty { out += evidenceSuite(report) }
    out += "</testsuites>\n"
    return out
  }

  func suite(_ pack: PackEvaluation, _ cases: [Case], _ report: ScanReport) -> String {
    let failures = cases.filter { $0.verdict == .failed }.count
    let errors = cases.filter { $0.verdict == .errored }.count
    let skipped = cases.filter { $0.verdict == .skipped }.count
    var out = "  <testsuite name=\"\(attr(pack.name))\" tests=\"\(cases.count)\""
    out += " failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\">\n"
    var properties: [(String, String)] = [
      ("pack.version", pack.version), ("pack.digest", "sha256:" + pack.digest),
      ("fail-on", report.failOn.rawValue),
    ]
    if let grade = pack.grade?.grade { properties.append(("grade", grade)) }
    if let score = pack.grade?.score { properties.append(("score", formatScore(score))) }
    if let summary = pack.grade?.summary { properties.append(("summary", summary)) }
    out += "    <properties>\n"
    for (name, value) in properties {
      out += "      <property name=\"\(attr(name))\" value=\"\(attr(value))\"/>\n"
    }
    out += "    </properties>\n"
    for testCase in cases { out += self.testCase(testCase, report) }
    out += "  </testsuite>\n"
    return out
  }

  func testCase(_ testCase: Case, _ report: ScanReport) -> String {
    let first = testCase.findings[0]
    var name = "\(testCase.rule) \(first.title)"
    if let target = testCase.target { name += " [\(target)]" }
    let located = (testCase.failing.first ?? first).location
    var out = "    <testcase name=\"\(attr(name))\" classname=\"\(attr(testCase.pack + "." + testCase.rule))\""
    if let located {
      out += " file=\"\(attr(report.repositoryPath(located.file)))\""
      if let line = located.line { out += " line=\"\(line)\"" }
    }
    out += " time=\"0\""
    switch testCase.verdict {
    case .passed:
      return out + "/>\n"
    case .failed:
      let failing = testCase.failing.sorted(by: Finding.displayOrder)
      let worst = failing[0]
      var message = worst.message.isEmpty ? worst.title : worst.message
      if failing.count > 1 { message += " (and \(failing.count - 1) more)" }
      let body = failing.map { describe($0, report) }.joined(separator: "\n\n")
      out += ">\n      <failure message=\"\(attr(message))\" type=\"\(worst.severity.rawValue)\">"
      out += text(body) + "</failure>\n"
    case .errored:
      let errored = testCase.findings.filter { $0.status == .error }
      let message = errored[0].message
      let body = errored.map { describe($0, report) }.joined(separator: "\n\n")
      out += ">\n      <error message=\"\(attr(message))\" type=\"rule-error\">"
      out += text(body) + "</error>\n"
    case .skipped:
      out += ">\n      <skipped message=\"\(attr(skipReason(testCase)))\"/>\n"
    }
    let others = testCase.findings.filter { $0.waiver != nil || $0.status == .unknown }
    if testCase.verdict != .skipped, !others.isEmpty {
      out += "      <system-out>"
      out += text(others.map { describe($0, report) }.joined(separator: "\n\n"))
      out += "</system-out>\n"
    }
    return out + "    </testcase>\n"
  }

  func skipReason(_ testCase: Case) -> String {
    if let unknown = testCase.findings.first(where: { $0.status == .unknown }) {
      return "cannot verify: " + unknown.message
    }
    if let waived = testCase.findings.first(where: { $0.waiver != nil }), let waiver = waived.waiver {
      return "waived until \(waiver.expires) by \(waiver.owner): \(waiver.reason)"
    }
    let message = testCase.findings.first(where: { !$0.message.isEmpty })?.message
    return "not applicable" + (message.map { ": " + $0 } ?? "")
  }

  /// A finding as the failure text shows it: status and severity, location, message, fix.
  func describe(_ finding: Finding, _ report: ScanReport) -> String {
    var lines = ["[\(finding.severity.rawValue)] \(finding.statusLabel)"]
    if let location = finding.location { lines[0] += " at " + report.repositoryLocation(location) }
    if !finding.message.isEmpty { lines.append(finding.message) }
    if let result = finding.result { lines.append("result: " + result) }
    if let waiver = finding.waiver {
      lines.append("waived until \(waiver.expires) by \(waiver.owner): \(waiver.reason)")
    } else if finding.status == .fail, !finding.remediation.isEmpty {
      lines.append("fix: " + finding.remediation)
    }
    if !finding.references.isEmpty {
      lines.append("references: " + finding.references.joined(separator: ", "))
    }
    lines.append("fingerprint: " + finding.fingerprint)
    return lines.joined(separator: "\n")
  }

  func evidenceSuite(_ report: ScanReport) -> String {
    let count = report.evidenceErrors.count
    var out = "  <testsuite name=\"evidence\" tests=\"\(count)\" failures=\"0\" errors=\"\(count)\""
    out += " skipped=\"0\" time=\"0\">\n"
    for error in report.evidenceErrors {
      let path = report.repositoryPath(error.location.file)
      out += "    <testcase name=\"\(attr("read " + path))\" classname=\"evidence.\(attr(error.reader))\""
      out += " file=\"\(attr(path))\""
      if let line = error.location.line { out += " line=\"\(line)\"" }
      out += " time=\"0\">\n"
      out += "      <error message=\"\(attr(error.message))\" type=\"evidence-error\">"
      out += text("\(report.repositoryLocation(error.location)): \(error.message) [\(error.reader)]")
      out += "</error>\n    </testcase>\n"
    }
    return out + "  </testsuite>\n"
  }

  private func attr(_ value: String) -> String { Escape.xml(value, attribute: true) }
  private func text(_ value: String) -> String { Escape.xml(value) }
}
