import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// One self-contained HTML page for people: grade badges per pack, each pack's grading table
/// (the Observatory's test table), OWASP Top 10 coverage, and every finding with its location,
/// evidence and fix, filterable by severity, pack and status.
///
/// Nothing is loaded from anywhere: the CSS and the small script are inline, fonts are the
/// system's, and a Content-Security-Policy forbids every network fetch and allows only the
/// report's own script (by hash). Without JavaScript everything is shown. Filters are mirrored
/// in the address's fragment (`#severity=high,critical&pack=django-deploy&status=failing`),
/// so a filtered view can be linked to.
public struct HTMLReporter: Reporter {
  public let format = "html"
  public let fileExtension = "html"

  public init() {}

  public func render(_ report: ScanReport) -> String {
    let catalog = RuleCatalog(report)
    // Worst first across packs: a failure in the second pack comes before a pass in the first.
    let findings = report.allFindings.sorted(by: Finding.displayOrder)
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    out += "style-src 'unsafe-inline'; script-src \(ScriptDigest.cspSource(Self.script)); "
    out += "img-src data:; base-uri 'none'; form-action 'none'\">\n"
    out += "<meta name=\"referrer\" content=\"no-referrer\">\n"
    out += "<meta name=\"generator\" content=\"Parapet \(h(EngineVersion.current))\">\n"
    let targets = report.targets.joined(separator: ", ")
    out += "<title>Parapet report: \(h(targets))</title>\n"
    out += "<style>\n\(Self.css)</style>\n</head>\n<body>\n"
    out += header(report)
    out += "<main>\n"
    out += grades(report)
    out += tables(report)
    out += owasp(report, catalog)
    out += findingsSection(report, findings)
    out += evidenceErrors(report)
    out += waiverNotices(report)
    out += "</main>\n"
    out += "<footer>Parapet \(h(EngineVersion.current)) · fail-on \(report.failOn.rawValue) · "
    out += "a self-contained report: it loads nothing from the network.</footer>\n"
    out += "<script>\(Self.script)</script>\n</body>\n</html>\n"
    return out
  }

  // MARK: Sections

  func header(_ report: ScanReport) -> String {
    let gating = report.gatingFailures.count
    let verdict: (String, String)
    switch report.exitCode {
    case 0: verdict = ("ok", "No failing finding at or above \(report.failOn.rawValue)")
    case 1:
      verdict = ("fail", "\(gating) failing finding\(gating == 1 ? "" : "s") at or above \(report.failOn.rawValue)")
    default: verdict = ("incomplete", "Incomplete scan: evidence or rules could not be evaluated")
    }
    var out = "<header>\n<h1>Parapet report</h1>\n"
    out += "<p class=\"targets\">\(report.targets.map { "<code>\(h($0))</code>" }.joined(separator: " "))</p>\n"
    out += "<p class=\"verdict verdict-\(verdict.0)\" id=\"verdict\">\(h(verdict.1)) "
    out += "<span class=\"exit\">exit \(report.exitCode)</span></p>\n"
    let findings = report.allFindings
    let counts: [(String, String, Int)] = [
      ("failing", "failing", findings.filter(\.isActiveFailure).count),
      ("waived", "waived", findings.filter { $0.waiver != nil }.count),
      ("unknown", "cannot verify", report.count(.unknown)),
      ("error", "rule errors", report.count(.error)),
      ("pass", "passed", report.count(.pass)),
      ("na", "not applicable", report.count(.notApplicable)),
    ]
    out += "<ul class=\"counts\">"
    for (key, label, count) in counts {
      out += "<li class=\"count-\(key)\"><strong>\(count)</strong> \(label)</li>"
    }
    if !report.evidenceErrors.isEmpty {
      out += "<li class=\"count-error\"><strong>\(report.evidenceErrors.count)</strong> evidence errors</li>"
    }
    if report.baselineSuppressed > 0 {
      out += "<li class=\"count-na\"><strong>\(report.baselineSuppressed)</strong> known from the baseline</li>"
    }
    return out + "</ul>\n</header>\n"
  }

