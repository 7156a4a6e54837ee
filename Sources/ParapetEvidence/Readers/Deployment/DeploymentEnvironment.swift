import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// The environment the application runs with, collected from every deployment file of a bundle.
///
/// Sources, from strongest to weakest: the scan's own environment (`--env`, `--env-file`), then
/// docker compose services and Kubernetes containers (which set variables at run time), then the
/// final stage's `ENV` of each Dockerfile (image defaults), then `.env` files. Sources whose
/// names mark them as development (`docker-compose.override.yml`, `compose/local/…`,
/// `Dockerfile.dev`) come after every production source, so a developer's `DEBUG=True` never
/// decides a production setting, but still shows up as a disagreement. Template files
/// (`.env.example`, `.env.sample`, `.env.template`) are not sources.
///
/// The Django settings reader calls `collect(_:context:)` and evaluates settings under
/// `mergedEnvironment`; the `deploy.environment` facts show the same result with provenance.
public struct DeploymentEnvironment: Sendable {
  /// Where a variable was set.
  public struct Source: Sendable, Hashable {
    /// `explicit`, `compose`, `kubernetes`, `dockerfile` or `dotenv`.
    public var kind: String
    /// A name a user recognizes: `docker-compose.yml service web`, `Dockerfile final stage`.
    public var name: String
    /// The file, or `--env` for explicit values.
    public var file: String
    /// `production`, `development` or `default` (see `DeploymentRole`).
    public var role: String
    /// Lower is stronger.
    public var precedence: Int
  }

  /// One variable as one source sets it.
  public struct Value: Sendable {
    public var name: String
    /// The value, or nil when the source takes it from somewhere not in the evidence (a
    /// Kubernetes Secret, the shell running compose, an unset `${VAR}`).
    public var value: String?
    /// Why the value is not known, when it is not.
    public var unknownReason: String?
    public var location: SourceLocation?
    public var source: Source
  }

  /// A variable across sources: the strongest source's value first.
  public struct Merged: Sendable {
    public var name: String
    /// Every source that sets it, strongest first.
    public var candidates: [Value]
    /// The value that wins.
    public var winner: Value { candidates[0] }
    /// True when known values differ between sources.
    public var conflict: Bool {
      Set(candidates.compactMap(\.value)).count > 1
    }
  }

  public var sources: [Source]
  public var values: [Value]
  public var merged: OrderedDictionary<String, Merged>

  /// The winning known values, for evaluating settings.
  public var mergedEnvironment: [String: String] {
    var environment: [String: String] = [:]
    for (name, entry) in merged { if let value = entry.winner.value { environment[name] = value } }
    return environment
  }

  /// Where each winning value came from (`docker-compose.yml:12`), in `ScanContext`'s format.
  public var mergedSources: [String: String] {
    var sources: [String: String] = [:]
    for (name, entry) in merged where entry.winner.value != nil {
      sources[name] = entry.winner.location?.description ?? entry.winner.source.file
    }
    return sources
  }

  /// A scan context whose environment also holds the deployment's values (explicit values
  /// still win, as they are the strongest source).
  public func context(extending context: ScanContext) -> ScanContext {
    var copy = context
    for (name, value) in mergedEnvironment where copy.environment[name] == nil {
      copy.environment[name] = value
      copy.environmentSources[name] = mergedSources[name]
    }
    return copy
  }

  static let precedence = ["explicit": 0, "compose": 1, "kubernetes": 1, "dockerfile": 2, "dotenv": 3]
  static let templateSuffixes = [".example", ".sample", ".template", ".dist", ".tpl"]

  /// Collects every source of the bundle.
  public static func collect(_ bundle: EvidenceBundle, context: ScanContext) -> DeploymentEnvironment {
    var values: [Value] = []
    var sources: [Source] = []
    func source(_ kind: String, _ name: String, _ file: String, _ role: String) -> Source {
      let base = precedence[kind] ?? 9
      let made = Source(kind: kind, name: name, file: file, role: role, precedence: role == "development" ? base + 10 : base)
      sources.append(made)
      return made
    }

    if !context.environment.isEmpty {
      let explicit = source("explicit", "--env / --env-file", "--env", "production")
      for name in context.environment.keys.sorted() {
        let origin = context.environmentSources[name] ?? "--env"
        values.append(
          Value(name: name, value: context.environment[name], unknownReason: nil, location: SourceLocation(file: origin), source: explicit))
      }
    }
    for file in bundle.files {
      if ComposeReader.isComposeFile(file), let project = try? ComposeFile.load(file, bundle: bundle, context: context) {
        for service in project.services {
          let made = source("compose", "\(file.path) service \(service.name)", file.path, project.role)
          for variable in service.environment {
            values.append(
              Value(name: variable.name, value: variable.value, unknownReason: variable.unknownReason, location: variable.location, source: made))
          }
        }
      } else if DockerfileReader.isDockerfile(file) {
        let built = DockerfileReader.stages(of: file)
        guard let final = built.stages.last else { continue }
        let role = DeploymentRole.of(path: file.path, names: final.name.map { [$0] } ?? [])
        let made = source("dockerfile", "\(file.path) final stage", file.path, role)
        for (name, entry) in final.env {
          values.append(
            Value(
              name: name, value: entry.unresolved.isEmpty ? entry.value : nil,
              unknownReason: entry.unresolved.isEmpty ? nil : "uses build arguments \(entry.unresolved.joined(separator: ", "))",
              location: file.at(line: entry.line), source: made))
        }
      } else if DotEnvReader.isDotEnvName(file.name), !templateSuffixes.contains(where: file.name.hasSuffix) {
        let made = source("dotenv", file.path, file.path, DeploymentRole.of(path: file.path))
        for entry in DotEnvParser.parse(file.text).entries {
          values.append(Value(name: entry.name, value: entry.value, unknownReason: nil, location: file.at(line: entry.line), source: made))
        }
      } else if KubernetesReader().claims(file) {
        values += kubernetesValues(file, source: { source("kubernetes", $0, file.path, $1) })
      }
    }
    // Strongest first; within one strength, bundle order (sorted paths) decides.
    var merged: OrderedDictionary<String, Merged> = [:]
    let ordered = values.enumerated().sorted {
      ($0.element.source.precedence, $0.offset) < ($1.element.source.precedence, $1.offset)
    }.map(\.element)
    for value in ordered {
      merged[value.name, default: Merged(name: value.name, candidates: [])].candidates.append(value)
    }
    merged.sort { $0.key < $1.key }
    return DeploymentEnvironment(sources: sources, values: values, merged: merged)
  }

