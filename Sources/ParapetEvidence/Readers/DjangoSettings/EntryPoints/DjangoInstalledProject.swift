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
    func add(_ folders: [String], _ install: SourceLocation) {
      for folder in folders where !found.contains(where: { $0.folder == folder }) { found.append((folder, install)) }
    }
    // The project beside manage.py's folder, else at the scanned folder's root.
    if let project = Array(Set([working, ""])).sorted(by: { $0.count > $1.count }).first(where: { declares(bundle, $0) }),
      // uv installs only a packaged project (one with a build system, or a setup script).
      let install = installCommand(in: bundle, packaged: packaged(bundle, project))
    {
      add(PythonProjectLayout.packageFolders(bundle: bundle, folder: project), install)
    }
    // `pip install -e /app/backend/` of a folder a COPY put there (baserow's backend image).
    for (project, install) in copiedProjectInstalls(in: bundle) {
      add(PythonProjectLayout.packageFolders(bundle: bundle, folder: project), install)
    }
    return found
  }

  /// The files that declare a Python project.
  static let declarationFiles = ["pyproject.toml", "setup.cfg", "setup.py"]

  /// Whether the bundle folder holds a project declaration.
  static func declares(_ bundle: EvidenceBundle, _ folder: String) -> Bool {
    declarationFiles.contains { name in bundle.files.contains { $0.path == (folder.isEmpty ? name : folder + "/" + name) } }
  }

  /// Whether the project in the folder builds as a package: a setup script, or a
  /// `pyproject.toml` with a build system.
  private static func packaged(_ bundle: EvidenceBundle, _ folder: String) -> Bool {
    func file(_ name: String) -> EvidenceFile? { bundle.files.first { $0.path == (folder.isEmpty ? name : folder + "/" + name) } }
    if file("setup.py") != nil || file("setup.cfg") != nil { return true }
    guard let pyproject = file("pyproject.toml"), let document = try? TOMLFacts.parse(pyproject.text, file: pyproject.path) else { return false }
    return document["build-system"] != nil
  }

  /// `pip install [-e] PATH` in a Dockerfile where PATH (absolute, or relative to WORKDIR) lies
  /// in a folder an earlier COPY or ADD filled from the build context: the bundle folder of the
  /// project declaration installed there, with the install's place. The build context is the
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
          let commands = runCommands(instruction, makefile: makefile(bundle, workdir: workdir, copies: copies, contexts: contexts))
          for words in commands {
            for target in installedPaths(words) {
              let absolute = PythonModuleResolver.normalize(target.hasPrefix("/") ? target : PythonModuleResolver.joinPaths([workdir, target]))
              guard let copy = copies.last(where: { absolute == $0.destination || absolute.hasPrefix($0.destination + "/") }) else { continue }
              let rest = String(absolute.dropFirst(copy.destination.count)).drop { $0 == "/" }
              for context in contexts {
                let folder = PythonModuleResolver.normalize(PythonModuleResolver.joinPaths([context, copy.source, String(rest)].filter { !$0.isEmpty }))
                  .replacingOccurrences(of: "^\\./?", with: "", options: .regularExpression)
                let project = folder == "." ? "" : folder
                if declares(bundle, project), !found.contains(where: { $0.project == project }) {
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

  /// A RUN instruction's commands, with a `make TARGET` replaced by its recipe's commands when
  /// the Makefile it reads is known.
  static func runCommands(_ instruction: DockerfileParser.Instruction, makefile: String?) -> [[String]] {
    let commands = instruction.exec.map { [$0] } ?? ShellWords.commands(instruction.arguments) ?? []
    guard let makefile else { return commands }
    return commands.flatMap { MakefileRecipes.commands(of: $0, makefile: makefile) ?? [$0] }
  }

  /// The text of the Makefile in the image's working folder, when an earlier COPY or ADD filled
  /// that folder from a bundle folder that holds one.
  private static func makefile(
    _ bundle: EvidenceBundle, workdir: String, copies: [(destination: String, source: String)], contexts: [String]
  ) -> String? {
    guard let copy = copies.last(where: { workdir == $0.destination || workdir.hasPrefix($0.destination + "/") }) else { return nil }
    let rest = String(workdir.dropFirst(copy.destination.count)).drop { $0 == "/" }
    for context in contexts.sorted() {
      let folder = PythonModuleResolver.normalize(PythonModuleResolver.joinPaths([context, copy.source, String(rest)].filter { !$0.isEmpty }))
        .replacingOccurrences(of: "^\\./?", with: "", options: .regularExpression)
      let path = folder.isEmpty || folder == "." ? "Makefile" : folder + "/Makefile"
      if let file = bundle.files.first(where: { $0.path == path }) { return file.text }
    }
    return nil
  }

  /// The paths `pip install` (also `python -m pip`, `uv pip`) installs: its arguments that are
  /// paths (`.`, `./x`, `/x`), with or without `-e`, not option values or requirement names.
  /// `pip wheel PATH` counts too: an image builds a wheel of its own project to install it in a
  /// later stage (libretime's `pip wheel --no-deps .` of its shared package, installed with
  /// `pip install *.whl`).
  static func installedPaths(_ words: [String]) -> [String] {
    let tools = words.map { PythonModuleResolver.basename($0) }
    guard let install = tools.firstIndex(where: { $0 == "install" || $0 == "wheel" }), install > 0,
      tools[..<install].contains(where: { $0.hasPrefix("pip") })
    else {
      return []
    }
    var paths: [String] = []
    var skipNext = false
    for word in words[(install + 1)...] {
      if skipNext { skipNext = false; continue }
      // Options that take a value (`-r requirements.txt`, `-c`, `--target`, `-i`).
      if ["-r", "--requirement", "-c", "--constraint", "-t", "--target", "-i", "--index-url", "--extra-index-url", "--prefix", "--root",
        "-w", "--wheel-dir"].contains(word)
      {
        skipNext = true
        continue
      }
      if word.hasPrefix("-") { continue }
      let path = word.split(separator: "[").first.map(String.init) ?? word
      if path == "." || path.hasPrefix("./") || path.hasPrefix("/") || path.hasPrefix("../") { paths.append(path) }
    }
    return paths
  }

  /// Where a Dockerfile of the bundle installs the project itself, or nil.
  static func installCommand(in bundle: EvidenceBundle, packaged: Bool) -> SourceLocation? {
    for file in bundle.files where DockerfileReader.isDockerfile(file) {
      let folder = PythonModuleResolver.dirname(file.path)
      let makefile = [folder, ""].lazy.compactMap { place in bundle.files.first { $0.path == (place.isEmpty ? "Makefile" : place + "/Makefile") } }.first
      for instruction in DockerfileParser.parse(file.text).instructions where instruction.keyword == "RUN" {
        let commands = runCommands(instruction, makefile: makefile?.text)
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
