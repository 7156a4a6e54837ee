import ArgumentParser
import Foundation
import ParapetEngine
import ParapetReports

/// `parapet explain RULE`: everything about a rule, from the rule itself.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a rule: rationale, references, remediation, examples and the facts it reads.")

  @Argument(help: "A rule id (e.g. strict-transport-security), or PACK/RULE.")
  var rule: String

  @Option(name: .customLong("pack"), help: "Also search this pack (name or folder; repeatable).")
  var packs: [String] = []

  func run() throws {
    var wantedPack: String?
    var wantedRule = rule
    if let slash = rule.firstIndex(of: "/"), !rule.hasPrefix(".") {
      wantedPack = String(rule[..<slash])
      wantedRule = String(rule[rule.index(after: slash)...])
    }
    var matches: [(Pack, RuleDescriptor, String)] = []
    var broken = false
    for name in PackLocator.shippedPackNames() + packs {
      // A pack that cannot be read is said, never skipped: the rule may be in it.
      let pack: Pack
      let engine: PolicyEngine
      do {
        pack = try PackLocator.load(name)
        if let wantedPack, pack.name != wantedPack { continue }
        engine = try PolicyEngine(packs: [pack], loadExamples: true)
      } catch {
        Console.error("parapet: \(name): \(error)")
        broken = true
        continue
      }
      for descriptor in engine.descriptors().first?.rules ?? [] where descriptor.id == wantedRule {
        let source = pack.rules.first { $0.path == descriptor.path }?.text ?? ""
        matches.append((pack, descriptor, source))
      }
    }
    guard !matches.isEmpty else {
      Console.error("parapet: no rule '\(rule)' in \((PackLocator.shippedPackNames() + packs).joined(separator: ", "))")
      throw ExitCode(2)
    }
    for (pack, descriptor, source) in matches {
      try Console.output(RuleExplanation.text(pack: pack, rule: descriptor, source: source) + "\n")
    }
    if broken { throw ExitCode(2) }
  }
}

/// The explanation of a rule, shared by `explain` and the generated docs.
enum RuleExplanation {
  static func text(pack: Pack, rule: RuleDescriptor, source: String) -> String {
    var out = "\(rule.id) — \(rule.title)\n"
    out += "pack: \(pack.name) \(pack.version) (\(pack.name)/\(rule.path))\n"
    out += "severity: \(rule.severity.rawValue)\n"
    if !rule.references.isEmpty { out += "references: \(rule.references.joined(separator: ", "))\n" }
    if let docs = rule.docs { out += "docs: \(docs)\n" }
    if !rule.description.isEmpty { out += "\n\(rule.description.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
    if !rule.rationale.isEmpty { out += "\nWhy:\n  \(rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n  "))\n" }
    if !rule.remediation.isEmpty { out += "\nFix:\n  \(rule.remediation.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n  "))\n" }
    let facts = PackDocs.factsRead(rule, source: source)
    if !facts.isEmpty { out += "\nReads facts: \(facts.joined(separator: ", "))\n" }
    for (group, title) in [("failing", "Failing examples"), ("passing", "Passing examples")] {
      guard let items = rule.examples?[group]?.array, !items.isEmpty else { continue }
      out += "\n\(title):\n"
      for (index, item) in items.enumerated() {
        out += "  \(index + 1).\n"
        if case .table(_, let files)? = item["files"] {
          for path in files.keys.sorted() {
            out += "    \(path):\n"
            for line in (files[path]?.string ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
              out += "      \(line)\n"
            }
          }
        }
        if let env = item["env"] { out += "    env: \(env.json.serialized(pretty: false))\n" }
        if let facts = item["facts"] { out += "    facts: \(facts.json.serialized(pretty: false))\n" }
        if let expect = item["expect"] { out += "    expect: \(expect.json.serialized(pretty: false))\n" }
      }
    }
    return out
  }
}
