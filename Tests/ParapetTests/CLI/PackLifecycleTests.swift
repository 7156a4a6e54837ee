import Foundation
import Testing

/// The pack author's commands: new, test, explain, docs, diff-packs, and their failure modes.
@Suite(.serialized) struct PackLifecycleTests {
  @Test func newPackIsTestedAndExplained() throws {
    let parent = TestPack.temporaryFolder()
    #expect(CLI.run(["new", "pack", "acme", "--directory", parent.path]) == 0)
    let pack = parent.appendingPathComponent("acme").path
    #expect(CLI.run(["new", "rule", pack, "ACME-002"]) == 0)
    #expect(CLI.run(["new", "rule", pack, "ACME-002"]) != 0, "a second rule with the same id is refused")
    #expect(CLI.run(["new", "pack", "acme", "--directory", parent.path]) != 0, "an existing folder is refused")
    #expect(CLI.run(["test", pack]) == 0)
    #expect(CLI.run(["explain", "ACME-002", "--pack", pack]) == 0)
    #expect(CLI.run(["explain", "NO-SUCH-RULE", "--pack", pack]) == 2)
  }

  /// Django prints `security.W004`; the user can ask about it by that id.
  @Test func explainTakesADjangoCheckId() {
    #expect(CLI.run(["explain", "security.W004"]) == 0)
    #expect(CLI.run(["explain", "fields.W903"]) == 0)
    #expect(CLI.run(["explain", "security.W999"]) == 2)
  }

  @Test func failingExampleFailsTheTestCommand() throws {
    let pack = TestPack.folder([
      "pack.toml": "name = \"p\"\nversion = \"1.0.0\"\n",
      "rules/r.lua": """
        return { id = "R", title = "t", severity = "low",
          check = function(facts, report) end,
          examples = { failing = { { facts = { x = 1 } } } } }
        """,
    ])
    #expect(CLI.run(["test", pack.path]) == 1)
  }

  @Test func docsCheckNoticesStaleDocs() throws {
    let out = TestPack.temporaryFolder()
    #expect(CLI.run(["docs", CLI.acme, "-o", out.path]) == 0)
    #expect(CLI.run(["docs", CLI.acme, "-o", out.path, "--check"]) == 0)
    let page = out.appendingPathComponent("acme/rules/ACME-001.md")
    #expect(CLI.read(page).contains("DEBUG must be off in production"))
    #expect(CLI.read(out.appendingPathComponent("coverage-map.md")).contains("A05:2021"))
    try Data("edited by hand\n".utf8).write(to: page)
    #expect(CLI.run(["docs", CLI.acme, "-o", out.path, "--check"]) == 1)
  }

  @Test func diffPacksShowsChangedOutcomes() throws {
    let work = TestPack.temporaryFolder()
    let old = work.appendingPathComponent("old")
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: old.path)
    let new = work.appendingPathComponent("new")
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: new.path)
    let bundle = TestPack.folder([".env": "DEBUG=yes\n"])
    #expect(CLI.run(["diff-packs", old.path, new.path, bundle.path]) == 0)
    // The candidate version stops treating "yes" as on: the bundle's outcome changes.
    let rule = new.appendingPathComponent("rules/env-file-debug.lua")
    try Data(CLI.read(rule).replacingOccurrences(of: "text == \"yes\" or ", with: "").utf8).write(to: rule)
    #expect(CLI.run(["diff-packs", old.path, new.path, bundle.path]) == 1)
  }
}
