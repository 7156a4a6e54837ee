import Foundation
import ParapetEngine
import ParapetFacts
@testable import ParapetReports
import Testing

/// The HTML report: self-contained, escaped, and checked in a real browser (headless
/// Chromium): the DOM after the filter script ran, and screenshots at phone and desktop sizes.
@Suite struct ReportsHTMLTests {
  let report = ReportFixtures.report()
  var html: String { HTMLReporter().render(report) }

  /// Where the browser tests leave their page and screenshots, for a person to look at.
  static let preview = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-html-preview")

  static func write(_ html: String, name: String) throws -> URL {
    try FileManager.default.createDirectory(at: preview, withIntermediateDirectories: true)
    let url = preview.appendingPathComponent(name)
    try Data(html.utf8).write(to: url)
    return url
  }

  /// The DOM after scripts ran, for the page at `url` plus `fragment`.
  static func dom(_ url: URL, fragment: String = "") throws -> String {
    let output = try ExternalTools.chromium([
      "--virtual-time-budget=5000", "--dump-dom", url.absoluteString + fragment,
    ])
    #expect(output.status == 0, "chromium failed: \(output.stderr.suffix(2000))")
    return output.stdout
  }

  /// Every `<tag ...>` opening in `html`.
  static func tags(_ name: String, in html: String) -> [String] {
    html.components(separatedBy: "<\(name) ").dropFirst().map { String($0.prefix { $0 != ">" }) }
  }

  @Test func isSelfContained() throws {
    let html = html
    #expect(!html.contains("<link"))
    #expect(!html.contains(" src="))
    #expect(!html.contains("url("))
    #expect(!html.contains("@import"))
    #expect(!html.contains("@font-face"))
    for anchor in Self.tags("a", in: html) {
      #expect(anchor.contains("href=\"https://") || anchor.contains("href=\"http://"), "\(anchor)")
    }
    // One script, ours, allowed by hash; nothing may be fetched.
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(html.contains("default-src 'none'"))
    #expect(html.contains("script-src \(ScriptDigest.cspSource(HTMLReporter.script));"))
  }

  /// The CSP hash agrees with an independent SHA-256 (python's hashlib).
  @Test func scriptHashMatchesAnIndependentDigest() throws {
    #expect(ScriptDigest.base64(ScriptDigest.sha256(Array("abc".utf8))) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    #expect(ScriptDigest.base64(ScriptDigest.sha256([])) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    let python = try ExternalTools.python.get()
    let output = try ExternalTools.run(python, [
      "-c",
      "import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode())",
      HTMLReporter.script,
    ])
    #expect(ScriptDigest.cspSource(HTMLReporter.script) == "'sha256-" + output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "'")
  }

  @Test func escapesHostileText() {
    let html = html
    #expect(!html.contains("<script>alert"))
    #expect(!html.contains("<b>x</b>"))
    #expect(!html.contains("\u{1B}") && !html.contains("\u{0}"))
    #expect(html.contains("\\u{1B}[31mred\\u{1B}[0m &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; a | b `tick`"))
    #expect(!html.contains("href=\"javascript"))
    #expect(html.contains("<code>javascript:alert(1)</code>"))
    #expect(html.contains("<a href=\"https://example.org/x?a=1&amp;b=2\" rel=\"noopener noreferrer\">"))
    #expect(Escape.html("\"'<>&") == "&quot;&#39;&lt;&gt;&amp;")
  }

