import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// Builds throwaway packs and evidence folders for tests.
enum TestPack {
  /// A temporary folder that lives for the test run.
  static func temporaryFolder(_ name: String = "parapet") -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes `files` (relative path → text) under a new folder.
  static func folder(_ files: [String: String]) -> URL {
    let root = temporaryFolder()
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try! FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try! Data(text.utf8).write(to: url)
    }
    return root
  }

  /// A pack named `name` with the given rule files (file name → Lua source).
  static func make(
    name: String = "test", rules: [String: String], libs: [String: String] = [:],
    grade: String? = nil, manifestExtra: String = ""
  ) throws -> Pack {
    var files: [String: String] = [
      "pack.toml": "name = \"\(name)\"\nversion = \"1.0.0\"\ndescription = \"test pack\"\n\(manifestExtra)"
    ]
    for (file, source) in rules { files["rules/\(file)"] = source }
    for (file, source) in libs { files["lib/\(file)"] = source }
    if let grade { files["grade.lua"] = grade }
    return try Pack.load(from: folder(files))
  }

  /// A rule whose check body is `body` (the function receives facts, report, options).
  static func rule(id: String, severity: String = "high", _ body: String) -> String {
    """
    return {
      id = "\(id)",
      title = "rule \(id)",
      severity = "\(severity)",
      references = { "cwe:1" },
      remediation = "fix it",
      check = function(facts, report, options)
        \(body)
      end,
    }
    """
  }

  /// Limits small enough for tests to stay fast.
  static let limits = SandboxLimits(
    instructions: 5_000_000, memoryBytes: 32 << 20, timeoutMilliseconds: 1_000,
    patternSteps: 2_000_000)

  /// Evaluates one pack over facts and returns its findings.
  static func run(_ pack: Pack, facts: FactTree = FactTree(), limits: SandboxLimits = limits)
    throws -> [Finding]
  {
    let engine = try PolicyEngine(packs: [pack], limits: limits)
    return engine.evaluate(facts).flatMap(\.findings)
  }

  /// A fact tree with `django.settings.DEBUG` at settings.py:3.
  static func debugFacts(_ value: Bool) -> FactTree {
    var tree = FactTree()
    tree.set(
      ["django", "settings", "DEBUG"],
      .bool(value, at: SourceLocation(file: "mysite/settings.py", line: 3)))
    return tree
  }
}
