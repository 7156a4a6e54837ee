import Foundation
import Testing

/// Exit codes of scans that evaluated nothing, and grade gates on grades that are ranges.
@Suite("CLI: empty scans and grade gates")
struct ScanGateTests {
  static func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-gate-\(UUID().uuidString)")
    for (name, text) in files {
      let file = url.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    }
    return url
  }

  /// A capture of https://site/ only: redirection and SRI are unknown, so the grade is a range.
  static let httpsOnly = """
    # url: https://shop.example/
    HTTP/1.1 200 OK
    content-type: text/html
    x-frame-options: DENY

    """

  @Test("nothing any reader understood: exit 2, with or without named packs; --allow-empty gives 0")
  func nothingUnderstoodExitsTwo() throws {
    let root = try Self.folder(["tsconfig.json": "{\"compilerOptions\": {}}\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(CLI.run(["scan", root.path, "--no-config", "--quiet"]) == 2)
    #expect(CLI.run(["scan", root.path, "--no-config", "--quiet", "--pack", "mozilla-observatory"]) == 2)
    #expect(CLI.run(["scan", root.path, "--no-config", "--quiet", "--pack", "mozilla-observatory", "--allow-empty"]) == 0)
  }

  @Test("a named pack with no evidence of its kind exits 2 even when another pack had some")
  func namedPackWithoutEvidence() throws {
    let root = try Self.folder(["site.http": Self.httpsOnly])
    defer { try? FileManager.default.removeItem(at: root) }
    let code = CLI.run([
      "scan", root.path, "--no-config", "--quiet", "--fail-on", "critical",
      "--pack", "mozilla-observatory", "--pack", "owasp-django",
    ])
    #expect(code == 2)
  }

  @Test("--fail-below reads the worst end of a grade range by default, the best with --grade-bound best")
  func gradeGateOnRanges() throws {
    let root = try Self.folder(["site.http": Self.httpsOnly])
    defer { try? FileManager.default.removeItem(at: root) }
    let output = root.appendingPathComponent("report.json")
    let base = ["scan", root.appendingPathComponent("site.http").path, "--no-config", "--quiet",
                "--pack", "mozilla-observatory", "--fail-on", "critical"]
    #expect(CLI.run(base + ["--output", "json=\(output.path)"]) == 0)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
    let pack = try #require((report["packs"] as? [[String: Any]])?.first)
    let grades = try #require(pack["grade_range"] as? [String])
    #expect(grades[0] != grades[1], "an https-only capture leaves tests unknown: the grade is a range")
    #expect(pack["exact"] as? Bool == false)
    #expect(pack["grade"] as? String == grades[0], "the grade stated is the worst end")
    // The best end passes a gate at itself, the worst end does not.
    #expect(CLI.run(base + ["--fail-below", grades[1]]) == 1)
    #expect(CLI.run(base + ["--fail-below", grades[1], "--grade-bound", "best"]) == 0)
    #expect(CLI.run(base + ["--fail-below", "F"]) == 0)
    #expect(CLI.run(base + ["--fail-below", "Z"]) == 2)
  }

  @Test("fail_below in parapet.toml gates like --fail-below")
  func gradeGateFromConfiguration() throws {
    let root = try Self.folder([
      "site.http": Self.httpsOnly,
      "parapet.toml": "packs = [\"mozilla-observatory\"]\nfail_on = \"critical\"\nfail_below = \"A+\"\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    #expect(CLI.run(["scan", root.path, "--quiet"]) == 1)
    #expect(CLI.run(["scan", root.path, "--quiet", "--fail-below", "F"]) == 0)
  }

  @Test("a dump without its URL: cookies are unknown, never 'no cookies'; --url decides them")
  func dumpWithoutURL() throws {
    let root = try Self.folder(["dump.txt": "HTTP/1.1 200 OK\ncontent-type: text/html\nset-cookie: sid=1\n\n<html></html>\n"])
    defer { try? FileManager.default.removeItem(at: root) }
    let output = root.appendingPathComponent("report.json")
    let dump = root.appendingPathComponent("dump.txt").path
    func cookies(_ extra: [String]) throws -> String? {
      _ = CLI.run(["scan", dump, "--no-config", "--quiet", "--pack", "mozilla-observatory",
                   "--output", "json=\(output.path)"] + extra)
      let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
      let pack = try #require((report["packs"] as? [[String: Any]])?.first)
      let findings = try #require(pack["findings"] as? [[String: Any]])
      let finding = findings.first { $0["rule"] as? String == "cookies" }
      return (finding?["result"] as? String) ?? (finding?["status"] as? String)
    }
    #expect(try cookies([]) == "unknown")
    #expect(try cookies(["--url", "https://shop.example/"]) == "cookies-without-secure-flag")
  }
}
