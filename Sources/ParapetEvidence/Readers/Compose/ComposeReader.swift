import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// Reads docker compose files into `compose.files[<path>]`: each service's image, command,
/// environment (after `env_file` and `${…}` interpolation), ports, privileges, user and volumes.
/// The file pass also writes each file whole, as written (not interpolated), into the raw
/// layer `raw.compose[<path>]` (docs/facts/compose.md).
///
/// Interpolation needs the project's `.env` and `env_file`s, which are other files of the
/// bundle, so the file pass only checks that the file is a compose file and reports syntax
/// errors, and the bundle pass builds the facts. Several files (`docker-compose.yml` with its
/// `docker-compose.override.yml`, `production.yml`) each keep their own facts and a `role`;
/// merging them is the environment's job (`deploy.environment`).
public struct ComposeReader: EvidenceReader, BundleReader {
  public let kind = "compose"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    Self.isComposeFile(file)
  }

  static func isComposeFile(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    guard name.hasSuffix(".yml") || name.hasSuffix(".yaml") else { return false }
    if name.hasPrefix("docker-compose") || name.hasPrefix("compose.") || name.hasPrefix("compose-") {
      return true
    }
    if file.path.hasPrefix(".github/") || file.path.contains("/.github/") { return false }
    // Other names (cookiecutter's `local.yml`, `production.yml`): a top-level `services:` map
    // and no Kubernetes `apiVersion`. Other formats have a top-level `services:` too (a Render
    // blueprint's or `.travis.yml`'s is a list): only a mapping of service names is compose, so
    // a file of another tool is never rejected as a broken compose file.
    let text = file.text
    guard (text.hasPrefix("services:") || text.contains("\nservices:"))
      && !(text.hasPrefix("apiVersion:") || text.contains("\napiVersion:"))
    else { return false }
    guard let documents = try? YAMLFacts.documents(file, reader: "compose"),
      case .map(let top)? = documents.first?.value, case .map? = top["services"]?.value
    else { return false }
    return true
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    let documents = try YAMLFacts.documents(file, reader: kind)
    facts.set(["raw", kind, file.path], YAMLFacts.rawEntry(documents, file: file))
    guard let root = documents.first, case .map(let top) = root.value else {
      throw file.error("a compose file must be a mapping with `services:`", line: 1, reader: kind)
    }
    if let services = top["services"], case .map = services.value {
      return
    } else if let services = top["services"] {
      throw file.error("`services` must be a mapping of service names", line: services.location?.line, reader: kind)
    }
  }

  public func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext) -> [EvidenceError] {
    var errors: [EvidenceError] = []
    for file in bundle.files where Self.isComposeFile(file) {
      // The curated view is derived from the raw entry the file pass wrote (one parse per
      // file); no entry means the file pass already reported why the file cannot be read.
      guard case .list(let documents)? = facts.root["raw"]?[kind]?[file.path]?["documents"]?.value,
        let project = try? ComposeFile.load(file, documents: documents, bundle: bundle, context: context)
      else { continue }
      facts.set(["compose", "files", file.path], project.fact)
      for service in project.services {
        if let command = service.command {
          DeploymentFacts.addCommand(
            command.command, origin: "compose", name: service.name, role: project.role,
            file: file.path, at: command.location, into: &facts)
        }
      }
      errors += project.problems
    }
    return errors
  }
}

/// One compose file, interpolated, with what the environment collector needs.
public struct ComposeFile: Sendable {
  /// One `environment`/`env_file` variable of a service.
  public struct Variable: Sendable {
    public var name: String
    /// The value, or nil when it depends on something not in the evidence.
    public var value: String?
    public var unknownReason: String?
    public var variables: [String]
    public var location: SourceLocation
    /// `literal`, `interpolated`, `env_file` or `host` (the `- NAME` form passing the shell's value).
    public var origin: String
  }

  public struct Service: Sendable {
    public var name: String
    public var location: SourceLocation
    /// Variables in application order (env files first, then `environment`): the last wins.
    public var environment: [Variable]
    var command: (command: ServerCommand, location: SourceLocation?)?
  }

  public var path: String
  public var role: String
  public var services: [Service]
  public var fact: Fact
  public var problems: [EvidenceError]

