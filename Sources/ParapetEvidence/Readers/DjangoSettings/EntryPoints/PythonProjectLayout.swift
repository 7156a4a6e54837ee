import ParapetFacts
import ParapetPython

/// Where an installed Python project's packages are: the folders its declaration puts on
/// `sys.path` when pip (or uv, Poetry, PDM) installs it. Read from the declaration beside each
/// other in the project folder: `pyproject.toml` (setuptools `package-dir` and
/// `packages.find.where`, Poetry's `packages = [{include, from}]`, Hatch's wheel `packages`),
/// `setup.cfg` (`[options] package_dir`, `[options.packages.find] where`) and the literal
/// keywords of `setup(...)` in `setup.py` (`package_dir={"": "src"}`,
/// `packages=find_packages("src")`). A project that lists its packages at its own root (a flat
/// layout: `packages=find_packages()`, a literal list, setuptools' `packages` without `where`)
/// installs them from the project folder itself (docs/facts/django.md, "The project's own
/// install").
enum PythonProjectLayout {
  /// A project folder's package folders, as bundle paths: the declared ones, else the project
  /// folder itself for a flat layout a declaration states; empty when nothing says.
  static func packageFolders(bundle: EvidenceBundle, folder: String) -> [String] {
    func file(_ name: String) -> EvidenceFile? {
      let path = folder.isEmpty ? name : folder + "/" + name
      return bundle.files.first { $0.path == path }
    }
    var relative: [String] = []
    var flat = false
    if let pyproject = file("pyproject.toml"), let document = try? TOMLFacts.parse(pyproject.text, file: pyproject.path) {
      relative += packageFolders(document)
      flat = flat || declaresFlatPackages(document)
    }
    if let config = file("setup.cfg"), let parser = try? PythonConfigParser(config.text, file: config.path) {
      let (folders, listed) = setupConfigFolders(parser)
      relative += folders
      flat = flat || listed
    }
    if let script = file("setup.py") {
      let (folders, listed) = setupScriptFolders(script)
      relative += folders
      flat = flat || listed
    }
    var found: [String] = []
    for folder in relative {
      let joined = PythonModuleResolver.normalize(folder.isEmpty ? "." : folder)
      if !joined.hasPrefix(".."), joined != ".", !found.contains(joined) { found.append(joined) }
    }
    let base = folder
    let bundled = found.map { base.isEmpty ? $0 : PythonModuleResolver.normalize(base + "/" + $0) }
    if bundled.isEmpty && flat { return [base] }
    return bundled
  }

  /// The package folders `pyproject.toml` declares, relative to it: setuptools `package-dir`
  /// (`"" = "src"`) and `packages.find.where`, poetry `packages = [{include, from}]`, hatch's
  /// wheel `packages = ["src/proj"]`.
  static func packageFolders(_ document: Fact) -> [String] {
    guard let tool = document["tool"] else { return [] }
    var folders: [String] = []
    func add(_ folder: String?) {
      guard let folder, !folder.isEmpty, folder != ".", !folders.contains(folder) else { return }
      folders.append(folder)
    }
    let setuptools = tool["setuptools"]
    add(setuptools?["package-dir"]?[""]?.value.stringValue)
    if case .list(let wheres)? = setuptools?["packages"]?["find"]?["where"]?.value {
      for place in wheres { add(place.value.stringValue) }
    }
    if case .list(let packages)? = tool["poetry"]?["packages"]?.value {
      for package in packages { add(package["from"]?.value.stringValue) }
    }
    if case .list(let packages)? = tool["hatch"]?["build"]?["targets"]?["wheel"]?["packages"]?.value {
      for package in packages {
        guard let path = package.value.stringValue, path.contains("/") else { continue }
        add(PythonModuleResolver.dirname(path))
      }
    }
    return folders
  }

  /// Whether `pyproject.toml` lists packages found at the project's root: setuptools'
  /// `packages` list, or `packages.find` without `where`.
  private static func declaresFlatPackages(_ document: Fact) -> Bool {
    guard let packages = document["tool"]?["setuptools"]?["packages"] else { return false }
    if case .list = packages.value { return true }
    return packages["find"] != nil && packages["find"]?["where"] == nil
  }

  /// `[options] package_dir` (`=src`, one mapping a line) and `[options.packages.find] where`;
  /// and whether `[options] packages` is given without either (a flat layout).
  private static func setupConfigFolders(_ parser: PythonConfigParser) -> (folders: [String], flat: Bool) {
    var folders: [String] = []
    let options = parser.sections["options"]
    for line in options?["package_dir"]?.lines ?? [] {
      let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      if parts.count == 2, parts[0].isEmpty, !parts[1].isEmpty { folders.append(parts[1]) }
    }
    for line in parser.sections["options.packages.find"]?["where"]?.lines ?? [] {
      let place = line.trimmingCharacters(in: .whitespaces)
      if !place.isEmpty { folders.append(place) }
    }
    return (folders, folders.isEmpty && options?["packages"] != nil)
  }

  /// The literal keywords of `setup(...)` at the top of `setup.py`: `package_dir={"": "src"}`
  /// and `packages=find_packages("src")` (or `where="src"`, `find_namespace_packages`); and
  /// whether `packages=` finds or lists packages at the project's root.
  private static func setupScriptFolders(_ file: EvidenceFile) -> (folders: [String], flat: Bool) {
    var folders: [String] = []
    var flat = false
    for (name, value) in setupKeywords(file) {
      switch (name, value) {
      case ("package_dir", .dict(let entries, _)):
        for entry in entries {
          if case .constant(.string(""), _)? = entry.key, case .constant(.string(let folder), _) = entry.value { folders.append(folder) }
        }
      case ("packages", .call(let finder, let finderArguments, _)):
        guard let finderName = PythonEvaluator.lastName(finder), finderName == "find_packages" || finderName == "find_namespace_packages"
        else { continue }
        var place: String?
        for argument in finderArguments {
          switch argument {
          case .positional(.constant(.string(let folder), _)) where place == nil: place = folder
          case .keyword("where", .constant(.string(let folder), _)): place = folder
          default: continue
          }
        }
        if let place, place != "." { folders.append(place) } else { flat = true }
      case ("packages", .list), ("packages", .tuple):
        flat = true
      default:
        continue
      }
    }
    return (folders, flat)
  }

  /// The keyword arguments of each `setup(...)` call at the top of `setup.py` (also under a
  /// top-level `if`), in order: what setuptools reads from a literal call.
  static func setupKeywords(_ file: EvidenceFile) -> [(name: String, value: PythonExpr)] {
    guard let statements = try? PythonParser.parseModule(file.text) else { return [] }
    var found: [(name: String, value: PythonExpr)] = []
    func visit(_ expression: PythonExpr) {
      guard case .call(let callee, let arguments, _) = expression, PythonEvaluator.lastName(callee) == "setup" else { return }
      for case .keyword(let name, let value) in arguments { found.append((name, value)) }
    }
    for statement in statements {
      switch statement {
      case .expression(let expression, _): visit(expression)
      case .ifChain(let branches, let otherwise, _):
        for case .expression(let expression, _) in branches.flatMap(\.body) + (otherwise ?? []) { visit(expression) }
      default: continue
      }
    }
    return found
  }
}
