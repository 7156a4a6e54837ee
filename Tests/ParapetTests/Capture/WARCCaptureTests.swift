import Foundation
import ParapetEvidence
import Testing

/// Web archives written by the real wget (`--warc-file`, compressed and not) from a server the
/// test starts on 127.0.0.1, then `parapet scan` on them: records become exchanges, the redirect
/// chain links, duplicate headers and cookies survive, and findings point at archive lines.
@Suite(.serialized) struct WARCCaptureTests {
  /// Runs wget against capture_server.py and returns the archive it wrote.
  func archive(compressed: Bool, in folder: URL) throws -> URL {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("capture_server.py").path
    let server = Process()
    server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    server.arguments = ["python3", script]
    let output = Pipe()
    let input = Pipe()
    server.standardOutput = output
    server.standardInput = input
    try server.run()
    defer {
      try? input.fileHandleForWriting.close()
      server.waitUntilExit()
    }
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
      line += byte
    }
    let port = try #require(Int(String(decoding: line, as: UTF8.self)))
    let wget = Process()
    wget.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    wget.currentDirectoryURL = folder
    wget.arguments = ["wget", "-q", "--warc-file=site", "-O", "/dev/null"]
      + (compressed ? [] : ["--no-warc-compression"]) + ["http://127.0.0.1:\(port)/"]
    try wget.run()
    wget.waitUntilExit()
    #expect(wget.terminationStatus == 0)
    return folder.appendingPathComponent(compressed ? "site.warc.gz" : "site.warc")
  }

  func scan(_ file: URL) throws -> [String: Any] {
    let output = file.deletingLastPathComponent().appendingPathComponent("report.json")
    _ = CLI.run(["scan", file.path, "--pack", "mozilla-observatory", "--no-config", "--quiet",
                 "--output", "json=\(output.path)"])
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
  }

  @Test(arguments: [true, false])
  func wgetArchiveIsGraded(compressed: Bool) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-warc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try archive(compressed: compressed, in: folder)
    let report = try scan(file)
    #expect((report["evidence"] as? [String: Any])?["read_by"] as? [String: Int] == ["warc": 1])
    let pack = try #require((report["packs"] as? [[String: Any]])?.first)
    let findings = try #require(pack["findings"] as? [[String: Any]])
    func result(_ rule: String) -> String? {
      findings.first { $0["rule"] as? String == rule }?["result"] as? String
    }
    // The server answers / with a 301 to /home over plain HTTP, and /home sets a session
    // cookie without Secure and loads a script from another site without SRI.
    #expect(result("redirection") == "redirection-not-to-https")
    #expect(result("cookies") == "cookies-session-without-secure-flag")
    #expect(result("subresource-integrity") == "sri-not-implemented-but-external-scripts-loaded-securely")
    #expect(result("x-frame-options") == "x-frame-options-sameorigin-or-deny")
    let located = findings.first { $0["rule"] as? String == "cookies" }?["location"] as? [String: Any]
    #expect((located?["line"] as? Int ?? 0) > 1, "findings point at the record's line in the archive")
  }

  @Test("a truncated archive is an evidence error naming the line, and the scan exits 2")
  func truncatedArchive() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-warc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("cut.warc")
    try "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n"
      .write(to: file, atomically: true, encoding: .utf8)
    let code = CLI.run(["scan", file.path, "--pack", "mozilla-observatory", "--no-config", "--quiet"])
    #expect(code == 2)
  }
}

@Suite("HTTP: WARC bodies")
struct WARCBodyTests {
  /// Chunk-size lines end with CRLF; a chunked body in a record is decoded, not dropped.
  @Test func chunkedBodiesAreDecoded() throws {
    let block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n0\r\n\r\n"
    let record = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/\r\n"
      + "Content-Length: \(block.utf8.count)\r\n\r\n" + block + "\r\n\r\n"
    let file = HTTPFixtures.file(named: "chunked.warc", text: record)
    let (facts, errors) = HTTPFixtures.read(file, with: WARCReader())
    #expect(errors.isEmpty)
    #expect(HTTPFixtures.sites(facts).first?.at("html.body_length")?.int == 5)
  }
}