  static let reader = "compose"

  /// Loads `file`, interpolating with the scan environment and the `.env` next to it.
  public static func load(_ file: EvidenceFile, bundle: EvidenceBundle, context: ScanContext) throws -> ComposeFile {
    try load(file, documents: YAMLFacts.documents(file, reader: reader), bundle: bundle, context: context)
  }

  /// Builds the facts of `file` from its already parsed YAML `documents` (its raw entry).
  static func load(
    _ file: EvidenceFile, documents: [Fact], bundle: EvidenceBundle, context: ScanContext
  ) throws -> ComposeFile {
    guard let root = documents.first, case .map(let top) = root.value else {
      throw file.error("not a compose mapping", reader: reader)
    }
    let folder = (file.path as NSString).deletingLastPathComponent
    var dotenv: [String: String] = [:]
    let dotenvPath = folder.isEmpty ? ".env" : folder + "/.env"
    if let projectEnv = bundle.file(at: dotenvPath) {
      for entry in DotEnvParser.parse(projectEnv.text).entries { dotenv[entry.name] = entry.value }
    }
    let lookup: (String) -> String? = { context.environment[$0] ?? dotenv[$0] }
    var problems: [EvidenceError] = []
    let role = DeploymentRole.of(path: file.path)
    var services: [Service] = []
    var serviceFacts: OrderedDictionary<String, Fact> = [:]
    if case .map(let entries)? = top["services"]?.value {
      for (name, serviceFact) in entries {
        guard case .map(let fields) = serviceFact.value else { continue }
        let built = service(
          name: name, fields: fields, at: serviceFact.location ?? file.at(), file: file, folder: folder,
          bundle: bundle, lookup: lookup, role: role, problems: &problems)
        services.append(built.service)
        serviceFacts[name] = built.fact
      }
    }
    var map: OrderedDictionary<String, Fact> = [:]
    map["role"] = .string(role, at: file.at())
    map["project_env_file"] = bundle.file(at: dotenvPath) != nil ? .string(dotenvPath, at: file.at()) : .null(at: file.at())
    map["services"] = .map(serviceFacts, at: top["services"]?.location ?? file.at())
    return ComposeFile(path: file.path, role: role, services: services, fact: .map(map, at: file.at()), problems: problems)
  }

  // MARK: Services

  static let proxyImages = ["nginx", "traefik", "caddy", "haproxy", "httpd", "envoy", "openresty"]
  static let dataImages = ["postgres", "postgis", "mysql", "mariadb", "redis", "mongo", "memcached", "rabbitmq", "elasticsearch", "valkey"]

