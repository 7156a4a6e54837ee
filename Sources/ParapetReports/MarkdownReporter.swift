import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// A pull-request comment (GitHub/GitLab-flavoured Markdown): the verdict in the heading, a
/// grade per pack, what changed against a baseline, the top findings with their fixes, and
/// everything else folded in `<details>`. It starts with a hidden marker so a CI step can find
/// and update its previous comment instead of adding a new one.
///
/// All untrusted text is escaped for Markdown (no tags, links, mentions, code spans or table
/// breaks can be smuggled in) and the comment stays under GitHub's 65,536-character limit.
public struct MarkdownReporter: Reporter {
  public let format = "markdown"
  public let fileExtension = "md"

  /// The marker on the first line (an HTML comment, invisible when rendered).
  public static let marker = "<!-- parapet:report -->"
  /// Failing findings shown with their fix before the fold.
  public var topCount = 10
  /// Rows of the folded table of all findings.
  public var tableLimit = 150
  /// Items of the folded evidence-error and waiver lists.
  public var listLimit = 30
  /// The most UTF-8 bytes the comment may have (GitHub accepts 65,536 characters).
  public var sizeLimit = 60_000
  /// The earlier scan to compare with. Without it, the comment only says how many findings a
  /// baseline filtered out (`ScanReport.baselineSuppressed`).
  public var baseline: BaselineSnapshot?

  public init(baseline: BaselineSnapshot? = nil) {
    self.baseline = baseline
  }

  public func render(_ report: ScanReport) -> String {
    var out = Self.marker + "\n"
    out += heading(report) + "\n\n"
    out += packTable(report)
    out += changes(report)
    out += topFindings(report)
    let tail = evidenceErrors(report) + waiverNotices(report) + notes(report)
    out += allFindings(report, budget: sizeLimit - out.utf8.count - tail.utf8.count - 1_000)
    out += tail
    let targets = report.targets.map { Escape.markdown($0, limit: 120) }.joined(separator: ", ")
    out += "\n<sub>Parapet \(EngineVersion.current) · fail-on \(report.failOn.rawValue) · "
    out += "\(targets)</sub>\n"
    return out
  }

  func heading(_ report: ScanReport) -> String {
    let gating = report.gatingFailures.count
    switch report.exitCode {
    case 0:
      let failing = report.allFindings.filter(\.isActiveFailure).count
      let below = failing > 0 ? " (\(failing) below the threshold)" : ""
      return "## ✅ Parapet: no failing finding at or above \(report.failOn.rawValue)\(below)"
    case 1:
      let noun = gating == 1 ? "finding" : "findings"
      return "## ❌ Parapet: \(gating) failing \(noun) at or above \(report.failOn.rawValue)"
    default:
      var problems: [String] = []
      if !report.ruleErrors.isEmpty { problems.append("\(report.ruleErrors.count) rule errors") }
      if !report.evidenceErrors.isEmpty {
        problems.append("\(report.evidenceErrors.count) unreadable evidence files")
      }
      return "## ⚠️ Parapet: incomplete scan (\(problems.joined(separator: ", "))), "
        + "\(gating) failing at or above \(report.failOn.rawValue)"
    }
  }

  func packTable(_ report: ScanReport) -> String {
    guard !report.packs.isEmpty else { return "_No pack applied to this evidence._\n" }
    var out = "| Pack | Grade | Score | Failing | Waived | Cannot verify | Rule errors |\n"
    out += "|---|:---:|---:|---:|---:|---:|---:|\n"
    for pack in report.packs {
      let findings = pack.findings
      let grade = pack.grade?.gradeText.map { "**\(Escape.markdown($0, limit: 16))**" } ?? "—"
      var score = pack.grade?.score.map(formatScore) ?? "—"
      if let range = pack.grade?.scoreRange, range.low != range.high {
        score = "\(formatScore(range.low)) to \(formatScore(range.high))"
      }
      out += "| \(Escape.markdown(pack.name)) \(Escape.markdown(pack.version)) | \(grade) | \(score)"
      out += " | \(findings.filter(\.isActiveFailure).count)"
      out += " | \(findings.filter { $0.waiver != nil }.count)"
      out += " | \(findings.filter { $0.status == .unknown }.count)"
      out += " | \(findings.filter { $0.status == .error }.count) |\n"
    }
    let summaries = report.packs.compactMap { pack in
      pack.grade?.summary.map { "**\(Escape.markdown(pack.name))**: \(Escape.markdown($0))" }
    }
    if !summaries.isEmpty { out += "\n" + summaries.joined(separator: "  \n") + "\n" }
    return out
  }

