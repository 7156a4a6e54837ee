import ParapetFacts
import ParapetPython

/// The commands a project declares as console scripts: `pyproject.toml` `[project.scripts]`
/// (and Poetry's `[tool.poetry.scripts]`), `setup.cfg` `[options.entry_points] console_scripts`,
/// and the `entry_points={"console_scripts": [...]}` literal of `setup.py`. Installed, each
/// command imports `module` and calls `function` (`myproj = "myproj.cli:main"`); a project
/// without `manage.py` runs Django that way (`myproj check --deploy`).
struct DjangoDeclaredRunners {
  struct Runner: Equatable {
    /// The command name.
    var name: String
    var module: String
    /// The object path after the colon (`main`, `cli.main`).
    var function: String
    /// The folder of the declaring file (the project root, where its packages are found).
    var folder: String
    var location: SourceLocation
  }

  /// The runners of the shallowest declaring files of the bundle.
  static func find(in bundle: EvidenceBundle) -> [Runner] {
    let names: Set<String> = ["pyproject.toml", "setup.cfg", "setup.py"]
    let files = bundle.files.filter { names.contains($0.name) }
    guard let depth = files.map({ $0.path.split(separator: "/").count }).min() else { return [] }
    var runners: [Runner] = []
    for file in files.sorted(by: { $0.path < $1.path }) where file.path.split(separator: "/").count == depth {
      let folder = PythonModuleResolver.dirname(file.path)
      let declared: [(String, String, Int?)]
      switch file.name {
      case "pyproject.toml": declared = pyproject(file)
      case "setup.cfg": declared = setupConfig(file)
      default: declared = setupScript(file)
      }
      for (name, target, line) in declared {
        guard let runner = parse(name, target, folder: folder, at: line.map { file.at(line: $0) } ?? file.at()) else { continue }
        if !runners.contains(where: { $0.module == runner.module && $0.function == runner.function }) { runners.append(runner) }
      }
    }
    return runners
  }

  /// `module:object` (an extras suffix `[extra]` ignored); nil without the colon (a module run
  /// as a script is not a console script).
  static func parse(_ name: String, _ target: String, folder: String, at location: SourceLocation) -> Runner? {
    var text = target
    if let bracket = text.firstIndex(of: "[") { text = String(text[..<bracket]) }
    let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
    return Runner(name: name.trimmingCharacters(in: .whitespaces), module: parts[0], function: parts[1], folder: folder, location: location)
  }

  /// `[project.scripts]` and `[tool.poetry.scripts]` (a string, or Poetry's `{callable = …}`).
  static func pyproject(_ file: EvidenceFile) -> [(String, String, Int?)] {
    guard let document = try? TOMLFacts.parse(file.text, file: file.path) else { return [] }
    var found: [(String, String, Int?)] = []
    for table in [document["project"]?["scripts"], document["tool"]?["poetry"]?["scripts"]] {
      guard case .map(let entries)? = table?.value else { continue }
      for (name, entry) in entries {
        guard let target = entry.value.stringValue ?? entry["callable"]?.value.stringValue else { continue }
        found.append((name, target, entry.location?.line))
      }
    }
    return found
  }

  /// `console_scripts` under `[options.entry_points]`, one `name = module:function` a line.
  static func setupConfig(_ file: EvidenceFile) -> [(String, String, Int?)] {
    guard let parser = try? PythonConfigParser(file.text, file: file.path),
      let entry = parser.sections["options.entry_points"]?["console_scripts"]
    else { return [] }
    return entry.lines.compactMap { line in
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { return nil }
      return (parts[0], parts[1].trimmingCharacters(in: .whitespaces), entry.line)
    }
  }

  /// The `console_scripts` of a literal `entry_points=` keyword of `setup(...)` in `setup.py`.
  static func setupScript(_ file: EvidenceFile) -> [(String, String, Int?)] {
    var found: [(String, String, Int?)] = []
    func strings(_ expression: PythonExpr) -> [(String, Int)] {
      switch expression {
      case .constant(.string(let text), let position):
        // A string value is one entry a line (setuptools splits it).
        return text.split(separator: "\n").map { (String($0), position.line) }
      case .list(let items, _), .tuple(let items, _): return items.flatMap(strings)
      default: return []
      }
    }
    for case ("entry_points", .dict(let entries, _)) in PythonProjectLayout.setupKeywords(file) {
      for entry in entries {
        guard case .constant(.string("console_scripts"), _)? = entry.key else { continue }
        for (line, at) in strings(entry.value) {
          let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
          if parts.count == 2 { found.append((parts[0], parts[1].trimmingCharacters(in: .whitespaces), at)) }
        }
      }
    }
    return found
  }
}
