import ArgumentParser
import Foundation
import ParapetEngine
import ParapetFacts
import ParapetReports

/// `parapet explain RULE`: everything about a rule, from the rule itself.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a rule: rationale, references, remediation, examples and the facts it reads.")

  @Argument(help: "A rule id (e.g. strict-transport-security), PACK/RULE, or a Django check id (security.W004): the rules that reference it.")
  var rule: String

  @Option(name: .customLong("pack"), help: "Also search this pack (name or folder; repeatable; parapet.toml's packs are searched too).")
  var packs: [String] = []

  @OptionGroup var pluginOptions: PluginOptions

  @OptionGroup var project: ProjectOptions

  func run() throws {
    let (configuration, projectPlugins) = try project.loadWithPlugins()
    // Shipped packs, parapet.toml's, then --pack: the rule may be in any of them.
    var loaders = ProjectFile.packLoaders([], project: nil)
    if let configuration, !configuration.packs.isEmpty {
      loaders += ProjectFile.packLoaders([], project: configuration).filter { entry in
        !loaders.contains { $0.label == entry.label }
      }
    }
    loaders += ProjectFile.packLoaders(packs, project: configuration).filter { _ in !packs.isEmpty }
    var wantedPack: String?
    var wantedRule = rule
    if let slash = rule.firstIndex(of: "/"), !rule.hasPrefix(".") {
      wantedPack = String(rule[..<slash])
      wantedRule = String(rule[rule.index(after: slash)...])
    }
    var matches: [(Pack, RuleDescriptor, String, EvidenceRequirements.Problem?)] = []
    var broken = false
    var seen = Set<String>()
    for (name, load) in loaders {
      // A pack that cannot be read is said, never skipped: the rule may be in it.
      let pack: Pack
      let engine: PolicyEngine
      do {
        pack = try load()
        if let wantedPack, pack.name != wantedPack { continue }
        guard seen.insert(pack.root.standardizedFileURL.path).inserted else { continue }
        let (registry, pluginErrors) = pluginOptions.registry(packs: [pack], extra: projectPlugins)
        if let first = pluginErrors.first { throw SetupError("\(first)") }
        engine = try PolicyEngine(packs: [pack], loadExamples: true, namespaces: registry.namespaces)
      } catch {
        Console.error("parapet: \(name): \(error)")
        broken = true
        continue
      }
      // A Django check id (`security.W004`, as Django prints it) names the rules referencing it.
      for descriptor in engine.descriptors().first?.rules ?? []
      where descriptor.id == wantedRule || descriptor.references.contains("django:" + wantedRule) {
        let source = pack.rules.first { $0.path == descriptor.path }?.text ?? ""
        matches.append((pack, descriptor, source, engine.evidenceProblems["\(pack.name)\u{0}\(descriptor.id)"]))
      }
    }
    guard !matches.isEmpty else {
      Console.error("parapet: no rule '\(OutputNeutralizer.line(rule))' in \(loaders.map(\.label).joined(separator: ", "))")
      throw ExitCode(2)
    }
    for (pack, descriptor, source, problem) in matches {
      try Console.output(RuleExplanation.text(pack: pack, rule: descriptor, source: source) + "\n")
      // A rule that reads what no loaded reader or plugin produces cannot run: said, exit 2.
      if let problem {
        Console.error("parapet: \(problem.file)\(problem.line.map { ":\($0)" } ?? ""): \(OutputNeutralizer.line(problem.message))")
        broken = true
      }
    }
    if broken { throw ExitCode(2) }
  }
}

/// The explanation of a rule, shared by `explain` and the generated docs.
enum RuleExplanation {
  /// Everything here comes from a pack: single-line fields go through
  /// `OutputNeutralizer.line`, prose is laid out line by line with an indent
  /// (`OutputNeutralizer.lines`), so no escape, CR or separator reaches the terminal.
  static func text(pack: Pack, rule: RuleDescriptor, source: String) -> String {
    func one(_ text: String) -> String { OutputNeutralizer.line(text) }
    func prose(_ text: String) -> String {
      OutputNeutralizer.block(text.trimmingCharacters(in: .whitespacesAndNewlines), separator: "\n  ")
    }
    var out = "\(one(rule.id)) — \(one(rule.title))\n"
    out += "pack: \(one(pack.name)) \(one(pack.version)) (\(one(pack.name))/\(one(rule.path)))\n"
    out += "severity: \(rule.severity.rawValue)\n"
    if !rule.references.isEmpty { out += "references: \(one(rule.references.joined(separator: ", ")))\n" }
    if let docs = rule.docs { out += "docs: \(one(docs))\n" }
    if !rule.description.isEmpty { out += "\n  \(prose(rule.description))\n" }
    if !rule.rationale.isEmpty { out += "\nWhy:\n  \(prose(rule.rationale))\n" }
    if !rule.remediation.isEmpty { out += "\nFix:\n  \(prose(rule.remediation))\n" }
    let facts = PackDocs.factsRead(rule, source: source)
    if !facts.isEmpty { out += "\nReads facts: \(one(facts.joined(separator: ", ")))\n" }
    if !pack.plugins.isEmpty {
      out += "Pack plugins: \(one(pack.plugins.map(\.reference).joined(separator: ", ")))\n"
    }
    for (group, title) in [("failing", "Failing examples"), ("passing", "Passing examples")] {
      guard let items = rule.examples?[group]?.array, !items.isEmpty else { continue }
      out += "\n\(title):\n"
      for (index, item) in items.enumerated() {
        out += "  \(index + 1).\n"
        if case .table(_, let files)? = item["files"] {
          for path in files.keys.sorted() {
            out += "    \(one(path)):\n"
            for line in OutputNeutralizer.lines(files[path]?.string ?? "") {
              out += "      \(line)\n"
            }
          }
        }
        if let env = item["env"] { out += "    env: \(one(env.json.serialized(pretty: false)))\n" }
        if let facts = item["facts"] { out += "    facts: \(one(facts.json.serialized(pretty: false)))\n" }
        if let expect = item["expect"] { out += "    expect: \(one(expect.json.serialized(pretty: false)))\n" }
      }
    }
    return out
  }
}
