import Foundation
import OrderedCollections
import ParapetFacts
import ParapetPython

/// One place the deployment files start Django: a compose service, a Kubernetes container, an
/// image's final stage or a Procfile process, with the environment that place gives the app.
///
/// Without an explicit production environment (`--env`, `--env-file`), the Django settings
/// reader evaluates the settings once per runtime, and each runtime is a finding target
/// (docs/facts/django.md, "Environment").
public struct DjangoRuntime: Sendable {
  /// A name a user recognizes, used as the finding target: `docker-compose.yml service web`.
  public var name: String
  /// `compose`, `kubernetes`, `dockerfile` or `procfile`.
  public var kind: String
  public var file: String
  public var location: SourceLocation?
  /// Known variable values, and where each was set (`docker-compose.yml:18:9`, `prod.env:3`).
  public var environment: [String: String] = [:]
  public var environmentSources: [String: String] = [:]
  /// Variables the runtime sets to something not in the evidence (a Kubernetes Secret, an
  /// unset `${VAR}`), with the reason.
  public var unknownVariables: [String: String] = [:]
  /// Why the runtime may set variables the evidence does not show (Kubernetes `envFrom`, a
  /// Procfile's platform config vars, a compose `env_file` the scan does not hold), or nil.
  /// Unset variables are then unknown, and this completes their reason ("which …").
  public var incompleteEnvironment: String?
  /// True when the runtime may set variables the evidence does not show.
  public var environmentIncomplete: Bool { incompleteEnvironment != nil }
  /// Why this runtime is plainly development (`runs runserver`), or nil.
  public var development: String?
  /// False for services that do not visibly start Django (no server command, not an app
  /// image): they count as runtimes only when they set a variable the settings read.
  public var startsDjango: Bool
  /// Folders and files of the checkout the runtime mounts at absolute paths (compose bind
  /// mounts, `./config:/etc/app`): the settings read them there.
  public var mounts: [ServerFolders.Mount] = []
  /// Files the image's COPY instructions write over the checkout, by bundle path, with the
  /// instruction's location (`RuntimeApplication.imageFiles`).
  public var imageFiles: [String: String] = [:]

  /// Every runtime of the bundle, in bundle order.
  public static func find(_ bundle: EvidenceBundle, context: ScanContext) -> [DjangoRuntime] {
    var runtimes: [DjangoRuntime] = []
    for file in bundle.files {
      if ComposeReader.isComposeFile(file), let project = try? ComposeFile.load(file, bundle: bundle, context: context) {
        runtimes += composeRuntimes(project, file: file, bundle: bundle)
      } else if DockerfileReader.isDockerfile(file) {
        if let runtime = dockerfileRuntime(file, bundle: bundle) { runtimes.append(runtime) }
      } else if KubernetesReader().claims(file) {
        runtimes += kubernetesRuntimes(file, bundle: bundle)
      } else if ProcfileReader().claims(file) {
        runtimes += procfileRuntimes(file, bundle: bundle)
      }
    }
    return runtimes
  }

  // MARK: Development

  /// Why a runtime is plainly for development, from its command or its file's path, or nil.
  static func developmentReason(_ found: (starts: Bool, runserver: Bool), path: String) -> String? {
    if found.runserver { return "it runs Django's development server (runserver)" }
    return developmentFile(path)
  }

  /// Why a file is plainly for development, from its path, or nil.
  static func developmentFile(_ path: String) -> String? {
    let words = DeploymentRole.tokens(path)
    if words.contains("devcontainer") { return "\(path) is a dev container configuration (.devcontainer/)" }
    if DeploymentRole.of(path: path) == "development" {
      return "the file name \(path) marks it as development (override, local, dev, test, ci)"
    }
    return nil
  }

  /// Background workers load the settings but serve no HTTP: they are not runtimes of the
  /// web application `check --deploy` is about.
  static let workerWords = ["celery", "rqworker", "rqscheduler", "huey", "dramatiq", "flower", "qcluster", "process_tasks", "beat"]

