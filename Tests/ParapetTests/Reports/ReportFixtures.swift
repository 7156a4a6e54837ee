import Foundation
@testable import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports

/// A realistic scan report built in memory: three packs, every status, waived findings, a
/// grading table, evidence errors, and hostile text in every field a reporter prints.
enum ReportFixtures {
  /// Text that tries to break out of every output format: ANSI escapes, newlines, tags, CDATA
  /// ends, table pipes, backticks, Markdown links and mentions, entities, quotes, a NUL.
  static let hostile =
    "\u{1B}[31mred\u{1B}[0m <script>alert(1)</script> ]]> a | b `tick` ``` @octocat #1 "
    + "[click](javascript:alert(1)) \n# heading\r\n- item &amp; \"quote\" 'apos' \u{0} end"

  static let digest = String(repeating: "ab12", count: 16)

  static func descriptor(
    _ id: String, _ title: String, _ severity: Severity, references: [String],
    remediation: String, rationale: String = "", description: String = "", docs: String? = nil
  ) -> RuleDescriptor {
    RuleDescriptor(
      id: id, title: title, severity: severity, references: references, remediation: remediation,
      rationale: rationale, description: description, docs: docs, tags: [], evidence: [],
      examples: nil, path: "rules/\(id.lowercased()).lua", hasApplies: false)
  }

  static func django() -> (PackEvaluation, [RuleDescriptor]) {
    func finding(
      _ id: String, _ title: String, _ status: FindingStatus, _ severity: Severity,
      _ message: String, line: Int? = 3, file: String = "mysite/settings.py",
      references: [String] = ["owasp:A05:2021", "cwe:489"], remediation: String = "",
      data: JSONValue? = nil, waiver: AppliedWaiver? = nil
    ) -> Finding {
      Finding(
        ruleID: id, pack: "django-deploy", packVersion: "1.2.0", title: title, status: status,
        severity: severity, message: message,
        location: line.map { SourceLocation(file: file, line: $0) },
        references: references, remediation: remediation, data: data, waiver: waiver)
    }
    let findings = [
      finding(
        "DJ-001", "DEBUG must be off in production", .fail, .high, "DEBUG is True",
        remediation: "Set DEBUG = False in the production settings."),
      finding(
        "DJ-002", "SECRET_KEY must be strong", .fail, .critical,
        "SECRET_KEY is a default 'django-insecure-' key", line: 5,
        references: ["owasp:A02:2021", "cwe:798"],
        remediation: "Generate a new key and read it from the environment.",
        data: .object([
          ("excerpt", .string("SECRET_KEY = 'django-insecure-…'")),
          ("length", .integer(50)),
        ])),
      finding(
        "DJ-003", "ALLOWED_HOSTS must not be a wildcard", .fail, .medium,
        "ALLOWED_HOSTS contains '*'", line: 9, remediation: "List the real host names.",
        waiver: AppliedWaiver(reason: "staging only " + hostile, owner: "ops@example.com", expires: "2030-01-31")),
      finding(
        "DJ-004", "Session cookies must be secure", .unknown, .medium,
        "SESSION_COOKIE_SECURE depends on $COOKIE_SECURE, which the evidence does not set",
        line: 12, remediation: "Set SESSION_COOKIE_SECURE = True."),
      finding("DJ-005", "HSTS is enabled", .pass, .low, "", line: 14),
      finding("DJ-006", "CSRF trusted origins use https", .notApplicable, .low, "", line: nil, references: []),
      finding(
        "DJ-007", "Rule that breaks", .error, .high,
        "instruction limit exceeded (rules/dj-007.lua:4)", line: nil, references: []),
      finding(
        "DJ-008", "Hostile " + hostile, .fail, .high, hostile, line: 7,
        file: "evil dir/<b>x</b>#?.py",
        references: ["owasp:A03:2021", "javascript:alert(1)", "https://example.org/x?a=1&b=2"],
        remediation: "Fix " + hostile, data: .object([("excerpt", .string(hostile))])),
    ]
    var pack = PackEvaluation(name: "django-deploy", version: "1.2.0", digest: digest, findings: findings)
    pack.grade = PackGrade(score: 55, grade: "C", summary: "3 failing checks", details: nil)
    pack.gradeWithoutWaivers = PackGrade(score: 45, grade: "D", summary: nil, details: nil)
    let descriptors = [
      descriptor(
        "DJ-001", "DEBUG must be off in production", .high, references: ["owasp:A05:2021", "cwe:489"],
        remediation: "Set DEBUG = False in the production settings.",
        rationale: "Debug pages show settings, source and SQL to anyone.",
        description: "Django's DEBUG mode must be off when the site is public.",
        docs: "https://docs.djangoproject.com/en/stable/ref/settings/#debug"),
      descriptor(
        "DJ-002", "SECRET_KEY must be strong", .critical, references: ["owasp:A02:2021", "cwe:798"],
        remediation: "Generate a new key and read it from the environment."),
      descriptor(
        "DJ-003", "ALLOWED_HOSTS must not be a wildcard", .medium, references: ["owasp:A05:2021"],
        remediation: "List the real host names."),
      descriptor(
        "DJ-004", "Session cookies must be secure", .medium, references: ["owasp:A05:2021", "cwe:614"],
        remediation: "Set SESSION_COOKIE_SECURE = True."),
      descriptor("DJ-005", "HSTS is enabled", .low, references: ["owasp:A05:2021"], remediation: "Set SECURE_HSTS_SECONDS."),
      descriptor("DJ-006", "CSRF trusted origins use https", .low, references: [], remediation: ""),
      descriptor("DJ-007", "Rule that breaks", .high, references: [], remediation: ""),
      descriptor(
        "DJ-008", "Hostile " + hostile, .high, references: ["owasp:A03:2021", "javascript:alert(1)"],
        remediation: "Fix " + hostile, rationale: hostile, description: hostile,
        docs: "javascript:alert(1)"),
      descriptor(
        "DJ-009", "Admin URL is not the default", .low, references: ["owasp:A07:2021"],
        remediation: "Move the admin away from /admin/."),
    ]
    return (pack, descriptors)
  }

