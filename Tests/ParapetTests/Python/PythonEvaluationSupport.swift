import Foundation
import ParapetFacts

@testable import ParapetPython

/// Evaluates small settings modules held in memory.
enum PythonEvaluation {
  struct Result {
    var evaluator: PythonEvaluator
    var module: PythonModule?
    var thrown: PythonException?

    /// The value bound to `name` in the settings module.
    func value(_ name: String) -> PythonValue? { module?.namespace[name]?.value }
    func binding(_ name: String) -> PythonBinding? { module?.namespace[name] }
    var loadErrors: [PythonException] { evaluator.loadErrors + (thrown.map { [$0] } ?? []) }
    var errors: [EvidenceError] { evaluator.errors }
  }

  /// The items of a list or tuple value, for comparing shapes: known strings, "?" for an
  /// unknown item, "*" for an unknown part (zero or more items).
  static func shape(_ value: PythonValue?) -> [String] {
    let items: [PythonValue]
    switch value?.kind {
    case .list(let list)?: items = list.items
    case .tuple(let tuple)?: items = tuple
    default: return ["<not a list: \(value?.typeName ?? "nil")>"]
    }
    return items.map { item in
      if item.manyItems { return "*" }
      if let text = item.stringValue { return text }
      return item.isUnknown ? "?" : item.typeName
    }
  }

  static func files(_ files: [String: String]) -> [EvidenceFile] {
    files.sorted { $0.key < $1.key }.map { path, text in
      EvidenceFile(path: path, url: URL(fileURLWithPath: "/nonexistent/" + path), data: Data(text.utf8))
    }
  }

  /// Runs `mysite.settings` (or `module`) of `files` under `environment`.
  static func run(
    _ files: [String: String], module: String = "mysite.settings", environment: [String: String] = [:],
    version: PythonVersionRange? = nil, server: ServerFolders = ServerFolders()
  ) -> Result {
    let evidence = Self.files(files)
    var resolver = PythonModuleResolver(files: evidence, preferredRoot: nil)
    resolver.serverFolders = server
    let evaluator = PythonEvaluator(
      resolver: resolver, environment: environment, pythonVersion: version ?? PythonVersionRange.find(in: evidence))
    evaluator.environment["DJANGO_SETTINGS_MODULE"] = evaluator.environment["DJANGO_SETTINGS_MODULE"] ?? module
    do throws(PythonException) {
      let loaded = try evaluator.importModule(module, at: SourceLocation(file: "manage.py", line: 1))
      return Result(evaluator: evaluator, module: loaded, thrown: nil)
    } catch {
      return Result(evaluator: evaluator, module: nil, thrown: error)
    }
  }

  /// Runs `mysite/settings.py` of a project whose `manage.py` names it (the working directory
  /// is the project's root), with `files` beside it.
  static func project(_ settings: String, environment: [String: String] = [:], files: [String: String] = [:]) -> Result {
    var all = files
    all["manage.py"] = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
    all["mysite/__init__.py"] = ""
    all["mysite/settings.py"] = settings
    return run(all, environment: environment)
  }

  /// Runs one settings file.
  static func settings(_ source: String, environment: [String: String] = [:], version: PythonVersionRange? = nil) -> Result {
    run(["mysite/settings.py": source], environment: environment, version: version)
  }
}

extension PythonValue {
  var integerValue: Int? {
    if case .integer(let number) = kind { return number }
    return nil
  }

  var boolValue: Bool? {
    if case .bool(let flag) = kind { return flag }
    return nil
  }
}