  func grades(_ report: ScanReport) -> String {
    var out = "<section id=\"grades\">\n<h2>Grades</h2>\n"
    if report.packs.isEmpty { return out + "<p>No pack applied to this evidence.</p>\n</section>\n" }
    out += "<div class=\"cards\">\n"
    for pack in report.packs {
      let grade = pack.grade?.grade
      out += "<article class=\"pack\" data-pack=\"\(h(pack.name))\">\n"
      out += "<div class=\"badge \(Self.gradeClass(grade))\" title=\"grade\">\(h(pack.grade?.gradeText ?? "–"))</div>\n"
      out += "<div class=\"pack-body\"><h3>\(h(pack.name)) <small>\(h(pack.version))</small></h3>\n"
      var facts: [String] = []
      if let range = pack.grade?.scoreRange, range.low != range.high {
        facts.append("score <strong>\(h(formatScore(range.low))) to \(h(formatScore(range.high)))</strong>")
      } else if let score = pack.grade?.score {
        facts.append("score <strong>\(h(formatScore(score)))</strong>")
      }
      if let without = pack.gradeWithoutWaivers, without != pack.grade, let other = without.grade {
        facts.append("without waivers \(h(other))" + (without.score.map { " (\(h(formatScore($0))))" } ?? ""))
      }
      let failing = pack.findings.filter(\.isActiveFailure).count
      facts.append("\(failing) failing")
      facts.append("\(pack.findings.filter { $0.status == .pass }.count) passed")
      out += "<p class=\"pack-facts\">\(facts.joined(separator: " · "))</p>\n"
      if let summary = pack.grade?.summary { out += "<p>\(h(summary))</p>\n" }
      if let advice = pack.grade?.details?["advice"], case .array(let items) = advice, !items.isEmpty {
        out += "<details><summary>What would raise the grade</summary><ul>"
        for item in items { out += "<li>\(h(plainText(item)))</li>" }
        out += "</ul></details>\n"
      }
      if let needed = pack.grade?.details?["evidence_needed"], case .array(let items) = needed, !items.isEmpty {
        out += "<details><summary>What would decide the unknown tests</summary><ul>"
        for item in items { out += "<li>\(h(plainText(item)))</li>" }
        out += "</ul></details>\n"
      }
      out += "<p class=\"digest\">sha256:\(h(String(pack.digest.prefix(16))))…</p></div>\n</article>\n"
    }
    return out + "</div>\n</section>\n"
  }

  /// Each pack's grading table (`details.table = { headers = {...}, rows = {{...}} }`).
  func tables(_ report: ScanReport) -> String {
    var out = ""
    for pack in report.packs {
      guard let table = pack.grade?.details?["table"], case .array(let headers)? = table["headers"],
        case .array(let rows)? = table["rows"]
      else { continue }
      if out.isEmpty { out += "<section id=\"tables\">\n<h2>Grading tables</h2>\n" }
      out += "<h3>\(h(pack.name))</h3>\n<div class=\"table-wrap\"><table class=\"grading\" data-pack=\"\(h(pack.name))\">\n<thead><tr>"
      for header in headers { out += "<th scope=\"col\">\(h(plainText(header)))</th>" }
      out += "</tr></thead>\n<tbody>\n"
      for row in rows {
        guard case .array(let cells) = row else { continue }
        out += "<tr>"
        for cell in cells {
          var classes: [String] = []
          switch cell {
          case .integer(let number) where number < 0: classes.append("neg")
          case .integer(let number) where number > 0: classes.append("pos")
          case .number(let number) where number < 0: classes.append("neg")
          case .number(let number) where number > 0: classes.append("pos")
          case .bool(let flag): classes.append(flag ? "pos" : "neg")
          default: break
          }
          let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
          var text = plainText(cell)
          if case .integer(let number) = cell, number > 0 { text = "+" + text }
          out += "<td\(attribute)>\(h(text))</td>"
        }
        out += "</tr>\n"
      }
      out += "</tbody>\n</table></div>\n"
    }
    return out.isEmpty ? "" : out + "</section>\n"
  }

