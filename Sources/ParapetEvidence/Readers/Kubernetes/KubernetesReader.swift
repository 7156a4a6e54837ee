import Foundation
import OrderedCollections
import ParapetFacts

/// Reads Kubernetes manifests (multi-document YAML) into `kubernetes.containers`,
/// `kubernetes.workloads` and `kubernetes.ingresses`, and each file whole into the raw layer
/// `raw.kubernetes[<path>]` (every object of every kind; docs/facts/kubernetes.md).
///
/// Each container gets its **effective** security context: a container's own
/// `securityContext` overrides the pod's for the fields both have (`runAsNonRoot`, `runAsUser`,
/// `runAsGroup`, `seccompProfile`), the rest exist only per container. Every value points at
/// the line that set it, or at the container when nothing did. Helm templates are not YAML:
/// they are recorded as unsupported, to be rendered with `helm template` first.
public struct KubernetesReader: EvidenceReader {
  public let kind = "kubernetes"

  public init() {}

  static let workloadKinds: Set<String> = [
    "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController",
  ]

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    guard name.hasSuffix(".yml") || name.hasSuffix(".yaml") else { return false }
    let text = file.text
    let hasAPIVersion = text.hasPrefix("apiVersion:") || text.contains("\napiVersion:")
    let hasKind = text.hasPrefix("kind:") || text.contains("\nkind:")
    return hasAPIVersion && hasKind
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    if file.text.contains("{{") {
      facts.append(
        ["kubernetes", "unsupported"],
        .map(
          ["path": .string(file.path, at: file.at()),
           "why": .string("Helm template: render it with `helm template` and scan the output", at: file.at())],
          at: file.at()))
      return
    }
    // One parse per file: the raw entry and the curated view share the documents (the views
    // never read a Secret's data, so hiding it first changes nothing they see).
    let documents = try YAMLFacts.documents(file, reader: kind).map(Self.hidingSecretData)
    facts.set(["raw", kind, file.path], YAMLFacts.rawEntry(documents, file: file))
    var errors: [EvidenceError] = []
    for document in documents {
      read(object: document, file: file, into: &facts, errors: &errors)
    }
    if !errors.isEmpty { throw EvidenceErrors(errors) }
  }

  private func read(object: Fact, file: EvidenceFile, into facts: inout FactTree, errors: inout [EvidenceError]) {
    guard case .map = object.value else { return }
    guard let kindName = object["kind"]?.value.stringValue else {
      if object["apiVersion"] != nil {
        errors.append(file.error("Kubernetes object without `kind`", line: object.location?.line, reader: kind))
      }
      return
    }
    let name = object.lookup("metadata.name")?.value.stringValue ?? "(unnamed)"
    let namespace = object.lookup("metadata.namespace")?.value.stringValue ?? "default"
    switch kindName {
    case "List":
      if case .list(let items)? = object["items"]?.value {
        for item in items { read(object: item, file: file, into: &facts, errors: &errors) }
      }
    case "Ingress":
      facts.append(["kubernetes", "ingresses"], ingressFact(object, name: name, namespace: namespace, file: file))
    case _ where Self.workloadKinds.contains(kindName):
      let template: Fact?
      switch kindName {
      case "Pod": template = object
      case "CronJob": template = object.lookup("spec.jobTemplate.spec.template")
      default: template = object.lookup("spec.template")
      }
      guard let template, let podSpec = template["spec"] else {
        errors.append(file.error("\(kindName) \(name) has no pod template spec", line: object.location?.line, reader: kind))
        return
      }
      workload(kind: kindName, name: name, namespace: namespace, object: object, pod: podSpec, file: file, into: &facts)
    default:
      break
    }
  }

  // MARK: Workloads

  private func workload(
    kind kindName: String, name: String, namespace: String, object: Fact, pod: Fact, file: EvidenceFile,
    into facts: inout FactTree
  ) {
    let at = object.location ?? file.at()
    let podContext = pod["securityContext"]
    let role = DeploymentRole.of(path: file.path, names: [namespace])
    var workload: OrderedDictionary<String, Fact> = [:]
    workload["path"] = .string(file.path, at: at)
    workload["workload_kind"] = .string(kindName, at: at)
    workload["name"] = .string(name, at: at)
    workload["namespace"] = .string(namespace, at: at)
    workload["role"] = .string(role, at: at)
    for key in ["hostNetwork", "hostPID", "hostIPC", "automountServiceAccountToken", "serviceAccountName"] {
      workload[key] = pod[key] ?? .null(at: pod.location)
    }
    var hostPaths: [Fact] = []
    if case .list(let volumes)? = pod["volumes"]?.value {
      for volume in volumes where volume["hostPath"] != nil {
        hostPaths.append(volume.lookup("hostPath.path") ?? volume)
      }
    }
    workload["host_paths"] = .list(hostPaths, at: pod["volumes"]?.location ?? at)
    workload["security_context"] = podContext ?? .null(at: pod.location)
    facts.append(["kubernetes", "workloads"], .map(workload, at: at))

    for (key, isInit) in [("initContainers", true), ("containers", false)] {
      guard case .list(let containers)? = pod[key]?.value else { continue }
      for container in containers {
        let fact = containerFact(
          container, isInit: isInit, podContext: podContext, workloadKind: kindName, workloadName: name,
          namespace: namespace, role: role, file: file, into: &facts)
        facts.append(["kubernetes", "containers"], fact)
      }
    }
  }

  private func containerFact(
    _ container: Fact, isInit: Bool, podContext: Fact?, workloadKind: String, workloadName: String,
    namespace: String, role: String, file: EvidenceFile, into facts: inout FactTree
  ) -> Fact {
    let at = container.location ?? file.at()
    let name = container["name"]?.value.stringValue ?? "(unnamed)"
    let own = container["securityContext"]
    var map: OrderedDictionary<String, Fact> = [:]
    map["path"] = .string(file.path, at: at)
    map["workload_kind"] = .string(workloadKind, at: at)
    map["workload"] = .string(workloadName, at: at)
    map["namespace"] = .string(namespace, at: at)
    map["name"] = .string(name, at: at)
    map["init"] = .bool(isInit, at: at)
    map["role"] = .string(role, at: at)
    map["image"] = container["image"] ?? .null(at: at)
    if let image = container["image"]?.value.stringValue {
      let base = image.split(separator: "@").first.map(String.init) ?? image
      let lastPart = base.split(separator: "/").last.map(String.init) ?? base
      let tag = lastPart.contains(":") ? String(lastPart.split(separator: ":").last ?? "") : "latest"
      map["image_tag"] = .string(tag, at: container["image"]?.location)
      map["image_digest"] = .bool(image.contains("@sha256:"), at: container["image"]?.location)
    }

    // Effective security context: container first, then pod, for the shared fields.
    var security: OrderedDictionary<String, Fact> = [:]
    for key in ["runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile"] {
      security[key] = own?[key] ?? podContext?[key] ?? .null(at: at)
    }
    for key in ["privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities"] {
      security[key] = own?[key] ?? .null(at: own?.location ?? at)
    }
    map["security"] = .map(security, at: own?.location ?? podContext?.location ?? at)
    map["runs_as_root"] = runsAsRoot(security, at: at)
    var added: [Fact] = []
    var dropped: [Fact] = []
    if case .list(let items)? = security["capabilities"]?["add"]?.value { added = items }
    if case .list(let items)? = security["capabilities"]?["drop"]?.value { dropped = items }
    map["capabilities_add"] = .list(added, at: security["capabilities"]?.location ?? at)
    map["capabilities_drop_all"] = .bool(
      dropped.contains { $0.value.stringValue?.uppercased() == "ALL" }, at: security["capabilities"]?.location ?? at)

    // Environment: literal values, references to Secrets and ConfigMaps.
    var environment: OrderedDictionary<String, Fact> = [:]
    var sources: OrderedDictionary<String, Fact> = [:]
    if case .list(let items)? = container["env"]?.value {
      for item in items {
        guard let variable = item["name"]?.value.stringValue else { continue }
        let itemAt = item.location ?? at
        if let value = item["value"] {
          let text: String
          switch value.value {
          case .string(let string): text = string
          case .bool(let flag): text = flag ? "true" : "false"
          case .integer(let number): text = String(number)
          default: text = ""
          }
          environment[variable] = DeploymentFacts.variable(name: variable, value: text, at: value.location ?? itemAt)
          sources[variable] = .string("literal", at: itemAt)
        } else if let reference = item.lookup("valueFrom.secretKeyRef") {
          let secretName = reference["name"]?.value.stringValue ?? "?"
          let key = reference["key"]?.value.stringValue ?? "?"
          environment[variable] = .unknown(
            "from Secret \(secretName) key \(key)", dependsOn: [variable], at: reference.location ?? itemAt)
          sources[variable] = .string("secret", at: itemAt)
        } else if let reference = item.lookup("valueFrom.configMapKeyRef") {
          let mapName = reference["name"]?.value.stringValue ?? "?"
          let key = reference["key"]?.value.stringValue ?? "?"
          environment[variable] = .unknown(
            "from ConfigMap \(mapName) key \(key)", dependsOn: [variable], at: reference.location ?? itemAt)
          sources[variable] = .string("configmap", at: itemAt)
        } else {
          environment[variable] = .unknown("from the pod's field or resources", dependsOn: [variable], at: itemAt)
          sources[variable] = .string("field", at: itemAt)
        }
      }
    }
    map["env"] = .map(environment, at: container["env"]?.location ?? at)
    map["env_sources"] = .map(sources, at: container["env"]?.location ?? at)
    map["env_from"] = container["envFrom"] ?? .list([], at: at)

    // What it runs: command + args, else the image's own entrypoint (unknown here).
    var argv: [String] = []
    for key in ["command", "args"] {
      if case .list(let items)? = container[key]?.value {
        argv += items.map { $0.value.stringValue ?? "" }
      }
    }
    if !argv.isEmpty {
      let commandAt = container["command"]?.location ?? container["args"]?.location
      let command = ServerCommand.analyze(argv: argv)
      map["server"] = .string(command.program, at: commandAt)
      DeploymentFacts.addCommand(
        command, origin: "kubernetes", name: "\(workloadName)/\(name)", role: role, file: file.path,
        at: commandAt, into: &facts)
    }
    var ports: [Fact] = []
    if case .list(let items)? = container["ports"]?.value {
      for item in items { ports.append(item["containerPort"] ?? item) }
    }
    map["ports"] = .list(ports, at: container["ports"]?.location ?? at)
    map["resources_limits"] = .bool(container.lookup("resources.limits") != nil, at: at)
    return .map(map, at: at)
  }

  /// True, false, or unknown when neither `runAsNonRoot` nor `runAsUser` decides and the image's
  /// `USER` would.
  func runsAsRoot(_ security: OrderedDictionary<String, Fact>, at location: SourceLocation) -> Fact {
    if let user = security["runAsUser"], case .integer(let id) = user.value {
      return .bool(id == 0, at: user.location)
    }
    if let nonRoot = security["runAsNonRoot"], case .bool(true) = nonRoot.value {
      return .bool(false, at: nonRoot.location)
    }
    return .unknown("neither runAsNonRoot nor runAsUser is set: the image's USER decides", at: location)
  }

  // MARK: Ingress

  private func ingressFact(_ object: Fact, name: String, namespace: String, file: EvidenceFile) -> Fact {
    let at = object.location ?? file.at()
    var map: OrderedDictionary<String, Fact> = [:]
    map["path"] = .string(file.path, at: at)
    map["name"] = .string(name, at: at)
    map["namespace"] = .string(namespace, at: at)
    let annotations = object.lookup("metadata.annotations")
    map["annotations"] = annotations ?? .map([:], at: at)
    var tls: [Fact] = []
    var tlsHosts: [Fact] = []
    if case .list(let items)? = object.lookup("spec.tls")?.value {
      for item in items {
        tls.append(item)
        if case .list(let hosts)? = item["hosts"]?.value { tlsHosts += hosts }
      }
    }
    map["tls"] = .list(tls, at: object.lookup("spec.tls")?.location ?? at)
    map["tls_hosts"] = .list(tlsHosts, at: object.lookup("spec.tls")?.location ?? at)
    var hosts: [Fact] = []
    if case .list(let rules)? = object.lookup("spec.rules")?.value {
      for rule in rules { if let host = rule["host"] { hosts.append(host) } }
    }
    map["hosts"] = .list(hosts, at: object.lookup("spec.rules")?.location ?? at)
    // ingress-nginx redirects to HTTPS by default when TLS is configured; the annotation can
    // switch it off.
    if case .map(let entries)? = annotations?.value {
      for (key, value) in entries where key.hasSuffix("/ssl-redirect") || key.hasSuffix("/force-ssl-redirect") {
        map[key.hasSuffix("/force-ssl-redirect") ? "force_ssl_redirect" : "ssl_redirect"] = value
      }
    }
    return .map(map, at: at)
  }
}
