import Foundation
import ParapetEvidence
import ParapetFacts

/// What a scan is asked to do, after the command line and `parapet.toml` are merged.
public struct ScanSettings: Sendable {
  public var packs: [Pack]
  public var options: [String: [String: JSONValue]] = [:]
  public var context = ScanContext()
  public var registry = EvidenceRegistry.standard
  public var failOn = Severity.high
  public var waivers: WaiverSet?
  public var baseline: Baseline?
  /// Rule ids (or `pack/id`) that do not run.
  public var disabledRules: Set<String> = []
  /// Severity by rule id (or `pack/id`).
  public var severityOverrides: [String: Severity] = [:]
  /// Drop packs none of whose rules found evidence (the default when no pack was asked for).
  public var dropInapplicablePacks = false
  public var limits = SandboxLimits.standard
  /// Errors found before the scan (plugins that did not load), reported with the evidence errors.
  public var setupErrors: [EvidenceError] = []
  /// `--allow-empty`: evaluating nothing is not an error.
  public var allowEmpty = false
  /// `--fail-below` / `fail_below`.
  public var gradeGate: GradeGate?
  /// `exclude` globs and `--exclude`: paths never read as evidence (`EvidenceExclusion`).
  public var exclude: [String] = []
  /// Top-level namespaces the scan's readers and plugins produce; a rule whose `evidence`
  /// names another is an error (`EvidenceRequirements`). Nil: not checked.
  public var namespaces: Set<String>?

  public init(packs: [Pack]) { self.packs = packs }
}

/// Evidence → facts → findings → waivers, baseline, grades: one scan of one bundle.
public final class ScanPipeline: Sendable {
  public let settings: ScanSettings
  public let engine: PolicyEngine

  public init(_ settings: ScanSettings) throws {
    self.settings = settings
    engine = try PolicyEngine(
      packs: settings.packs, options: settings.options, limits: settings.limits, namespaces: settings.namespaces)
  }

  /// Scans the evidence at `paths` as one bundle. `names` are how reports name the paths
  /// (default: as given). `progress` hears what the scan is doing.
  public func scan(_ paths: [String], names: [String]? = nil, progress: ((String) -> Void)? = nil) -> ScanReport {
    progress?("reading evidence in \((names ?? paths).joined(separator: ", "))…")
    let bundle = EvidenceBundle(paths: paths, names: names, exclude: EvidenceExclusion(settings.exclude))
    progress?("reading \(bundle.files.count) files…")
    let evidence = EvidenceLoader(registry: settings.registry).load(bundle, context: settings.context)
    progress?("evaluating \(settings.packs.count) packs…")
    var report = report(targets: names ?? paths, facts: evidence.facts, errors: settings.setupErrors + evidence.errors)
    report.evidenceFiles = evidence.claims.count
    for claim in evidence.claims {
      for reader in claim.readers { report.filesByReader[reader, default: 0] += 1 }
    }
    return report
  }

  /// Evaluates facts already read and builds the report.
  public func report(targets: [String], facts: FactTree, errors: [EvidenceError]) -> ScanReport {
    var evaluations = TargetEvaluation.evaluate(facts, engine: engine, skipping: settings.disabledRules)
    // A pack all of whose rules were not applicable had nothing to evaluate. When packs were
    // chosen by default such packs are dropped, and only a scan that evaluated no pack at all
    // is empty; a pack that was asked for by name must find its evidence.
    let empty = evaluations.filter { evaluation in
      !evaluation.findings.contains { $0.status != .notApplicable }
    }
    var emptyPacks: [ScanReport.EmptyPack] = []
    if !settings.dropInapplicablePacks || empty.count == evaluations.count {
      let reads = Dictionary(
        engine.descriptors().map { ($0.pack.name, Array(Set($0.rules.flatMap(\.evidenceRead))).sorted()) },
        uniquingKeysWith: { first, _ in first })
      emptyPacks = empty.map { ScanReport.EmptyPack(name: $0.name, reads: reads[$0.name] ?? []) }
    }
    if settings.dropInapplicablePacks {
      evaluations = evaluations.filter { evaluation in
        evaluation.findings.contains { $0.status != .notApplicable }
      }
    }
    for packIndex in evaluations.indices {
      for findingIndex in evaluations[packIndex].findings.indices {
        let finding = evaluations[packIndex].findings[findingIndex]
        if let severity = settings.severityOverrides["\(finding.pack)/\(finding.ruleID)"]
          ?? settings.severityOverrides[finding.ruleID]
        {
          evaluations[packIndex].findings[findingIndex].severity = severity
        }
      }
    }
    var notices: [String] = []
    if let waivers = settings.waivers { notices = waivers.apply(to: &evaluations) }
    var suppressed = 0
    if let baseline = settings.baseline { suppressed = baseline.filter(&evaluations) }
    for index in evaluations.indices { engine.grade(&evaluations[index]) }
    let (blocking, unread) = EvidenceScope.split(errors, packs: evaluations, engine: engine)
    for index in evaluations.indices {
      evaluations[index].incomplete = EvidenceScope.affects(blocking, pack: evaluations[index].name, engine: engine)
    }
    var report = ScanReport(
      targets: targets, packs: evaluations, evidenceErrors: blocking, waiverNotices: notices,
      failOn: settings.failOn, baselineSuppressed: suppressed)
    if case .list(let items)? = facts.lookup("scan.notes")?.value {
      report.notes = items.compactMap { $0.value.stringValue }
    }
    report.notes += unread.map { "not read, and no pack in this scan reads it: \($0.description)" }
    var rules: [String: [RuleDescriptor]] = [:]
    for entry in engine.descriptors() { rules[entry.pack.name] = entry.rules }
    report.rules = rules
    report.emptyPacks = emptyPacks
    report.allowEmpty = settings.allowEmpty
    report.gradeGate = settings.gradeGate
    return report
  }
}
