import Foundation
import ParapetFacts
import ParapetPython

/// What a runtime's start command serves, beyond the command's own words: the script an image
/// starts (`CMD ["/run.sh"]`, copied from `docker/run.sh`), and whether the application is this
/// Django project at all.
///
/// A deployment folder often starts more than Django: a Node demo server, a FastAPI side
/// service (`uvicorn cirrus.main:app`). Evaluating Django's settings as if they ran there gives
/// a target that does not exist, with findings (and load failures) of its own. A runtime is
/// only left out on positive evidence: a program that is not Python, or an application module
/// of the scan that builds another framework's app and never mentions Django. A module the
/// scan does not hold leaves the runtime in (docs/facts/django.md, "Environment").
enum RuntimeApplication {
  /// Programs that are not a Python interpreter or a Python application server.
  static let foreignPrograms: Set<String> = [
    "node", "nodejs", "npm", "npx", "yarn", "pnpm", "bun", "deno", "java", "ruby", "rails", "bundle", "puma",
    "php", "php-fpm", "nginx", "caddy", "httpd", "apache2", "apache2-foreground", "traefik", "envoy", "dotnet",
    "redis-server", "postgres", "mysqld", "mongod",
  ]

  /// Web frameworks other than Django whose import marks an application module as theirs.
  static let otherFrameworks = [
    "fastapi", "flask", "starlette", "litestar", "quart", "sanic", "aiohttp", "falcon", "bottle", "tornado", "pyramid",
    "connexion",
  ]

  /// The program a command runs when it is plainly not Python (`node index.js`,
  /// `sh -c "npm start"`), or nil.
  static func foreignProgram(_ command: ServerCommand) -> String? {
    var words = command.argv
    if let first = words.first, ["sh", "bash", "ash", "dash"].contains(ServerCommand.baseName(first)),
      let c = words.firstIndex(of: "-c"), c + 1 < words.count
    {
      words = ShellWords.commands(words[c + 1])?.first ?? []
    }
    while let first = words.first,
      ServerCommand.wrappers.contains(ServerCommand.baseName(first)) || (first.contains("=") && !first.hasPrefix("-"))
    {
      words.removeFirst()
    }
    guard let program = words.first.map(ServerCommand.baseName), foreignPrograms.contains(program) else { return nil }
    return program
  }

  /// Why an application server's app is not Django: the module it names is in the scan (under
  /// `folder` when any copy is, else anywhere), no copy of it mentions Django, and one imports
  /// another web framework. Nil otherwise.
  static func foreignApplication(_ command: ServerCommand, under folder: String, bundle: EvidenceBundle) -> String? {
    let target: String?
    switch command.program {
    case "gunicorn", "uvicorn", "daphne", "hypercorn": target = command.positional.first
    case "uwsgi": target = command.flag("module") ?? command.flag("wsgi")
    default: target = nil
    }
    guard let target, let module = target.split(separator: ":").first.map(String.init),
      !module.isEmpty, module.split(separator: ".").allSatisfy({ PythonTokenizer.isIdentifier(String($0)) })
    else { return nil }
    let relative = module.replacingOccurrences(of: ".", with: "/")
    let endings = [relative + ".py", relative + "/__init__.py"]
    func matches(_ file: EvidenceFile) -> Bool {
      endings.contains { file.path == $0 || file.path.hasSuffix("/" + $0) }
    }
    let prefix = folder.isEmpty ? "" : folder + "/"
    var candidates = bundle.files.filter { $0.path.hasPrefix(prefix) && matches($0) }
    if candidates.isEmpty { candidates = bundle.files.filter(matches) }
    guard !candidates.isEmpty else { return nil }
    var framework: String?
    for file in candidates {
      let text = file.text.lowercased()
      if text.contains("django") { return nil }
      framework = framework ?? otherFrameworks.first { imports(text, $0) }
    }
    guard let framework else { return nil }
    return "\(command.program) serves \(candidates[0].path), a \(framework) application that never mentions Django"
  }

  /// True when a folder of the scan (a build context) holds a Python file.
  static func holdsPython(_ folder: String, _ bundle: EvidenceBundle) -> Bool {
    bundle.files.contains { $0.name.hasSuffix(".py") && (folder.isEmpty || $0.path.hasPrefix(folder + "/")) }
  }

  /// True when lower-cased Python source imports `package` (`import flask`, `from flask import`).
  static func imports(_ text: String, _ package: String) -> Bool {
    for line in text.split(separator: "\n") {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
      guard words.count >= 2, words[0] == "import" || words[0] == "from" else { continue }
      let name = words[1].split(separator: ".").first.map(String.init) ?? ""
      if name == package { return true }
    }
    return false
  }

  // MARK: Entry scripts

