import CLuaSandbox
import Foundation
import ParapetEvidence
import ParapetFacts

/// One test of a pack: a rule example, a case from `tests/*_test.lua`, or a golden bundle.
public struct PackTestCase: Sendable {
  public enum Kind: String, Sendable { case example, luaTest = "test", bundle }
  public var kind: Kind
  public var name: String
  /// The rule it exercises (nil for golden bundles, which exercise the whole pack).
  public var rule: String?
  public var passed: Bool
  /// Why it failed, or what it checked.
  public var message: String
  /// Rules this case saw failing (for "never made to fail" coverage).
  public var failingRules: Set<String>
}

/// The outcome of `parapet test` for one pack.
public struct PackTestResult: Sendable {
  public var pack: String
  public var cases: [PackTestCase]
  /// Rules no test exercises.
  public var untested: [String]
  /// Rules that no test ever makes fail.
  public var neverFailing: [String]
  /// Rule files that do not load.
  public var loadErrors: [String]

  public var failed: [PackTestCase] { cases.filter { !$0.passed } }
  public var ok: Bool { failed.isEmpty && loadErrors.isEmpty }
}

/// Runs a pack's self-tests: every rule's examples, the pack's Lua test cases and its golden
/// bundles, and reports coverage.
public struct PackTestRunner {
  public var registry: EvidenceRegistry
  public var limits: SandboxLimits

  public init(registry: EvidenceRegistry = .standard, limits: SandboxLimits = .standard) {
    self.registry = registry
    self.limits = limits
  }

  public func run(_ pack: Pack) throws -> PackTestResult {
    let engine = try PolicyEngine(packs: [pack], limits: limits, loadExamples: true, namespaces: registry.namespaces)
    let loaded = engine.descriptors().first!
    var cases: [PackTestCase] = []
    for rule in loaded.rules {
      cases += examples(of: rule, engine: engine, pack: pack)
    }
    for test in pack.tests {
      cases += luaTests(test, engine: engine, pack: pack)
    }
    for bundle in pack.bundleTests {
      cases.append(goldenBundle(bundle, pack: pack))
    }
    let exercised = Set(cases.compactMap(\.rule))
    let failing = cases.reduce(into: Set<String>()) { $0.formUnion($1.failingRules) }
    let ids = loaded.rules.map(\.id)
    return PackTestResult(
      pack: pack.name, cases: cases,
      untested: ids.filter { !exercised.contains($0) },
      neverFailing: ids.filter { !failing.contains($0) },
      loadErrors: loaded.errors.map { "\($0.path): \($0.message)" }
        + engine.evidenceProblems.values.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
        .map { "\($0.file)\($0.line.map { ":\($0)" } ?? ""): \($0.message)" })
  }

  // MARK: Rule examples

  private func examples(of rule: RuleDescriptor, engine: PolicyEngine, pack: Pack) -> [PackTestCase] {
    guard let examples = rule.examples else { return [] }
    var cases: [PackTestCase] = []
    for (group, expectFailure) in [("passing", false), ("failing", true)] {
      for (index, example) in (examples[group]?.array ?? []).enumerated() {
        let name = "\(rule.id) \(group) example \(index + 1)"
        var expect = example["expect"] ?? .table(array: [], fields: [:])
        if expectFailure, expect["status"] == nil {
          if case .table(let items, var fields) = expect {
            fields["status"] = .string("fail")
            expect = .table(array: items, fields: fields)
          }
        }
        cases.append(
          check(name: name, kind: .example, rule: rule.id, input: example, expect: expect,
                expectNoFailure: !expectFailure, engine: engine))
      }
    }
    return cases
  }

  // MARK: tests/*_test.lua

  private func luaTests(_ source: Pack.Source, engine: PolicyEngine, pack: Pack) -> [PackTestCase] {
    let value: LuaValue
    do {
      value = try Self.evaluateDataFile(source, pack: pack, limits: limits)
    } catch {
      return [PackTestCase(kind: .luaTest, name: source.path, rule: nil, passed: false,
                           message: "cannot load: \(error)", failingRules: [])]
    }
    guard let items = value.array, !items.isEmpty else {
      return [PackTestCase(kind: .luaTest, name: source.path, rule: nil, passed: false,
                           message: "a test file must return a list of cases { name =, rule =, facts | files =, expect = {…} }",
                           failingRules: [])]
    }
    return items.enumerated().map { index, item in
      let name = "\(source.path): " + (item["name"]?.string ?? "case \(index + 1)")
      guard let rule = item["rule"]?.string else {
        return PackTestCase(kind: .luaTest, name: name, rule: nil, passed: false,
                            message: "missing `rule = \"RULE-ID\"`", failingRules: [])
      }
      let expect = item["expect"] ?? .table(array: [], fields: [:])
      return check(name: name, kind: .luaTest, rule: rule, input: item, expect: expect,
                   expectNoFailure: expect["status"] == nil, engine: engine)
    }
  }

