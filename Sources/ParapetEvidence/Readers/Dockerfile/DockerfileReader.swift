import Foundation
import OrderedCollections
import ParapetFacts

/// Reads Dockerfiles into `docker.files[<path>]`: build stages and the final image's user,
/// environment, exposed ports, start command, copied files and baked-in secrets; and, from the
/// same parse, every instruction as written into `raw.docker[<path>]` (docs/facts/dockerfile.md).
///
/// The final stage is what runs, so most facts describe it; a stage built `FROM` an earlier
/// stage inherits that stage's `ENV`, `USER`, `EXPOSE` and commands, as in Docker. No `USER` in
/// the final stage means the container runs as root unless the base image says otherwise,
/// which cannot be known offline: the fact says so.
public struct DockerfileReader: EvidenceReader {
  public let kind = "dockerfile"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.isDockerfile(file)
  }

  /// How a file's name says it is a Dockerfile (docs/facts/dockerfile.md, "Files").
  enum Naming {
    /// `Dockerfile`, `Containerfile`, `<name>.dockerfile`, `<name>.containerfile`: what Docker,
    /// Podman and buildx take as a Dockerfile by name.
    case dockerfile
    /// `Dockerfile.<suffix>`, `Containerfile.<suffix>`: the usual name of a variant
    /// (`Dockerfile.prod`), but also of files about a Dockerfile that are not one; the content
    /// decides (`isDockerfile`).
    case variant
  }

  /// The last extensions of `Dockerfile.<suffix>` names that are not Dockerfiles: templates a
  /// tool renders into one (Jinja's `Dockerfile.j2`, Go's `.tmpl`, balena's `.template`,
  /// autoconf's `.in`), data and documents (`dockerfile.yml`, an Ansible playbook that builds
  /// the image), scripts, editor and patch leftovers, and BuildKit's per-Dockerfile ignore file
  /// (`Dockerfile.dockerignore`).
  static let notDockerfileExtensions: Set<String> = [
    "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "gotmpl", "mustache", "hbs", "erb", "in",
    "yml", "yaml", "json", "toml", "xml", "ini", "cfg", "md", "rst", "txt", "html",
    "sh", "bash", "ps1", "bat", "cmd", "py",
    "orig", "bak", "old", "swp", "rej", "patch", "diff", "lock", "dockerignore",
  ]

  /// How `name` says it is a Dockerfile, or nil when it does not.
  static func naming(_ name: String) -> Naming? {
    let lower = name.lowercased()
    if lower == "dockerfile" || lower == "containerfile" { return .dockerfile }
    if let dot = lower.lastIndex(of: "."), notDockerfileExtensions.contains(String(lower[lower.index(after: dot)...])) {
      return nil
    }
    if lower.hasSuffix(".dockerfile") || lower.hasSuffix(".containerfile") { return .dockerfile }
    if lower.hasPrefix("dockerfile.") || lower.hasPrefix("containerfile.") { return .variant }
    return nil
  }

  /// True when `file` is a Dockerfile: named as one, or named as a variant (`Dockerfile.prod`)
  /// and starting with a Dockerfile instruction. Every reader of Dockerfiles asks here.
  static func isDockerfile(_ file: EvidenceFile) -> Bool {
    switch naming(file.name) {
    case .dockerfile?: return true
    case .variant?: return DockerfileParser.startsWithInstruction(file.text)
    case nil: return false
    }
  }

  /// One build stage while it is being read.
  struct Stage {
    var index: Int
    var name: String?
    var image: String
    var line: Int
    var env: OrderedDictionary<String, (value: String?, unresolved: [String], line: Int)> = [:]
    var args: OrderedDictionary<String, (value: String?, line: Int)> = [:]
    var user: (value: String, line: Int)?
    var expose: [(port: String, line: Int)] = []
    var cmd: DockerfileParser.Instruction?
    var entrypoint: DockerfileParser.Instruction?
    var copies: [Fact] = []
    var healthcheck = false
    var secretMounts = 0
  }

  /// The stages of a Dockerfile as Docker builds them, with the secrets baked in and the
  /// problems found. The environment collector uses it too.
  static func stages(of file: EvidenceFile) -> (stages: [Stage], baked: [Fact], errors: [EvidenceError]) {
    stages(of: file, instructions: DockerfileParser.parse(file.text))
  }

  /// The stages built from an existing parse (the reader parses once for the view and the raw
  /// layer).
  static func stages(
    of file: EvidenceFile,
    instructions parsed: (instructions: [DockerfileParser.Instruction], escape: Character, problems: [DockerfileParser.Problem], directives: [(name: String, value: String, line: Int)])
  ) -> (stages: [Stage], baked: [Fact], errors: [EvidenceError]) {
    let kind = "dockerfile"
    var errors = parsed.problems.map { file.error($0.message, line: $0.line, reader: kind) }
    var stages: [Stage] = []
    var globalArgs: [String: String] = [:]
    var baked: [Fact] = []
    // Variables double (`ARG A=$A$A` repeated): every expanded byte is charged, in proportion
    // to the file's size.
    var budget = ReadBudget("bytes of expanded variables", for: file, perInputByte: 64, minimum: 1 << 20)
    // The variables visible in the current stage, kept up to date instead of rebuilt for every
    // instruction (which was quadratic in the number of ARG/ENV lines).
    var scope: [String: String] = [:]

    for instruction in parsed.instructions {
      let at = file.at(line: instruction.line)
      if instruction.keyword == "FROM" {
        let words = instruction.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let imageWord = words.first else {
          errors.append(file.error("FROM needs an image", line: instruction.line, reader: kind))
          continue
        }
        let image = Self.expand(imageWord, globalArgs, budget: &budget, at: at).value ?? imageWord
        var stage = Stage(index: stages.count, image: image, line: instruction.line)
        if words.count >= 3, words[1].lowercased() == "as" { stage.name = words[2] }
        // `FROM builder` continues an earlier stage: it inherits what that stage set.
        if let parent = stages.last(where: { $0.name != nil && $0.name == image }) {
          stage.env = parent.env
          stage.user = parent.user
          stage.expose = parent.expose
          stage.cmd = parent.cmd
          stage.entrypoint = parent.entrypoint
          stage.healthcheck = parent.healthcheck
        }
        scope = globalArgs
        for (name, env) in stage.env { if let value = env.value { scope[name] = value } }
        stages.append(stage)
        continue
      }
      guard !stages.isEmpty else {
        if instruction.keyword == "ARG" {
          for (name, value) in Self.assignments(instruction.arguments, legacy: false) {
            globalArgs[name] = value ?? ""
          }
        } else {
          errors.append(file.error("\(instruction.keyword) before the first FROM", line: instruction.line, reader: kind))
        }
        continue
      }
      var stage = stages.removeLast()

      switch instruction.keyword {
      case "ENV", "ARG":
        let isEnv = instruction.keyword == "ENV"
        for (name, raw) in Self.assignments(instruction.arguments, legacy: isEnv) {
          let expanded = raw.map { Self.expand($0, scope, budget: &budget, at: at) }
          if isEnv {
            stage.env[name] = (expanded?.value, expanded?.unresolved ?? [], instruction.line)
          } else {
            stage.args[name] = (expanded?.value ?? nil, instruction.line)
          }
          // ENV wins over ARG of the same name, whatever their order.
          if let value = expanded?.value, isEnv || stage.env[name]?.value == nil { scope[name] = value }
          if let fact = Self.bakedSecret(
            name: name, raw: raw, value: expanded?.value, instruction: instruction.keyword,
            stage: stage, at: at)
          {
            baked.append(fact)
          }
        }
      case "USER":
        let value = Self.expand(instruction.arguments.trimmingCharacters(), scope, budget: &budget, at: at)
        stage.user = (value.value ?? instruction.arguments.trimmingCharacters(), instruction.line)
      case "EXPOSE":
        for word in instruction.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
          stage.expose.append((Self.expand(String(word), scope, budget: &budget, at: at).value ?? String(word), instruction.line))
        }
      case "CMD": stage.cmd = instruction
      case "ENTRYPOINT": stage.entrypoint = instruction
      case "HEALTHCHECK": stage.healthcheck = !instruction.arguments.uppercased().hasPrefix("NONE")
      case "RUN":
        if let mount = instruction.flags["mount"], mount.contains("type=secret") { stage.secretMounts += 1 }
      case "COPY", "ADD":
        stage.copies.append(Self.copyFact(instruction, stage: stage, at: at))
      default: break
      }
      stages.append(stage)
    }
    if let error = budget.error(reader: kind) { errors.append(error) }
    return (stages, baked, errors)
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let parsed = DockerfileParser.parse(file.text)
    let (stages, baked, errors) = Self.stages(of: file, instructions: parsed)
    if stages.isEmpty && errors.isEmpty {
      throw file.error("no FROM instruction: not a Dockerfile", line: 1, reader: kind)
    }
    facts.set(["raw", "docker", file.path], DockerfileRaw.fact(parsed, file: file))
    let role = DeploymentRole.of(path: file.path, names: stages.last?.name.map { [$0] } ?? [])
    var map: OrderedDictionary<String, Fact> = [:]
    map["role"] = .string(role, at: file.at())
    map["stages"] = .list(
      stages.map { stage in
        let at = file.at(line: stage.line)
        var entry: OrderedDictionary<String, Fact> = ["index": .integer(stage.index, at: at), "image": .string(stage.image, at: at)]
        entry["name"] = stage.name.map { .string($0, at: at) } ?? .null(at: at)
        return .map(entry, at: at)
      }, at: file.at())
    if let final = stages.last {
      map["final_stage"] = finalStageFact(final, file: file, role: role, into: &facts)
    }
    // Copies of secret files in any stage stay in that stage's layers and the build cache.
    var sensitive: [Fact] = []
    for stage in stages {
      for copy in stage.copies where copy["sensitive"]?.value == .bool(true) { sensitive.append(copy) }
    }
    map["sensitive_copies"] = .list(sensitive, at: file.at())
    map["baked_secrets"] = .list(baked, at: file.at())
    facts.set(["docker", "files", file.path], .map(map, at: file.at()))
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  private func finalStageFact(
    _ stage: Stage, file: EvidenceFile, role: String, into facts: inout FactTree
  ) -> Fact {
    let fromAt = file.at(line: stage.line)
    var map: OrderedDictionary<String, Fact> = [:]
    map["index"] = .integer(stage.index, at: fromAt)
    map["name"] = stage.name.map { .string($0, at: fromAt) } ?? .null(at: fromAt)
    map["image"] = .string(stage.image, at: fromAt)
    map["base"] = Self.imageFact(stage.image, at: fromAt)
    if let user = stage.user {
      let at = file.at(line: user.line)
      map["user"] = .string(user.value, at: at)
      map["user_declared"] = .bool(true, at: at)
      map["runs_as_root"] = user.value.contains("$")
        ? .unknown("USER \(user.value) depends on a build argument", at: at)
        : .bool(DeploymentFacts.isRootUser(user.value), at: at)
    } else {
      // No USER: Docker runs as root unless the base image set a user, which only the image
      // itself can tell. Point at FROM, where the user would have to be changed.
      map["user"] = .null(at: fromAt)
      map["user_declared"] = .bool(false, at: fromAt)
      map["runs_as_root"] = .bool(true, at: fromAt)
    }
    var env: OrderedDictionary<String, Fact> = [:]
    for (name, entry) in stage.env {
      let at = file.at(line: entry.line)
      if let value = entry.value, entry.unresolved.isEmpty {
        env[name] = DeploymentFacts.variable(name: name, value: value, at: at)
      } else {
        env[name] = .unknown(
          "ENV \(name) uses build arguments without defaults: \(entry.unresolved.joined(separator: ", "))",
          dependsOn: entry.unresolved, at: at)
      }
    }
    map["env"] = .map(env, at: fromAt)
    var args: OrderedDictionary<String, Fact> = [:]
    for (name, entry) in stage.args {
      let at = file.at(line: entry.line)
      args[name] = entry.value.map { DeploymentFacts.variable(name: name, value: $0, at: at) } ?? .null(at: at)
    }
    map["args"] = .map(args, at: fromAt)
    map["expose"] = .list(
      stage.expose.map { entry in
        let at = file.at(line: entry.line)
        let parts = entry.port.split(separator: "/")
        var port: OrderedDictionary<String, Fact> = [:]
        let number = parts.first.map(String.init) ?? entry.port
        port["port"] = Int(number).map { .integer($0, at: at) } ?? .string(number, at: at)
        port["protocol"] = .string(parts.count > 1 ? parts[1].lowercased() : "tcp", at: at)
        return .map(port, at: at)
      }, at: fromAt)
    map["healthcheck"] = .bool(stage.healthcheck, at: fromAt)
    map["secret_mounts"] = .integer(stage.secretMounts, at: fromAt)
    map["copies"] = .list(stage.copies, at: fromAt)

    for (key, instruction) in [("entrypoint", stage.entrypoint), ("cmd", stage.cmd)] {
      guard let instruction else { continue }
      let at = file.at(line: instruction.line)
      var command: OrderedDictionary<String, Fact> = [:]
      command["form"] = .string(instruction.exec == nil ? "shell" : "exec", at: at)
      let argv = instruction.exec ?? ["/bin/sh", "-c", instruction.arguments]
      command["argv"] = .list(argv.map { .string($0, at: at) }, at: at)
      map[key] = .map(command, at: at)
    }
    // What the container runs: CMD, unless it is only arguments for a server ENTRYPOINT.
    var server: ServerCommand?
    var serverLine = stage.line
    for instruction in [stage.cmd, stage.entrypoint].compactMap({ $0 }) {
      let command = instruction.exec.map { ServerCommand.analyze(argv: $0) }
        ?? ServerCommand.analyze(shell: instruction.arguments)
      if command.program != "other" {
        server = command
        serverLine = instruction.line
        break
      }
    }
    if server == nil, let entry = stage.entrypoint?.exec, let cmd = stage.cmd?.exec {
      let combined = ServerCommand.analyze(argv: entry + cmd)
      if combined.program != "other" {
        server = combined
        serverLine = stage.entrypoint?.line ?? stage.line
      }
    }
    if server == nil, let instruction = stage.cmd ?? stage.entrypoint {
      server = instruction.exec.map { ServerCommand.analyze(argv: $0) } ?? ServerCommand.analyze(shell: instruction.arguments)
      serverLine = instruction.line
    }
    if let server {
      let at = file.at(line: serverLine)
      map["server"] = .string(server.program, at: at)
      DeploymentFacts.addCommand(
        server, origin: "dockerfile", name: stage.name ?? "final", role: role, file: file.path,
        at: at, into: &facts)
    }
    return .map(map, at: fromAt)
  }

  // MARK: Pieces

  /// `python:3.12-slim@sha256:…` split into name, tag and digest.
  static func imageFact(_ image: String, at location: SourceLocation) -> Fact {
    var rest = image
    var digest: String?
    if let at = rest.firstIndex(of: "@") {
      digest = String(rest[rest.index(after: at)...])
      rest = String(rest[..<at])
    }
    var tag: String?
    if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
      tag = String(rest[rest.index(after: colon)...])
      rest = String(rest[..<colon])
    }
    return .map(
      [
        "name": .string(rest, at: location),
        "tag": tag.map { .string($0, at: location) } ?? .null(at: location),
        "digest": digest.map { .string($0, at: location) } ?? .null(at: location),
      ], at: location)
  }

  static let sensitiveNames = [
    ".env", ".git", "id_rsa", "id_ed25519", "id_ecdsa", ".npmrc", ".pypirc", ".netrc", "credentials.json",
    "local_settings.py", ".htpasswd", "secrets.json", "secrets.yaml", "secrets.yml",
  ]
  static let sensitiveSuffixes = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"]

  /// Why copying `source` into an image leaks a secret, or nil when it does not.
  static func sensitiveReason(_ source: String) -> String? {
    let name = source.split(separator: "/").last.map(String.init) ?? source
    let lower = name.lowercased()
    if lower == ".env.example" || lower == ".env.sample" || lower == ".env.template" { return nil }
    if sensitiveNames.contains(lower) || lower.hasPrefix(".env.") || lower.hasSuffix(".env") {
      return "\(name) holds credentials"
    }
    if let suffix = sensitiveSuffixes.first(where: lower.hasSuffix) { return "\(suffix) files hold private keys" }
    return nil
  }

  static func copyFact(_ instruction: DockerfileParser.Instruction, stage: Stage, at location: SourceLocation) -> Fact {
    var words = instruction.exec
      ?? instruction.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    // Heredoc sources are inline text, not files from the context.
    words.removeAll { $0.hasPrefix("<<") }
    let destination = words.count > 1 ? words.removeLast() : (instruction.heredocs.isEmpty ? "" : words.popLast() ?? "")
    var map: OrderedDictionary<String, Fact> = [:]
    map["instruction"] = .string(instruction.keyword, at: location)
    map["stage"] = .integer(stage.index, at: location)
    map["sources"] = .list(words.map { .string($0, at: location) }, at: location)
    map["destination"] = .string(destination, at: location)
    map["from"] = instruction.flags["from"].map { .string($0, at: location) } ?? .null(at: location)
    map["remote"] = .bool(instruction.keyword == "ADD" && words.contains { $0.contains("://") }, at: location)
    map["whole_context"] = .bool(instruction.flags["from"] == nil && words.contains { $0 == "." || $0 == "./" }, at: location)
    let reason = instruction.flags["from"] == nil ? words.lazy.compactMap(sensitiveReason).first : nil
    map["sensitive"] = .bool(reason != nil, at: location)
    if let reason { map["why"] = .string(reason, at: location) }
    return .map(map, at: location)
  }

  /// A `baked_secrets` entry when an `ENV`/`ARG` stores a secret in the image.
  static func bakedSecret(
    name: String, raw: String?, value: String?, instruction: String, stage: Stage, at location: SourceLocation
  ) -> Fact? {
    let urlPassword = value.flatMap { SecretNames.maskURLPassword($0).password }
    guard SecretDetector.isSecret(name: name, value: value ?? "") || urlPassword != nil else { return nil }
    // `ARG SECRET_KEY` without a default bakes nothing by itself; `ENV X=$ARG` copies a build
    // argument whose value is given at build time, which also lands in the image.
    guard let raw, !raw.isEmpty else { return nil }
    let fromBuildArgument = raw.hasPrefix("$")
    let secretText = urlPassword ?? value ?? ""
    var map: OrderedDictionary<String, Fact> = [:]
    map["name"] = .string(name, at: location)
    map["instruction"] = .string(instruction, at: location)
    map["stage"] = .integer(stage.index, at: location)
    map["from_build_argument"] = .bool(fromBuildArgument, at: location)
    map["placeholder"] = .bool(!fromBuildArgument && DeploymentFacts.isPlaceholder(secretText), at: location)
    map["value"] = fromBuildArgument
      ? .unknown("set from build argument \(raw)", dependsOn: [String(raw.drop { $0 == "$" || $0 == "{" }.prefix { $0 != "}" && $0 != ":" })], at: location)
      : .secret(secretText, at: location)
    return .map(map, at: location)
  }

  /// `NAME=value` pairs of ENV/ARG (quotes removed), or the legacy `ENV NAME value` form.
  static func assignments(_ text: String, legacy: Bool) -> [(String, String?)] {
    // Docker's two passes: words split with their quotes kept, then each value unquoted.
    let words = ShellWords.dockerfileWords(text)
    guard let first = words.first else { return [] }
    if legacy, !first.contains("=") {
      let rest = text.trimmingCharacters().dropFirst(first.count).trimmingCharacters()
      return [(first, ShellWords.dockerfileUnquote(rest))]
    }
    return words.map { word in
      guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
      return (String(word[..<equals]), ShellWords.dockerfileUnquote(String(word[word.index(after: equals)...])))
    }
  }

  /// Expands `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}`; names with no value are
  /// reported as unresolved (Docker would make them empty, which hides the real build value).
  /// Every substituted value is charged to `budget`; once it is spent, the text is not known.
  static func expand(
    _ text: String, _ scope: [String: String], budget: inout ReadBudget, at location: SourceLocation
  ) -> (value: String?, unresolved: [String]) {
    guard text.contains("$") else { return (text, []) }
    func substitute(_ value: String) -> Bool { budget.charge(value.utf8.count, at: location) }
    var out = ""
    var unresolved: [String] = []
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character == "$", index + 1 < characters.count else {
        out.append(character)
        index += 1
        continue
      }
      if characters[index + 1] == "{", let close = characters[(index + 2)...].firstIndex(of: "}") {
        let inner = String(characters[(index + 2)..<close])
        index = close + 1
        if let range = inner.range(of: ":-") ?? inner.range(of: ":+") {
          let name = String(inner[..<range.lowerBound])
          let word = String(inner[range.upperBound...])
          let isDefault = inner[range] == ":-"
          let value = scope[name].flatMap { $0.isEmpty ? nil : $0 }
          let chosen = isDefault ? (value ?? word) : (value == nil ? "" : word)
          guard substitute(chosen) else { return (nil, [name]) }
          out += chosen
        } else if let value = scope[inner] {
          guard substitute(value) else { return (nil, [inner]) }
          out += value
        } else {
          unresolved.append(inner)
        }
        continue
      }
      let name = characters[(index + 1)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      if name.isEmpty {
        out.append(character)
        index += 1
        continue
      }
      index += 1 + name.count
      if let value = scope[String(name)] {
        guard substitute(value) else { return (nil, [String(name)]) }
        out += value
      } else {
        unresolved.append(String(name))
      }
    }
    return (unresolved.isEmpty ? out : nil, unresolved)
  }
}