  /// Which OWASP Top 10 (2021) categories the scan's rules cover, and where they fail.
  func owasp(_ report: ScanReport, _ catalog: RuleCatalog) -> String {
    var out = "<section id=\"owasp\">\n<h2>OWASP Top 10 (2021) coverage</h2>\n"
    out += "<div class=\"table-wrap\"><table class=\"owasp\">\n<thead><tr><th scope=\"col\">Category</th>"
    out += "<th scope=\"col\">Rules</th><th scope=\"col\">Failing</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n"
    let findings = report.allFindings
    for (id, name) in OWASP.top10 {
      let rules = catalog.rules.filter { $0.owaspCategories.contains(id) }
      let related = findings.filter { $0.owaspCategories.contains(id) }
      let failing = related.filter(\.isActiveFailure).count
      let status: (String, String)
      if rules.isEmpty && related.isEmpty {
        status = ("none", "not covered")
      } else if failing > 0 {
        status = ("fail", "failing")
      } else if related.contains(where: { $0.status == .unknown || $0.status == .error }) {
        status = ("unknown", "incomplete")
      } else if related.contains(where: { $0.status == .pass || $0.waiver != nil }) {
        status = ("ok", "passing")
      } else {
        status = ("none", "no evidence")
      }
      let ruleCount = max(rules.count, Set(related.map { $0.pack + "/" + $0.ruleID }).count)
      out += "<tr class=\"owasp-\(status.0)\" data-category=\"\(h(id))\"><th scope=\"row\">\(h(id)) \(h(name))</th>"
      out += "<td>\(ruleCount)</td><td>\(failing)</td><td><span class=\"pill pill-\(status.0)\">\(status.1)</span></td></tr>\n"
    }
    out += "</tbody>\n</table></div>\n"
    let known = Set(OWASP.top10.map(\.id))
    let others = Set(catalog.rules.flatMap(\.owaspCategories) + findings.flatMap(\.owaspCategories))
      .subtracting(known).sorted()
    if !others.isEmpty {
      out += "<p>Other OWASP references: \(others.map { "<code>\(h($0))</code>" }.joined(separator: " "))</p>\n"
    }
    return out + "</section>\n"
  }

  func findingsSection(_ report: ScanReport, _ findings: [Finding]) -> String {
    var out = "<section id=\"findings\">\n<h2>Findings</h2>\n"
    out += "<form class=\"filters\" id=\"filters\" aria-label=\"Filter findings\">\n"
    out += "<fieldset><legend>Severity</legend>"
    for severity in Severity.allCases.reversed() {
      let count = findings.filter { $0.severity == severity }.count
      out += "<label class=\"sev sev-\(severity.rawValue)\"><input type=\"checkbox\" name=\"severity\" "
      out += "value=\"\(severity.rawValue)\" checked> \(severity.rawValue) (\(count))</label>"
    }
    out += "</fieldset>\n<label>Pack <select name=\"pack\"><option value=\"\">all packs</option>"
    for pack in report.packs { out += "<option value=\"\(h(pack.name))\">\(h(pack.name))</option>" }
    out += "</select></label>\n<label>Status <select name=\"status\">"
    out += "<option value=\"all\">all</option><option value=\"attention\">needs attention</option>"
    for (value, label) in [
      ("failing", "failing"), ("waived", "waived"), ("unknown", "cannot verify"),
      ("error", "rule error"), ("pass", "passed"), ("not_applicable", "not applicable"),
    ] {
      out += "<option value=\"\(value)\">\(label)</option>"
    }
    out += "</select></label>\n</form>\n"
    out += "<p id=\"filter-count\" aria-live=\"polite\">\(findings.count) findings</p>\n"
    out += "<ol class=\"findings\" id=\"finding-list\">\n"
    for finding in findings { out += self.finding(finding, report) }
    out += "</ol>\n</section>\n"
    return out
  }

