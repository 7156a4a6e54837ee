import Foundation
import Testing

/// owasp-django's README lists its rules in tables by hand (the generated reference is
/// docs/packs/owasp-django): a rule added without its row is how the tables fell sixteen rules
/// behind, so every rule file's id must have a row.
@Suite struct PackReadmeTests {
  @Test func everyOwaspDjangoRuleHasARowInThePacksReadme() throws {
    let pack = CLI.root.appendingPathComponent("Policies/owasp-django")
    let readme = try String(contentsOf: pack.appendingPathComponent("README.md"), encoding: .utf8)
    let rules = try FileManager.default.contentsOfDirectory(atPath: pack.appendingPathComponent("rules").path)
      .filter { $0.hasSuffix(".lua") }
    #expect(rules.count > 50)
    for file in rules {
      let text = try String(contentsOf: pack.appendingPathComponent("rules/" + file), encoding: .utf8)
      guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("  id = \"") }) else {
        Issue.record("\(file) has no id line")
        continue
      }
      let id = line.dropFirst("  id = \"".count).prefix { $0 != "\"" }
      #expect(readme.contains("| `\(id)` |"), "\(file): no row for \(id) in Policies/owasp-django/README.md")
      #expect(readme.contains("`rules/\(file)`"), "\(file): the README's row does not name the file")
    }
  }
}
