import Foundation
import ParapetEvidence
import ParapetFacts

/// Known findings, so a scan can report only new ones.
///
/// Matching is by fingerprint (rule, pack, target, file, result and the message with volatile
/// values masked; no line numbers) and counts: if the baseline knows a problem twice and the
/// scan finds it three times, one is new.
public struct Baseline: Sendable {
  public static let schema = "parapet.baseline/v1"
  public var counts: [String: Int]

  public init(findings: [Finding]) {
    var counts: [String: Int] = [:]
    for finding in findings where finding.status == .fail || finding.status == .unknown {
      counts[finding.fingerprint, default: 0] += 1
    }
    self.counts = counts
  }

  /// The baseline file: fingerprints with a little context for reviewers, sorted.
  public static func document(for findings: [Finding]) -> String {
    let entries = findings.filter { $0.status == .fail || $0.status == .unknown }
      .map { finding -> (String, JSONValue) in
        (finding.fingerprint, .object([
          ("fingerprint", .string(finding.fingerprint)),
          ("pack", .string(finding.pack)),
          ("rule", .string(finding.ruleID)),
          ("file", finding.location.map { .string($0.file) } ?? .null),
          ("message", .string(finding.message)),
        ]))
      }
      .sorted { ($0.0, $0.1.serialized(pretty: false)) < ($1.0, $1.1.serialized(pretty: false)) }
      .map(\.1)
    return JSONValue.object([
      ("schema", .string(schema)),
      ("findings", .array(entries)),
    ]).serialized(pretty: true) + "\n"
  }

  public static func load(_ path: String) throws -> Baseline {
    let data: Data
    do {
      data = try BoundedFile.read(path, allowSpecial: true)
    } catch {
      throw ConfigurationError("cannot read the baseline \(error)")
    }
    let document: Fact
    do {
      document = try JSONFactParser.parse(data, file: path, reader: "baseline")
    } catch {
      throw ConfigurationError("\(error)")
    }
    guard document["schema"]?.value.stringValue == schema, case .list(let items)? = document["findings"]?.value
    else { throw ConfigurationError("\(path): not a \(schema) file (write one with --write-baseline)") }
    var counts: [String: Int] = [:]
    for item in items {
      if let fingerprint = item["fingerprint"]?.value.stringValue { counts[fingerprint, default: 0] += 1 }
    }
    var baseline = Baseline(findings: [])
    baseline.counts = counts
    return baseline
  }

  /// Removes known failures from the evaluations; returns how many were removed.
  public func filter(_ evaluations: inout [PackEvaluation]) -> Int {
    var remaining = counts
    var removed = 0
    for packIndex in evaluations.indices {
      evaluations[packIndex].findings.removeAll { finding in
        guard finding.status == .fail || finding.status == .unknown else { return false }
        let key = finding.fingerprint
        if let count = remaining[key], count > 0 {
          remaining[key] = count - 1
          removed += 1
          return true
        }
        return false
      }
    }
    return removed
  }
}