  func finding(_ finding: Finding, _ report: ScanReport) -> String {
    let status = Self.statusKey(finding)
    let attention = finding.status != .pass && finding.status != .notApplicable
    var out = "<li class=\"finding status-\(status) sev-\(finding.severity.rawValue)\""
    out += " data-severity=\"\(finding.severity.rawValue)\" data-pack=\"\(h(finding.pack))\""
    out += " data-status=\"\(status)\" data-attention=\"\(attention ? "yes" : "no")\""
    out += " data-fingerprint=\"\(h(finding.fingerprint))\">\n"
    out += "<div class=\"finding-head\"><span class=\"pill pill-\(status)\">\(h(finding.statusLabel))</span>"
    out += "<span class=\"sev-tag sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>"
    out += "<code class=\"rule\">\(h(finding.pack))/\(h(finding.ruleID))</code></div>\n"
    out += "<h3>\(h(finding.title))</h3>\n"
    var place: [String] = []
    if let location = finding.location {
      place.append("<code class=\"location\">\(h(report.repositoryLocation(location)))</code>")
    }
    if let target = finding.target { place.append("target <code>\(h(target))</code>") }
    if let result = finding.result { place.append("result <code>\(h(result))</code>") }
    if let modifier = finding.scoreModifier {
      place.append("score <span class=\"\(modifier < 0 ? "neg" : "pos")\">\(modifier > 0 ? "+" : "")\(modifier)</span>")
    }
    if !place.isEmpty { out += "<p class=\"where\">\(place.joined(separator: " · "))</p>\n" }
    if !finding.message.isEmpty { out += "<p class=\"message\">\(h(finding.message))</p>\n" }
    if let data = finding.data { out += evidence(data) }
    if let waiver = finding.waiver {
      out += "<p class=\"waiver\"><strong>Waived</strong> until \(h(waiver.expires)) by \(h(waiver.owner)): \(h(waiver.reason))</p>\n"
    }
    if !finding.remediation.isEmpty, finding.status == .fail || finding.status == .unknown {
      out += "<p class=\"fix\"><strong>Fix:</strong> \(h(finding.remediation))</p>\n"
    }
    if !finding.references.isEmpty {
      out += "<p class=\"refs\">"
      out += finding.references.map { reference in
        Escape.isWebLink(reference)
          ? "<a href=\"\(h(reference))\" rel=\"noopener noreferrer\">\(h(reference))</a>"
          : "<code>\(h(reference))</code>"
      }.joined(separator: " ")
      out += "</p>\n"
    }
    return out + "</li>\n"
  }

  /// The rule's `data`: the evidence excerpt and values it looked at.
  func evidence(_ data: JSONValue) -> String {
    var out = "<details class=\"evidence\" open><summary>Evidence</summary>\n"
    if case .object(let pairs) = data, !pairs.isEmpty {
      out += "<dl>"
      for (key, value) in pairs {
        let text: String
        if case .string(let string) = value { text = string } else { text = value.serialized(pretty: true) }
        let clipped = text.count > 2000 ? String(text.prefix(2000)) + "…" : text
        out += "<dt>\(h(key))</dt><dd><pre>\(h(clipped))</pre></dd>"
      }
      out += "</dl>\n"
    } else {
      out += "<pre>\(h(data.serialized(pretty: true)))</pre>\n"
    }
    return out + "</details>\n"
  }

  func evidenceErrors(_ report: ScanReport) -> String {
    guard !report.evidenceErrors.isEmpty else { return "" }
    var out = "<section id=\"evidence-errors\">\n<h2>Evidence that could not be read</h2>\n<ul>\n"
    for error in report.evidenceErrors {
      out += "<li><code>\(h(report.repositoryLocation(error.location)))</code> \(h(error.message)) "
      out += "<small>(\(h(error.reader)))</small></li>\n"
    }
    return out + "</ul>\n</section>\n"
  }

  func waiverNotices(_ report: ScanReport) -> String {
    guard !report.waiverNotices.isEmpty else { return "" }
    var out = "<section id=\"waivers\">\n<h2>Waivers to review</h2>\n<ul>\n"
    for notice in report.waiverNotices { out += "<li>\(h(notice))</li>\n" }
    return out + "</ul>\n</section>\n"
  }

  // MARK: Helpers

  private func h(_ text: String) -> String { Escape.html(text) }

  static func statusKey(_ finding: Finding) -> String {
    switch finding.status {
    case .fail: return finding.waiver == nil ? "failing" : "waived"
    case .error: return "error"
    case .unknown: return "unknown"
    case .pass: return "pass"
    case .notApplicable: return "not_applicable"
    }
  }

  static func gradeClass(_ grade: String?) -> String {
    switch grade?.uppercased().first {
    case "A": return "grade-a"
    case "B": return "grade-b"
    case "C": return "grade-c"
    case "D": return "grade-d"
    case "E", "F": return "grade-f"
    default: return "grade-none"
    }
  }