  static func observatory() -> PackEvaluation {
    func finding(
      _ id: String, _ status: FindingStatus, _ severity: Severity, _ message: String,
      result: String, modifier: Int, target: String, line: Int? = 12
    ) -> Finding {
      Finding(
        ruleID: id, pack: "mozilla-observatory", packVersion: "2.0.0", title: "\(id) header",
        status: status, severity: severity, message: message,
        location: SourceLocation(file: "captures/\(target).har", line: line),
        references: ["owasp:A05:2021"], remediation: "Send a strict \(id) header.",
        result: result, scoreModifier: modifier, target: target)
    }
    let findings = [
      finding(
        "csp", .fail, .high, "Content-Security-Policy allows 'unsafe-inline' scripts",
        result: "csp-implemented-with-unsafe-inline", modifier: -20, target: "example.com"),
      finding(
        "csp", .pass, .high, "", result: "csp-implemented-with-no-unsafe", modifier: 5,
        target: "api.example.com"),
      finding(
        "x-frame-options", .fail, .medium, "X-Frame-Options is missing",
        result: "x-frame-options-not-implemented", modifier: -20, target: "example.com", line: nil),
      finding(
        "strict-transport-security", .pass, .medium, "", result: "hsts-implemented-max-age-at-least-six-months",
        modifier: 0, target: "example.com"),
    ]
    var pack = PackEvaluation(name: "mozilla-observatory", version: "2.0.0", digest: digest, findings: findings)
    let table: JSONValue = .object([
      ("headers", .array([.string("Test"), .string("Result"), .string("Score"), .string("Pass")])),
      ("rows", .array([
        .array([.string("Content Security Policy"), .string("csp-implemented-with-unsafe-inline"), .integer(-20), .bool(false)]),
        .array([.string("X-Frame-Options"), .string("x-frame-options-not-implemented"), .integer(-20), .bool(false)]),
        .array([.string("Strict Transport Security"), .string("hsts-implemented-max-age-at-least-six-months"), .integer(0), .bool(true)]),
        .array([.string("Subresource Integrity " + hostile), .string("sri-not-implemented-but-no-scripts-loaded"), .integer(5), .bool(true)]),
      ])),
    ])
    pack.grade = PackGrade(
      score: 65, grade: "B-", summary: "example.com scores 65/100",
      details: .object([("table", table), ("advice", .array([.string("Remove 'unsafe-inline' from script-src.")]))]))
    return pack
  }

  static func acme() -> PackEvaluation {
    PackEvaluation(
      name: "acme", version: "0.1.0", digest: digest,
      findings: [
        Finding(
          ruleID: "ACME-001", pack: "acme", packVersion: "0.1.0", title: "No default admin password",
          status: .pass, severity: .critical, message: "",
          location: SourceLocation(file: "deploy/.env.prod", line: 1))
      ])
  }

  /// The whole report. `debugLine` moves DJ-001 (a recapture with lines inserted above it).
  static func report(debugLine: Int = 3, failOn: Severity = .high) -> ScanReport {
    var (django, descriptors) = django()
    if debugLine != 3 { django.findings[0].location?.line = debugLine }
    return ScanReport(
      targets: ["Examples/acme-shop"], packs: [django, observatory(), acme()],
      evidenceErrors: [
        EvidenceError(
          "expected ':' after key " + hostile, at: SourceLocation(file: "config/broken.yaml", line: 2),
          reader: "yaml")
      ],
      waiverNotices: ["waiver for DJ-003 expires on 2030-01-31 (in 5 days)"],
      failOn: failOn, rules: ["django-deploy": descriptors])
  }

  /// A report with nothing wrong: every reporter must handle it too.
  static func clean() -> ScanReport {
    ScanReport(targets: ["."], packs: [acme()], evidenceErrors: [])
  }
}
