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

  @Flag(help: "Print plain values only (what fact.value(node) gives), without kinds and locations.")
  var values = false

  @Option(help: ArgumentHelp("Print only the subtree at a dotted path, e.g. django.settings.", valueName: "PATH"))
  var path: String?

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var pluginOptions: PluginOptions

  func run() throws {
    let context = try environment.context()
    let (registry, pluginErrors) = pluginOptions.registry()
    let bundle = EvidenceBundle(paths: paths)
    var result = EvidenceLoader(registry: registry).load(bundle, context: context)
    result.errors = pluginErrors + result.errors
    var fact = result.facts.fact
    if let path {
      guard let found = result.facts.lookup(path) else {
        Console.error("parapet: no fact at '\(path)'")
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
