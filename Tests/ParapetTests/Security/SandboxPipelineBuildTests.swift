import Foundation
import ParapetEngine
import Testing

/// Issue #15 section 7: a Lua error while building the pipeline (compiling packs, loading their
/// lib modules) must exit 2 ("broken"), never 1 ("findings") or 0.
@Suite struct SandboxPipelineBuildTests {
  static func brokenLibPack() -> URL {
    TestPack.folder([
      "pack.toml": "name = \"p\"\nversion = \"1.0.0\"\ndescription = \"x\"\n",
      "lib/m.lua": "error('boom in lib')\n",
      "rules/r.lua": """
        local m = import('m')
        return { id = "R", title = "t", severity = "high", check = function(facts, report) report.pass('ok') end,
          examples = { passing = { { facts = {} } } } }
        """,
      "rules/ok.lua": """
        return { id = "OK", title = "t", severity = "high", check = function(facts, report) report.pass('ok') end,
          examples = { passing = { { facts = {} } } } }
        """,
    ])
  }

  @Test func aLibModuleThatRaisesWhileLoadingExitsTwo() throws {
    let pack = Self.brokenLibPack()
    let evidence = TestPack.folder(["settings.json": "{}"])
    #expect(CLI.run(["scan", evidence.path, "--pack", pack.path, "--no-config", "--quiet"]) == 2)
    #expect(CLI.run(["test", pack.path]) == 2)
    let list = TestPack.temporaryFolder().appendingPathComponent("bundles.txt")
    try Data("\(evidence.path)\n".utf8).write(to: list)
    let out = TestPack.temporaryFolder().appendingPathComponent("out.jsonl")
    #expect(CLI.run(["scan", "--bundles", list.path, "--pack", pack.path, "--output", out.path, "--quiet"]) == 2)
    // exit 2 because of the broken rule, not because of a usage error: the bundle was scanned
    #expect(CLI.read(out).contains("cannot load rules/r.lua"), "\(CLI.read(out).prefix(300))")
  }

  @Test func theLoadErrorNamesTheLibAndTheRuleAndTheOtherRulesRun() throws {
    let pack = try Pack.load(from: Self.brokenLibPack())
    let findings = try TestPack.run(pack)
    let broken = try #require(findings.first { $0.ruleID == "rules/r.lua" })
    #expect(broken.status == .error)
    #expect(broken.message.contains("p/lib/m.lua:1: boom in lib"), "\(broken.message)")
    #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
  }
}