  /// Runs a Lua file that returns data (a test file) in the sandbox, with `located` available.
  static func evaluateDataFile(_ source: Pack.Source, pack: Pack, limits: SandboxLimits) throws -> LuaValue {
    let lua = try LuaState(limits: limits)
    try lua.runDataChunk(source.text, name: "\(pack.name)/\(source.path)")
    return lua.read(-1)
  }

  // MARK: Checking one case

  private func check(
    name: String, kind: PackTestCase.Kind, rule: String, input: LuaValue, expect: LuaValue,
    expectNoFailure: Bool, engine: PolicyEngine
  ) -> PackTestCase {
    func result(_ passed: Bool, _ message: String, failing: Set<String> = []) -> PackTestCase {
      PackTestCase(kind: kind, name: name, rule: rule, passed: passed, message: message,
                   failingRules: failing)
    }
    let evidence: ExampleEvidence
    do {
      evidence = try ExampleEvidence.make(input, registry: registry)
    } catch {
      return result(false, "\(error)")
    }
    if let error = evidence.errors.first, input["allow_evidence_errors"]?.bool != true {
      return result(false, "evidence error: \(error)")
    }
    var chosen = engine
    if case .table(_, let fields)? = input["options"] {
      // An example may set pack options (e.g. the Observatory's algorithm): its own engine.
      var options = engine.options[engine.packs.first?.name ?? ""] ?? [:]
      for (key, value) in fields { options[key] = value.json }
      do {
        // The options an example sets are checked like a project's: declared, and typed.
        let name = engine.packs.first?.name ?? ""
        _ = try PackOptionCheck.typed(
          fields.keys.sorted().map { .init(pack: name, key: $0, value: .typed(fields[$0]!.json), site: "example") },
          packs: engine.packs)
        chosen = try PolicyEngine(
          packs: engine.packs, options: [engine.packs.first?.name ?? "": options], limits: limits)
      } catch {
        return result(false, "cannot load the pack with these options: \(error)")
      }
    }
    let findings = chosen.evaluate(evidence.facts).flatMap(\.findings).filter { $0.ruleID == rule }
    if findings.isEmpty {
      return result(false, "rule \(rule) produced no finding (is the id right?)")
    }
    if let error = findings.first(where: { $0.status == .error }) {
      return result(false, "rule raised an error: \(error.message)")
    }
    let failing: Set<String> = findings.contains { $0.status == .fail } ? [rule] : []
    if expectNoFailure {
      if let bad = findings.first(where: { $0.status == .fail }) {
        return result(false, "expected no failure, got: \(bad.message) at \(bad.location?.description ?? "?")", failing: failing)
      }
      if let status = expect["status"]?.string, !findings.contains(where: { $0.status.rawValue == status }) {
        return result(false, "expected status \(status), got \(findings.map(\.status.rawValue))", failing: failing)
      }
      return result(true, "ok", failing: failing)
    }
    let wantedStatus = expect["status"]?.string ?? "fail"
    var candidates = findings.filter { $0.status.rawValue == wantedStatus }
    if candidates.isEmpty {
      let got = findings.map { "\($0.status.rawValue): \($0.message)" }.joined(separator: "; ")
      return result(false, "expected \(wantedStatus), got \(got)", failing: failing)
    }
    if let wanted = expect["result"]?.string {
      candidates = candidates.filter { $0.result == wanted }
      if candidates.isEmpty {
        return result(false, "expected result \(wanted), got \(findings.compactMap(\.result))", failing: failing)
      }
    }
    if let wanted = expect["message"]?.string {
      candidates = candidates.filter { $0.message.contains(wanted) }
      if candidates.isEmpty {
        return result(false, "no \(wantedStatus) message contains '\(wanted)': \(findings.map(\.message))", failing: failing)
      }
    }
    if let wanted = expect["score_modifier"]?.int {
      candidates = candidates.filter { $0.scoreModifier == wanted }
      if candidates.isEmpty {
        return result(false, "expected score_modifier \(wanted), got \(findings.compactMap(\.scoreModifier))", failing: failing)
      }
    }
    if let wanted = expect["django_check"]?.string {
      candidates = candidates.filter { $0.djangoCheck == wanted }
      if candidates.isEmpty {
        return result(false, "expected django_check \(wanted), got \(findings.map { $0.djangoCheck ?? "none" })", failing: failing)
      }
    }
    if let count = expect["count"]?.int, candidates.count != count {
      return result(false, "expected \(count) \(wantedStatus) findings, got \(candidates.count)", failing: failing)
    }
    var lines = evidence.markers
    if let line = expect["line"]?.int {
      lines.append(SourceLocation(file: expect["file"]?.string ?? "", line: line))
    }
    for marker in lines {
      let hit = candidates.contains { finding in
        finding.location?.line == marker.line
          && (marker.file.isEmpty || finding.location?.file == marker.file)
      }
      if !hit {
        let got = candidates.map { $0.location?.description ?? "no location" }.joined(separator: ", ")
        return result(false, "expected a finding at \(marker), got \(got)", failing: failing)
      }
    }
    return result(true, "ok", failing: failing)
  }

