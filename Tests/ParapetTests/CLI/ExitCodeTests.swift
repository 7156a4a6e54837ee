import Foundation
import ParapetEngine
import Testing

/// Issue #15 §7: exit codes that always tell the truth. Every error path that leaves the result
/// incomplete exits 2 with one line that says why, whatever else the scan found; and the lock
/// `parapet lock` writes is the lock `parapet scan` enforces.
@Suite(.serialized) struct ExitCodeTests {
  /// One failure: the arguments (with `$W` for a scratch folder) and what standard error (or
  /// the report) must say.
  struct Scenario: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var says: String
    var stdout: String? = nil
    var testDescription: String { name }
  }

  /// A scratch folder with evidence that fails (so exit 1 would be the answer if the error were
  /// lost), a regular file to put paths under, a folder, and broken packs.
  static func workspace() throws -> URL {
    let work = TestPack.folder([
      "evidence/.env": "DEBUG=True\n",
      "a-file": "not a folder\n",
      "folder/keep": "",
      "latin1/pack.toml": "name = \"latin1\"\nversion = \"1.0.0\"\n",
      "grade/pack.toml": "name = \"grade\"\nversion = \"1.0.0\"\n",
      "grade/rules/a.lua": TestPack.rule(id: "G-1", "report.fail('x')"),
      "grade/grade.lua": "return function(results) error('grading broke') end\n",
      "cycle/pack.toml": "name = \"cycle\"\nversion = \"1.0.0\"\nextends = \".\"\n",
      "deep/pack.toml": "name = \"deep\"\nversion = \"1.0.0\"\n" + String(repeating: "a.", count: 50_000) + "a = 1\n",
      "badconfig/parapet.toml": "packs = [\n",
      "escape/parapet.toml": "env_files = [\"/proc/self/environ\"]\n",
      "escape/.env": "DEBUG=True\n",
      "not-jsonl.txt": "not json\n",
      "broken-plugin.lua": "this is not Lua\n",
    ])
    let rules = work.appendingPathComponent("latin1/rules")
    try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
    // A critical rule that fails, with one Latin-1 byte in a comment.
    try (Data("-- caf".utf8) + Data([0xE9]) + Data("\n".utf8) + Data(TestPack.rule(id: "L-1", severity: "critical", "report.fail('x')").utf8))
      .write(to: rules.appendingPathComponent("a.lua"))
    return work
  }

  static let acme = CLI.acme
  static let scenarios: [Scenario] = [
    Scenario(name: "report under a regular file", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--output", "json=$W/a-file/x.json"], says: "cannot write $W/a-file/x.json"),
    Scenario(name: "report onto a folder", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--output", "sarif=$W/folder"], says: "cannot write $W/folder: it is a folder"),
    Scenario(name: "standard output on a full disk", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", ">/dev/full"], says: "cannot write the report to standard output: no space left on device"),
    Scenario(name: "baseline written onto a folder", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--quiet", "--write-baseline", "$W/folder"], says: "cannot write $W/folder: it is a folder"),
    Scenario(name: "batch output onto a folder", arguments: ["scan", "--bundles", "$W/list.txt", "--pack", acme, "--output", "$W/folder"], says: "cannot write $W/folder: it is a folder"),
    Scenario(name: "lock onto a folder", arguments: ["lock", "--pack", acme, "-o", "$W/folder"], says: "cannot write $W/folder: it is a folder"),
    Scenario(name: "docs under a regular file", arguments: ["docs", acme, "-o", "$W/a-file/docs"], says: "cannot write $W/a-file/docs/"),
    Scenario(name: "merge of a file that is not JSON Lines", arguments: ["merge", "$W/not-jsonl.txt"], says: "not-jsonl.txt:1: expected a JSON object"),
    Scenario(name: "unknown pack", arguments: ["scan", "$W/evidence", "--pack", "no-such-pack", "--no-config"], says: "no pack named 'no-such-pack'"),
    Scenario(name: "missing --env-file", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--env-file", "$W/missing.env"], says: "--env-file: cannot read $W/missing.env"),
    Scenario(name: "missing --baseline", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--baseline", "$W/missing.json"], says: "cannot read the baseline"),
    Scenario(name: "missing --compare-with", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--compare-with", "$W/missing.json"], says: "--compare-with $W/missing.json"),
    Scenario(name: "missing --lock", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--lock", "$W/missing.lock"], says: "--lock $W/missing.lock: no such file"),
    Scenario(name: "invalid parapet.toml", arguments: ["scan", "$W/badconfig", "--pack", acme], says: "invalid TOML"),
    Scenario(name: "parapet.toml reaching outside", arguments: ["scan", "$W/escape", "--pack", acme], says: "escape/parapet.toml:1: `env_files` path \"/proc/self/environ\" is an absolute path"),
    Scenario(name: "rule file with a Latin-1 byte", arguments: ["scan", "$W/evidence", "--pack", "$W/latin1", "--no-config"], says: "latin1/rules/a.lua:1: not valid UTF-8"),
    Scenario(name: "extends cycle", arguments: ["scan", "$W/evidence", "--pack", "$W/cycle", "--no-config"], says: "cycle/pack.toml:3: extends cycle"),
    Scenario(name: "deep pack.toml", arguments: ["scan", "$W/evidence", "--pack", "$W/deep", "--no-config"], says: "deep/pack.toml:3: nested more than"),
    Scenario(name: "two packs with one name", arguments: ["scan", "$W/evidence", "--pack", acme, "--pack", "$W/acme-copy", "--no-config"], says: "two packs are named acme"),
    Scenario(name: "grading that fails", arguments: ["scan", "$W/evidence", "--pack", "$W/grade", "--no-config"], says: "", stdout: "grading failed"),
    Scenario(name: "unreadable evidence", arguments: ["scan", "$W/missing", "--pack", acme, "--no-config"], says: "", stdout: "no such file or folder"),
    Scenario(name: "facts of a missing path", arguments: ["facts", "$W/missing"], says: "no such file or folder"),
    Scenario(name: "unreadable --bundles list", arguments: ["scan", "--bundles", "$W/missing.txt", "--pack", acme], says: "--bundles $W/missing.txt: no such file"),
    Scenario(name: "usage error", arguments: ["scan", "$W/evidence", "--fail-on", "urgent"], says: "--fail-on must be one of"),
    Scenario(name: "bad --shard", arguments: ["scan", "--bundles", "$W/list.txt", "--pack", acme, "--shard", "5/4"], says: "--shard expects K/N"),
    Scenario(name: "bad --option", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--option", "nodot"], says: "--option expects PACK.KEY=VALUE"),
    Scenario(name: "missing --data file", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--data", "acme.list=$W/missing.json"], says: "cannot read the data file for acme/list"),
    Scenario(name: "plugin that does not load", arguments: ["scan", "$W/evidence", "--pack", acme, "--no-config", "--plugin", "$W/broken-plugin.lua"], says: "", stdout: "broken-plugin.lua"),
    Scenario(name: "packs verify without a lock", arguments: ["packs", "verify", "--pack", acme, "--lock", "$W/missing.lock"], says: "no lock file"),
    Scenario(name: "packs list with a broken pack", arguments: ["packs", "list", "--pack", "$W/latin1"], says: "not valid UTF-8"),
    Scenario(name: "explain with a broken pack", arguments: ["explain", "ACME-001", "--pack", "$W/cycle"], says: "extends cycle"),
    Scenario(name: "test of a broken pack", arguments: ["test", "$W/deep"], says: "nested more than"),
  ]

  @Test(arguments: scenarios)
  func everyIncompleteResultExitsTwoWithOneLine(_ scenario: Scenario) throws {
    let work = try Self.workspace()
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: work.appendingPathComponent("acme-copy").path)
    try Data("\(work.path)/evidence\n".utf8).write(to: work.appendingPathComponent("list.txt"))
    var arguments = scenario.arguments.map { $0.replacingOccurrences(of: "$W", with: work.path) }
    var standardOutput: String?
    if let redirect = arguments.last, redirect.hasPrefix(">") {
      standardOutput = String(redirect.dropFirst())
      arguments.removeLast()
    }
    let result = try ExitCodeRunner.run(arguments, standardOutput: standardOutput)
    #expect(result.status == 2, "\(scenario.name): exit \(result.status), stderr: \(result.stderr)")
    let says = scenario.says.replacingOccurrences(of: "$W", with: work.path)
    if !says.isEmpty { #expect(result.stderr.contains(says), "\(scenario.name): \(result.stderr)") }
    if let expected = scenario.stdout {
      #expect(result.stdout.contains(expected), "\(scenario.name): \(result.stdout)")
    }
    // The error is a line of its own, never a stack trace or a crash.
    #expect(!result.stderr.contains("Fatal error"))
    #expect(!result.stderr.contains("Stack dump"))
    // No temporary file is left next to a target that could not be written.
    for folder in [work, work.appendingPathComponent("folder")] {
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(scenario.name) left \(names)")
    }
  }

  @Test func theSameErrorsExitTwoInProcessToo() {
    // The in-process runner maps errors exactly as the binary does.
    let work = TestPack.folder(["evidence/.env": "DEBUG=True\n", "a-file": "x"])
    let target = work.appendingPathComponent("a-file/x.json").path
    #expect(CLI.run(["scan", work.appendingPathComponent("evidence").path, "--pack", CLI.acme, "--no-config", "--quiet", "--fail-on", "medium", "--output", "json=\(target)"]) == 2)
    #expect(CLI.run(["scan", work.appendingPathComponent("evidence").path, "--pack", CLI.acme, "--no-config", "--quiet", "--fail-on", "medium"]) == 1)
  }

  /// `parapet lock` in a folder without parapet.toml writes ./parapet.lock; `parapet scan` from
  /// that folder enforces it, whether it scans `.` or a sub-folder.
  @Test func theLockThatLockWritesIsTheLockScanEnforces() throws {
    let project = TestPack.folder([".env": "DEBUG=True\n", "app/.env": "DEBUG=True\n"])
    try FileManager.default.copyItem(atPath: CLI.acme, toPath: project.appendingPathComponent("acme").path)
    let lock = try ExitCodeRunner.run(["lock", "--pack", "./acme"], in: project)
    #expect(lock.status == 0, "\(lock.stderr)")
    #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("parapet.lock").path))
    #expect(try ExitCodeRunner.run(["scan", ".", "--pack", "./acme", "--quiet"], in: project).status == 0)
    #expect(try ExitCodeRunner.run(["scan", "app", "--pack", "./acme", "--quiet"], in: project).status == 0)
    // The pack changes after review: every scan from the folder refuses it.
    let rule = project.appendingPathComponent("acme/rules/no-debug.lua")
    try Data((CLI.read(rule) + "-- changed after review\n").utf8).write(to: rule)
    for target in [".", "app"] {
      let scan = try ExitCodeRunner.run(["scan", target, "--pack", "./acme", "--quiet"], in: project)
      #expect(scan.status == 2, "scan \(target)")
      #expect(scan.stderr.contains("parapet.lock: pack acme changed since the lock"), "\(scan.stderr)")
    }
    #expect(try ExitCodeRunner.run(["scan", ".", "--pack", "./acme", "--quiet", "--no-lock-check"], in: project).status == 0)
    // --no-config ignores the project's files, the lock found with them included; --lock does not.
    #expect(try ExitCodeRunner.run(["scan", ".", "--pack", "./acme", "--quiet", "--no-config"], in: project).status == 0)
    #expect(try ExitCodeRunner.run(["scan", ".", "--pack", "./acme", "--quiet", "--no-config", "--lock", "parapet.lock"], in: project).status == 2)
    // With a parapet.toml, both use its `lock` setting.
    try Data("packs = [\"./acme\"]\nlock = \"locks/parapet.lock\"\n".utf8).write(to: project.appendingPathComponent("parapet.toml"))
    #expect(try ExitCodeRunner.run(["lock"], in: project).status == 0)
    #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("locks/parapet.lock").path))
    #expect(try ExitCodeRunner.run(["scan", ".", "--quiet"], in: project).status == 0)
    try Data((CLI.read(rule) + "-- changed again\n").utf8).write(to: rule)
    #expect(try ExitCodeRunner.run(["scan", ".", "--quiet"], in: project).status == 2)
  }
}

/// Runs the built binary in a chosen folder, with standard output to a file of choice.
enum ExitCodeRunner {
  static func run(_ arguments: [String], in folder: URL? = nil, standardOutput: String? = nil) throws -> ParapetProcess.Result {
    let executable = try #require(ParapetProcess.binary, "the parapet binary is not built next to the tests")
    let scratch = TestPack.temporaryFolder("exit")
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    var environment = ProcessInfo.processInfo.environment
    environment["PARAPET_HOME"] = CLI.root.path
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let output = try FileHandle(forWritingTo: standardOutput.map { URL(fileURLWithPath: $0) } ?? outURL)
    let errors = try FileHandle(forWritingTo: errURL)
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    try output.close()
    try errors.close()
    return ParapetProcess.Result(
      status: process.terminationStatus, stdout: CLI.read(outURL), stderr: CLI.read(errURL))
  }
}
