import Foundation
import ParapetEngine
import ParapetFacts
import ParapetReports
import Testing

/// SARIF: valid against the official 2.1.0 schema, complete enough for GitHub code scanning,
/// stable fingerprints, waivers as suppressions, hostile text kept intact but inert.
@Suite struct ReportsSARIFTests {
  let report = ReportFixtures.report()

  func render(_ report: ScanReport) -> String { SARIFReporter().render(report) }

  func parse(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  func run(_ document: [String: Any]) throws -> [String: Any] {
    let runs = try #require(document["runs"] as? [[String: Any]])
    #expect(runs.count == 1)
    return try #require(runs.first)
  }

  func results(_ text: String) throws -> [[String: Any]] {
    try #require(run(parse(text))["results"] as? [[String: Any]])
  }

  func rules(_ text: String) throws -> [[String: Any]] {
    let tool = try #require(run(parse(text))["tool"] as? [String: Any])
    let driver = try #require(tool["driver"] as? [String: Any])
    return try #require(driver["rules"] as? [[String: Any]])
  }

  func result(_ text: String, rule: String) throws -> [String: Any] {
    try #require(results(text).first { $0["ruleId"] as? String == rule })
  }

  /// Validates `sarif` against the schema fixture with python3's jsonschema (Draft 4, as the
  /// schema declares); returns the validation errors, one per line.
  static func schemaErrors(_ sarif: String) throws -> [String] {
    let python = try ExternalTools.python.get()
    let schema = ExternalTools.fixtures.appendingPathComponent("sarif/sarif-schema-2.1.0.json")
    #expect(FileManager.default.fileExists(atPath: schema.path), "the schema fixture is missing")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-sarif-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let instance = folder.appendingPathComponent("report.sarif")
    try Data(sarif.utf8).write(to: instance)
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      instance = json.load(open(sys.argv[2], encoding="utf-8"))
      jsonschema.Draft4Validator.check_schema(schema)
      validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
      errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
      for error in errors:
          print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
      print("VALIDATED")
      sys.exit(1 if errors else 0)
      """
    let output = try ExternalTools.run(python, ["-c", script, schema.path, instance.path])
    #expect(output.stdout.contains("VALIDATED"), "the validator did not run: \(output.stderr)")
    let lines = output.stdout.split(separator: "\n").map(String.init).filter { $0 != "VALIDATED" }
    if output.status != 0 && lines.isEmpty { return ["validator failed: \(output.stderr)"] }
    return lines
  }

  @Test func validatesAgainstTheOfficialSchema() throws {
    let errors = try Self.schemaErrors(render(report))
    #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    #expect(try Self.schemaErrors(render(ReportFixtures.clean())).isEmpty)
  }

  /// The validation really rejects bad documents (so the test above means something).
  @Test func validationRejectsInvalidDocuments() throws {
    let good = render(report)
    let badLevel = good.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\"")
    #expect(badLevel != good)
    #expect(!(try Self.schemaErrors(badLevel)).isEmpty)
    let noVersion = good.replacingOccurrences(of: "\"version\": \"2.1.0\"", with: "\"version\": \"2.0.0\"")
    #expect(!(try Self.schemaErrors(noVersion)).isEmpty)
    let badLine = good.replacingOccurrences(of: "\"startLine\": 3", with: "\"startLine\": 0")
    #expect(!(try Self.schemaErrors(badLine)).isEmpty)
  }

  /// What GitHub code scanning needs beyond the schema.
  @Test func hasGitHubCodeScanningProperties() throws {
    let text = render(report)
    let document = try parse(text)
    #expect(document["$schema"] as? String == SARIFReporter.schemaURI)
    #expect(document["version"] as? String == "2.1.0")
    let run = try run(document)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "Parapet")
    #expect(driver["semanticVersion"] as? String == EngineVersion.current)

    let rules = try rules(text)
    let ids = rules.compactMap { $0["id"] as? String }
    #expect(ids.count == rules.count)
    #expect(Set(ids).count == ids.count, "rule ids must be unique")
    for rule in rules {
      let id = rule["id"] as? String ?? "?"
      #expect(rule["name"] as? String != nil, "\(id): name")
      #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(id): shortDescription")
      #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(id): fullDescription")
      #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(id): help")
      #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String != nil, "\(id): level")
      let properties = try #require(rule["properties"] as? [String: Any])
      let tags = try #require(properties["tags"] as? [String])
      #expect(tags.contains("security"))
      #expect(properties["precision"] as? String == "high")
      let score = try #require(Double(properties["security-severity"] as? String ?? ""), "\(id): security-severity")
      #expect((0.0...10.0).contains(score))
    }

    let results = try results(text)
    #expect(!results.isEmpty)
    for result in results {
      let ruleID = try #require(result["ruleId"] as? String)
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(ids[index] == ruleID, "ruleIndex points at the rule")
      #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
      let locations = try #require(result["locations"] as? [[String: Any]])
      #expect(!locations.isEmpty, "\(ruleID): code scanning rejects results without a location")
      let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
      let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
      #expect(!uri.isEmpty && !uri.contains(" "))
      let line = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
      #expect(line >= 1)
      let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
      #expect(fingerprints[SARIFReporter.fingerprintKey]?.count == 16)
    }
  }

  @Test func describesEveryRuleWithTagsAndHelp() throws {
    let rules = try rules(render(report))
    let debug = try #require(rules.first { $0["id"] as? String == "django-deploy/DJ-001" })
    #expect(debug["name"] as? String == "DEBUGMustBeOffInProduction")
    #expect((debug["shortDescription"] as? [String: Any])?["text"] as? String == "DEBUG must be off in production")
    #expect((debug["fullDescription"] as? [String: Any])?["text"] as? String == "Django's DEBUG mode must be off when the site is public.")
    #expect(debug["helpUri"] as? String == "https://docs.djangoproject.com/en/stable/ref/settings/#debug")
    let help = try #require((debug["help"] as? [String: Any])?["text"] as? String)
    #expect(help.contains("Set DEBUG = False") && help.contains("Debug pages show settings"))
    let properties = try #require(debug["properties"] as? [String: Any])
    let tags = try #require(properties["tags"] as? [String])
    #expect(tags.contains("OWASP-A05:2021") && tags.contains("CWE-489"))
    #expect(tags.contains("external/cwe/cwe-489") && tags.contains("external/owasp/owasp-a05"))
    #expect(properties["security-severity"] as? String == "8.0")
    // A rule with no finding is still described; rules without a descriptor come from findings.
    #expect(rules.contains { $0["id"] as? String == "django-deploy/DJ-009" })
    let csp = try #require(rules.first { $0["id"] as? String == "mozilla-observatory/csp" })
    #expect((csp["help"] as? [String: Any])?["text"] as? String == "Fix: Send a strict csp header.\n\nReferences: owasp:A05:2021")
    // Only web links become helpUri.
    let hostile = try #require(rules.first { $0["id"] as? String == "django-deploy/DJ-008" })
    #expect(hostile["helpUri"] == nil)
  }

  @Test func resultsCarryLocationsLevelsAndStatuses() throws {
    let text = render(report)
    let debug = try result(text, rule: "django-deploy/DJ-001")
    #expect(debug["level"] as? String == "error")
    #expect(debug["kind"] as? String == "fail")
    let location = try #require((debug["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    // The scanned folder is put in front so the path resolves from the repository root.
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "Examples/acme-shop/mysite/settings.py")
    #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 3)

    let unknown = try result(text, rule: "django-deploy/DJ-004")
    #expect(unknown["kind"] as? String == "review")
    #expect(unknown["level"] as? String == "none")

    let ids = try results(text).compactMap { $0["ruleId"] as? String }
    #expect(!ids.contains("django-deploy/DJ-005"), "passes are not results")
    #expect(!ids.contains("django-deploy/DJ-006"), "not applicable is not a result")
    #expect(!ids.contains("django-deploy/DJ-007"), "rule errors are notifications")

    // A finding without a location still gets one (the scanned path, line 1).
    let frame = try result(text, rule: "mozilla-observatory/x-frame-options")
    let frameLocation = try #require((frame["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((frameLocation["region"] as? [String: Any])?["startLine"] as? Int == 1)
    let properties = try #require(frame["properties"] as? [String: Any])
    #expect(properties["parapet.target"] as? String == "example.com")
    #expect(properties["parapet.result"] as? String == "x-frame-options-not-implemented")
    #expect(properties["parapet.scoreModifier"] as? Int == -20)
  }

  @Test func ruleAndEvidenceErrorsAreToolNotifications() throws {
    let run = try run(parse(render(report)))
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    #expect(invocation["exitCode"] as? Int == 2)
    let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    let kinds = notifications.compactMap { ($0["descriptor"] as? [String: Any])?["id"] as? String }
    #expect(kinds == ["evidence-error", "rule-error"])
    #expect((notifications[1]["associatedRule"] as? [String: Any])?["id"] as? String == "django-deploy/DJ-007")
    #expect(invocation["startTimeUtc"] == nil && invocation["endTimeUtc"] == nil, "no timestamps")
  }

  @Test func waivedFindingsAreSuppressionsWithTheirJustification() throws {
    let waived = try result(render(report), rule: "django-deploy/DJ-003")
    let suppression = try #require((waived["suppressions"] as? [[String: Any]])?.first)
    #expect(suppression["kind"] as? String == "external")
    #expect(suppression["status"] as? String == "accepted")
    let justification = try #require(suppression["justification"] as? String)
    #expect(justification.hasPrefix("staging only "))
    #expect(justification.contains("ops@example.com") && justification.contains("2030-01-31"))
    let active = try result(render(report), rule: "django-deploy/DJ-001")
    #expect(active["suppressions"] == nil)
  }

  /// Inserting lines above a finding, or a new nonce in its message, keeps its fingerprint.
  @Test func fingerprintsSurviveRecaptures() throws {
    let before = try result(render(report), rule: "django-deploy/DJ-001")
    let moved = try result(render(ReportFixtures.report(debugLine: 40)), rule: "django-deploy/DJ-001")
    func line(_ result: [String: Any]) -> Int? {
      (((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int
    }
    #expect(line(before) == 3 && line(moved) == 40)
    #expect(before["partialFingerprints"] as? [String: String] == moved["partialFingerprints"] as? [String: String])
    let fingerprints = try results(render(report)).compactMap {
      ($0["partialFingerprints"] as? [String: String])?[SARIFReporter.fingerprintKey]
    }
    #expect(Set(fingerprints).count == fingerprints.count, "different findings, different fingerprints")
  }

  @Test func hostileTextStaysIntactAndInert() throws {
    let text = render(report)
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw control characters in the SARIF")
    let hostile = try result(text, rule: "django-deploy/DJ-008")
    #expect((hostile["message"] as? [String: Any])?["text"] as? String == ReportFixtures.hostile)
    let location = try #require((hostile["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String
      == "Examples/acme-shop/evil%20dir/%3Cb%3Ex%3C/b%3E%23%3F.py")
    // The Markdown help cannot carry tags or links from rule text.
    let rule = try #require(try rules(text).first { $0["id"] as? String == "django-deploy/DJ-008" })
    let markdown = try #require((rule["help"] as? [String: Any])?["markdown"] as? String)
    #expect(!markdown.contains("<script>") && !markdown.contains("](javascript"))
  }

  @Test func isDeterministic() throws {
    #expect(render(ReportFixtures.report()) == render(ReportFixtures.report()))
    #expect(render(report).hasSuffix("}\n"))
  }
}
