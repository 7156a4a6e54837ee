import Foundation
import Testing

/// `--server-dir SERVER_DIR=DIR`, `--server-missing PATH` and `[server]` in parapet.toml, end to
/// end: what the server holds outside the checkout decides findings that were unknown, and a
/// folder the scan cannot read stops it (exit 2) instead of being guessed.
@Suite("Server folders on the command line and in parapet.toml")
struct ServerFolderOptionTests {
  /// Weblate's Docker layout: the key is read from the data volume, not stripped.
  static let files = [
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    "mysite/__init__.py": "",
    "mysite/settings.py": """
      import os
      with open("/app/data/secret") as handle:
          SECRET_KEY = handle.read()
      DEBUG = False
      ALLOWED_HOSTS = ["example.com"]
      SETTINGS_EXTRA = "/etc/mysite/extra.py"
      if os.path.exists(SETTINGS_EXTRA):
          exec(open(SETTINGS_EXTRA).read())
      """,
    "deploy/data/secret": "short-key\n",
  ]

  /// Writes the project, scans it with `arguments(folder)` and returns the exit code and the
  /// owasp-django findings by rule id.
  static func scan(_ extra: [String: String] = [:], arguments: (URL) -> [String]) throws -> (code: Int32, findings: [String: [String: Any]]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-server-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (path, text) in files.merging(extra, uniquingKeysWith: { $1 }) {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-server-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: report) }
    let code = CLI.run(
      ["scan", folder.path, "--pack", CLI.root.appendingPathComponent("Policies/owasp-django").path, "--quiet", "--output", "json=\(report.path)", "--env", "X=1"]
        + arguments(folder))
    guard FileManager.default.fileExists(atPath: report.path) else { return (code, [:]) }
    var byRule: [String: [String: Any]] = [:]
    for finding in try DjangoFixture.findings(report) {
      if let rule = finding["rule"] as? String, byRule[rule] == nil { byRule[rule] = finding }
    }
    return (code, byRule)
  }

  @Test func withoutThemTheFindingIsUnknownAndSaysHowToDecide() throws {
    let result = try Self.scan { _ in ["--no-config"] }
    let weak = try #require(result.findings["DJ-W009"])
    #expect(weak["status"] as? String == "unknown")
    #expect((weak["message"] as? String ?? "").contains("--server-dir"))
  }

  @Test func aServerFolderAndAMissingPathDecideIt() throws {
    let result = try Self.scan { folder in
      ["--no-config", "--server-dir", "/app/data=\(folder.path)/deploy/data", "--server-missing", "/etc/mysite"]
    }
    #expect(result.findings["DJ-W009"]?["status"] as? String == "fail")
    #expect(result.findings["DJ-LOAD"]?["status"] as? String == "pass")
  }

  @Test func aMissingFileTheSettingsNeedStopsTheLoad() throws {
    let result = try Self.scan { _ in ["--no-config", "--server-missing", "/app"] }
    #expect(result.findings["DJ-LOAD"]?["status"] as? String == "fail")
  }

  @Test func parapetTomlNamesThemToo() throws {
    let toml = """
      [server]
      dirs = { "/app/data" = "deploy/data" }
      missing = ["/etc/mysite"]
      """
    let result = try Self.scan(["parapet.toml": toml]) { _ in [] }
    #expect(result.findings["DJ-W009"]?["status"] as? String == "fail")
    #expect(result.findings["DJ-LOAD"]?["status"] as? String == "pass")
  }

  @Test func whatCannotBeReadStopsTheScan() throws {
    // Outside the scanned folder, a server folder that is not absolute, a missing path that
    // is not absolute, an unknown [server] setting: exit 2, no report.
    let outside = try Self.scan { _ in ["--no-config", "--server-dir", "/app/data=\(FileManager.default.temporaryDirectory.path)"] }
    #expect(outside.code == 2)
    #expect(outside.findings.isEmpty)
    #expect(try Self.scan { folder in ["--no-config", "--server-dir", "app/data=\(folder.path)/deploy/data"] }.code == 2)
    #expect(try Self.scan { _ in ["--no-config", "--server-missing", "etc/mysite"] }.code == 2)
    #expect(try Self.scan(["parapet.toml": "[server]\nmounts = []\n"]) { _ in [] }.code == 2)
  }
}
