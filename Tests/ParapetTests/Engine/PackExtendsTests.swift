import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Organization packs that extend a shipped or shared pack.
@Suite struct PackExtendsTests {
  @Test func extendingInheritsOverridesAndDisables() throws {
    let root = TestPack.folder([
      "base/pack.toml": "name = \"base\"\nversion = \"1.0.0\"\n[options]\nlevel = 1\n",
      "base/rules/a.lua": TestPack.rule(id: "A", "report.fail('base A')"),
      "base/rules/b.lua": TestPack.rule(id: "B", "report.fail('base B')"),
      "base/rules/c.lua": TestPack.rule(id: "C", "report.fail('level ' .. options.level)"),
      "base/grade.lua": "return function(results) return { grade = 'X', score = #results } end",
      "org/pack.toml": "name = \"org\"\nversion = \"2.0.0\"\nextends = [\"../base\"]\ndisabled = [\"B\"]\n[options]\nlevel = 2\n",
      "org/rules/a.lua": TestPack.rule(id: "A", "report.pass('org A')"),
      "org/rules/own.lua": TestPack.rule(id: "OWN", "report.fail('own')"),
    ])
    let org = try Pack.load(from: root.appendingPathComponent("org"))
    let base = try Pack.load(from: root.appendingPathComponent("base"))
    #expect(org.digest != base.digest)
    let engine = try PolicyEngine(packs: [org], limits: TestPack.limits)
    var evaluation = try #require(engine.evaluate(FactTree()).first)
    engine.grade(&evaluation)
    let outcome = Dictionary(uniqueKeysWithValues: evaluation.findings.map { ($0.ruleID, $0.message) })
    #expect(outcome["A"] == "org A")
    #expect(outcome["B"] == nil)
    #expect(outcome["C"] == "level 2")
    #expect(outcome["OWN"] == "own")
    #expect(evaluation.grade?.grade == "X")
    #expect(evaluation.name == "org")
  }
}