  /// What changed against the baseline: new and fixed problems, grades that moved.
  func changes(_ report: ScanReport) -> String {
    guard let baseline else {
      guard report.baselineSuppressed > 0 else { return "" }
      let count = report.baselineSuppressed
      return "\n_\(count) finding\(count == 1 ? "" : "s") already in the baseline "
        + "\(count == 1 ? "is" : "are") not shown._\n"
    }
    let comparison = BaselineComparison(report, baseline: baseline)
    let new = comparison.newFailures.count
    var lines: [String] = []
    lines.append("- 🆕 **\(new)** new failing finding\(new == 1 ? "" : "s")")
    lines.append("- ✅ **\(comparison.fixedCount)** fixed since the baseline")
    lines.append("- ⏳ \(comparison.stillPresent) already known")
    for change in comparison.gradeChanges {
      let before = change.before.map(Self.gradeText) ?? "new pack"
      lines.append("- \(Escape.markdown(change.pack)): \(before) → \(Self.gradeText(change.after))")
    }
    return "\n### Changes since the baseline\n\n" + lines.joined(separator: "\n") + "\n"
  }

  static func gradeText(_ pack: BaselineSnapshot.Pack) -> String {
    let grade = pack.grade.map { Escape.markdown($0, limit: 8) } ?? "no grade"
    return pack.score.map { "\(grade) (\(formatScore($0)))" } ?? grade
  }

  func topFindings(_ report: ScanReport) -> String {
    var failing = report.allFindings.filter(\.isActiveFailure).sorted(by: Finding.displayOrder)
    var newOnes: Set<String> = []
    if let baseline {
      // New failures first: they are what this change introduced.
      let new = BaselineComparison(report, baseline: baseline).newFailures
      newOnes = Set(new.map(\.fingerprint))
      failing = failing.filter { newOnes.contains($0.fingerprint) }
        + failing.filter { !newOnes.contains($0.fingerprint) }
    }
    guard !failing.isEmpty else { return "" }
    var out = "\n### Top findings\n\n"
    for (number, finding) in failing.prefix(topCount).enumerated() {
      let isNew = newOnes.contains(finding.fingerprint)
      out += "\(number + 1). \(Self.severityIcon(finding.severity)) **\(finding.severity.rawValue.uppercased())**"
      out += " \(Self.code(finding.pack + "/" + finding.ruleID))"
      out += " \(Escape.markdown(finding.title, limit: 160))"
      if isNew { out += " 🆕" }
      out += "  \n"
      var where_: [String] = []
      if let location = finding.location {
        where_.append(Escape.markdown(report.repositoryLocation(location), limit: 200))
      }
      if let target = finding.target { where_.append("target " + Escape.markdown(target, limit: 120)) }
      if !where_.isEmpty { out += "   " + where_.joined(separator: " · ") + ": " }
      else { out += "   " }
      out += Escape.markdown(finding.message) + "  \n"
      if !finding.remediation.isEmpty {
        out += "   **Fix:**" + Self.fix(finding.remediation, indent: "   ")
      } else {
        out += "\n"
      }
    }
    if failing.count > topCount {
      out += "\n_…and \(failing.count - topCount) more failing findings in the table below._\n"
    }
    return out
  }

  /// The folded table; rows stop at `tableLimit` or when `budget` bytes are used.
  func allFindings(_ report: ScanReport, budget: Int) -> String {
    let shown = report.allFindings.filter { $0.status != .pass && $0.status != .notApplicable }
      .sorted(by: Finding.displayOrder)
    let passed = report.count(.pass)
    let notApplicable = report.count(.notApplicable)
    var out = "\n<details>\n<summary>All findings: \(shown.count) to look at, \(passed) passed, "
    out += "\(notApplicable) not applicable</summary>\n\n"
    if shown.isEmpty {
      out += "Nothing failed, was waived, or could not be verified.\n"
    } else {
      out += "| Status | Severity | Rule | Location | Message |\n|---|---|---|---|---|\n"
      var rows = 0
      var used = out.utf8.count
      for finding in shown.prefix(tableLimit) {
        var status = Escape.markdown(finding.statusLabel)
        if let waiver = finding.waiver {
          status += " until \(Escape.markdown(waiver.expires, limit: 40)) "
            + "(\(Escape.markdown(waiver.owner, limit: 80)): \(Escape.markdown(waiver.reason, limit: 200)))"
        }
        let location = finding.location.map { Escape.markdown(report.repositoryLocation($0), limit: 200) } ?? "—"
        var message = Escape.markdown(finding.message, limit: 300)
        if let target = finding.target { message += " \\[\(Escape.markdown(target, limit: 120))\\]" }
        var row = "| \(status) | \(finding.severity.rawValue) | \(Self.code(finding.pack + "/" + finding.ruleID))"
        row += " | \(location) | \(message) |\n"
        used += row.utf8.count
        if used > budget { break }
        out += row
        rows += 1
      }
      if shown.count > rows {
        out += "\n_…\(shown.count - rows) more in the SARIF, JSON or HTML report._\n"
      }
    }
    return out + "\n</details>\n"
  }

