import ArgumentParser
import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts

/// `parapet diff-packs OLD NEW BUNDLE...`: replay two versions of a pack over stored evidence
/// and show what changes per rule and per grade, before adopting the new one.
struct DiffPacksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff-packs",
    abstract: "Compare two versions of a pack over stored evidence bundles.",
    discussion: "Exit code 0 when nothing changes, 1 when some outcome or grade changes.")

  @Argument(help: "The current pack (name or folder).")
  var old: String

  @Argument(help: "The candidate pack (folder).")
  var new: String

  @Argument(help: "Evidence bundles (folders or files) to replay.")
  var bundles: [String]

  @Option(help: "text or json.")
  var format: String = "text"

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var pluginOptions: PluginOptions

  func run() throws {
    let oldPack = try PackLocator.load(old)
    let newPack = try PackLocator.load(new)
    var context = try environment.context()
    // Each bundle is scanned on its own, so a server folder can name a folder of only one.
    if bundles.count > 1 && !environment.serverDirectories.isEmpty {
      throw ValidationError("--server-dir needs a single bundle here (each bundle is replayed on its own)")
    }
    context.serverFolders = try environment.serverFolders(projectDirectories: [], projectMissing: [], targets: bundles, names: nil)
    context.installedPackages = try environment.installedPackages(projectFolders: [])
    let registry = pluginOptions.registry().registry
    func settings(_ pack: Pack) -> ScanSettings {
      var settings = ScanSettings(packs: [pack])
      settings.context = context
      settings.registry = registry
      return settings
    }
    let oldSettings = settings(oldPack)
    let newSettings = settings(newPack)
    let oldPipeline = try ScanPipeline(oldSettings)
    let newPipeline = try ScanPipeline(newSettings)
    var changed = false
    var documents: [JSONValue] = []
    for bundle in bundles {
      let before = oldPipeline.scan([bundle]).packs.first
      let after = newPipeline.scan([bundle]).packs.first
      let changes = Self.changes(before?.findings ?? [], after?.findings ?? [])
      let gradeBefore = before?.grade?.grade ?? "—"
      let gradeAfter = after?.grade?.grade ?? "—"
      let scoreBefore = before?.grade?.score
      let scoreAfter = after?.grade?.score
      let gradeChanged = gradeBefore != gradeAfter || scoreBefore != scoreAfter
      if gradeChanged || !changes.isEmpty { changed = true }
      if format == "json" {
        documents.append(.object([
          ("bundle", .string(bundle)),
          ("grade", .object([("old", .string(gradeBefore)), ("new", .string(gradeAfter))])),
          ("score", .object([("old", scoreBefore.map { .number($0) } ?? .null), ("new", scoreAfter.map { .number($0) } ?? .null)])),
          ("changes", .array(changes.map { .object([("rule", .string($0.rule)), ("old", .string($0.old)), ("new", .string($0.new))]) })),
        ]))
        continue
      }
      print("\(bundle): grade \(gradeBefore) → \(gradeAfter)" + (scoreBefore != nil || scoreAfter != nil ? ", score \(scoreBefore.map { "\($0)" } ?? "—") → \(scoreAfter.map { "\($0)" } ?? "—")" : "") + (gradeChanged ? "" : " (unchanged)"))
      for change in changes { print("  \(change.rule): \(change.old) → \(change.new)") }
    }
    if format == "json" {
      print(JSONValue.object([
        ("old", .string("\(oldPack.name) \(oldPack.version) sha256:\(oldPack.digest)")),
        ("new", .string("\(newPack.name) \(newPack.version) sha256:\(newPack.digest)")),
        ("bundles", .array(documents)),
      ]).serialized(pretty: true))
    } else {
      print(changed ? "outcomes change between \(oldPack.version) and \(newPack.version)" : "no outcome changes")
    }
    if changed { throw ExitCode(1) }
  }

  /// Outcome per rule and target: status plus result, e.g. `fail (csp-not-implemented)`.
  static func changes(_ before: [Finding], _ after: [Finding]) -> [(rule: String, old: String, new: String)] {
    func outcomes(_ findings: [Finding]) -> [String: String] {
      var map: [String: [String]] = [:]
      for finding in findings {
        let key = finding.ruleID + (finding.target.map { " [\($0)]" } ?? "")
        map[key, default: []].append(finding.status.rawValue + (finding.result.map { " (\($0))" } ?? ""))
      }
      return map.mapValues { $0.sorted().joined(separator: ", ") }
    }
    let old = outcomes(before)
    let new = outcomes(after)
    return Set(old.keys).union(new.keys).sorted().compactMap { key in
      let a = old[key] ?? "absent"
      let b = new[key] ?? "absent"
      return a == b ? nil : (key, a, b)
    }
  }
}