  // MARK: Golden bundles

  private func goldenBundle(_ folder: URL, pack: Pack) -> PackTestCase {
    let name = "bundle \(folder.lastPathComponent)"
    func result(_ passed: Bool, _ message: String, failing: Set<String> = []) -> PackTestCase {
      PackTestCase(kind: .bundle, name: name, rule: nil, passed: passed, message: message, failingRules: failing)
    }
    let expectedURL = folder.appendingPathComponent("expected.json")
    guard let data = try? Data(contentsOf: expectedURL) else {
      return result(false, "missing expected.json")
    }
    let expected: Fact
    do {
      expected = try JSONFactParser.parse(data, file: expectedURL.path, reader: "golden")
    } catch {
      return result(false, "\(error)")
    }
    var environment: [String: String] = [:]
    if case .map(let variables)? = expected["env"]?.value {
      for (key, value) in variables { environment[key] = value.value.stringValue ?? "" }
    }
    var options: [String: JSONValue] = [:]
    if case .map(let values)? = expected["options"]?.value {
      for (key, value) in values { options[key] = FactJSON.plain(value) }
    }
    let evidenceFolder = folder.appendingPathComponent("evidence")
    let bundle = EvidenceBundle(paths: [evidenceFolder.path])
    let facts = EvidenceLoader(registry: registry).load(
      bundle, context: ScanContext(environment: environment)).facts
    let engine: PolicyEngine
    do {
      _ = try PackOptionCheck.typed(
        options.keys.sorted().map { .init(pack: pack.name, key: $0, value: .typed(options[$0]!), site: "expected.json") },
        packs: [pack])
      engine = try PolicyEngine(packs: [pack], options: [pack.name: options], limits: limits)
    } catch {
      return result(false, "cannot load the pack: \(error)")
    }
    guard var evaluation = engine.evaluate(facts).first else { return result(false, "no result") }
    engine.grade(&evaluation)
    let failing = Set(evaluation.findings.filter { $0.status == .fail }.map(\.ruleID))
    var problems: [String] = []
    if let grade = expected["grade"]?.value.stringValue, grade != evaluation.grade?.grade {
      problems.append("grade \(evaluation.grade?.grade ?? "none"), expected \(grade)")
    }
    if let score = expected["score"], let want = score.value.integerValue.map(Double.init) ?? { if case .number(let n) = score.value { return n }; return nil }(),
      want != evaluation.grade?.score
    {
      problems.append("score \(evaluation.grade?.score.map { String($0) } ?? "none"), expected \(want)")
    }
    if case .list(let items)? = expected["findings"]?.value {
      for item in items {
        let rule = item["rule"]?.value.stringValue ?? ""
        let status = item["status"]?.value.stringValue
        let resultID = item["result"]?.value.stringValue
        let line = item["line"]?.value.integerValue.map(Int.init)
        let match = evaluation.findings.contains { finding in
          finding.ruleID == rule && (status == nil || finding.status.rawValue == status)
            && (resultID == nil || finding.result == resultID)
            && (line == nil || finding.location?.line == line)
        }
        if !match {
          problems.append("missing \(rule) \(status ?? "") \(resultID ?? "") \(line.map { "line \($0)" } ?? "")")
        }
      }
      if expected["exact"]?.value.boolValue == true {
        let listed = Set(items.compactMap { item -> String? in
          item["status"]?.value.stringValue == "fail" ? item["rule"]?.value.stringValue : nil
        })
        for extra in failing.subtracting(listed).sorted() { problems.append("unexpected failure of \(extra)") }
      }
    }
    if problems.isEmpty { return result(true, "ok", failing: failing) }
    return result(false, problems.joined(separator: "; "), failing: failing)
  }
}