  private static func service(
    name: String, fields: OrderedDictionary<String, Fact>, at location: SourceLocation, file: EvidenceFile,
    folder: String, bundle: EvidenceBundle, lookup: (String) -> String?, role: String,
    problems: inout [EvidenceError]
  ) -> (service: Service, fact: Fact) {
    func resolved(_ fact: Fact) -> Fact { resolve(fact, lookup, file: file, problems: &problems) }
    var map: OrderedDictionary<String, Fact> = [:]
    for key in ["image", "user", "privileged", "read_only", "network_mode", "pid", "ipc", "restart", "init"] {
      if let value = fields[key] { map[key] = resolved(value) }
    }
    if let build = fields["build"] { map["build"] = resolved(build) }
    for key in ["cap_add", "cap_drop", "security_opt"] {
      if let value = fields[key] { map[key] = resolved(value) }
    }
    // Commands: string (shell words) or list (exec form).
    var command: (ServerCommand, SourceLocation?)?
    for key in ["entrypoint", "command"] {
      guard let value = fields[key] else { continue }
      let value2 = resolved(value)
      map[key] = value2
      let analyzed: ServerCommand?
      switch value2.value {
      case .string(let text): analyzed = ServerCommand.analyze(shell: text)
      case .list(let items): analyzed = ServerCommand.analyze(argv: items.map { $0.value.stringValue ?? "" })
      default: analyzed = nil
      }
      if let analyzed, command == nil || analyzed.program != "other" {
        command = (analyzed, value.location)
      }
    }
    if let command { map["server"] = .string(command.0.program, at: command.1) }

    // Environment: env files first, then `environment` (which wins, as in compose).
    var variables: [ComposeFile.Variable] = []
    var envFiles: [Fact] = []
    if let envFile = fields["env_file"] {
      var entries: [(String, Bool, SourceLocation?)] = []
      switch envFile.value {
      case .string(let path): entries.append((path, true, envFile.location))
      case .list(let items):
        for item in items {
          if let path = item.value.stringValue { entries.append((path, true, item.location)) }
          if let path = item["path"]?.value.stringValue {
            entries.append((path, item["required"]?.value.boolValue ?? true, item.location))
          }
        }
      default: break
      }
      for (path, required, at) in entries {
        let resolvedPath = normalize(folder.isEmpty ? path : folder + "/" + path)
        var entry: OrderedDictionary<String, Fact> = ["path": .string(resolvedPath, at: at)]
        if let envFile = bundle.file(at: resolvedPath) {
          entry["found"] = .bool(true, at: at)
          for item in DotEnvParser.parse(envFile.text).entries {
            // `${…}` inside env_file values has changed meaning between compose versions:
            // keep such values unresolved unless every variable is known.
            var variable = Variable(
              name: item.name, value: item.value, unknownReason: nil, variables: [],
              location: envFile.at(line: item.line), origin: "env_file")
            if case .unresolved(let names) = ComposeInterpolation.interpolate(item.value, lookup) {
              variable.value = nil
              variable.unknownReason = "env_file value uses \(names.map { "${\($0)}" }.joined(separator: ", "))"
              variable.variables = names
            } else if case .value(let text) = ComposeInterpolation.interpolate(item.value, lookup) {
              variable.value = text
            }
            variables.append(variable)
          }
        } else {
          entry["found"] = .bool(false, at: at)
        }
        entry["required"] = .bool(required, at: at)
        envFiles.append(.map(entry, at: at))
      }
    }
    if let environment = fields["environment"] {
      variables += environmentVariables(environment, lookup: lookup, file: file)
    }
    var environmentFacts: OrderedDictionary<String, Fact> = [:]
    var origins: OrderedDictionary<String, Fact> = [:]
    for variable in variables {
      let fact: Fact
      if let value = variable.value {
        fact = DeploymentFacts.variable(name: variable.name, value: value, at: variable.location)
      } else {
        fact = .unknown(variable.unknownReason ?? "not set in the evidence", dependsOn: variable.variables, at: variable.location)
      }
      environmentFacts.removeValue(forKey: variable.name)
      environmentFacts[variable.name] = fact
      origins[variable.name] = .string(variable.origin, at: variable.location)
    }
    map["environment"] = .map(environmentFacts, at: fields["environment"]?.location ?? location)
    map["environment_origin"] = .map(origins, at: fields["environment"]?.location ?? location)
    map["env_files"] = .list(envFiles, at: fields["env_file"]?.location ?? location)

    if let ports = fields["ports"] {
      var items: [Fact] = []
      if case .list(let entries) = ports.value {
        for entry in entries { items.append(portFact(resolved(entry))) }
      }
      map["ports"] = .list(items, at: ports.location)
    } else {
      map["ports"] = .list([], at: location)
    }
    if let expose = fields["expose"] { map["expose"] = resolved(expose) }
    if let volumes = fields["volumes"] {
      var items: [Fact] = []
      if case .list(let entries) = volumes.value {
        for entry in entries { items.append(volumeFact(resolved(entry))) }
      }
      map["volumes"] = .list(items, at: volumes.location)
    }
    if let secrets = fields["secrets"] { map["secrets"] = resolved(secrets) }
    map["category"] = .string(serviceKind(name: name, fields: fields, program: command?.0.program), at: location)

    let service = Service(name: name, location: location, environment: variables, command: command.map { ($0.0, $0.1) })
    return (service, .map(map, at: location))
  }

  /// Images of tools that carry no Python application (`amazon/aws-cli`).
  static let toolImages = ["aws-cli"]

  /// The name of an image reference without registry, path and tag (`docker.io/postgres:18`
  /// is `postgres`).
  static func imageName(_ image: String) -> String {
    image.lowercased().split(separator: "/").last.map { String($0.split(separator: ":").first ?? "") } ?? ""
  }

