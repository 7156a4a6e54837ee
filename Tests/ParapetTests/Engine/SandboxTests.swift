import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Every attack the sandbox must survive ends as a clean `error` finding for that rule only:
/// the scan finishes and the other rules still report.
/// `.timeLimit` only guards against a hang (a broken watchdog would otherwise stall the run);
/// no test asserts how long anything takes: timing belongs to `make bench`.
@Suite(.timeLimit(.minutes(5))) struct SandboxTests {
  /// Runs `attack` next to a well-behaved rule and returns the attack's finding.
  func attack(_ body: String, limits: SandboxLimits = TestPack.limits) throws -> Finding {
    let pack = try TestPack.make(rules: [
      "a-attack.lua": TestPack.rule(id: "ATTACK", body),
      "b-good.lua": TestPack.rule(
        id: "GOOD", "report.fail{ message = 'debug on', at = facts.django.settings.DEBUG }"),
    ])
    let findings = try TestPack.run(pack, facts: TestPack.debugFacts(true), limits: limits)
    let good = try #require(findings.first { $0.ruleID == "GOOD" })
    #expect(good.status == .fail)
    #expect(good.location?.line == 3)
    return try #require(findings.first { $0.ruleID == "ATTACK" })
  }

  @Test func infiniteLoopHitsTheInstructionBudget() throws {
    let finding = try attack("while true do end")
    #expect(finding.status == .error)
    #expect(finding.message.contains("instruction limit exceeded"))
  }

  @Test func loopInsidePcallCannotSwallowTheLimit() throws {
    let finding = try attack("while true do pcall(function() while true do end end) end")
    #expect(finding.status == .error)
    #expect(finding.message.contains("limit exceeded"))
  }

  @Test func memoryBombHitsTheMemoryCap() throws {
    let finding = try attack("local t = {} for i = 1, 1e9 do t[i] = i end")
    #expect(finding.status == .error)
    #expect(finding.message.contains("memory"))
  }

  @Test func stringRepBombIsRefused() throws {
    let finding = try attack("local s = string.rep('x', 1e10)")
    #expect(finding.status == .error)
    let alsoMethod = try attack("local s = ('x'):rep(1e8)")
    #expect(alsoMethod.status == .error)
  }

  @Test func deepRecursionIsAnError() throws {
    let finding = try attack("local function f(n) return 1 + f(n + 1) end f(1)")
    #expect(finding.status == .error)
  }

  @Test func pathologicalPatternIsStopped() throws {
    let finding = try attack("string.find(('a'):rep(100000), '.-.-.-.-b')")
    #expect(finding.status == .error)
    #expect(finding.message.contains("pattern"), "\(finding.message)")
  }

  @Test func thrownErrorBecomesAnErrorFindingWithTheMessage() throws {
    let finding = try attack("error('boom from the rule')")
    #expect(finding.status == .error)
    #expect(finding.message.contains("boom from the rule"))
    #expect(finding.location?.file == "test/rules/a-attack.lua")
  }

  @Test func errorObjectsWithMetamethodsAreDescribedSafely() throws {
    let finding = try attack(
      "error(setmetatable({}, { __tostring = function() while true do end end }))")
    #expect(finding.status == .error)
  }

  @Test func dangerousFunctionsAreAbsent() throws {
    for name in [
      "load", "loadfile", "dofile", "require", "collectgarbage", "rawset", "io", "os", "debug",
      "package", "coroutine", "print", "_G",
    ] {
      let finding = try attack("if \(name) ~= nil then error('\(name) is reachable') end")
      #expect(finding.status == .pass, "\(name) must not be reachable")
    }
    let dump = try attack("if string.dump ~= nil or ('x').dump ~= nil then error('dump') end")
    #expect(dump.status == .pass)
  }

  @Test func libraryTablesAreReadOnly() throws {
    #expect(try attack("string.upper = nil").status == .error)
    #expect(try attack("math.pi = 3").status == .error)
    #expect(try attack("setmetatable(string, {})").status == .error)
    #expect(try attack("getmetatable('').__index = {}").status == .error)
  }

  @Test func gcMetamethodsAreRefused() throws {
    let finding = try attack("setmetatable({}, { __gc = function() while true do end end })")
    #expect(finding.status == .error)
    #expect(finding.message.contains("__gc"))
  }

  @Test func factsAreReadOnly() throws {
    let finding = try attack("facts.django.settings.DEBUG = false")
    #expect(finding.status == .error)
    #expect(finding.message.contains("read-only"))
  }

  @Test func bytecodeIsRefused() throws {
    let pack = try TestPack.make(rules: ["bin.lua": "\u{1B}Lua\u{54}\u{00}garbage"])
    let findings = try TestPack.run(pack)
    #expect(findings.first?.status == .error)
    #expect(findings.first?.message.contains("binary") == true)
  }

  @Test func globalsDoNotLeakBetweenRules() throws {
    let pack = try TestPack.make(rules: [
      "a.lua": TestPack.rule(id: "A", "shared_secret = 42"),
      "b.lua": TestPack.rule(id: "B", "if shared_secret ~= nil then report.fail('leaked') end"),
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.first { $0.ruleID == "B" }?.status == .pass)
  }

  @Test func globalsDoNotLeakBetweenBundles() throws {
    let pack = try TestPack.make(rules: [
      "a.lua": TestPack.rule(
        id: "A", "if seen then report.fail('state from an earlier bundle') end seen = true"),
    ])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    _ = engine.evaluate(FactTree())
    let second = engine.evaluate(FactTree()).flatMap(\.findings)
    #expect(second.first?.status == .pass)
  }

  @Test func theStateIsReusableAfterEveryAttack() throws {
    let pack = try TestPack.make(rules: [
      "1.lua": TestPack.rule(id: "LOOP", "while true do end"),
      "2.lua": TestPack.rule(id: "MEM", "local t = {} for i = 1, 1e9 do t[i] = i end"),
      "3.lua": TestPack.rule(id: "OK", "report.pass('fine')"),
    ])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    for _ in 0..<3 {
      let findings = engine.evaluate(FactTree()).flatMap(\.findings)
      #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
    }
  }
}
