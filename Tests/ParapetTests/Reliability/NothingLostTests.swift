import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import Testing

@testable import ParapetCLI

/// Reports are replaced atomically, and one broken file or rule never hides the others'
/// findings: the report lists every evidence and rule error with its cause and exits 2.
@Suite(.serialized) struct NothingLostTests {
  @Test func aReportReplacesTheOldFileByRenameNeverInPlace() throws {
    let folder = TestPack.temporaryFolder("parapet-atomic")
    let target = folder.appendingPathComponent("report.json")
    try AtomicWriter.write("old report\n", to: target.path)
    let before = try FileManager.default.attributesOfItem(atPath: target.path)[.systemFileNumber] as? Int
    // A reader that opened the old report keeps reading the whole old report.
    let handle = try FileHandle(forReadingFrom: target)
    try AtomicWriter.write(String(repeating: "new report line\n", count: 10_000), to: target.path)
    let after = try FileManager.default.attributesOfItem(atPath: target.path)[.systemFileNumber] as? Int
    #expect(before != after, "the report was rewritten in place, not renamed over")
    #expect(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self) == "old report\n")
    try handle.close()
    #expect(CLI.read(target).hasPrefix("new report line\n"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
  }

  @Test func concurrentReadersSeeTheOldOrTheNewReportNeverHalf() throws {
    let folder = TestPack.temporaryFolder("parapet-atomic")
    let target = folder.appendingPathComponent("report.txt")
    let versions = (0..<6).map { String(repeating: "version \($0) ", count: 200_000) + "END\n" }
    try AtomicWriter.write(versions[0], to: target.path)
    let stop = Flag()
    let torn = Counter()
    let reads = Counter()
    let reader = Thread {
      while !stop.value {
        guard let data = FileManager.default.contents(atPath: target.path) else { continue }
        reads.increment()
        let text = String(decoding: data, as: UTF8.self)
        if !versions.contains(text) { torn.increment() }
      }
    }
    reader.start()
    for round in 1..<40 { try AtomicWriter.write(versions[round % versions.count], to: target.path) }
    stop.value = true
    while !reader.isFinished { usleep(1_000) }
    #expect(reads.value > 0)
    #expect(torn.value == 0, "\(torn.value) of \(reads.value) reads saw a half-written report")
  }

  @Test func aFailedWriteLeavesTheOldReportAndNoTemporaryFile() throws {
    let folder = TestPack.temporaryFolder("parapet-atomic")
    // The target is a non-empty folder: the rename fails after the temporary file is written.
    let target = folder.appendingPathComponent("report.json")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
    #expect(throws: (any Error).self) { try AtomicWriter.write("new", to: target.path) }
    #expect(CLI.read(target.appendingPathComponent("inside")) == "keep")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
  }

  /// A pack with a good rule per evidence kind, a rule that raises and one that loops.
  static func mixedPack() -> URL {
    TestPack.folder([
      "pack.toml": "name = \"mixed\"\nversion = \"1.0.0\"\ndescription = \"good and bad rules\"\n",
      "rules/a-good-dotenv.lua": TestPack.rule(
        id: "GOOD-DOTENV",
        "local env = facts.dotenv['.env'] if env and env.DEBUG then report.fail{ message = 'DEBUG in .env', at = env.DEBUG } end"),
      "rules/b-good-json.lua": TestPack.rule(
        id: "GOOD-JSON",
        "local doc = facts.json['good.json'] if doc then report.fail{ message = 'json read', at = doc.name } end"),
      "rules/c-raises.lua": TestPack.rule(id: "RAISES", "error('policy bug: index out of range')"),
      "rules/d-loops.lua": TestPack.rule(id: "LOOPS", "while true do end"),
      "rules/e-syntax.lua": "return { id = 'BROKEN', check = function( end",
    ])
  }

  @Test func brokenEvidenceAndBrokenRulesNeverHideOtherFindings() throws {
    let evidence = TestPack.folder([
      ".env": "DEBUG=True\n",
      "good.json": "{\n  \"name\": \"app\"\n}\n",
      "broken.json": "{\n  \"name\": \"app\",\n  \"port\": 80,,\n}\n",
      "broken.yaml": "key: [unclosed\n",
    ])
    let out = TestPack.temporaryFolder("parapet-lost").appendingPathComponent("report.json")
    let code = CLI.run([
      "scan", evidence.path, "--pack", Self.mixedPack().path, "--format", "json",
      "--output", "json=\(out.path)", "--quiet", "--no-shipped-plugins",
    ])
    #expect(code == 2, "exit code \(code): evidence and rule errors must give 2")
    let data = try #require(FileManager.default.contents(atPath: out.path))
    let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let text = String(decoding: data, as: UTF8.self)
    // The good rules still report.
    #expect(text.contains("GOOD-DOTENV") && text.contains("DEBUG in .env"))
    #expect(text.contains("GOOD-JSON") && text.contains("json read"))
    // Every broken file is listed with its position and cause.
    #expect(text.contains("broken.json"))
    #expect(text.contains("broken.yaml"))
    // Every rule error is listed, naming the rule and the cause.
    #expect(text.contains("RAISES") && text.contains("policy bug: index out of range"))
    #expect(text.contains("LOOPS") && text.contains("instruction limit exceeded"))
    #expect(text.contains("e-syntax.lua"))
    #expect(report.keys.contains { $0.lowercased().contains("evidence") } || text.contains("evidence"))
  }

  @Test func theTextReportListsEveryErrorWithItsCause() throws {
    let evidence = TestPack.folder([
      ".env": "DEBUG=True\nBROKEN LINE WITHOUT EQUALS\n",
      "broken.json": "{\"a\": }",
    ])
    let out = TestPack.temporaryFolder("parapet-lost").appendingPathComponent("report.txt")
    let code = CLI.run([
      "scan", evidence.path, "--pack", Self.mixedPack().path, "--output", "text=\(out.path)",
      "--quiet", "--no-shipped-plugins",
    ])
    #expect(code == 2)
    let text = CLI.read(out)
    #expect(text.contains("broken.json:1:"), "the JSON error has no position:\n\(text)")
    #expect(text.contains(".env:2"), "the dotenv error has no line:\n\(text)")
    #expect(text.contains("RAISES") && text.contains("LOOPS") && text.contains("GOOD-DOTENV"))
  }

  @Test func oneBrokenEvidenceFileKeepsEveryOtherFilesFacts() {
    var files: [EvidenceFile] = []
    for index in 0..<20 {
      let broken = index % 3 == 0
      let text = broken ? "{\"n\": \(index),,}" : "{\"n\": \(index)}"
      files.append(
        EvidenceFile(path: "f\(index).json", url: URL(fileURLWithPath: "/e/f\(index).json"), data: Data(text.utf8)))
    }
    let result = EvidenceLoader().load(EvidenceBundle(files: files), context: ScanContext())
    let broken = (0..<20).filter { $0 % 3 == 0 }
    #expect(result.errors.count == broken.count)
    #expect(Set(result.errors.map(\.location.file)) == Set(broken.map { "f\($0).json" }))
    #expect(result.errors.allSatisfy { $0.location.line != nil })
    for index in 0..<20 where index % 3 != 0 {
      #expect(result.facts.lookup("json")?["f\(index).json"] != nil, "facts of f\(index).json lost")
    }
  }
}

final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var stored = false
  var value: Bool {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var stored = 0
  var value: Int { lock.withLock { stored } }
  func increment() { lock.withLock { stored += 1 } }
}