  /// True when an image is a database, cache, broker, proxy or tool image: a container from
  /// it (or from a Dockerfile built on it) does not run the Django project.
  static func isServiceImage(_ image: String) -> Bool {
    let name = imageName(image)
    return proxyImages.contains(name) || toolImages.contains(name) || dataImages.contains(where: { name.hasPrefix($0) })
  }

  /// `app`, `proxy`, `data` or `other`: what the service is, from its image, name and command.
  static func serviceKind(name: String, fields: OrderedDictionary<String, Fact>, program: String?) -> String {
    if let program, program != "other" { return "app" }
    let imageName = Self.imageName(fields["image"]?.value.stringValue ?? "")
    if proxyImages.contains(imageName) || proxyImages.contains(name.lowercased()) || name.lowercased() == "proxy" { return "proxy" }
    if dataImages.contains(where: { imageName.hasPrefix($0) }) { return "data" }
    if ["web", "app", "django", "api", "backend", "wsgi", "asgi"].contains(name.lowercased()) || fields["build"] != nil {
      return "app"
    }
    return "other"
  }

  /// `environment:` as a map (`KEY: value`) or a list (`- KEY=value`, `- KEY`).
  static func environmentVariables(_ environment: Fact, lookup: (String) -> String?, file: EvidenceFile) -> [Variable] {
    var raw: [(String, Fact?, SourceLocation)] = []
    switch environment.value {
    case .map(let entries):
      for (name, value) in entries { raw.append((name, value, value.location ?? environment.location ?? file.at())) }
    case .list(let items):
      for item in items {
        guard let text = item.value.stringValue else { continue }
        let at = item.location ?? file.at()
        if let equals = text.firstIndex(of: "=") {
          raw.append((String(text[..<equals]), .string(String(text[text.index(after: equals)...]), at: at), at))
        } else {
          raw.append((text, nil, at))
        }
      }
    default: break
    }
    return raw.map { name, value, at in
      guard let value else {
        // `- NAME` (or `NAME:` with no value) passes the variable from the shell running compose.
        if let host = lookup(name) {
          return Variable(name: name, value: host, unknownReason: nil, variables: [], location: at, origin: "host")
        }
        return Variable(
          name: name, value: nil, unknownReason: "passed through from the shell running compose",
          variables: [name], location: at, origin: "host")
      }
      let text: String
      switch value.value {
      case .string(let string): text = string
      case .bool(let flag): text = flag ? "true" : "false"
      case .integer(let number): text = String(number)
      case .number(let number): text = String(number)
      case .null:
        if let host = lookup(name) {
          return Variable(name: name, value: host, unknownReason: nil, variables: [], location: at, origin: "host")
        }
        return Variable(
          name: name, value: nil, unknownReason: "passed through from the shell running compose",
          variables: [name], location: at, origin: "host")
      default: text = ""
      }
      switch ComposeInterpolation.interpolate(text, lookup) {
      case .value(let resolved):
        return Variable(
          name: name, value: resolved, unknownReason: nil, variables: [], location: at,
          origin: text.contains("$") ? "interpolated" : "literal")
      case .unresolved(let names):
        return Variable(
          name: name, value: nil,
          unknownReason: "depends on \(names.map { "${\($0)}" }.joined(separator: ", ")), not set in the evidence",
          variables: names, location: at, origin: "interpolated")
      case .invalid(let message):
        return Variable(name: name, value: nil, unknownReason: message, variables: [], location: at, origin: "interpolated")
      }
    }
  }

  /// Interpolates every string in a fact; unresolved strings become unknowns.
  static func resolve(_ fact: Fact, _ lookup: (String) -> String?, file: EvidenceFile, problems: inout [EvidenceError]) -> Fact {
    switch fact.value {
    case .string(let text):
      switch ComposeInterpolation.interpolate(text, lookup) {
      case .value(let value): return .string(SecretDetector.redact(value), at: fact.location)
      case .unresolved(let names):
        return .unknown(
          "'\(text)' depends on \(names.map { "${\($0)}" }.joined(separator: ", "))", dependsOn: names, at: fact.location)
      case .invalid(let message):
        problems.append(file.error(message, line: fact.location?.line, column: fact.location?.column, reader: reader))
        return .unknown(message, at: fact.location)
      }
    case .list(let items):
      return .list(items.map { resolve($0, lookup, file: file, problems: &problems) }, at: fact.location)
    case .map(let entries):
      var out: OrderedDictionary<String, Fact> = [:]
      for (key, value) in entries { out[key] = resolve(value, lookup, file: file, problems: &problems) }
      return .map(out, at: fact.location)
    default:
      return fact
    }
  }

