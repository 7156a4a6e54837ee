import Foundation
import Testing

/// An owasp-django check on a setting that depends on the environment in a way Parapet cannot
/// evaluate reports `unknown` naming the variables involved, never a broken rule.
@Suite struct UnknownSettingMessageTests {
  @Test func anUnknownSettingNamesTheVariablesItDependsOn() throws {
    let project = TestPack.folder([
      "manage.py": "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
      "mysite/settings.py": """
        import os
        import random
        SECRET_KEY = "k" * 30 + "0123456789abcdefghijklmnopqrstuvwxyz"
        DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1" or random.random() > 2
        ALLOWED_HOSTS = ["example.com"]

        """,
    ])
    let report = project.appendingPathComponent("report.json")
    let pack = CLI.root.appendingPathComponent("Policies/owasp-django").path
    CLI.run(["scan", project.path, "--pack", pack, "--quiet", "--no-config", "--output", "json=" + report.path])
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
    let findings = (json["packs"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
    let debug = try #require(findings.first { $0["rule"] as? String == "DJ-W018" }, "\(findings.count) findings")
    #expect(debug["status"] as? String == "unknown", "\(debug)")
    let message = debug["message"] as? String ?? ""
    #expect(message.hasPrefix("cannot verify DEBUG: ") && message.hasSuffix("(depends on $DJANGO_DEBUG)"), "\(message)")
    #expect(!findings.contains { $0["status"] as? String == "error" }, "\(findings.filter { $0["status"] as? String == "error" })")
  }
}
