import ArgumentParser
import Foundation
import ParapetEvidence
import ParapetFacts

/// `parapet facts PATH...`: the fact tree a rule receives, as JSON with locations.
struct FactsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "facts",
    abstract: "Print the facts read from evidence, as policies see them (JSON).")

  @Argument(help: "Evidence folders or files.")
  var paths: [String]

  @Flag(help: "Print plain values only (what node.value gives), without kinds and locations.")
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
    let context = try environment.context()
    let (registry, pluginErrors) = pluginOptions.registry()
    let bundle = EvidenceBundle(paths: paths)
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
