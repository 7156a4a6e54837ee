import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import Testing

/// The Caddyfile plugin shipped in Plugins/: facts with lines, and errors with lines.
@Suite struct ShippedPluginTests {
  func reader() throws -> PluginReader {
    let path = CLI.root.appendingPathComponent("Plugins/caddy.lua").path
    return try PluginReader(source: String(contentsOfFile: path, encoding: .utf8), path: path)
  }

  func read(_ text: String) throws -> (FactTree, [EvidenceError]) {
    let file = EvidenceFile(path: "Caddyfile", url: URL(fileURLWithPath: "/dev/null"), data: Data(text.utf8))
    var facts = FactTree()
    let plugin = try reader()
    #expect(plugin.claims(file))
    do {
      try plugin.read(file, into: &facts, context: ScanContext())
      return (facts, [])
    } catch let errors as EvidenceErrors {
      return (facts, errors.errors)
    }
  }

  @Test func headersOfASiteBlockAreFactsWithLines() throws {
    let (facts, errors) = try read("""
      shop.example.com {
      \treverse_proxy web:8000
      \theader {
      \t\tStrict-Transport-Security "max-age=31536000"
      \t\t-Server
      \t}
      }
      """)
    #expect(errors.isEmpty)
    let site = try #require(facts.lookup("caddy.Caddyfile.sites.1"))
    #expect(site.lookup("addresses.1")?.value.stringValue == "shop.example.com")
    let header = try #require(site.lookup("headers.1"))
    #expect(header["name"]?.value.stringValue == "strict-transport-security")
    #expect(header["name"]?.location?.line == 4)
  }

  @Test func anUnclosedBlockIsAnErrorWithItsLine() throws {
    let (facts, errors) = try read("shop.example.com {\n\theader X-Frame-Options DENY\n")
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("never closed") == true)
    #expect(errors.first?.reader == "plugin:caddy")
    #expect(facts.lookup("caddy.Caddyfile.sites") != nil, "what was read stays")
    #expect(facts.lookup("caddy.Caddyfile.errors") == nil)
  }
}