  static func isWorker(_ command: ServerCommand) -> Bool {
    guard command.program == "other" else { return false }
    let words = DeploymentRole.tokens(command.text)
    // `celery`, `celeryworker` (cookiecutter's /start-celeryworker), `celerybeat`, …
    return words.contains { word in workerWords.contains { word.hasPrefix($0) } }
  }

  /// Whether a command starts Django, and whether it is the development server.
  static func analyze(_ command: ServerCommand) -> (starts: Bool, runserver: Bool) {
    if command.program == "runserver" { return (true, true) }
    if command.program != "other" { return (true, false) }
    let words = command.text.lowercased()
    if words.contains("runserver") { return (true, true) }
    if words.contains("manage.py") && (words.contains(" run") || words.contains("start")) { return (true, false) }
    if words.contains("wsgi") || words.contains("asgi") { return (true, false) }
    return (false, false)
  }

  /// The image a stage is built on, through the stages it names (`FROM builder`).
  static func baseImage(of stage: DockerfileReader.Stage, in stages: [DockerfileReader.Stage]) -> String {
    lineage(of: stage, in: stages).last?.image ?? stage.image
  }

  /// The stage, then each earlier stage it is built on (`FROM builder`), nearest first.
  static func lineage(of stage: DockerfileReader.Stage, in stages: [DockerfileReader.Stage]) -> [DockerfileReader.Stage] {
    var chain = [stage]
    while chain.count <= stages.count, let current = chain.last,
      let earlier = stages.first(where: { $0.index < current.index && $0.name == current.image })
    {
      chain.append(earlier)
    }
    return chain
  }

  // MARK: Compose

  static func composeRuntimes(_ project: ComposeFile, file: EvidenceFile, bundle: EvidenceBundle) -> [DjangoRuntime] {
    let folder = (file.path as NSString).deletingLastPathComponent
    var runtimes: [DjangoRuntime] = []
    for service in project.services {
      let fields = project.fact["services"]?[service.name]
      let category = fields?["category"]?.value.stringValue ?? "other"
      guard category == "app" || category == "other" else { continue }
      var runtime = DjangoRuntime(
        name: "\(file.path) service \(service.name)", kind: "compose", file: file.path, location: service.location,
        startsDjango: false)
      var runserver = false
      if let command = service.command, isWorker(command.command) { continue }
      let context = buildContext(fields?["build"], folder: folder)
      if let command = service.command {
        // Another program, or another framework's app, is not a target of `check --deploy`.
        if RuntimeApplication.foreignProgram(command.command) != nil { continue }
        let found = analyze(command.command)
        if found.starts,
          RuntimeApplication.foreignApplication(command.command, under: context ?? folder, bundle: bundle) != nil
        {
          continue
        }
        runtime.startsDjango = found.starts
        runserver = found.runserver
      }
      // The image's ENV first (compose's environment overrides it at run time).
      if let dockerfile = builtDockerfile(fields?["build"], folder: folder, bundle: bundle) {
        let built = DockerfileReader.stages(of: dockerfile)
        // An image built on a database, proxy or tool image (cookiecutter-django's postgres
        // service: `FROM postgres` plus maintenance scripts) does not run Django, whatever the
        // service is called.
        if service.command.map({ !analyze($0.command).starts }) ?? true,
          let final = built.stages.last, ComposeFile.isServiceImage(Self.baseImage(of: final, in: built.stages))
        {
          continue
        }
        if let final = built.stages.last {
          let contexts = [context, (dockerfile.path as NSString).deletingLastPathComponent].compactMap { $0 }
          runtime.imageFiles = RuntimeApplication.imageFiles(final, dockerfile: dockerfile, contexts: contexts, bundle: bundle)
          for (name, entry) in final.env {
            if entry.unresolved.isEmpty, let value = entry.value {
              runtime.environment[name] = value
              runtime.environmentSources[name] = dockerfile.at(line: entry.line).description
            } else {
              runtime.unknownVariables[name] = "the image sets it from build arguments"
            }
          }
          if service.command == nil {
            guard let found = imageStart(final, in: built.stages, contexts: contexts, bundle: bundle) else { continue }
            // An image built from a context without a Python file cannot hold the project's
            // code (sysreptor's LanguageTool service): unless its command starts Django, it is
            // not a Django runtime.
            if !found.starts, let context, !RuntimeApplication.holdsPython(context, bundle) { continue }
            runtime.startsDjango = found.starts
            runserver = found.runserver
          }
        }
      }
      if service.command == nil && fields?["build"] != nil && !runtime.startsDjango { runtime.startsDjango = category == "app" }
      for variable in service.environment {
        if let value = variable.value {
          runtime.environment[variable.name] = value
          runtime.environmentSources[variable.name] = variable.location.description
          runtime.unknownVariables[variable.name] = nil
        } else {
          runtime.environment[variable.name] = nil
          runtime.environmentSources[variable.name] = nil
          runtime.unknownVariables[variable.name] = variable.unknownReason ?? "not set in the evidence"
        }
      }
      if case .list(let envFiles)? = fields?["env_files"]?.value,
        let missing = envFiles.first(where: { $0["found"]?.value == .bool(false) })?["path"]?.value.stringValue
      {
        // The host's copy (a git-ignored `.env`) sets variables the scan cannot see.
        runtime.incompleteEnvironment = "the service may set through its env_file \(missing), which is not in the scanned files"
      }
      runtime.mounts = bindMounts(fields?["volumes"], folder: folder, bundle: bundle)
      if runserver {
        runtime.development = "it runs Django's development server (runserver)"
      } else if let mount = sourceMount(fields?["volumes"], folder: folder, bundle: bundle) {
        runtime.development = "it mounts the source folder \(mount) into the container"
      } else if let reason = developmentFile(file.path) {
        runtime.development = reason
      }
      runtimes.append(runtime)
    }
    return runtimes
  }

