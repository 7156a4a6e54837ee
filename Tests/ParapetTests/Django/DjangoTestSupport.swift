import Foundation
import ParapetEvidence
import ParapetFacts

/// Builds bundles from in-memory files and reads them with the Django settings reader.
enum DjangoFixture {
  static func bundle(_ files: [String: String], links: [String: String] = [:]) -> EvidenceBundle {
    EvidenceBundle(
      files: files.map { path, text in
        EvidenceFile(path: path, url: URL(fileURLWithPath: "/nonexistent/" + path), data: Data(text.utf8))
      }, symbolicLinks: links)
  }

  /// Reads `files` (a lone `mysite/settings.py` is selected automatically) under `environment`.
  static func read(
    _ files: [String: String], environment: [String: String] = [:], module: String? = nil,
    links: [String: String] = [:]
  ) -> (facts: FactTree, errors: [EvidenceError]) {
    var facts = FactTree()
    let context = ScanContext(environment: environment, djangoSettingsModule: module)
    let errors = DjangoSettingsReader().read(bundle(files, links: links), into: &facts, context: context)
    return (facts, errors)
  }

  /// Writes `files` to a temporary folder and scans it with owasp-django (and `arguments`, such
  /// as `--env NAME=VALUE`): the exit code and the pack's findings.
  static func scanOnDisk(_ files: [String: String], arguments: [String] = []) throws -> (code: Int32, findings: [[String: Any]]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-fixture-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(files, to: folder)
    let report = folder.appendingPathComponent("report.json")
    let code = CLI.run([
      "scan", folder.path, "--pack", CLI.root.appendingPathComponent("Policies/owasp-django").path, "--no-config",
      "--quiet", "--exclude", "report.json", "--output", "json=\(report.path)",
    ] + arguments)
    return (code, try findings(report))
  }

  /// Writes `files` (relative path to text) under `folder`, making the folders they need.
  static func write(_ files: [String: String], to folder: URL) throws {
    for (path, text) in files {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
  }

  /// The findings of the first pack in a scan's JSON report.
  static func findings(_ report: URL) throws -> [[String: Any]] {
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
    let packs = json?["packs"] as? [[String: Any]] ?? []
    return packs.first?["findings"] as? [[String: Any]] ?? []
  }

  /// The settings of a one-file project.
  static func settings(_ source: String, environment: [String: String] = [:]) -> FactTree {
    read(["mysite/settings.py": source], environment: environment).facts
  }

  static var fixtures: URL {
    CLI.root.appendingPathComponent("Tests/ParapetTests/Fixtures/django")
  }

  /// The conformance case folders (each with project/, expected.json, maybe env.json).
  static var cases: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
    return names.filter { name in
      FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(name).appendingPathComponent("expected.json").path)
    }.sorted()
  }

  struct Case {
    var name: String
    var project: URL
    var module: String
    var environment: [String: String]
    var ids: [String]
    var byVersion: [String: [String]]
    var crash: String?
  }

  static func load(_ name: String) throws -> Case {
    let folder = fixtures.appendingPathComponent(name)
    let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as? [String: Any] ?? [:]
    var environment: [String: String] = [:]
    let envURL = folder.appendingPathComponent("env.json")
    if FileManager.default.fileExists(atPath: envURL.path) {
      environment = try JSONSerialization.jsonObject(with: Data(contentsOf: envURL)) as? [String: String] ?? [:]
    }
    var byVersion: [String: [String]] = [:]
    for (version, run) in expected["by_version"] as? [String: [String: Any]] ?? [:] {
      byVersion[version] = run["deploy_check_ids"] as? [String] ?? []
    }
    return Case(
      name: name, project: folder.appendingPathComponent("project"),
      module: expected["settings_module"] as? String ?? "",
      environment: environment, ids: expected["deploy_check_ids"] as? [String] ?? [],
      byVersion: byVersion, crash: expected["crash"] as? String)
  }
}

extension FactTree {
  func value(_ path: String) -> FactValue? { lookup(path)?.value }
}
