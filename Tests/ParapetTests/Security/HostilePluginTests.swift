import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import Testing

/// Lua plugins run in the same sandbox as policies: the same attacks end as an evidence error
/// naming the plugin, and other readers' facts are kept.
@Suite struct HostilePluginTests {
  static let limits = SandboxLimits(
    instructions: 5_000_000, memoryBytes: 32 << 20, timeoutMilliseconds: 1_000,
    patternSteps: 2_000_000)

  func plugin(_ parse: String) throws -> PluginReader {
    try PluginReader(
      source: """
        return {
          name = "evil",
          claims = { names = { "*.evil" } },
          parse = function(file)
            \(parse)
          end,
        }
        """, path: "evil.lua", limits: Self.limits)
  }

  /// Reads a bundle with an `.evil` file and a `.env` through the plugin and the standard readers.
  func scan(_ parse: String) throws -> EvidenceResult {
    let reader = try plugin(parse)
    let files = [
      EvidenceFile(path: "x.evil", url: URL(fileURLWithPath: "/e/x.evil"), data: Data("data line\n".utf8)),
      EvidenceFile(path: ".env", url: URL(fileURLWithPath: "/e/.env"), data: Data("DEBUG=1\n".utf8)),
    ]
    return EvidenceLoader(registry: EvidenceRegistry.standard.adding([reader]))
      .load(EvidenceBundle(files: files), context: ScanContext())
  }

  @Test func pluginAttacksEndAsAnEvidenceErrorNamingThePlugin() throws {
    let attacks = [
      "while true do end",
      "local t = {} for i = 1, 1e9 do t[i] = i end",
      "return string.rep('x', 1e10)",
      "local function f() return 1 + f() end return f()",
      "return string.find(('a'):rep(100000), '.-.-.-.-b')",
      "error(setmetatable({}, { __tostring = function() while true do end end }))",
      "local t = {} for i = 1, 1e6 do table.insert(t, 1, i) end",
      "if load or require or io or os or debug or package or coroutine then error('escaped') end error('contained')",
    ]
    for attack in attacks {
      let result = try scan(attack)
      let error = try #require(result.errors.first { $0.reader == "plugin:evil" }, "no error for: \(attack)")
      #expect(error.location.file == "x.evil")
      #expect(error.message.contains("plugin evil failed"), "\(error.message)")
      #expect(result.facts.lookup("dotenv")?[".env"] != nil, "the other reader's facts were lost after: \(attack)")
    }
  }

  @Test func pluginsCannotReachTheHostThroughTheirGlobals() throws {
    let result = try scan(
      """
      local found = {}
      for _, name in ipairs({ 'load', 'require', 'io', 'os', 'debug', 'package', 'coroutine', 'dofile', 'loadfile', 'collectgarbage', 'rawset', '_G' }) do
        if _ENV[name] ~= nil then found[#found + 1] = name end
      end
      if getmetatable('') ~= false then found[#found + 1] = 'string metatable' end
      return { reachable = table.concat(found, ',') }
      """)
    #expect(result.errors.isEmpty, "\(result.errors)")
    let facts = try #require(result.facts.lookup("evil")?["x.evil"])
    #expect(facts["reachable"]?.value == .string(""), "\(facts)")
  }

  @Test func deeplyNestedPluginResultsAreBounded() throws {
    for body in [
      "local v = 'leaf' for i = 1, 100000 do v = located(v, i) end return { deep = v }",
      "local v = {} for i = 1, 100000 do v = { v } end return v",
      "local t = {} t.self = t t[1] = t return t",
    ] {
      let result = try scan(body)
      _ = FactJSON.render(result.facts.fact).serialized(pretty: false)
      #expect(result.facts.lookup("dotenv")?[".env"] != nil, "after: \(body)")
    }
  }

  @Test func pluginStateDoesNotCarryFactsBetweenFiles() throws {
    // A plugin may keep Lua state between files (documented), but it never receives fact
    // nodes, so it cannot reach another file's facts.
    let result = try scan("return { facts_visible = (facts ~= nil), report_visible = (report ~= nil) }")
    let facts = try #require(result.facts.lookup("evil")?["x.evil"])
    #expect(facts["facts_visible"]?.value == .bool(false))
    #expect(facts["report_visible"]?.value == .bool(false))
  }
}
