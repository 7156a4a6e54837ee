import Foundation
import Testing

/// `parapet scan` end to end: exit codes, outputs, determinism, configuration, waivers,
/// baselines and locks.
@Suite(.serialized) struct ScanCommandTests {
  /// An evidence folder with a committed .env that turns DEBUG on (ACME-002 fails, medium).
  func evidence(_ extra: [String: String] = [:]) -> URL {
    var files = [".env": "SECRET_KEY=super-secret-value-123\nDEBUG=True\n"]
    for (key, value) in extra { files[key] = value }
    return TestPack.folder(files)
  }

  @Test func exitCodeFollowsFailOn() {
    let folder = evidence()
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--fail-on", "medium"]) == 1)
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--fail-on", "high"]) == 0)
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--fail-on", "urgent"]) == 2)
  }

  @Test func jsonIsVersionedDeterministicAndPointsAtLines() throws {
    let folder = evidence()
    let out = TestPack.temporaryFolder()
    let first = out.appendingPathComponent("a.json")
    let second = out.appendingPathComponent("b.json")
    CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--output", "json=\(first.path)"])
    CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--output", "json=\(second.path)"])
    let text = CLI.read(first)
    #expect(text == CLI.read(second))
    #expect(text.contains("\"schema\": \"parapet.report/v1\""))
    #expect(text.contains("\"digest\": \"sha256:"))
    #expect(text.contains("\"line\": 2"))
    #expect(!text.contains("super-secret-value-123"))
  }

  @Test func badEvidenceGivesExitTwoAndKeepsOtherFindings() throws {
    // A broken file of a kind the pack reads (the acme pack reads dotenv files).
    let folder = evidence(["broken.env": "THIS LINE IS NOT AN ASSIGNMENT\n"])
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    let code = CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--output", "json=\(out.path)"])
    #expect(code == 2)
    let text = CLI.read(out)
    #expect(text.contains("broken.env"))
    #expect(text.contains("\"incomplete\": true"))
    #expect(text.contains("ACME-002"))
    #expect(text.contains("\"status\": \"fail\""))
  }

  @Test func brokenEvidenceNoPackReadsIsANote() throws {
    // The acme pack reads no generic JSON: a broken one is a note, not an incomplete scan.
    let folder = evidence(["broken.json": "{\"a\": [1, 2,\n"])
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    let code = CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--output", "json=\(out.path)"])
    #expect(code == 0)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any] ?? [:]
    #expect((json["evidence_errors"] as? [Any])?.isEmpty == true)
    #expect((json["notes"] as? [String])?.contains { $0.contains("broken.json") } == true)
  }