  @Test func showsGradesTablesCoverageAndEveryFinding() {
    let html = html
    #expect(html.contains("<div class=\"badge grade-c\" title=\"grade\">C</div>"))
    #expect(html.contains("<div class=\"badge grade-b\" title=\"grade\">B-</div>"))
    #expect(html.contains("<div class=\"badge grade-none\" title=\"grade\">–</div>"))
    #expect(html.contains("without waivers D (45)"))
    // The Observatory table, with signed modifiers.
    #expect(html.contains("<th scope=\"col\">Test</th><th scope=\"col\">Result</th><th scope=\"col\">Score</th><th scope=\"col\">Pass</th>"))
    #expect(html.contains("<td>X-Frame-Options</td><td>x-frame-options-not-implemented</td><td class=\"neg\">-20</td><td class=\"neg\">no</td>"))
    #expect(html.contains("<td class=\"pos\">+5</td>"))
    // OWASP coverage.
    #expect(html.contains("data-category=\"A05:2021\"><th scope=\"row\">A05:2021 Security Misconfiguration</th><td>7</td><td>3</td><td><span class=\"pill pill-fail\">failing</span>"))
    #expect(html.contains("data-category=\"A02:2021\"><th scope=\"row\">A02:2021 Cryptographic Failures</th><td>1</td><td>1</td>"))
    #expect(html.contains("data-category=\"A07:2021\"><th scope=\"row\">A07:2021 Identification and Authentication Failures</th><td>1</td><td>0</td><td><span class=\"pill pill-none\">no evidence</span>"))
    #expect(html.contains("data-category=\"A01:2021\"><th scope=\"row\">A01:2021 Broken Access Control</th><td>0</td><td>0</td><td><span class=\"pill pill-none\">not covered</span>"))
    // Every finding, with location, evidence excerpt and fix.
    #expect(html.components(separatedBy: "<li class=\"finding ").count - 1 == report.allFindings.count)
    #expect(html.contains("<code class=\"location\">Examples/acme-shop/mysite/settings.py:5</code>"))
    #expect(html.contains("<dt>excerpt</dt><dd><pre>SECRET_KEY = &#39;django-insecure-…&#39;</pre></dd>"))
    #expect(html.contains("<p class=\"fix\"><strong>Fix:</strong> Generate a new key and read it from the environment.</p>"))
    #expect(html.contains("<strong>Waived</strong> until 2030-01-31 by ops@example.com"))
    #expect(html.contains("Evidence that could not be read"))
  }

  @Test func isDeterministic() {
    #expect(HTMLReporter().render(ReportFixtures.report()) == HTMLReporter().render(ReportFixtures.report()))
  }

  // MARK: In the browser

  @Test func filtersRunInTheBrowser() throws {
    let url = try Self.write(html, name: "report.html")
    let total = report.allFindings.count

    let all = try Self.dom(url)
    #expect(all.contains("data-filtered=\"\(total)\""), "the filter script did not run (CSP hash?)")
    #expect(all.contains("Showing \(total) of \(total) findings"))
    #expect(all.components(separatedBy: "<script").count == 2, "a hostile script became an element")
    #expect(all.contains("DEBUG must be off in production"))
    #expect(all.contains(">C</div>") && all.contains(">B-</div>"))
    #expect(all.contains("csp-implemented-with-unsafe-inline"))

    let critical = try Self.dom(url, fragment: "#severity=critical")
    #expect(critical.contains("Showing 2 of \(total) findings"))
    let hidden = critical.components(separatedBy: "<li class=\"finding ").dropFirst().filter { $0.prefix { $0 != ">" }.contains(" hidden") }
    #expect(hidden.count == total - 2)

    let observatory = try Self.dom(url, fragment: "#pack=mozilla-observatory&status=failing")
    #expect(observatory.contains("Showing 2 of \(total) findings"))
  }

  @Test func screenshotsReadWellOnPhoneAndDesktop() throws {
    let url = try Self.write(html, name: "report.html")
    for (name, size) in [("phone", "390,2200"), ("desktop", "1280,1800")] {
      let png = Self.preview.appendingPathComponent("report-\(name).png")
      try? FileManager.default.removeItem(at: png)
      let output = try ExternalTools.chromium([
        "--virtual-time-budget=5000", "--screenshot=\(png.path)", "--window-size=\(size)", url.absoluteString,
      ])
      #expect(output.status == 0, "chromium failed: \(output.stderr.suffix(2000))")
      let data = try Data(contentsOf: png)
      #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
      // IHDR width, big-endian at bytes 16..<20.
      let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
      #expect(width == Int(size.split(separator: ",")[0])!)
      // A blank page compresses to a few kilobytes; a rendered report does not.
      #expect(data.count > 40_000, "\(name) screenshot is \(data.count) bytes: nearly empty?")
    }
  }
}
