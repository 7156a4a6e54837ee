import Foundation
import ParapetCapture
import Testing

/// `parapet capture` against a server the test starts on 127.0.0.1, then `parapet scan` on the
/// HAR it wrote: the capture keeps duplicate headers, follows redirects by hand, sends the
/// preflight, and records a certificate that does not verify.
@Suite(.serialized) struct CaptureTests {
  /// Starts capture_server.py (optionally with TLS) and returns its port and process.
  func startServer(tls: (cert: String, key: String)? = nil) throws -> (Int, Process, Pipe) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("capture_server.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script] + (tls.map { [$0.cert, $0.key] } ?? [])
    let output = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
      line += byte
    }
    let port = try #require(Int(String(decoding: line, as: UTF8.self)))
    return (port, process, input)
  }

  func stop(_ process: Process, _ input: Pipe) {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  func entries(_ folder: URL) throws -> [[String: Any]] {
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".har") })
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    let har = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let log = try #require(har["log"] as? [String: Any])
    return try #require(log["entries"] as? [[String: Any]])
  }

  func headers(_ entry: [String: Any]) -> [String] {
    let response = entry["response"] as? [String: Any]
    return (response?["headers"] as? [[String: String]] ?? []).map { $0["name"] ?? "" }
  }

  @Test func captureThenScanOverPlainHTTP() throws {
    let (port, server, input) = try startServer()
    defer { stop(server, input) }
    let out = TestPack.temporaryFolder()
    #expect(CLI.run(["capture", "127.0.0.1:\(port)", "-o", out.path, "--timeout", "5"]) == 0)
    let recorded = try entries(out)
    // https (refused: plain server), http → 301, /home → 200, the preflight.
    #expect(recorded.count == 4)
    let final = recorded[2]
    #expect(headers(final).filter { $0 == "Set-Cookie" }.count == 2)
    #expect(headers(final).filter { $0 == "Strict-Transport-Security" }.count == 2)
    #expect((recorded[3]["request"] as? [String: Any])?["method"] as? String == "OPTIONS")
    #expect((recorded[3]["_parapet"] as? [String: String])?["role"] == "cors-preflight")

    let report = out.appendingPathComponent("report.json")
    CLI.run(["scan", out.path, "--pack", CLI.root.appendingPathComponent("Policies/mozilla-observatory").path,
             "--quiet", "--output", "json=\(report.path)", "--no-lock-check"])
    let text = CLI.read(report)
    #expect(text.contains("\"result\": \"cookies-session-without-secure-flag\""))
    #expect(text.contains("\"result\": \"x-frame-options-sameorigin-or-deny\""))
    #expect(text.contains("\"result\": \"redirection-not-to-https\""))
    #expect(text.contains("\"grade\": \"F\""))
  }

  @Test func selfSignedCertificateIsRetriedAndRecorded() throws {
    let folder = TestPack.temporaryFolder()
    let cert = folder.appendingPathComponent("cert.pem").path
    let key = folder.appendingPathComponent("key.pem").path
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                         "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert]
    openssl.standardError = FileHandle.nullDevice
    openssl.standardOutput = FileHandle.nullDevice
    try openssl.run()
    openssl.waitUntilExit()
    try #require(openssl.terminationStatus == 0, "openssl is needed to make a self-signed certificate")
    let (port, server, input) = try startServer(tls: (cert, key))
    defer { stop(server, input) }
    let out = TestPack.temporaryFolder()
    #expect(CLI.run(["capture", "127.0.0.1:\(port)", "-o", out.path, "--timeout", "5"]) == 0)
    let recorded = try entries(out)
    let first = try #require(recorded.first)
    #expect(((first["request"] as? [String: Any])?["url"] as? String)?.hasPrefix("https://") == true)
    #expect((first["_tls"] as? [String: Bool])?["certificateValid"] == false)
    #expect(((first["response"] as? [String: Any])?["status"] as? Int) == 301)
  }

  @Test func targetsAcceptHostsPortsPathsAndURLs() {
    #expect(SiteCapture.Target("example.com")?.path == "/")
    #expect(SiteCapture.Target("https://example.com:8443/app")?.host == "example.com:8443")
    #expect(SiteCapture.Target("https://example.com:8443/app")?.path == "/app")
    #expect(SiteCapture.Target("bad host!") == nil)
  }
}