  @Test func waiversMarkFindingsAndExpiredOnesStopApplying() throws {
    let folder = evidence([
      "parapet.toml": """
        packs = ["./acme"]
        fail_on = "medium"

        [[waivers]]
        rule = "ACME-002"
        reason = "the .env is only used by the local stack"
        owner = "platform@acme.example"
        expires = 2030-01-31
        """
    ])
    // A discovered parapet.toml names packs inside its folder (RepositoryTrustTests).
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: folder.appendingPathComponent("acme").path)
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    #expect(CLI.run(["scan", folder.path, "--quiet", "--as-of", "2029-12-01", "--output", "json=\(out.path)"]) == 0)
    #expect(CLI.read(out).contains("\"owner\": \"platform@acme.example\""))
    // After the expiry date the waiver no longer applies and the report says so.
    #expect(CLI.run(["scan", folder.path, "--quiet", "--as-of", "2030-02-01", "--output", "json=\(out.path)"]) == 1)
    #expect(CLI.read(out).contains("expired on 2030-01-31"))
    // Close to expiry it warns.
    CLI.run(["scan", folder.path, "--quiet", "--as-of", "2030-01-25", "--output", "json=\(out.path)"])
    #expect(CLI.read(out).contains("expires in 6 days"))
  }

  @Test func waiverWithoutOwnerIsAConfigurationError() {
    let folder = evidence([
      "parapet.toml": "[[waivers]]\nrule = \"ACME-002\"\nreason = \"x\"\nexpires = 2030-01-01\n"
    ])
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet"]) == 2)
  }

  @Test func baselineHidesKnownFindingsAcrossLineShifts() throws {
    let folder = evidence()
    let baseline = TestPack.temporaryFolder().appendingPathComponent("baseline.json")
    CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--write-baseline", baseline.path])
    #expect(CLI.read(baseline).contains("parapet.baseline/v1"))
    // Lines move; the finding is the same problem.
    try Data("# a new comment\nOTHER=1\nSECRET_KEY=x\nDEBUG=True\n".utf8)
      .write(to: folder.appendingPathComponent(".env"))
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--fail-on", "medium", "--baseline", baseline.path]) == 0)
    // A second .env with the same problem is new.
    try Data("DEBUG=True\n".utf8).write(to: folder.appendingPathComponent("prod.env"))
    #expect(CLI.run(["scan", folder.path, "--pack", CLI.acme, "--quiet", "--fail-on", "medium", "--baseline", baseline.path]) == 1)
  }

  @Test func lockRefusesChangedPacks() throws {
    // The pack lives in the project: a discovered parapet.toml names paths inside its folder.
    let project = evidence(["parapet.toml": "packs = [\"./acme\"]\n"])
    let pack = project.appendingPathComponent("acme")
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: pack.path)
    let config = project.appendingPathComponent("parapet.toml").path
    #expect(CLI.run(["lock", "--config", config]) == 0)
    #expect(CLI.run(["packs", "verify", "--config", config]) == 0)
    #expect(CLI.run(["scan", project.path, "--quiet"]) == 0)
    let rule = pack.appendingPathComponent("rules/no-debug.lua")
    try Data((CLI.read(rule) + "-- changed after review\n").utf8).write(to: rule)
    #expect(CLI.run(["packs", "verify", "--config", config]) == 1)
    #expect(CLI.run(["scan", project.path, "--quiet"]) == 2)
    #expect(CLI.run(["scan", project.path, "--quiet", "--no-lock-check"]) == 0)
  }

  @Test func packNeedingANewerEngineIsRefused() throws {
    let pack = TestPack.folder([
      "pack.toml": "name = \"future\"\nversion = \"1.0.0\"\nrequires = \">=99.0\"\n",
      "rules/r.lua": TestPack.rule(id: "R", "report.pass()"),
    ])
    #expect(CLI.run(["scan", evidence().path, "--pack", pack.path, "--quiet"]) == 2)
  }

  @Test func shardsMergeToTheSingleRunOutput() throws {
    var paths: [String] = []
    for index in 0..<7 { paths.append(evidence([".env": "DEBUG=\(index % 2 == 0 ? "True" : "False")\n"]).path) }
    let work = TestPack.temporaryFolder()
    let list = work.appendingPathComponent("bundles.txt")
    try Data(paths.joined(separator: "\n").utf8).write(to: list)
    let all = work.appendingPathComponent("all.jsonl")
    CLI.run(["scan", "--pack", CLI.acme, "--bundles", list.path, "--output", all.path, "--quiet"])
    var shards: [String] = []
    for k in 1...3 {
      let shard = work.appendingPathComponent("shard\(k).jsonl")
      CLI.run(["scan", "--pack", CLI.acme, "--bundles", list.path, "--shard", "\(k)/3", "--output", shard.path, "--quiet"])
      shards.append(shard.path)
    }
    let merged = work.appendingPathComponent("merged.jsonl")
    CLI.run(["merge"] + shards.reversed() + ["--output", merged.path])
    #expect(CLI.read(all).split(separator: "\n").count == 7)
    #expect(CLI.read(merged) == CLI.read(all))
  }

  @Test func pluginsAddEvidenceKinds() throws {
    let plugins = TestPack.folder([
      "ini.lua": """
        return {
          name = "ini",
          claims = { names = { "*.ini" } },
          parse = function(file)
            local values = {}
            for number, line in ipairs(file.lines) do
              local key, value = line:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
              if key then values[key] = located(value, number) end
            end
            return values
          end,
        }
        """
    ])
    let folder = evidence(["app.ini": "[main]\ndebug = true\n"])
    let pack = TestPack.folder([
      "pack.toml": "name = \"ini-rules\"\nversion = \"1.0.0\"\n",
      "rules/r.lua": """
        return { id = "INI-1", title = "debug off", severity = "high", evidence = { "ini" },
          check = function(facts, report)
            local debug = facts.ini["app.ini"].debug
            if debug and fact.value(debug) == "true" then report.fail{ message = "debug on", at = debug } end
          end }
        """,
    ])
    let out = TestPack.temporaryFolder().appendingPathComponent("r.json")
    let code = CLI.run(["scan", folder.path, "--pack", pack.path, "--plugin", plugins.path, "--no-shipped-plugins", "--quiet", "--output", "json=\(out.path)"])
    #expect(code == 1)
    #expect(CLI.read(out).contains("\"file\": \"app.ini\""))
    #expect(CLI.read(out).contains("\"line\": 2"))
  }
}
