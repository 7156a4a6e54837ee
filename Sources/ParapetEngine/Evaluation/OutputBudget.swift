import ParapetFacts

/// The output cap of one scan: what the findings of every rule together may hold in the host
/// (and so in the report). A rule whose findings would pass the cap gets one `error` finding
/// instead of them, so a hostile pack makes a failing scan, never a giant report.
struct OutputBudget {
  let limit: Int
  private(set) var used = 0

  init(limit: Int) { self.limit = limit }

  /// The findings of one rule, or an error finding in their place when they do not fit.
  mutating func admit(_ findings: [Finding], file: String) -> [Finding] {
    let size = findings.reduce(0) { $0 + Self.bytes(of: $1) }
    if limit <= 0 || used + size <= limit {
      used += size
      return findings
    }
    guard let first = findings.first else { return findings }
    var failure = first
    failure.status = .error
    failure.message = "rule \(first.ruleID) failed: output limit exceeded "
      + "(the findings of this scan would pass \(limit >> 20) MiB)"
    failure.result = nil
    failure.target = nil
    failure.data = .object([("error", .string(LuaError.outputLimit("scan output cap").description))])
    failure.scoreModifier = nil
    failure.location = SourceLocation(file: file)
    used += Self.bytes(of: failure)
    return [failure]
  }

  /// Bytes of rule metadata every finding of a rule carries.
  static func metadataBytes(_ descriptor: RuleDescriptor) -> Int {
    descriptor.id.utf8.count + descriptor.title.utf8.count + descriptor.remediation.utf8.count
      + descriptor.references.reduce(0) { $0 + $1.utf8.count + 8 } + 64
  }

  /// Bytes a finding holds, roughly (text by length, data as ReportCallbacks counts it).
  static func bytes(of finding: Finding) -> Int {
    finding.ruleID.utf8.count + finding.pack.utf8.count + finding.title.utf8.count
      + finding.message.utf8.count + finding.remediation.utf8.count
      + finding.references.reduce(0) { $0 + $1.utf8.count + 8 }
      + (finding.result?.utf8.count ?? 0) + (finding.target?.utf8.count ?? 0)
      + (finding.data.map(ReportCallbacks.approximateSize) ?? 0) + 64
  }
}
