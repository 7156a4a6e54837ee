import Foundation
import Testing

/// Issue #15, "the longjmp rule by construction": a Lua error is a longjmp, which must never
/// cross a Swift frame. Only the C bridge (Sources/CLuaSandbox) may use the Lua API; Swift
/// imports CLuaSandbox, whose header exposes non-raising psb_* functions only.
@Suite struct SandboxLongjmpRuleTests {
  static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return url
  }()

  /// Every Swift file of the package (sources, tests, fuzz targets, benchmarks).
  static func swiftFiles() -> [URL] {
    var files: [URL] = []
    for folder in ["Sources", "Tests", "Fuzz", "bench"] {
      let base = root.appendingPathComponent(folder)
      guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
      else { continue }
      for case let url as URL in walker where url.pathExtension == "swift" {
        if url.path.contains("/.build") || url.path.contains("/ParapetSources/") { continue }
        files.append(url)
      }
    }
    return files
  }

  @Test func noSwiftFileImportsTheLuaAPI() throws {
    let files = Self.swiftFiles()
    #expect(files.count > 50, "found only \(files.count) Swift files under \(Self.root.path)")
    var offenders: [String] = []
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("//") { continue }
        // `import CLua`, `@_exported import CLua`, `import struct CLua.x`: any import of the module
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "." })
        if let at = words.firstIndex(of: "import"), words.dropFirst(at + 1).contains(where: { $0 == "CLua" }) {
          offenders.append("\(file.lastPathComponent): \(trimmed)")
        }
      }
    }
    #expect(offenders.isEmpty, "only Sources/CLuaSandbox may use the Lua API: \(offenders)")
  }

  @Test func swiftCallsNoLuaFunctionDirectly() throws {
    // Even through another module's re-export: lua_* and luaL_* names must not appear in code.
    var offenders: [String] = []
    let pattern = try Regex(#"\blua[L]?_[a-z]+\s*\("#)
    for file in Self.swiftFiles() where file.path.contains("/Sources/") {
      let text = try String(contentsOf: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if code.contains(pattern) { offenders.append("\(file.lastPathComponent): \(line)") }
      }
    }
    #expect(offenders.isEmpty, "\(offenders)")
  }

  @Test func thePublicHeaderDoesNotIncludeTheLuaHeaders() throws {
    let header = Self.root.appendingPathComponent("Sources/CLuaSandbox/include/luasb.h")
    let text = try String(contentsOf: header, encoding: .utf8)
    #expect(text.contains("typedef struct lua_State lua_State;"))
    for line in text.split(separator: "\n") where line.hasPrefix("#include") {
      #expect(!line.contains("lua") && !line.contains("clua"), "\(line)")
    }
    let includes = try FileManager.default.contentsOfDirectory(
      at: header.deletingLastPathComponent(), includingPropertiesForKeys: nil)
    #expect(includes.map(\.lastPathComponent) == ["luasb.h"], "only luasb.h is public: \(includes)")
  }

  @Test func packageManifestGivesNoSwiftTargetTheLuaModule() throws {
    let manifest = try String(
      contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    // The only target depending on CLua is the C bridge.
    let dependents = manifest.components(separatedBy: "\"CLua\"").count - 1
    // one for the systemLibrary's name, one for CLuaSandbox's dependency
    #expect(dependents == 2, "CLua appears \(dependents) times in Package.swift")
  }
}
