import ParapetEvidence
import ParapetFacts

/// Everything one scan produced: what every reporter renders.
public struct ScanReport: Sendable {
  public static let schema = "parapet.report/v1"

  /// The paths scanned, as given.
  public var targets: [String]
  public var packs: [PackEvaluation]
  public var evidenceErrors: [EvidenceError]
  /// Waivers that no longer apply (expired) or expire soon, as messages.
  public var waiverNotices: [String]
  /// The threshold for exit code 1.
  public var failOn: Severity
  /// Findings filtered out by a baseline (already known), by pack.
  public var baselineSuppressed: Int
  /// Files seen in the evidence and how many each reader kind read (nothing is skipped
  /// silently: files no reader understands are counted as unread).
  public var evidenceFiles = 0
  public var filesByReader: [String: Int] = [:]
  /// Every rule's metadata, by pack name, for reports that describe rules as well as findings
  /// (SARIF's rule descriptors, the HTML report's OWASP coverage). Empty when not filled in.
  public var rules: [String: [RuleDescriptor]]
  /// What the scan wants the user to know that is neither a finding nor an error: which
  /// environment the Django settings were evaluated under, runtimes that were skipped and why,
  /// files that could not be read but that no pack in this scan needs.
  public var notes: [String] = []
  /// Packs that had nothing to evaluate: every rule was not applicable for want of evidence.
  public var emptyPacks: [EmptyPack] = []
  /// `--allow-empty`: a scan that evaluated nothing is not an error.
  public var allowEmpty = false
  /// `--fail-below` / `fail_below`: the lowest pack grade that passes.
  public var gradeGate: GradeGate?

  /// A pack that found no evidence, and the evidence its rules read.
  public struct EmptyPack: Sendable, Hashable {
    public var name: String
    /// Fact paths the pack's rules declare (`http.sites`, `django.settings`).
    public var reads: [String]

    public init(name: String, reads: [String]) {
      self.name = name
      self.reads = reads
    }

    /// "mozilla-observatory had no evidence to evaluate (its rules read http.sites)".
    public var description: String {
      let what = reads.isEmpty ? "" : " (its rules read \(reads.joined(separator: ", ")))"
      return "pack \(name) had no evidence to evaluate\(what)"
    }
  }

  public init(
    targets: [String], packs: [PackEvaluation], evidenceErrors: [EvidenceError],
    waiverNotices: [String] = [], failOn: Severity = .high, baselineSuppressed: Int = 0,
    rules: [String: [RuleDescriptor]] = [:]
  ) {
    self.targets = targets
    self.packs = packs
    self.evidenceErrors = evidenceErrors
    self.waiverNotices = waiverNotices
    self.failOn = failOn
    self.baselineSuppressed = baselineSuppressed
    self.rules = rules
  }

  public var allFindings: [Finding] { packs.flatMap(\.findings) }

  /// Failing, unwaived findings at or above the threshold.
  public var gatingFailures: [Finding] {
    allFindings.filter { $0.isActiveFailure && $0.severity >= failOn }
  }

  /// Rules that raised or broke a limit.
  public var ruleErrors: [Finding] { allFindings.filter { $0.status == .error } }

  /// Packs whose grade is below `--fail-below` (at the gate's end of the grade range).
  public var gradeGateFailures: [PackEvaluation] {
    guard let gradeGate else { return [] }
    return packs.filter { pack in pack.grade.map(gradeGate.fails) ?? false }
  }

  /// True when the scan evaluated nothing it was asked to (and `--allow-empty` was not given).
  public var evaluatedNothing: Bool { !allowEmpty && !emptyPacks.isEmpty }

  /// The documented exit code: 2 when evidence or a rule could not be evaluated, or a pack had
  /// nothing to evaluate; 1 when a failing finding reaches `--fail-on` or a grade is below
  /// `--fail-below`; 0 otherwise.
  public var exitCode: Int32 {
    if !evidenceErrors.isEmpty || !ruleErrors.isEmpty || evaluatedNothing { return 2 }
    return gatingFailures.isEmpty && gradeGateFailures.isEmpty ? 0 : 1
  }

  /// Counts by status across packs.
  public func count(_ status: FindingStatus) -> Int {
    allFindings.filter { $0.status == status }.count
  }
}