  func evidenceErrors(_ report: ScanReport) -> String {
    guard !report.evidenceErrors.isEmpty else { return "" }
    var out = "\n<details>\n<summary>⚠️ Evidence that could not be read (\(report.evidenceErrors.count))</summary>\n\n"
    for error in report.evidenceErrors.prefix(listLimit) {
      out += "- \(Escape.markdown(report.repositoryLocation(error.location), limit: 200)): "
      out += "\(Escape.markdown(error.message, limit: 300)) (\(Escape.markdown(error.reader, limit: 40)))\n"
    }
    if report.evidenceErrors.count > listLimit {
      out += "- …and \(report.evidenceErrors.count - listLimit) more\n"
    }
    return out + "\n</details>\n"
  }

  /// Which environment the settings were evaluated under, skipped runtimes, unread files.
  func notes(_ report: ScanReport) -> String {
    guard !report.notes.isEmpty else { return "" }
    var out = "\n<details>\n<summary>Notes (\(report.notes.count))</summary>\n\n"
    for note in report.notes.prefix(listLimit) { out += "- \(Escape.markdown(note, limit: 400))\n" }
    if report.notes.count > listLimit { out += "- …and \(report.notes.count - listLimit) more\n" }
    return out + "\n</details>\n"
  }

  func waiverNotices(_ report: ScanReport) -> String {
    guard !report.waiverNotices.isEmpty else { return "" }
    var out = "\n<details>\n<summary>Waivers to review (\(report.waiverNotices.count))</summary>\n\n"
    for notice in report.waiverNotices.prefix(listLimit) { out += "- \(Escape.markdown(notice, limit: 300))\n" }
    if report.waiverNotices.count > listLimit {
      out += "- …and \(report.waiverNotices.count - listLimit) more\n"
    }
    return out + "\n</details>\n"
  }

  /// A fix: one line of text inline, several lines (usually settings to paste) as a fenced
  /// code block inside the list item. The fence is longer than any backtick run in the text,
  /// so the text cannot close it; nothing inside a code block is markup.
  static func fix(_ text: String, indent: String) -> String {
    // Lines split on LF only (`OutputNeutralizer.lines`): a lone CR or U+2028 from the pack
    // never starts a line.
    let trimmed = OutputNeutralizer.lines(text.trimmingCharacters()).joined(separator: "\n").trimmingCharacters()
    guard trimmed.contains("\n") else { return " " + Escape.markdown(trimmed, limit: 600) + "\n" }
    var longest = 0
    var run = 0
    for character in trimmed {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    var out = "\n\n\(indent)\(fence)\n"
    let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
    for line in lines.prefix(20) {
      out += indent + Escape.codeLine(String(line.prefix(300))) + "\n"
    }
    if lines.count > 20 { out += indent + "…\n" }
    return out + indent + fence + "\n"
  }

  /// A code span for identifiers; text that could break out of one is escaped instead.
  static func code(_ text: String) -> String {
    let safe = !text.isEmpty && text.count <= 120 && text.unicodeScalars.allSatisfy { scalar in
      scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "`" && scalar != "|" && scalar != "\\"
    }
    return safe ? "`\(text)`" : Escape.markdown(text, limit: 120)
  }

  static func severityIcon(_ severity: Severity) -> String {
    switch severity {
    case .critical: return "🟣"
    case .high: return "🔴"
    case .medium: return "🟠"
    case .low: return "🟡"
    case .info: return "⚪"
    }
  }
}
