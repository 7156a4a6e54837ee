import Foundation
@testable import ParapetEngine
import ParapetFacts
@testable import ParapetReports
import Testing

/// The pull-request comment: verdict, grades, changes against a baseline, top findings with
/// fixes, folded details; hostile text rendered inert by a real GFM renderer (cmark-gfm).
@Suite struct ReportsMarkdownTests {
  let report = ReportFixtures.report()

  func render(_ report: ScanReport, baseline: BaselineSnapshot? = nil) -> String {
    MarkdownReporter(baseline: baseline).render(report)
  }

  /// The report without its rule error and evidence error (so the exit code is 0 or 1).
  func complete(failOn: Severity = .high) -> ScanReport {
    var report = ReportFixtures.report(failOn: failOn)
    report.evidenceErrors = []
    report.packs[0].findings.removeAll { $0.status == .error }
    return report
  }

  /// Renders GitHub-flavoured Markdown to HTML with raw HTML allowed (stricter than GitHub,
  /// which would also sanitise), so any tag that got through shows up.
  static func gfm(_ markdown: String) throws -> String {
    let cmark: String
    if let found = ExternalTools.which(["cmark-gfm"]) {
      cmark = found
    } else if ExternalTools.aptInstall(["cmark-gfm"]), let found = ExternalTools.which(["cmark-gfm"]) {
      cmark = found
    } else {
      throw ExternalTools.Failure.missing("cmark-gfm is needed to render Markdown: apt-get install cmark-gfm")
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-\(UUID().uuidString).md")
    try Data(markdown.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let output = try ExternalTools.run(
      cmark, ["--unsafe", "--extension", "table", "--extension", "autolink", "--extension", "strikethrough", file.path])
    #expect(output.status == 0, "\(output.stderr)")
    return output.stdout
  }

  @Test func headingStatesTheVerdict() {
    #expect(render(report).hasPrefix(MarkdownReporter.marker + "\n## ⚠️ Parapet: incomplete scan (1 rule errors, 1 unreadable evidence files), 4 failing at or above high"))
    #expect(render(complete()).contains("## ❌ Parapet: 4 failing findings at or above high\n"))
    #expect(render(complete(failOn: .critical)).contains("## ❌ Parapet: 1 failing finding at or above critical\n"))
    #expect(render(ReportFixtures.clean()).contains("## ✅ Parapet: no failing finding at or above high\n"))
  }

  @Test func gradesPerPackAndTopFindingsWithFixes() throws {
    let text = render(report)
    #expect(text.contains("| django-deploy 1.2.0 | **C** | 55 | 3 | 1 | 1 | 1 |"))
    #expect(text.contains("| mozilla-observatory 2.0.0 | **B-** | 65 | 2 | 0 | 0 | 0 |"))
    #expect(text.contains("| acme 0.1.0 | — | — | 0 | 0 | 0 | 0 |"))
    let top = try #require(text.range(of: "### Top findings"))
    let first = text[top.upperBound...]
    // Worst first: the critical SECRET_KEY finding, with its location and fix.
    #expect(first.contains("1. 🟣 **CRITICAL** `django-deploy/DJ-002` SECRET\\_KEY must be strong  \n   Examples/acme-shop/mysite/settings.py\\:5: SECRET\\_KEY is a default 'django-insecure-' key  \n   **Fix:** Generate a new key and read it from the environment.\n"))
    #expect(text.contains("<details>") && text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
    #expect(text.contains("<summary>All findings: 8 to look at, 4 passed, 1 not applicable</summary>"))
  }

  @Test func renderedByGFMWithoutInjectedMarkup() throws {
    let markdown = render(report)
    try? Data(markdown.utf8).write(to: FileManager.default.temporaryDirectory.appendingPathComponent("parapet-comment.md"))
    let html = try Self.gfm(markdown)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<b>"))
    #expect(!html.lowercased().contains("href=\"javascript"))
    #expect(!html.contains("<h1"), "a message must not become a heading")
    #expect(!html.contains("\u{1B}"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    // Exactly the sections we wrote.
    #expect(html.components(separatedBy: "<h2>").count == 2)
    #expect(html.components(separatedBy: "<h3>").count == 2)
    // Every table row has as many cells as its header: no pipe broke out.
    for table in html.components(separatedBy: "<table>").dropFirst() {
      let body = table.components(separatedBy: "</table>")[0]
      let rows = body.components(separatedBy: "<tr>").dropFirst()
      let widths = rows.map { row in
        ["<td", "<th>", "<th "].map { row.components(separatedBy: $0).count - 1 }.reduce(0, +)
      }
      #expect(widths.allSatisfy { $0 >= 5 })
      #expect(Set(widths).count == 1, "ragged table: \(widths)")
    }
    // Mentions and issue links are defused outside code blocks (GitHub links none inside).
    let outsideCode = html.components(separatedBy: "<pre>").enumerated().map { index, part in
      index == 0 ? part : part.components(separatedBy: "</pre>").dropFirst().joined()
    }.joined()
    #expect(!outsideCode.contains("@octocat"))
    // A multi-line fix is a code block the hostile text's own ``` cannot close.
    #expect(html.contains("<pre><code>Fix \\u{1B}[31mred\\u{1B}[0m &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; a | b `tick` ``` @octocat #1 [click](javascript:alert(1)) \n# heading\n- item &amp;amp; &quot;quote&quot; 'apos' \\u{0} end\n</code></pre>"))
  }

  @Test func escapesEveryMarkdownTrick() {
    let escaped = Escape.markdown(ReportFixtures.hostile)
    #expect(!escaped.contains("\n") && !escaped.contains("\r"))
    #expect(!escaped.contains("<") && !escaped.contains(">"))
    #expect(!escaped.contains("\u{1B}") && !escaped.contains("\u{0}"))
    #expect(escaped.contains("a \\| b \\`tick\\` \\`\\`\\`"))
    #expect(escaped.contains("\\[click\\]\\(javascript\\:alert\\(1\\)\\)"))
    #expect(Escape.markdown("- item") == "\\- item")
    #expect(Escape.markdown("1. item") == "1\\. item")
    #expect(Escape.markdown("a-b.c") == "a-b.c")
    #expect(Escape.markdown("1.2.0") == "1.2.0")
    #expect(Escape.markdown("===") == "\\===")
    #expect(Escape.markdown("---") == "\\---")
  }

  @Test func showsWhatChangedAgainstABaseline() throws {
    var earlier = BaselineSnapshot(report)
    let debug = try #require(report.packs[0].findings.first { $0.ruleID == "DJ-001" })
    earlier.counts[debug.fingerprint] = nil  // DEBUG was off before this change
    earlier.counts["0123456789abcdef"] = 2  // two problems fixed since
    earlier.packs["django-deploy"] = .init(grade: "B", score: 70)
    let text = render(report, baseline: earlier)
    #expect(text.contains("### Changes since the baseline\n\n- 🆕 **1** new failing finding\n- ✅ **2** fixed since the baseline\n"))
    #expect(text.contains("- django-deploy: B (70) → C (55)\n"))
    #expect(!text.contains("- mozilla-observatory:"), "unchanged grades are not listed")
    // The new finding comes first and is marked.
    #expect(text.contains("1. 🔴 **HIGH** `django-deploy/DJ-001` DEBUG must be off in production 🆕"))

    // Without a baseline, only the count the scan filtered.
    var filtered = report
    filtered.baselineSuppressed = 4
    #expect(render(filtered).contains("_4 findings already in the baseline are not shown._"))
    #expect(!render(report).contains("baseline"))
  }

  @Test func baselinesLoadFromJSONReportsAndBaselineFiles() throws {
    let fromJSON = try #require(BaselineSnapshot(json: Data(JSONReporter().render(report).utf8)))
    #expect(fromJSON == BaselineSnapshot(report))
    let file = Baseline.document(for: report.allFindings)
    let fromFile = try #require(BaselineSnapshot(json: Data(file.utf8)))
    #expect(fromFile.counts == BaselineSnapshot(report).counts)
    #expect(fromFile.packs.isEmpty)
    #expect(BaselineSnapshot(json: Data("{\"schema\":\"other\"}".utf8)) == nil)
    // Comparing a report with its own baseline: nothing new, nothing fixed.
    let same = render(report, baseline: BaselineSnapshot(report))
    #expect(same.contains("- 🆕 **0** new failing findings\n- ✅ **0** fixed since the baseline\n"))
  }

  @Test func staysUnderGitHubsCommentLimit() {
    var big = complete()
    let template = big.packs[0].findings[0]
    big.packs[0].findings = (0..<3000).map { index in
      var finding = template
      finding.ruleID = "DJ-\(index)"
      finding.message = String(repeating: "long message ", count: 60)
      finding.remediation = String(repeating: "fix ", count: 300)
      return finding
    }
    let text = render(big)
    #expect(text.count < 65_536)
    #expect(text.contains("more in the SARIF, JSON or HTML report"))
  }

  @Test func isDeterministic() {
    #expect(render(ReportFixtures.report()) == render(ReportFixtures.report()))
  }
}
