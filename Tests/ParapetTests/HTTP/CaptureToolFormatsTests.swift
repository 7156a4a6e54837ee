import Foundation
import Testing

/// HARs written by real capture tools (mitmproxy's `hardump`, Playwright's `record_har_path`)
/// of the loopback test server, recorded by scripts/record-capture-tool-fixtures.sh: each must
/// give the same results as wget's archive of the same server (WARCCaptureTests).
@Suite("HTTP: HARs from real capture tools")
struct CaptureToolFormatsTests {
  static let folder = CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/http/tools")

  static func fixtures() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".har") }.sorted()
  }

  @Test func bothToolsAreCovered() {
    let names = Self.fixtures()
    #expect(names.contains { $0.hasPrefix("mitmproxy-") })
    #expect(names.contains { $0.hasPrefix("playwright-") })
  }

  @Test(arguments: fixtures())
  func toolCaptureIsGraded(_ name: String) throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-tool-\(name).json")
    defer { try? FileManager.default.removeItem(at: output) }
    let code = CLI.run([
      "scan", Self.folder.appendingPathComponent(name).path, "--pack", "mozilla-observatory",
      "--no-config", "--quiet", "--output", "json=\(output.path)",
    ])
    #expect(code == 1, "failing findings, and nothing incomplete")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
    let pack = try #require((report["packs"] as? [[String: Any]])?.first)
    let sites = try #require((pack["details"] as? [String: Any])?["sites"] as? [[String: Any]])
    #expect(sites.count == 1, "the CDN script the page loads is not a site")
    let findings = try #require(pack["findings"] as? [[String: Any]])
    func result(_ rule: String) -> String? {
      findings.first { $0["rule"] as? String == rule }?["result"] as? String
    }
    #expect(result("redirection") == "redirection-not-to-https")
    #expect(result("cookies") == "cookies-session-without-secure-flag")
    #expect(result("subresource-integrity") == "sri-not-implemented-but-external-scripts-loaded-securely")
    #expect(result("x-frame-options") == "x-frame-options-sameorigin-or-deny")
    #expect(result("strict-transport-security") == nil, "no https:// request: HSTS is unknown")
  }
}
