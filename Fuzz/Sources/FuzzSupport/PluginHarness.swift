import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// Fuzzes the other direction of the bridge: Lua values a plugin returns (nested tables,
/// `located` wrappers, cycles, odd keys) converted back into facts in Swift.
public enum PluginHarness {
  /// A plugin whose parse() interprets the file's bytes as instructions for building a value.
  static let source = #"""
    return {
      name = "fuzzplugin",
      claims = { names = { "*.fuzz" } },
      parse = function(file)
        local text = file.text
        local stack = { {} }
        local i = 1
        while i <= #text and i < 4000 do
          local op = text:byte(i) % 10
          local top = stack[#stack]
          if op == 0 and #stack < 300 then
            local t = {}
            top[#top + 1] = t
            stack[#stack + 1] = t
          elseif op == 1 and #stack > 1 then
            stack[#stack] = nil
          elseif op == 2 then
            local last = top[#top]
            if last ~= nil then top[#top] = located(last, text:byte(i + 1) or 0, text:byte(i + 2) or 0) end
          elseif op == 3 then
            top[text:sub(i + 1, i + 4)] = text:sub(i + 5, i + 9)
            i = i + 9
          elseif op == 4 then
            top[#top + 1] = top
          elseif op == 5 then
            top[(text:byte(i + 1) or 0) - 128] = true
          elseif op == 6 then
            top[#top + 1] = (text:byte(i + 1) or 0) / 7
          elseif op == 7 then
            top[#top + 1] = function() end
          elseif op == 8 then
            local v = top[#top] or 1
            for _ = 1, (text:byte(i + 1) or 0) do v = located(v, 1) end
            top[#top + 1] = v
          else
            top[#top + 1] = text:sub(i, i + 3)
          end
          i = i + 1
        end
        return stack[1]
      end,
    }
    """#

  static let reader: PluginReader = try! PluginReader(
    source: source, path: "fuzzplugin.lua",
    limits: SandboxLimits(
      instructions: 500_000, memoryBytes: 16 << 20, timeoutMilliseconds: 2_000,
      patternSteps: 200_000))

  public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    let file = EvidenceFile(path: "input.fuzz", url: URL(fileURLWithPath: "/fuzz/input.fuzz"), data: bytes)
    var facts = FactTree()
    do {
      try reader.read(file, into: &facts, context: ScanContext())
    } catch let error as EvidenceError {
      let isLimit = ["limit exceeded", "not enough memory", "stack overflow"].contains {
        error.message.contains($0)
      }
      fuzzInvariant(isLimit, "the plugin failed: \(error.message)")
    } catch {
      fuzzInvariant(false, "the plugin threw a non-evidence error: \(error)")
    }
    _ = FactJSON.render(facts.fact).serialized(pretty: false)
    return 0
  }
}
