import Foundation
import ParapetFacts
import ParapetPython

/// The folders a project's own installation puts on `sys.path`: the package folder its
/// `pyproject.toml` declares (a src layout), when a Dockerfile of the scan installs the project
/// (`pip install .`, `pip install -e .`, `uv sync`, `poetry install`, `pdm install`). Without an
/// install the folder is not on the path: a settings module found only there is then a possible
/// load error (DjangoSettingsReader), not a module Django certainly imports.
enum DjangoInstalledProject {
  /// Bundle folders, each located at the install command.
  static func folders(bundle: EvidenceBundle, working: String) -> [(folder: String, location: SourceLocation)] {
    let candidates = [working.isEmpty ? "pyproject.toml" : working + "/pyproject.toml", "pyproject.toml"]
    guard let file = candidates.lazy.compactMap({ path in bundle.files.first { $0.path == path } }).first,
      let document = try? TOMLFacts.parse(file.text, file: file.path)
    else { return [] }
    let declared = packageFolders(document)
    // uv installs only a packaged project (one with a build system).
    guard !declared.isEmpty, let install = installCommand(in: bundle, packaged: document["build-system"] != nil) else { return [] }
    let base = PythonModuleResolver.dirname(file.path)
    return declared.map { folder in
      let joined = base.isEmpty ? folder : base + "/" + folder
      return (PythonModuleResolver.normalize(joined).replacingOccurrences(of: "^\\./?", with: "", options: .regularExpression), install)
    }.filter { !$0.folder.hasPrefix("..") }
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

  /// Where a Dockerfile of the bundle installs the project itself, or nil.
  static func installCommand(in bundle: EvidenceBundle, packaged: Bool) -> SourceLocation? {
    for file in bundle.files where DockerfileReader.isDockerfileName(file.name) {
      for instruction in DockerfileParser.parse(file.text).instructions where instruction.keyword == "RUN" {
        let commands = instruction.exec.map { [$0] } ?? ShellWords.commands(instruction.arguments) ?? []
        if commands.contains(where: { installsProject($0, packaged: packaged) }) { return file.at(line: instruction.line) }
      }
    }
    return nil
  }

  /// `pip install [-e] .` (also `python -m pip`, `uv pip`), `uv sync` without
  /// `--no-install-project`, `poetry install` without `--no-root`, `pdm install` without `--no-self`.
  static func installsProject(_ words: [String], packaged: Bool) -> Bool {
    let tools = words.map { PythonModuleResolver.basename($0) }
    if let install = tools.firstIndex(of: "install"), install > 0, tools[..<install].contains(where: { $0.hasPrefix("pip") }) {
      return words[(install + 1)...].contains { $0 == "." || $0 == "./" || $0.hasPrefix(".[") || $0.hasPrefix("./[") }
    }
    if let uv = tools.firstIndex(of: "uv"), uv + 1 < words.count, words[uv + 1] == "sync" {
      return packaged && !words.contains("--no-install-project") && !words.contains("--no-install-workspace")
    }
    if let poetry = tools.firstIndex(of: "poetry"), poetry + 1 < words.count, words[poetry + 1] == "install" {
      return !words.contains("--no-root")
    }
    if let pdm = tools.firstIndex(of: "pdm"), pdm + 1 < words.count, words[pdm + 1] == "install" {
      return !words.contains("--no-self")
    }
    return false
  }
}