  /// The folder of the checkout a service's `build:` uses as its context, or nil without one.
  static func buildContext(_ build: Fact?, folder: String) -> String? {
    guard let build else { return nil }
    var contextPath = "."
    switch build.value {
    case .string(let text): contextPath = text
    case .map: if let text = build["context"]?.value.stringValue { contextPath = text }
    default: return nil
    }
    return ComposeFile.normalize(folder.isEmpty ? contextPath : folder + "/" + contextPath)
  }

  /// The Dockerfile a service's `build:` names, when it is in the bundle.
  static func builtDockerfile(_ build: Fact?, folder: String, bundle: EvidenceBundle) -> EvidenceFile? {
    guard let base = buildContext(build, folder: folder) else { return nil }
    let dockerfile = build?["dockerfile"]?.value.stringValue ?? "Dockerfile"
    return bundle.file(at: ComposeFile.normalize(base.isEmpty ? dockerfile : base + "/" + dockerfile))
  }

  /// The bind mounts of checkout folders or files at absolute container paths, as inexact server
  /// folders: the files the scan holds are there, others may be too (the host's copy may hold
  /// files the repository does not).
  static func bindMounts(_ volumes: Fact?, folder: String, bundle: EvidenceBundle) -> [ServerFolders.Mount] {
    guard case .list(let items)? = volumes?.value else { return [] }
    var mounts: [ServerFolders.Mount] = []
    for item in items {
      guard item["type"]?.value.stringValue == "bind", let source = item["source"]?.value.stringValue,
        source.hasPrefix("."), let target = item["target"]?.value.stringValue, target.hasPrefix("/")
      else { continue }
      let resolved = ComposeFile.normalize(folder.isEmpty ? source : folder + "/" + source)
      let inside = resolved == "." ? "" : resolved
      guard inside.isEmpty || bundle.folders.contains(inside) || bundle.file(at: inside) != nil
        || bundle.files.contains(where: { $0.path.hasPrefix(inside + "/") })
      else { continue }
      mounts.append(ServerFolders.Mount(server: target, bundle: inside, exact: false))
    }
    return mounts
  }