  /// The checkout file an image's start command runs as a script: the first word of ENTRYPOINT
  /// plus CMD (after `sh`/`bash` without `-c`) is where a COPY of the stage put a file of the
  /// build context. The context is tried at `contexts` in order (a compose `build.context`, the
  /// Dockerfile's folder, the scanned folder).
  static func entryScript(
    _ command: ServerCommand, stage: DockerfileReader.Stage, contexts: [String], bundle: EvidenceBundle
  ) -> EvidenceFile? {
    var words = command.argv
    while let first = words.first,
      ServerCommand.wrappers.contains(ServerCommand.baseName(first))
        || (["sh", "bash", "ash", "dash"].contains(ServerCommand.baseName(first)) && words.count > 1 && words[1] != "-c")
    {
      words.removeFirst()
    }
    guard let path = words.first, path.hasPrefix("/") || path.hasPrefix("./") else { return nil }
    for copy in stage.copies.reversed() {
      guard copy["from"]?.value == .null, copy["remote"]?.value != .bool(true),
        let destination = copy["destination"]?.value.stringValue,
        case .list(let sources)? = copy["sources"]?.value
      else { continue }
      for source in sources.compactMap({ $0.value.stringValue }) {
        let name = ServerCommand.baseName(source)
        let landed = destination.hasSuffix("/") ? destination + name : destination
        guard landed == path || (path.hasPrefix("./") && landed.hasSuffix("/" + path.dropFirst(2))) else { continue }
        for context in contexts {
          let resolved = ComposeFile.normalize(context.isEmpty ? source : context + "/" + source)
          if let file = bundle.file(at: resolved) { return file }
        }
      }
    }
    return nil
  }

  /// The files of the checkout an image's final stage writes over its copy of the checkout:
  /// after a COPY of the whole context to a folder (`COPY . /app`, `COPY / $APP_DIR`), a COPY of
  /// a file of the context to a place inside that folder (`COPY docker/settings.py
  /// $APP_DIR/fvserver/`) puts it at `fvserver/settings.py` of the checkout. Keys are bundle
  /// paths (under the first context that holds the sources), values the COPY's location.
  static func imageFiles(
    _ stage: DockerfileReader.Stage, dockerfile: EvidenceFile, contexts: [String], bundle: EvidenceBundle
  ) -> [String: String] {
    func expand(_ text: String) -> String? {
      var out = text
      // Longest names first, so `$APP` never eats the start of `$APP_DIR`.
      for (name, entry) in stage.env.sorted(by: { $0.key.count > $1.key.count }) {
        guard let value = entry.value else { continue }
        out = out.replacingOccurrences(of: "${\(name)}", with: value).replacingOccurrences(of: "$\(name)", with: value)
      }
      return out.contains("$") || !out.hasPrefix("/") ? nil : ComposeFile.normalize(out)
    }
    var root: String?
    var placed: [String: String] = [:]
    for copy in stage.copies {
      guard copy["from"]?.value == .null, copy["remote"]?.value != .bool(true),
        let written = copy["destination"]?.value.stringValue, let destination = expand(written),
        case .list(let items)? = copy["sources"]?.value
      else { continue }
      let sources = items.compactMap { $0.value.stringValue }
      if sources.contains(where: { $0 == "." || $0 == "./" || $0 == "/" }) {
        root = destination
        continue
      }
      guard let root, destination == root || destination.hasPrefix(root + "/") else { continue }
      let inside = String(destination.dropFirst(root.count)).drop { $0 == "/" }
      for source in sources where !source.contains("*") {
        let name = ServerCommand.baseName(source)
        let relative = written.hasSuffix("/") || sources.count > 1 ? (inside.isEmpty ? name : inside + "/" + name) : String(inside)
        guard !relative.isEmpty else { continue }
        for context in contexts {
          let from = ComposeFile.normalize(context.isEmpty ? source : context + "/" + source)
          guard bundle.file(at: from) != nil else { continue }
          let path = ComposeFile.normalize(context.isEmpty ? relative : context + "/" + relative)
          placed[path] = "\(copy.location.map { "\($0)" } ?? dockerfile.path) (COPY \(source))"
          break
        }
      }
    }
    return placed
  }

  /// Process managers that start the production server from a configuration of their own
  /// (Sal's `supervisord -c supervisord.conf`, which runs gunicorn).
  static let processManagers: Set<String> = ["supervisord", "circusd", "honcho", "s6-svscan", "runsvdir"]

  /// True when a line of the script starts a process manager.
  static func startsProcessManager(_ script: EvidenceFile) -> Bool {
    script.text.split(separator: "\n").contains { raw in
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.hasPrefix("#"), let words = ShellWords.commands(line) else { return false }
      return words.contains { command in
        let program = command.first { !ServerCommand.wrappers.contains(ServerCommand.baseName($0)) && !$0.contains("=") }
        return program.map { processManagers.contains(ServerCommand.baseName($0)) } ?? false
      }
    }
  }

  /// The server commands of a shell script, line by line (workers and comments left out).
  static func scriptCommands(_ script: EvidenceFile) -> [ServerCommand] {
    var commands: [ServerCommand] = []
    for raw in script.text.split(separator: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let command = ServerCommand.analyze(shell: line)
      guard command.program != "other", !DjangoRuntime.isWorker(command) else { continue }
      commands.append(command)
    }
    return commands
  }
}
