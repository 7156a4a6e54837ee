import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Runs one attacking rule next to a victim rule, as the sandbox-class tests need it: under the
/// test limits (instruction budget and deadline), or under a deadline alone, where only the
/// watchdog can stop a loop inside one C call.
enum SandboxAttack {
  /// The test limits: every limit on.
  static let budget = TestPack.limits
  /// No instruction budget at all: only the wall-clock deadline (the watchdog) can stop it.
  static let deadlineOnly = SandboxLimits(
    instructions: 0, memoryBytes: 256 << 20, timeoutMilliseconds: 500, patternSteps: 0)

  struct Outcome {
    var finding: Finding
  }

  /// Runs `body` as rule EVIL; checks the victim rule evaluated after it still reports.
  static func run(
    _ body: String, limits: SandboxLimits, facts: FactTree = TestPack.debugFacts(true),
    rules extra: [String: String] = [:]
  ) throws
    -> Outcome
  {
    var rules = [
      "a-evil.lua": TestPack.rule(id: "EVIL", body),
      "b-victim.lua": TestPack.rule(
        id: "VICTIM", "report.fail{ message = 'debug on', at = facts.django.settings.DEBUG }"),
    ]
    for (file, source) in extra { rules[file] = source }
    let pack = try TestPack.make(rules: rules)
    let findings = try TestPack.run(pack, facts: facts, limits: limits)
    let victim = try #require(findings.first { $0.ruleID == "VICTIM" })
    #expect(victim.status == .fail, "the victim rule must still report after \(body)")
    return Outcome(finding: try #require(findings.first { $0.ruleID == "EVIL" }))
  }

  /// The attack ended as an `error` finding of EVIL naming `limit` (the limit that stopped it,
  /// so a deadline test proves the watchdog fired, not that the machine was fast).
  static func expectStopped(_ outcome: Outcome, by limit: String, _ body: String) {
    #expect(outcome.finding.status == .error, "not stopped: \(body): \(outcome.finding.message)")
    #expect(outcome.finding.message.hasPrefix("rule EVIL failed"), "\(outcome.finding.message)")
    #expect(outcome.finding.message.contains(limit), "\(body): \(outcome.finding.message)")
    #expect(outcome.finding.location?.file == "test/rules/a-evil.lua")
  }
}
