import Foundation
import ParapetEngine
import ParapetFacts

/// What an earlier scan found, for the "what changed" sections: each pack's grade (when known)
/// and how many times each problem fingerprint occurred. Built from a `ScanReport` in memory,
/// from a `parapet.report/v1` JSON report (`--format json`; on CI, the target branch's report),
/// or from a `parapet.baseline/v1` file (`--write-baseline`; fingerprints only, no grades).
public struct BaselineSnapshot: Sendable, Equatable {
  public struct Pack: Sendable, Equatable {
    public var grade: String?
    public var score: Double?
    public init(grade: String?, score: Double?) {
      self.grade = grade
      self.score = score
    }
  }

  /// Pack name → grade and score; empty when the baseline does not record grades.
  public var packs: [String: Pack]
  /// Fingerprint → occurrences of failing (waived or not) and cannot-verify findings, the same
  /// problems a `parapet.baseline/v1` file records.
  public var counts: [String: Int]

  public init(packs: [String: Pack], counts: [String: Int]) {
    self.packs = packs
    self.counts = counts
  }

  public init(_ report: ScanReport) {
    var packs: [String: Pack] = [:]
    for pack in report.packs {
      packs[pack.name] = Pack(grade: pack.grade?.grade, score: pack.grade?.score)
    }
    var counts: [String: Int] = [:]
    for finding in report.allFindings where Self.isProblem(finding) {
      counts[finding.fingerprint, default: 0] += 1
    }
    self.init(packs: packs, counts: counts)
  }

  /// Reads a JSON report or a baseline file; nil when the data is neither.
  public init?(json data: Data) {
    guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      return nil
    }
    var packs: [String: Pack] = [:]
    var counts: [String: Int] = [:]
    switch root["schema"] as? String {
    case ScanReport.schema?:
      for pack in root["packs"] as? [[String: Any]] ?? [] {
        guard let name = pack["name"] as? String else { continue }
        packs[name] = Pack(
          grade: pack["grade"] as? String, score: (pack["score"] as? NSNumber)?.doubleValue)
        for finding in pack["findings"] as? [[String: Any]] ?? [] {
          let status = finding["status"] as? String
          guard status == FindingStatus.fail.rawValue || status == FindingStatus.unknown.rawValue,
            let fingerprint = finding["fingerprint"] as? String
          else { continue }
          counts[fingerprint, default: 0] += 1
        }
      }
    case "parapet.baseline/v1"?:
      for entry in root["findings"] as? [[String: Any]] ?? [] {
        if let fingerprint = entry["fingerprint"] as? String { counts[fingerprint, default: 0] += 1 }
      }
    default:
      return nil
    }
    self.init(packs: packs, counts: counts)
  }

  var total: Int { counts.values.reduce(0, +) }

  static func isProblem(_ finding: Finding) -> Bool {
    finding.status == .fail || finding.status == .unknown
  }
}

/// A scan against its baseline: new failures, fixed problems, and grades that moved.
///
/// Matching is by fingerprint and count, like the scan's own baseline filter. Findings the
/// scan already filtered out with a baseline (`ScanReport.baselineSuppressed`) count as still
/// present, so comparing a filtered report with the same baseline reports nothing as fixed
/// that is not.
struct BaselineComparison {
  struct GradeChange {
    var pack: String
    var before: BaselineSnapshot.Pack?
    var after: BaselineSnapshot.Pack
  }

  var newFailures: [Finding]
  var fixedCount: Int
  var stillPresent: Int
  var gradeChanges: [GradeChange]

  init(_ report: ScanReport, baseline: BaselineSnapshot) {
    var remaining = baseline.counts
    var matched = 0
    var new: [Finding] = []
    for finding in report.allFindings.sorted(by: Finding.displayOrder)
    where BaselineSnapshot.isProblem(finding) {
      if let count = remaining[finding.fingerprint], count > 0 {
        remaining[finding.fingerprint] = count - 1
        matched += 1
      } else if finding.isActiveFailure {
        new.append(finding)
      }
    }
    newFailures = new
    stillPresent = matched + report.baselineSuppressed
    fixedCount = max(0, baseline.total - stillPresent)
    gradeChanges =
      baseline.packs.isEmpty
      ? []
      : report.packs.compactMap { pack in
        let after = BaselineSnapshot.Pack(grade: pack.grade?.grade, score: pack.grade?.score)
        let before = baseline.packs[pack.name]
        return before == after ? nil : GradeChange(pack: pack.name, before: before, after: after)
      }
  }
}
