import ArgumentParser
import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// `parapet facts PATH...`: the fact tree a rule receives, as JSON with locations.
struct FactsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "facts",
    abstract: "Print the facts read from evidence, as policies see them (JSON).")

  @Argument(help: "Evidence folders or files (default: parapet.toml's `evidence`).")
  var paths: [String] = []

  @Flag(help: "Print plain values only (what fact.value(node) gives), without kinds and locations.")
  var values = false

  @Flag(
    help: ArgumentHelp(
      "Print only the raw layer (`raw`): every file each reader read, whole, with locations (docs/facts/README.md)."))
  var raw = false

  @Option(
    help: ArgumentHelp(
      "Print only the subtree at a path: dotted keys, brackets for keys with dots or slashes and for list positions, e.g. raw.kubernetes[\"deploy/app.yaml\"].documents[1].kind. With --raw, relative to the raw layer.",
      valueName: "PATH"))
  var path: String?

  @Option(name: .customLong("exclude"), help: ArgumentHelp("Never read paths matching this glob (repeatable; relative to the scan root: ** any folders, * and ? within a name).", valueName: "GLOB"))
  var exclude: [String] = []

  @Option(help: ArgumentHelp("The project configuration, trusted (default: parapet.toml in the first folder given, as `scan` finds it).", valueName: "FILE"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Ignore parapet.toml (its evidence, exclude, environment and plugins).")
  var noConfig = false

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var pluginOptions: PluginOptions

  func run() throws {
    // A malformed path is the user's typo: say so before reading any evidence.
    var address: FactPath?
    if let path {
      do {
        address = try FactPath(parsing: path)
      } catch {
        Console.error("parapet: \(error)")
        throw ExitCode(2)
      }
      // `--raw --path raw.kubernetes` and `--raw --path kubernetes` mean the same.
      if raw, address?.segments.first == .name("raw") { address?.segments.removeFirst() }
    }
    // The facts a scan would read: parapet.toml's evidence, exclusions, environment and plugins
    // (its packs' plugins too), with the command line winning, exactly as `scan` merges them.
    let project: ProjectConfiguration?
    let targets: [String]
    let context: ScanContext
    let exclusions: [String]
    var packs: [Pack] = []
    var projectPlugins: [String] = []
    do {
      project = try ProjectFile.load(config: config, noConfig: noConfig, paths: paths)
      targets = paths.isEmpty ? (project.map { $0.evidence.map($0.resolve) } ?? []) : paths
      guard !targets.isEmpty else {
        throw SetupError("nothing to read: give evidence folders or files (or `evidence = [...]` in parapet.toml)")
      }
      exclusions = try ScanSetup.exclusions(project: project, commandLine: exclude)
      context = try ScanSetup.context(project: project, environment: environment, targets: targets)
      projectPlugins = try ProjectFile.plugins(project)
      if let project, !project.packs.isEmpty {
        packs = try project.packs.map { try PackLocator.load(project.resolvePack($0), confinement: project.confinement) }
      }
    } catch {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
    let (registry, pluginErrors) = pluginOptions.registry(packs: packs, extra: projectPlugins)
    let bundle = EvidenceBundle(paths: targets, exclude: EvidenceExclusion(exclusions))
    var result = EvidenceLoader(registry: registry).load(bundle, context: context)
    result.errors = pluginErrors + result.errors
    var fact = result.facts.fact
    if raw {
      // No reader claimed a file: the raw layer is empty, not missing.
      fact = result.facts.root["raw"] ?? .map([:])
    }
    if let address, let path {
      guard let found = address.resolve(in: fact) else {
        Console.error("parapet: no fact at '\(path)'\(raw ? " in the raw layer" : "")")
        throw ExitCode(2)
      }
      fact = found
    }
    let json = values ? FactJSON.plain(fact) : FactJSON.render(fact)
    try Console.output(json.serialized(pretty: true) + "\n")
    for error in result.errors { Console.error("parapet: \(error)") }
    if !result.errors.isEmpty { throw ExitCode(2) }
  }
}
