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
    var found: [(folder: String, location: SourceLocation)] = []
    let candidates = [working.isEmpty ? "pyproject.toml" : working + "/pyproject.toml", "pyproject.toml"]
    if let file = candidates.lazy.compactMap({ path in bundle.files.first { $0.path == path } }).first,
      let document = try? TOMLFacts.parse(file.text, file: file.path),
      // uv installs only a packaged project (one with a build system).
      let install = installCommand(in: bundle, packaged: document["build-system"] != nil)
    {
      found += declaredFolders(document, of: file.path).map { ($0, install) }
    }
    // `pip install -e /app/backend/` of a folder a COPY put there (baserow's backend image).
    for (project, install) in copiedProjectInstalls(in: bundle) {
      guard let file = bundle.files.first(where: { $0.path == project }),
        let document = try? TOMLFacts.parse(file.text, file: file.path)
      else { continue }
      for folder in declaredFolders(document, of: file.path) where !found.contains(where: { $0.folder == folder }) {
        found.append((folder, install))
      }
    }
    return found
  }

  /// The bundle folders a `pyproject.toml` at `path` declares as package folders.
  private static func declaredFolders(_ document: Fact, of path: String) -> [String] {
    let base = PythonModuleResolver.dirname(path)
    return packageFolders(document).map { folder in
      let joined = base.isEmpty ? folder : base + "/" + folder
      return PythonModuleResolver.normalize(joined).replacingOccurrences(of: "^\\./?", with: "", options: .regularExpression)
    }.filter { !$0.hasPrefix("..") }
  }

  /// `pip install [-e] PATH` in a Dockerfile where PATH (absolute, or relative to WORKDIR) lies
  /// in a folder an earlier COPY or ADD filled from the build context: the bundle path of the
  /// `pyproject.toml` installed there, with the install's place. The build context is the
  /// scanned folder or the Dockerfile's own folder, whichever holds the copied folder.
  static func copiedProjectInstalls(in bundle: EvidenceBundle) -> [(project: String, install: SourceLocation)] {
    var found: [(project: String, install: SourceLocation)] = []
    for file in bundle.files where DockerfileReader.isDockerfile(file) {
      let contexts = Array(Set(["", PythonModuleResolver.dirname(file.path)]))
      var workdir = "/"
      var copies: [(destination: String, source: String)] = []
      for instruction in DockerfileParser.parse(file.text).instructions {
        switch instruction.keyword {
        case "FROM":
          workdir = "/"
          copies = []
        case "WORKDIR":
          let target = instruction.arguments.trimmingCharacters(in: .whitespaces)
          workdir = PythonModuleResolver.normalize(target.hasPrefix("/") ? target : PythonModuleResolver.joinPaths([workdir, target]))
        case "COPY", "ADD":
          // Only from the build context (not `--from=stage`), one source folder to one destination.
          guard instruction.flags["from"] == nil else { continue }
          let words = instruction.exec ?? ShellWords.dockerfileWords(instruction.arguments)
          guard words.count == 2 else { continue }
          let destination = words[1].hasPrefix("/") ? words[1] : PythonModuleResolver.joinPaths([workdir, words[1]])
          copies.append((PythonModuleResolver.normalize(destination), PythonModuleResolver.normalize(words[0])))
        case "RUN":
          let commands = instruction.exec.map { [$0] } ?? ShellWords.commands(instruction.arguments) ?? []
          for words in commands {
            for target in installedPaths(words) {
              let absolute = PythonModuleResolver.normalize(target.hasPrefix("/") ? target : PythonModuleResolver.joinPaths([workdir, target]))
              guard let copy = copies.last(where: { absolute == $0.destination || absolute.hasPrefix($0.destination + "/") }) else { continue }
              let rest = String(absolute.dropFirst(copy.destination.count)).drop { $0 == "/" }
              for context in contexts {
                let folder = PythonModuleResolver.normalize(PythonModuleResolver.joinPaths([context, copy.source, String(rest)].filter { !$0.isEmpty }))
                  .replacingOccurrences(of: "^\\./?", with: "", options: .regularExpression)
                let project = folder.isEmpty || folder == "." ? "pyproject.toml" : folder + "/pyproject.toml"
                if bundle.files.contains(where: { $0.path == project }), !found.contains(where: { $0.project == project }) {
                  found.append((project, file.at(line: instruction.line)))
                  break
                }
              }
            }
          }
        default:
          continue
        }
      }
    }
    return found
  }

  /// The paths `pip install` (also `python -m pip`, `uv pip`) installs: its arguments that are
  /// paths (`.`, `./x`, `/x`), with or without `-e`, not option values or requirement names.
  static func installedPaths(_ words: [String]) -> [String] {
    let tools = words.map { PythonModuleResolver.basename($0) }
    guard let install = tools.firstIndex(of: "install"), install > 0, tools[..<install].contains(where: { $0.hasPrefix("pip") }) else {
      return []
    }
    var paths: [String] = []
    var skipNext = false
    for word in words[(install + 1)...] {
      if skipNext { skipNext = false; continue }
      // Options that take a value (`-r requirements.txt`, `-c`, `--target`, `-i`).
      if ["-r", "--requirement", "-c", "--constraint", "-t", "--target", "-i", "--index-url", "--extra-index-url", "--prefix", "--root"].contains(word) {
        skipNext = true
        continue
      }
      if word.hasPrefix("-") { continue }
      let path = word.split(separator: "[").first.map(String.init) ?? word
      if path == "." || path.hasPrefix("./") || path.hasPrefix("/") || path.hasPrefix("../") { paths.append(path) }
    }
    return paths
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
    for file in bundle.files where DockerfileReader.isDockerfile(file) {
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
