import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Issue #15, class "host work not charged": what host callbacks build and what the engine
/// copies into findings must be bounded, and passing a bound is an `error` finding, never a
/// giant report.
/// `.timeLimit` only guards against a hang (a broken watchdog would otherwise stall the run);
/// no test asserts how long anything takes: timing belongs to `make bench`.
@Suite(.timeLimit(.minutes(5))) struct SandboxHostWorkTests {
  @Test func aHugeLookupPathIsRefusedBeforeTheHostSplitsIt() throws {
    // Millions of segments (25 million in the report) used to make the host build a 1.2 GB list of them.
    let body = "local key = string.rep('a.', 4000000) report.fail(tostring(fact.lookup(facts, key)))"
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.budget)
    SandboxAttack.expectStopped(outcome, by: "lookup: path longer than 4096 bytes", body)
  }

  @Test func lookupsWithinTheCapStillWork() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": TestPack.rule(
        id: "R",
        "report.fail(tostring(fact.value(fact.lookup(facts, 'django.settings.DEBUG'))) .. ' ' .. tostring(fact.lookup(facts, 'django..settings.DEBUG.x')))")
    ])
    let findings = try TestPack.run(pack, facts: TestPack.debugFacts(true))
    #expect(findings.first?.message == "true nil")
  }

  @Test func hostCallbacksInALoopAreChargedToTheBudget() throws {
    // Each read of a fact runs Swift and no VM instruction in between when driven by a C
    // function; the trampoline charges every call.
    let body = "local n = facts.django.settings while true do for i = 1, 1000 do local _ = n.DEBUG end end"
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.budget)
    SandboxAttack.expectStopped(outcome, by: "limit exceeded", body)
  }

  @Test func messagesAreCappedInBytesNotCharacters() throws {
    // One character with a million combining marks is one grapheme cluster of 2 MB.
    let finding = try SandboxAttack.run(
      "report.fail{ message = 'e' .. string.rep('\\u{301}', 1000000), target = string.rep('\\u{1F600}', 5000) }",
      limits: SandboxAttack.budget
    ).finding
    #expect(finding.status == .fail)
    #expect(finding.message.utf8.count <= 4_000 + 3, "\(finding.message.utf8.count) bytes")
    #expect((finding.target?.utf8.count ?? 0) <= 4_000 + 3)
    #expect(finding.target?.unicodeScalars.dropLast().allSatisfy { $0 == "\u{1F600}" } == true, "cut inside a scalar")
  }

  static func ruleWithMetadata(_ field: String, _ value: String) -> String {
    """
    return {
      id = "BIG", title = "big", severity = "high", references = { "cwe:1" },
      \(field) = \(value),
      check = function(facts, report) report.fail('x') end,
    }
    """
  }

  @Test(arguments: [
    ("title", "string.rep('t', 1 << 20)"),
    ("remediation", "string.rep('r', 1 << 20)"),
    ("rationale", "string.rep('r', 1 << 20)"),
    ("references", "(function() local t = {} for i = 1, 100000 do t[i] = 'cwe:' .. i end return t end)()"),
    ("references", "{ string.rep('x', 1 << 20) }"),
    ("tags", "(function() local t = {} for i = 1, 1000 do t[i] = 'tag' .. i end return t end)()"),
  ])
  func oversizedRuleMetadataIsALoadError(_ field: String, _ value: String) throws {
    let pack = try TestPack.make(rules: [
      "big.lua": Self.ruleWithMetadata(field, value),
      "ok.lua": TestPack.rule(id: "OK", "report.pass('fine')"),
    ])
    let findings = try TestPack.run(pack)
    let failure = try #require(findings.first { $0.ruleID == "rules/big.lua" })
    #expect(failure.status == .error)
    #expect(failure.message.contains("`\(field)`"), "\(failure.message)")
    #expect(failure.message.utf8.count < 1_000)
    #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
    #expect(!findings.contains { $0.ruleID == "BIG" })
  }

  @Test func theScanHasAnOutputCap() throws {
    // Three rules each reporting about 3 MB; the scan may hold 4 MB: the first fits, the
    // others become one error finding each, and the rule after them still reports.
    var rules: [String: String] = [:]
    for name in ["a", "b", "c"] {
      rules["\(name)-flood.lua"] = TestPack.rule(
        id: "FLOOD\(name.uppercased())",
        "local big = string.rep('y', 3000) for i = 1, 1000 do report.fail{ message = big, target = 't' .. i } end")
    }
    rules["z-ok.lua"] = TestPack.rule(id: "OK", "report.pass('fine')")
    let pack = try TestPack.make(rules: rules)
    var limits = TestPack.limits
    limits.scanOutputBytes = 4 << 20
    let findings = try TestPack.run(pack, limits: limits)
    var bytes = 0
    for finding in findings {
      bytes += finding.message.utf8.count + (finding.target?.utf8.count ?? 0) + finding.title.utf8.count
        + finding.remediation.utf8.count
    }
    #expect(bytes <= 4 << 20, "the scan's findings hold \(bytes) bytes")
    #expect(findings.filter { $0.ruleID == "FLOODA" }.count == 1_000)
    for id in ["FLOODB", "FLOODC"] {
      let capped = findings.filter { $0.ruleID == id }
      #expect(capped.count == 1)
      #expect(capped.first?.status == .error)
      #expect(capped.first?.message.contains("output limit exceeded") == true, "\(capped)")
      #expect(capped.first?.location?.file.hasPrefix("test/rules/") == true)
    }
    #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
  }

  @Test func metadataCopiedIntoEveryFindingCountsAgainstTheRuleCap() throws {
    // 10 000 findings each carrying a 16 KiB remediation would be 160 MB of report.
    let pack = try TestPack.make(rules: [
      "flood.lua": """
        return {
          id = "EVIL", title = "t", severity = "high", references = { "cwe:1" },
          remediation = string.rep('r', 16000),
          check = function(facts, report) for i = 1, 9999 do report.fail('x' .. i) end end,
        }
        """,
      "ok.lua": TestPack.rule(id: "OK", "report.pass('fine')"),
    ])
    let findings = try TestPack.run(pack)
    let evil = findings.filter { $0.ruleID == "EVIL" }
    #expect(evil.count == 1)
    #expect(evil.first?.status == .error)
    #expect(evil.first?.message.contains("exceed") == true, "\(evil.first?.message ?? "")")
    #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
  }

  @Test func aRuleCannotCatchTheOutputCapAndCarryOn() throws {
    let body = """
      for i = 1, 20000 do pcall(report.fail, 'x' .. i) end
      while true do end
      """
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.budget)
    SandboxAttack.expectStopped(outcome, by: "output limit exceeded", body)
  }
}