  // MARK: Inline CSS and script

  static let css = """
    :root{--bg:#f6f7f9;--card:#fff;--text:#1d232b;--muted:#5b6573;--line:#dde1e6;--accent:#2457c5;
    --fail:#b42318;--fail-bg:#fdecea;--ok:#13795b;--ok-bg:#e6f4ee;--warn:#8a5a00;--warn-bg:#fff4d6;
    --err:#6e2fb0;--err-bg:#f1e8fb;--na:#5b6573;--na-bg:#eef0f3;color-scheme:light dark}
    @media (prefers-color-scheme:dark){:root{--bg:#14171c;--card:#1d2128;--text:#e6e9ee;--muted:#9aa4b2;
    --line:#323843;--accent:#7ea6ff;--fail:#ff8a80;--fail-bg:#3b1f1f;--ok:#6fd3a8;--ok-bg:#17332a;
    --warn:#ffd166;--warn-bg:#3a3019;--err:#d0a8ff;--err-bg:#2e2340;--na:#9aa4b2;--na-bg:#262b33}}
    *{box-sizing:border-box}
    body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:break-word}
    header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
    header{padding-top:20px}
    h1{font-size:1.6rem;margin:0 0 4px}
    h2{font-size:1.25rem;margin:28px 0 12px;border-bottom:1px solid var(--line);padding-bottom:4px}
    h3{font-size:1.05rem;margin:4px 0}
    code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.88em}
    pre{white-space:pre-wrap;margin:0;background:var(--na-bg);padding:6px 8px;border-radius:6px}
    .targets{margin:0 0 10px;color:var(--muted)}
    .verdict{font-weight:600;padding:10px 14px;border-radius:8px;margin:8px 0}
    .verdict-ok{background:var(--ok-bg);color:var(--ok)}
    .verdict-fail{background:var(--fail-bg);color:var(--fail)}
    .verdict-incomplete{background:var(--err-bg);color:var(--err)}
    .exit{font-weight:400;opacity:.8;margin-left:6px;font-size:.9em}
    .counts{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:8px}
    .counts li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:2px 12px;font-size:.92rem}
    .count-failing strong{color:var(--fail)}.count-error strong{color:var(--err)}.count-pass strong{color:var(--ok)}
    .count-unknown strong,.count-waived strong{color:var(--warn)}
    .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
    .pack{display:flex;gap:14px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px}
    .pack p{margin:4px 0}.pack-body{min-width:0;flex:1}
    .pack-facts,.digest{color:var(--muted);font-size:.9rem}
    .badge{flex:none;width:64px;height:64px;border-radius:12px;display:flex;align-items:center;justify-content:center;font-size:1.7rem;font-weight:700;color:#fff}
    .grade-a{background:#13795b}.grade-b{background:#3a7d1a}.grade-c{background:#a66a00}.grade-d{background:#c2410c}
    .grade-f{background:#b42318}.grade-none{background:#6b7280}
    .table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:10px}
    table{border-collapse:collapse;width:100%;font-size:.92rem}
    th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
    thead th{background:var(--na-bg);white-space:nowrap}
    tbody tr:last-child th,tbody tr:last-child td{border-bottom:0}
    .neg{color:var(--fail);font-weight:600}.pos{color:var(--ok);font-weight:600}
    .pill{display:inline-block;border-radius:999px;padding:0 10px;font-size:.82rem;font-weight:600;white-space:nowrap}
    .pill-fail,.pill-failing{background:var(--fail-bg);color:var(--fail)}
    .pill-ok,.pill-pass{background:var(--ok-bg);color:var(--ok)}
    .pill-unknown,.pill-waived{background:var(--warn-bg);color:var(--warn)}
    .pill-error{background:var(--err-bg);color:var(--err)}
    .pill-none,.pill-not_applicable{background:var(--na-bg);color:var(--na)}
    .filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
    .filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
    .filters legend{float:left;font-weight:600;margin-right:4px}
    .filters select{font:inherit;padding:2px 4px;max-width:100%}
    .filters label{white-space:nowrap}
    #filter-count{color:var(--muted);margin:8px 2px}
    .findings{list-style:none;padding:0;margin:0;display:grid;gap:10px}
    .finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--na);border-radius:8px;padding:10px 14px}
    .finding p{margin:6px 0}
    .finding.status-failing{border-left-color:var(--fail)}.finding.status-waived,.finding.status-unknown{border-left-color:var(--warn)}
    .finding.status-error{border-left-color:var(--err)}.finding.status-pass{border-left-color:var(--ok)}
    .finding-head{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
    .rule{color:var(--muted)}
    .sev-tag{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;font-weight:700;padding:0 6px;border-radius:4px;background:var(--na-bg)}
    .sev-tag.sev-critical{background:#7a1111;color:#fff}.sev-tag.sev-high{background:var(--fail);color:#fff}
    .sev-tag.sev-medium{background:#b45309;color:#fff}.sev-tag.sev-low{background:#2457c5;color:#fff}
    .status-pass .sev-tag,.status-not_applicable .sev-tag{opacity:.5}
    .where{color:var(--muted);font-size:.92rem}
    .fix{background:var(--ok-bg);border-radius:6px;padding:6px 10px;white-space:pre-line}
    .message,.waiver{white-space:pre-line}
    .waiver{background:var(--warn-bg);border-radius:6px;padding:6px 10px}
    .evidence summary{cursor:pointer;color:var(--muted);font-size:.9rem}
    .evidence dl{margin:4px 0;display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:4px 10px}
    .evidence dt{font-weight:600;font-size:.9rem}.evidence dd{margin:0;min-width:0}
    .finding code,.evidence pre,.targets code{overflow-wrap:anywhere}
    .refs code{margin-right:4px}
    a{color:var(--accent)}
    [hidden]{display:none!important}
    footer{color:var(--muted);font-size:.85rem;padding:28px 16px 36px}
    @media (max-width:600px){body{font-size:15px}h1{font-size:1.35rem}
    .pack{padding:10px;gap:10px}.badge{width:48px;height:48px;font-size:1.3rem}
    .cards{grid-template-columns:1fr}.filters{padding:8px 10px}
    .evidence dl{grid-template-columns:1fr}th,td{padding:5px 7px}}
    @media print{.filters,#filter-count{display:none}.finding{break-inside:avoid}}

    """

