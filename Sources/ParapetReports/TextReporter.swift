import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// The terminal report: grouped by pack and severity, each finding with its location and fix,
/// a grade per pack and a one-line summary. Colour only when asked (on a terminal).
public struct TextReporter: Reporter {
  public let format = "text"
  public let fileExtension = "txt"
  public var color: Bool
  /// Also list passing and not-applicable outcomes.
  public var verbose: Bool

  public init(color: Bool = false, verbose: Bool = false) {
    self.color = color
    self.verbose = verbose
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Evidence and rule text is untrusted: no control characters reach the terminal.
  private func clean(_ text: String) -> String { OutputNeutralizer.line(text) }

  public func render(_ report: ScanReport) -> String {
    var out = ""
    let targets = report.targets.map(clean).joined(separator: ", ")
    out += paint("Parapet \(EngineVersion.current)", "1") + " — \(targets)\n"
    if report.evidenceFiles > 0 {
      let kinds = report.filesByReader.keys.sorted().map { "\($0) \(report.filesByReader[$0]!)" }
      let files = report.evidenceFiles == 1 ? "1 file" : "\(report.evidenceFiles) files"
      out += paint("evidence: \(files); " + (kinds.isEmpty ? "none understood by any reader" : "read by " + kinds.joined(separator: ", ")), "2") + "\n"
    }
    for pack in report.packs {
      out += "\n" + renderPack(pack)
    }
    if !report.evidenceErrors.isEmpty {
      out += "\n" + paint("Evidence errors (these files were not fully read):", "1;31") + "\n"
      for error in report.evidenceErrors { out += "  \(clean(error.description))\n" }
    }
    if !report.notes.isEmpty {
      out += "\n" + paint("Notes:", "1") + "\n"
      for note in report.notes { out += "  \(clean(note))\n" }
    }
    if !report.waiverNotices.isEmpty {
      out += "\n" + paint("Waivers:", "1;33") + "\n"
      for notice in report.waiverNotices { out += "  \(clean(notice))\n" }
    }
    out += "\n" + summaryLine(report) + "\n"
    return out
  }

  func renderPack(_ pack: PackEvaluation) -> String {
    var out = ""
    var heading = paint("\(clean(pack.name)) \(clean(pack.version))", "1")
    if let grade = pack.grade?.grade, let text = pack.grade?.gradeText {
      heading += "  grade " + paint(clean(text), gradeColor(grade))
    }
    if let range = pack.grade?.scoreRange, range.low != range.high {
      heading += "  score \(formatScore(range.low)) to \(formatScore(range.high))"
    } else if let score = pack.grade?.score {
      heading += "  score \(formatScore(score))"
    }
    if let without = pack.gradeWithoutWaivers, without != pack.grade, let grade = without.grade {
      heading += "  (without waivers: \(clean(grade))"
      if let score = without.score { heading += ", \(formatScore(score))" }
      heading += ")"
    }
    heading += paint("  sha256:\(pack.digest.prefix(12))", "2")
    out += heading + "\n"
    if let summary = pack.grade?.summary { out += "  \(clean(summary))\n" }
    if let table = pack.grade?.details?["table"] { out += renderTable(table) }

    let problems = pack.findings.filter { $0.status == .fail || $0.status == .error || $0.status == .unknown }
    for severity in Severity.allCases.reversed() {
      let group = problems.filter { $0.severity == severity && $0.status == .fail }
      if group.isEmpty { continue }
      out += "  " + paint(severity.rawValue.uppercased(), severityColor(severity)) + "\n"
      for finding in group { out += renderFinding(finding) }
    }
    let unknown = problems.filter { $0.status == .unknown }
    if !unknown.isEmpty {
      out += "  " + paint("CANNOT VERIFY", "33") + "\n"
      for finding in unknown { out += renderFinding(finding) }
    }
    let errors = problems.filter { $0.status == .error }
    if !errors.isEmpty {
      out += "  " + paint("RULE ERRORS", "1;35") + "\n"
      for finding in errors { out += renderFinding(finding) }
    }
    if verbose {
      let others = pack.findings.filter { $0.status == .pass || $0.status == .notApplicable }
      if !others.isEmpty {
        out += "  " + paint("PASSED / NOT APPLICABLE", "32") + "\n"
        for finding in others { out += renderFinding(finding) }
      }
    }
    if let advice = pack.grade?.details?["advice"], case .array(let items) = advice, !items.isEmpty {
      out += "  " + paint("What would raise the grade next:", "1") + "\n"
      for item in items { if case .string(let text) = item { out += "    • \(clean(text))\n" } }
    }
    if let needed = pack.grade?.details?["evidence_needed"], case .array(let items) = needed, !items.isEmpty {
      out += "  " + paint("What would decide the unknown tests:", "1") + "\n"
      for item in items { if case .string(let text) = item { out += "    • \(clean(text))\n" } }
    }
    let counts = FindingStatus.allCases.map { status in
      (status, pack.findings.filter { $0.status == status }.count)
    }
    let waived = pack.findings.filter { $0.waiver != nil }.count
    var line = counts.map { "\($0.1) \($0.0.rawValue.replacingOccurrences(of: "_", with: " "))" }
      .joined(separator: " · ")
    if waived > 0 { line += " · \(waived) waived" }
    out += "  " + paint(line, "2") + "\n"
    return out
  }

  func renderFinding(_ finding: Finding) -> String {
    let mark: String
    switch finding.status {
    case .fail: mark = paint(finding.waiver == nil ? "✗" : "~", finding.waiver == nil ? "31" : "33")
    case .error: mark = paint("!", "35")
    case .unknown: mark = paint("?", "33")
    case .pass: mark = paint("✓", "32")
    case .notApplicable: mark = paint("-", "2")
    }
    var out = "    \(mark) \(paint(clean(finding.ruleID), "1")) \(clean(finding.title))"
    if let target = finding.target { out += paint(" [\(clean(target))]", "2") }
    out += "\n"
    var detail = ""
    if let location = finding.location { detail += paint(clean(location.description), "36") + "  " }
    detail += clean(finding.message)
    if let result = finding.result { detail += paint(" (\(clean(result))", "2") + (finding.scoreModifier.map { paint(", \($0 >= 0 ? "+" : "")\($0))", "2") } ?? paint(")", "2")) }
    if !detail.isEmpty { out += "      \(detail)\n" }
    if let waiver = finding.waiver {
      out += "      " + paint("waived until \(clean(waiver.expires)) by \(clean(waiver.owner)): \(clean(waiver.reason))", "33") + "\n"
    } else if finding.status == .fail, !finding.remediation.isEmpty {
      // Remediations often end with the exact settings line to write: keep their lines.
      // The reporter lays out the lines itself: each is neutralized, continuation lines are
      // indented, and no CR or separator from the pack survives.
      let lines = OutputNeutralizer.lines(finding.remediation.trimmingCharacters())
      out += "      fix: \(lines.first ?? "")\n"
      for line in lines.dropFirst() { out += "           \(line)\n" }
    }
    return out
  }

  func renderTable(_ table: JSONValue) -> String {
    guard case .array(let headers)? = table["headers"], case .array(let rows)? = table["rows"]
    else { return "" }
    let head = headers.map { cell($0) }
    let body: [[String]] = rows.compactMap { row in
      guard case .array(let cells) = row else { return nil }
      return cells.map { cell($0) }
    }
    var widths = head.map(\.count)
    for row in body {
      for (index, text) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], min(text.count, 60))
      }
    }
    func line(_ cells: [String]) -> String {
      "    " + cells.enumerated().map { index, text in
        let width = index < widths.count ? widths[index] : text.count
        let shown = text.count > 60 ? String(text.prefix(59)) + "…" : text
        return shown.padding(toLength: width, withPad: " ", startingAt: 0)
      }.joined(separator: "  ").trimmingCharacters() + "\n"
    }
    var out = paint(line(head), "1")
    for row in body { out += line(row) }
    return out
  }

  private func cell(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return clean(text)
    case .integer(let number): return String(number)
    case .number(let number): return formatScore(number)
    case .bool(let flag): return flag ? "yes" : "no"
    case .null: return "—"
    default: return clean(value.serialized(pretty: false))
    }
  }

  func summaryLine(_ report: ScanReport) -> String {
    let failing = report.allFindings.filter(\.isActiveFailure)
    let gating = report.gatingFailures.count
    var parts: [String] = []
    parts.append("\(gating) failing at or above \(report.failOn.rawValue)")
    parts.append("\(failing.count) failing in all")
    let waived = report.allFindings.filter { $0.waiver != nil }.count
    if waived > 0 { parts.append("\(waived) waived") }
    let unknown = report.count(.unknown)
    if unknown > 0 { parts.append("\(unknown) cannot be verified") }
    if !report.ruleErrors.isEmpty { parts.append("\(report.ruleErrors.count) rule errors") }
    if !report.evidenceErrors.isEmpty { parts.append("\(report.evidenceErrors.count) evidence errors") }
    if report.baselineSuppressed > 0 { parts.append("\(report.baselineSuppressed) known from the baseline") }
    let code = report.exitCode
    let text = "Summary: " + parts.joined(separator: ", ") + " → exit \(code)"
    return paint(text, code == 0 ? "1;32" : (code == 1 ? "1;31" : "1;35"))
  }

  private func gradeColor(_ grade: String) -> String {
    switch grade.first {
    case "A": return "1;32"
    case "B": return "1;36"
    case "C": return "1;33"
    default: return "1;31"
    }
  }

  private func severityColor(_ severity: Severity) -> String {
    switch severity {
    case .critical: return "1;41;37"
    case .high: return "1;31"
    case .medium: return "1;33"
    case .low: return "1;34"
    case .info: return "2"
    }
  }

  private func formatScore(_ score: Double) -> String {
    score == score.rounded() ? String(Int(score)) : String(format: "%.1f", score)
  }
}

extension String {
  func trimmingCharacters() -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }
}