  /// A bind mount of a folder holding the project's Python code (`.:/app`), or nil.
  static func sourceMount(_ volumes: Fact?, folder: String, bundle: EvidenceBundle) -> String? {
    guard case .list(let items)? = volumes?.value else { return nil }
    for item in items {
      guard item["type"]?.value.stringValue == "bind", let source = item["source"]?.value.stringValue,
        source.hasPrefix(".")
      else { continue }
      let resolved = ComposeFile.normalize(folder.isEmpty ? source : folder + "/" + source)
      let prefix = resolved.isEmpty ? "" : resolved + "/"
      if bundle.files.contains(where: { $0.path.hasPrefix(prefix) && $0.name.hasSuffix(".py") }) {
        return source
      }
    }
    return nil
  }

  // MARK: Dockerfile

  /// What a stage runs: ENTRYPOINT followed by CMD.
  static func stageCommand(_ stage: DockerfileReader.Stage, in stages: [DockerfileReader.Stage] = []) -> ServerCommand {
    // A stage that sets neither runs what the stage it is built on runs (`FROM languagetool`).
    let current = lineage(of: stage, in: stages).first { $0.cmd != nil || $0.entrypoint != nil } ?? stage
    var argv: [String] = []
    for instruction in [current.entrypoint, current.cmd].compactMap({ $0 }) {
      argv += instruction.exec ?? ["/bin/sh", "-c", instruction.arguments]
    }
    return ServerCommand.analyze(argv: argv)
  }

  /// Whether an image's final stage starts Django, and the development server: its command,
  /// or the script of the build context the command runs (`CMD ["/run.sh"]` after `COPY
  /// docker/run.sh /run.sh`). Nil when it plainly serves something else (`node index.js`, a
  /// FastAPI app module).
  static func imageStart(
    _ final: DockerfileReader.Stage, in stages: [DockerfileReader.Stage], contexts: [String], bundle: EvidenceBundle
  ) -> (starts: Bool, runserver: Bool)? {
    let command = stageCommand(final, in: stages)
    if RuntimeApplication.foreignProgram(command) != nil { return nil }
    var found = analyze(command)
    var server = command
    if command.program == "other",
      let script = RuntimeApplication.entryScript(command, stage: final, contexts: contexts, bundle: bundle)
    {
      let commands = RuntimeApplication.scriptCommands(script)
      // A script that starts a production server in one branch and runserver in another (a
      // debug switch) is a production runtime; one that only runs runserver is development,
      // unless the command itself starts Django (`exec "$@"` with a server in CMD).
      if let production = commands.first(where: { $0.program != "runserver" }) {
        found = (true, false)
        server = production
      } else if !commands.isEmpty, RuntimeApplication.startsProcessManager(script) {
        // runserver under a debug switch, a process manager (and its server) otherwise.
        found = (true, false)
      } else if let development = commands.first, !found.starts {
        found = (true, true)
        server = development
      }
    }
    if found.starts, RuntimeApplication.foreignApplication(server, under: contexts.first ?? "", bundle: bundle) != nil {
      return nil
    }
    return found
  }

  static func dockerfileRuntime(_ file: EvidenceFile, bundle: EvidenceBundle) -> DjangoRuntime? {
    let built = DockerfileReader.stages(of: file)
    guard let final = built.stages.last else { return nil }
    let folder = (file.path as NSString).deletingLastPathComponent
    guard let found = imageStart(final, in: built.stages, contexts: folder.isEmpty ? [""] : [folder, ""], bundle: bundle), found.starts
    else { return nil }
    var runtime = DjangoRuntime(
      name: "\(file.path) final stage", kind: "dockerfile", file: file.path, location: file.at(line: final.line),
      startsDjango: true)
    runtime.imageFiles = RuntimeApplication.imageFiles(final, dockerfile: file, contexts: folder.isEmpty ? [""] : [folder, ""], bundle: bundle)
    for (name, entry) in final.env {
      if entry.unresolved.isEmpty, let value = entry.value {
        runtime.environment[name] = value
        runtime.environmentSources[name] = file.at(line: entry.line).description
      } else {
        runtime.unknownVariables[name] = "the image sets it from build arguments"
      }
    }
    let role = DeploymentRole.of(path: file.path, names: final.name.map { [$0] } ?? [])
    if let reason = developmentReason(found, path: file.path) {
      runtime.development = reason
    } else if role == "development" {
      runtime.development = "its final stage is named \(final.name ?? "") (development)"
    }
    return runtime
  }