  /// The filters. Reads and writes the fragment; marks `<body data-filtered>` once it ran.
  static let script = """
    (function () {
      "use strict";
      var form = document.getElementById("filters");
      var count = document.getElementById("filter-count");
      var items = Array.prototype.slice.call(document.querySelectorAll("#finding-list > .finding"));
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=severity]"));
      function apply() {
        var severities = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
        var pack = form.elements.pack.value, status = form.elements.status.value, shown = 0;
        items.forEach(function (item) {
          var visible = severities.indexOf(item.dataset.severity) >= 0 &&
            (pack === "" || item.dataset.pack === pack) &&
            (status === "all" || (status === "attention" ? item.dataset.attention === "yes" : item.dataset.status === status));
          item.hidden = !visible;
          if (visible) { shown += 1; }
        });
        count.textContent = "Showing " + shown + " of " + items.length + " findings";
        document.body.setAttribute("data-filtered", String(shown));
      }
      function readFragment() {
        location.hash.replace(/^#/, "").split("&").forEach(function (part) {
          var pair = part.split("="), key = pair[0], value = decodeURIComponent(pair.slice(1).join("=") || "");
          if (key === "severity") {
            var wanted = value.split(",");
            boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
          } else if ((key === "pack" || key === "status") && form.elements[key]) {
            var select = form.elements[key];
            if (Array.prototype.some.call(select.options, function (option) { return option.value === value; })) { select.value = value; }
          }
        });
      }
      function writeFragment() {
        var parts = [];
        var severities = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
        if (severities.length !== boxes.length) { parts.push("severity=" + severities.join(",")); }
        if (form.elements.pack.value) { parts.push("pack=" + encodeURIComponent(form.elements.pack.value)); }
        if (form.elements.status.value !== "all") { parts.push("status=" + form.elements.status.value); }
        try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname); } catch (ignored) {}
      }
      form.addEventListener("change", function () { apply(); writeFragment(); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      readFragment();
      apply();
    })();

    """
}