  /// A port mapping: `"8000"`, `"8000:8000"`, `"127.0.0.1:8000:8000"`, `"[::1]:80:80/tcp"`, or the
  /// long form `{target, published, host_ip, protocol}`. Without a host address the port is
  /// published on every interface.
  static func portFact(_ fact: Fact) -> Fact {
    let at = fact.location
    var hostIP = ""
    var published: String?
    var target = ""
    var proto = "tcp"
    switch fact.value {
    case .integer(let number): target = String(number)
    case .string(var text):
      if let slash = text.lastIndex(of: "/") {
        proto = String(text[text.index(after: slash)...])
        text = String(text[..<slash])
      }
      if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
        hostIP = String(text[text.index(after: text.startIndex)..<close])
        text = String(text[text.index(after: close)...].dropFirst())
      }
      var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 3 { hostIP = parts.removeFirst() }
      if parts.count == 2 { published = parts.removeFirst() }
      target = parts.first ?? ""
    case .map(let entries):
      target = entries["target"].map(text) ?? ""
      published = entries["published"].map(text)
      hostIP = entries["host_ip"].map(text) ?? ""
      proto = entries["protocol"].map(text) ?? "tcp"
    default:
      return .map(["raw": fact, "public": .unknown("port mapping depends on the environment", at: at)], at: at)
    }
    let isPublic = hostIP.isEmpty || hostIP == "0.0.0.0" || hostIP == "::"
    var map: OrderedDictionary<String, Fact> = [:]
    map["raw"] = fact
    map["target"] = Int(target).map { .integer($0, at: at) } ?? .string(target, at: at)
    map["published"] = published.map { Int($0).map { .integer($0, at: at) } ?? .string($0, at: at) } ?? .null(at: at)
    map["host_ip"] = .string(hostIP.isEmpty ? "0.0.0.0" : hostIP, at: at)
    map["protocol"] = .string(proto, at: at)
    map["public"] = .bool(isPublic, at: at)
    return .map(map, at: at)
  }

  /// A volume: `src:dst[:mode]` or `{type, source, target, read_only}`.
  static func volumeFact(_ fact: Fact) -> Fact {
    let at = fact.location
    var source = ""
    var target = ""
    var readOnly = false
    switch fact.value {
    case .string(let text):
      let parts = text.split(separator: ":").map(String.init)
      if parts.count == 1 { target = parts[0] } else { source = parts[0]; target = parts[1] }
      if parts.count > 2 { readOnly = parts[2].split(separator: ",").contains("ro") }
    case .map(let entries):
      source = entries["source"].map(text) ?? ""
      target = entries["target"].map(text) ?? ""
      readOnly = entries["read_only"]?.value.boolValue ?? false
    default:
      return .map(["raw": fact], at: at)
    }
    let bind = source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~")
    return .map(
      [
        "raw": fact, "source": .string(source, at: at), "target": .string(target, at: at),
        "type": .string(source.isEmpty ? "anonymous" : (bind ? "bind" : "volume"), at: at),
        "read_only": .bool(readOnly, at: at),
        "docker_socket": .bool(source.hasSuffix("docker.sock"), at: at),
      ], at: at)
  }

  static func text(_ fact: Fact) -> String {
    switch fact.value {
    case .string(let text): return text
    case .integer(let number): return String(number)
    case .number(let number): return String(number)
    case .bool(let flag): return String(flag)
    default: return ""
    }
  }

  /// Removes `./` and `a/../` segments so env_file paths match bundle paths.
  static func normalize(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == "..", !parts.isEmpty, parts.last != ".." { parts.removeLast(); continue }
      parts.append(part)
    }
    return parts.joined(separator: "/")
  }
}