  /// Literal `env` values of every container in a manifest; references to Secrets and
  /// ConfigMaps are unknown values.
  static func kubernetesValues(_ file: EvidenceFile, source: (String, String) -> Source) -> [Value] {
    var values: [Value] = []
    for (object, kind, spec) in KubernetesReader.podSpecs(file) {
      let workload = object.lookup("metadata.name")?.value.stringValue ?? "(unnamed)"
      let namespace = object.lookup("metadata.namespace")?.value.stringValue ?? "default"
      for key in ["initContainers", "containers"] {
        guard case .list(let containers)? = spec[key]?.value else { continue }
        for container in containers {
          let name = container["name"]?.value.stringValue ?? "(unnamed)"
          let made = source("\(file.path) \(kind) \(workload) container \(name)", DeploymentRole.of(path: file.path, names: [namespace]))
          guard case .list(let items)? = container["env"]?.value else { continue }
          for item in items {
            guard let variable = item["name"]?.value.stringValue else { continue }
            if let value = item["value"] {
              let text: String
              switch value.value {
              case .string(let string): text = string
              case .bool(let flag): text = flag ? "true" : "false"
              case .integer(let number): text = String(number)
              default: text = ""
              }
              values.append(Value(name: variable, value: text, unknownReason: nil, location: value.location, source: made))
            } else {
              let reference = item.lookup("valueFrom.secretKeyRef") != nil ? "a Secret" : "a reference (valueFrom)"
              values.append(
                Value(name: variable, value: nil, unknownReason: "set from \(reference) at run time", location: item.location, source: made))
            }
          }
        }
      }
    }
    return values
  }

  // MARK: Facts

  /// `deploy.environment`: every variable with its winning value, source and disagreements.
  public var fact: Fact {
    var variables: OrderedDictionary<String, Fact> = [:]
    var conflicts: [Fact] = []
    for (name, entry) in merged {
      let winner = entry.winner
      var map: OrderedDictionary<String, Fact> = [:]
      map["value"] = Self.valueFact(winner)
      map["source"] = .string(winner.source.name, at: winner.location)
      map["source_kind"] = .string(winner.source.kind, at: winner.location)
      map["role"] = .string(winner.source.role, at: winner.location)
      map["conflict"] = .bool(entry.conflict, at: winner.location)
      map["candidates"] = .list(
        entry.candidates.map { candidate in
          .map(
            [
              "value": Self.valueFact(candidate),
              "source": .string(candidate.source.name, at: candidate.location),
              "source_kind": .string(candidate.source.kind, at: candidate.location),
              "role": .string(candidate.source.role, at: candidate.location),
            ], at: candidate.location)
        }, at: winner.location)
      if entry.conflict { conflicts.append(.string(name, at: winner.location)) }
      variables[name] = .map(map, at: winner.location)
    }
    return .map(
      [
        "vars": .map(variables),
        "conflicts": .list(conflicts),
        "sources": .list(
          sources.map { source in
            .map(
              [
                "source_kind": .string(source.kind), "name": .string(source.name), "path": .string(source.file),
                "role": .string(source.role), "precedence": .integer(source.precedence),
              ])
          }),
      ])
  }

  static func valueFact(_ value: Value) -> Fact {
    guard let text = value.value else {
      return .unknown(value.unknownReason ?? "not set in the evidence", dependsOn: [value.name], at: value.location)
    }
    return DeploymentFacts.variable(name: value.name, value: text, at: value.location)
  }
}

/// Puts the collected environment under `deploy.environment`.
public struct DeploymentEnvironmentReader: BundleReader {
  public let kind = "deploy-environment"

  public init() {}

  public func read(_ bundle: EvidenceBundle, into facts: inout FactTree, context: ScanContext) -> [EvidenceError] {
    let environment = DeploymentEnvironment.collect(bundle, context: context)
    guard !environment.values.isEmpty else { return [] }
    facts.set(["deploy", "environment"], environment.fact)
    return []
  }
}
