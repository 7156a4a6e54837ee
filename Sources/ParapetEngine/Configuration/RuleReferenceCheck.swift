/// Checks that every rule id a parapet.toml names (`[rules] disabled`, `[rules] severity`,
/// `[[waivers]] rule`) is a rule of a pack in the scan, so a typo does not silently disable
/// nothing, re-rate nothing or waive nothing. One line per problem, naming the file and line,
/// with the closest real id.
public enum RuleReferenceCheck {
  /// The first problem, or nil. `loaded` are the scan's packs and their rules; a reference
  /// `pack/id` whose pack is not in the scan is skipped when `requireAll` is false (the scan
  /// runs packs chosen with `--pack`, not the file's).
  public static func problem(
    in project: ProjectConfiguration, loaded: [(pack: Pack, rules: [RuleDescriptor])], requireAll: Bool
  ) -> String? {
    let ids = Set(loaded.flatMap { entry in entry.rules.map(\.id) })
    let qualified = Set(loaded.flatMap { entry in entry.rules.map { "\(entry.pack.name)/\($0.id)" } })
    let packNames = Set(loaded.map(\.pack.name))
    func check(_ reference: String, site: String, what: String) -> String? {
      if ids.contains(reference) || qualified.contains(reference) { return nil }
      if let slash = reference.firstIndex(of: "/") {
        let pack = String(reference[..<slash])
        if !packNames.contains(pack) {
          guard requireAll else { return nil }
          return "\(site): \(what) `\(reference)`: no pack named `\(pack)` in this scan (packs: \(packNames.sorted().joined(separator: ", ")))"
            + Suggestion.didYouMean(pack, in: packNames)
        }
        return "\(site): \(what) `\(reference)`: pack \(pack) has no such rule"
          + Suggestion.didYouMean(reference, in: qualified.filter { $0.hasPrefix(pack + "/") })
      }
      guard requireAll else { return nil }
      return "\(site): \(what) `\(reference)`: no pack in this scan has a rule with that id (packs: \(packNames.sorted().joined(separator: ", ")))"
        + Suggestion.didYouMean(reference, in: ids)
    }
    for reference in project.disabledRules.sorted() {
      if let problem = check(reference, site: "\(project.file):\(project.ruleLines["disabled"] ?? 1)", what: "[rules] disabled names") {
        return problem
      }
    }
    for reference in project.severityOverrides.keys.sorted() {
      if let problem = check(reference, site: "\(project.file):\(project.ruleLines[reference] ?? 1)", what: "[rules] severity names") {
        return problem
      }
    }
    for waiver in project.waivers {
      if let problem = check(waiver.rule, site: waiver.source, what: "waiver for") { return problem }
      if let pack = waiver.pack, requireAll, !packNames.contains(pack) {
        return "\(waiver.source): waiver `pack = \"\(pack)\"`: no pack of that name in this scan" + Suggestion.didYouMean(pack, in: packNames)
      }
    }
    return nil
  }
}
