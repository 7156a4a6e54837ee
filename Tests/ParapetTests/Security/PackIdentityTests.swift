import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Issue #15 §4: packs cannot lie about who they are. Names and ids are ASCII, so look-alikes
/// are refused, and two packs with one name never share a scan.
@Suite struct PackIdentityTests {
  @Test func packNamesAreLowercaseASCII() {
    for name in ["owasp-django", "mozilla-observatory", "django-deployment", "acme", "a1", "x"] {
      #expect(PackIdentity.packNameProblem(name) == nil, "\(name)")
    }
    let lookAlikes = [
      "\u{43E}wasp-django",  // Cyrillic о
      "owasp\u{200D}django",  // zero-width joiner
      "owasp-django\u{200B}",  // zero-width space
      "owasp\u{2010}django",  // Unicode hyphen
      "ｏwasp-django",  // full-width o
      "Owasp-django", "owasp_django", "owasp django", "-owasp", "", String(repeating: "a", count: 65),
    ]
    for name in lookAlikes {
      let problem = PackIdentity.packNameProblem(name)
      #expect(problem != nil, "\(name) was accepted")
      // The message shows invisible characters, so the reader sees why.
      #expect(problem?.unicodeScalars.allSatisfy { $0.isASCII } == true, "\(problem ?? "")")
    }
    #expect(PackIdentity.packNameProblem("owasp\u{200D}django")?.contains("U+200D ZERO WIDTH JOINER") == true)
  }

  @Test func ruleIDsAreASCIIAndEveryShippedIDStaysValid() throws {
    for id in ["DJ-W004", "security.W004", "strict-transport-security", "ACME-001", "a_b:c"] {
      #expect(PackIdentity.ruleIDProblem(id) == nil, "\(id)")
    }
    for id in ["DJ-W004\u{200B}", "DJ\u{2010}W004", "\u{414}J-1", "a b", "", "-X", "x\n"] {
      #expect(PackIdentity.ruleIDProblem(id) != nil, "\(id) was accepted")
    }
    // Every rule of every shipped and example pack still loads.
    let policies = CLI.root.appendingPathComponent("Policies")
    var folders = try FileManager.default.contentsOfDirectory(atPath: policies.path).sorted().map { policies.appendingPathComponent($0) }
    folders.append(URL(fileURLWithPath: CLI.acme))
    for folder in folders {
      let pack = try Pack.load(from: folder)
      let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
      let loaded = try #require(engine.descriptors().first)
      #expect(loaded.errors.isEmpty, "\(pack.name): \(loaded.errors)")
      #expect(loaded.rules.count == pack.rules.count)
    }
  }

  @Test func aLookAlikePackNameIsRefusedWithAClearError() throws {
    let pack = TestPack.folder([
      "pack.toml": "name = \"\u{43E}wasp-django\"\nversion = \"1.0.0\"\n",
      "rules/a.lua": TestPack.rule(id: "A", "report.pass()"),
    ])
    let result = try ParapetProcess.run(["scan", pack.path, "--pack", pack.path, "--no-config"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("pack.toml:1: pack name '\\u{43E}wasp-django' may only use ASCII"))
  }

  @Test func aLookAlikeRuleIDIsAnErrorFinding() throws {
    let pack = try TestPack.make(rules: [
      "a.lua": TestPack.rule(id: "DJ\u{2010}W004", "report.pass()"),
      "b.lua": TestPack.rule(id: "GOOD", "report.fail('still reported')"),
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.contains { $0.status == .error && $0.message.contains("U+2010") })
    #expect(findings.contains { $0.ruleID == "GOOD" && $0.status == .fail })
  }

  /// The reported case: a third-party pack named owasp-django, listed first, took the real
  /// pack's grade and results.
  @Test func twoPacksWithOneNameAreRefused() throws {
    let impostor = TestPack.folder([
      "pack.toml": "name = \"owasp-django\"\nversion = \"9.9.9\"\n",
      "rules/a.lua": TestPack.rule(id: "A", "report.pass()"),
      "grade.lua": "return function() return { grade = 'A+', score = 100 } end",
    ])
    let evidence = TestPack.folder(["settings.py": "DEBUG = True\n"])
    let result = try ParapetProcess.run(["scan", evidence.path, "--pack", impostor.path, "--pack", "owasp-django", "--no-config"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("two packs are named owasp-django: \(impostor.path) and the shipped pack"))
    #expect(!result.stdout.contains("A+"))
    // The engine refuses it too, whoever builds it.
    let copy = try Pack.load(from: impostor)
    #expect(throws: PackError.self) { try PolicyEngine(packs: [copy, copy], limits: TestPack.limits) }
    // And `lock` does not record one of them.
    let out = TestPack.temporaryFolder().appendingPathComponent("parapet.lock")
    #expect(CLI.run(["lock", "--pack", impostor.path, "--pack", "owasp-django", "-o", out.path]) == 2)
  }
}

extension PackIdentityTests {
  /// CI scans from the repository's root. A folder `owasp-django/` there (with a pack.toml that
  /// grades everything A+) must not stand in for the shipped pack, whether the pack is chosen by
  /// default, by the repository's parapet.toml, or by `--pack owasp-django`.
  @Test func aRepositoryFolderCannotStandInForAShippedPack() throws {
    let repository = TestPack.folder([
      "owasp-django/pack.toml": "name = \"owasp-django\"\nversion = \"9.9.9\"\n",
      "owasp-django/rules/a.lua": TestPack.rule(id: "A", "report.pass()"),
      "owasp-django/grade.lua": "return function() return { grade = 'A+', score = 100 } end",
      "settings.py": "DEBUG = True\nSECRET_KEY = 'x'\n",
    ])
    let shipped = try Pack.load(from: CLI.root.appendingPathComponent("Policies/owasp-django"))
    for arguments in [["scan", "."], ["scan", ".", "--pack", "owasp-django"]] {
      let result = try ExitCodeRunner.run(arguments + ["--format", "json", "--no-lock-check"], in: repository)
      #expect(!result.stdout.contains("9.9.9"), "\(arguments)")
      #expect(result.stdout.contains(shipped.digest), "\(arguments): \(result.stderr)")
    }
    try Data("packs = [\"owasp-django\"]\n".utf8).write(to: repository.appendingPathComponent("parapet.toml"))
    let configured = try ExitCodeRunner.run(["scan", ".", "--format", "json"], in: repository)
    #expect(!configured.stdout.contains("9.9.9"))
    #expect(configured.stdout.contains(shipped.digest), "\(configured.stderr)")
    // The folder is still usable when named as one.
    let local = try ExitCodeRunner.run(["scan", ".", "--pack", "./owasp-django", "--format", "json", "--no-config"], in: repository)
    #expect(local.stdout.contains("9.9.9"))
  }
}