  // MARK: Kubernetes

  static func kubernetesRuntimes(_ file: EvidenceFile, bundle: EvidenceBundle) -> [DjangoRuntime] {
    var runtimes: [DjangoRuntime] = []
    for (object, kind, spec) in KubernetesReader.podSpecs(file) {
      guard case .list(let containers)? = spec["containers"]?.value else { continue }
      let workload = object.lookup("metadata.name")?.value.stringValue ?? "(unnamed)"
      for container in containers {
        let name = container["name"]?.value.stringValue ?? "(unnamed)"
        var argv: [String] = []
        for key in ["command", "args"] {
          if case .list(let words)? = container[key]?.value { argv += words.map { $0.value.stringValue ?? "" } }
        }
        let command = ServerCommand.analyze(argv: argv)
        if isWorker(command) || RuntimeApplication.foreignProgram(command) != nil { continue }
        let found = analyze(command)
        if found.starts, RuntimeApplication.foreignApplication(command, under: "", bundle: bundle) != nil { continue }
        let image = (container["image"]?.value.stringValue ?? "").lowercased()
        let imageName = image.split(separator: "/").last.map { String($0.split(separator: ":").first ?? "") } ?? ""
        let service = ComposeFile.proxyImages.contains(imageName) || ComposeFile.dataImages.contains { imageName.hasPrefix($0) }
        if service { continue }
        var runtime = DjangoRuntime(
          name: "\(file.path) \(kind) \(workload) container \(name)", kind: "kubernetes", file: file.path,
          location: container.location, startsDjango: found.starts)
        if container["envFrom"] != nil {
          runtime.incompleteEnvironment = "the container may set through envFrom (a ConfigMap or Secret the scan does not hold)"
        }
        if case .list(let items)? = container["env"]?.value {
          for item in items {
            guard let variable = item["name"]?.value.stringValue else { continue }
            if let value = item["value"] {
              switch value.value {
              case .string(let text): runtime.environment[variable] = text
              case .bool(let flag): runtime.environment[variable] = flag ? "true" : "false"
              case .integer(let number): runtime.environment[variable] = String(number)
              default: runtime.environment[variable] = ""
              }
              runtime.environmentSources[variable] = (value.location ?? file.at()).description
            } else {
              let reference = item.lookup("valueFrom.secretKeyRef") != nil ? "a Secret" : "a reference (valueFrom)"
              runtime.unknownVariables[variable] = "set from \(reference) at run time"
            }
          }
        }
        runtime.development = developmentReason(found, path: file.path)
        runtimes.append(runtime)
      }
    }
    return runtimes
  }

  // MARK: Procfile

  static func procfileRuntimes(_ file: EvidenceFile, bundle: EvidenceBundle) -> [DjangoRuntime] {
    var runtimes: [DjangoRuntime] = []
    for (offset, raw) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":"), colon != line.startIndex else { continue }
      let process = String(line[..<colon])
      let command = ServerCommand.analyze(shell: String(line[line.index(after: colon)...]))
      let found = analyze(command)
      let folder = (file.path as NSString).deletingLastPathComponent
      guard found.starts, RuntimeApplication.foreignApplication(command, under: folder, bundle: bundle) == nil else { continue }
      var runtime = DjangoRuntime(
        name: "\(file.path) process \(process)", kind: "procfile", file: file.path, location: file.at(line: offset + 1),
        startsDjango: true)
      // The platform's config vars are not in the repository.
      runtime.incompleteEnvironment = "the platform may set as a config var (a Procfile's environment is not in the repository)"
      runtime.development = developmentReason(found, path: file.path)
      runtimes.append(runtime)
    }
    return runtimes
  }
}
