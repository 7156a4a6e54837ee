import Foundation
import ParapetFacts

/// An accepted risk: a rule (optionally narrowed to a pack, target or location) with a reason,
/// an owner and an expiry date. Waived findings stay in every report, marked as waived.
public struct Waiver: Sendable, Hashable {
  public var rule: String
  public var pack: String?
  public var target: String?
  /// `file` or `file:line`.
  public var location: String?
  public var reason: String
  public var owner: String
  /// `YYYY-MM-DD`; the waiver applies through that day.
  public var expires: String
  public var ticket: String?
  /// Where the waiver is written, for messages.
  public var source: String

  static func parse(_ table: TOMLNode, file: String, line: Int) throws -> Waiver {
    func text(_ key: String, required: Bool) throws -> String? {
      // A TOML date (`expires = 2026-01-31`) reads as its text too.
      if let value = table[key]?.string, !value.isEmpty { return value }
      if required {
        throw ConfigurationError("\(file):\(line): waiver needs `\(key)` (every waiver has a rule, a reason, an owner and an expiry date)")
      }
      return nil
    }
    let expires = try text("expires", required: true)!
    guard WaiverDate.parse(expires) != nil else {
      throw ConfigurationError("\(file):\(line): waiver `expires` must be a date YYYY-MM-DD, got '\(expires)'")
    }
    let allowed: Set<String> = ["rule", "pack", "target", "location", "reason", "owner", "expires", "ticket"]
    for key in table.keys where !allowed.contains(key) {
      throw ConfigurationError("\(file):\(line): unknown waiver field `\(key)`")
    }
    return Waiver(
      rule: try text("rule", required: true)!, pack: try text("pack", required: false),
      target: try text("target", required: false), location: try text("location", required: false),
      reason: try text("reason", required: true)!, owner: try text("owner", required: true)!,
      expires: expires, ticket: try text("ticket", required: false), source: "\(file):\(line)")
  }

  /// True when the waiver names this finding.
  public func matches(_ finding: Finding) -> Bool {
    guard rule == finding.ruleID || rule == "\(finding.pack)/\(finding.ruleID)" else { return false }
    if let pack, pack != finding.pack { return false }
    if let target, target != finding.target { return false }
    if let location {
      guard let found = finding.location else { return false }
      if location.contains(":") {
        if location != "\(found.file):\(found.line ?? 0)" { return false }
      } else if location != found.file {
        return false
      }
    }
    return true
  }
}

/// Dates for waivers: calendar days in UTC.
public enum WaiverDate {
  public static func parse(_ text: String) -> DateComponents? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
    return DateComponents(year: parts[0], month: parts[1], day: parts[2])
  }

  /// Days from `from` to `to` (both `YYYY-MM-DD`).
  public static func days(from: String, to: String) -> Int? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    guard let start = parse(from).flatMap({ calendar.date(from: $0) }),
      let end = parse(to).flatMap({ calendar.date(from: $0) })
    else { return nil }
    return calendar.dateComponents([.day], from: start, to: end).day
  }

  /// Today in UTC as `YYYY-MM-DD`.
  public static func today() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
  }
}

/// Applies waivers to findings, as of a date.
public struct WaiverSet: Sendable {
  public var waivers: [Waiver]
  public var asOf: String
  public var warningDays: Int

  public init(waivers: [Waiver], asOf: String, warningDays: Int = 14) {
    self.waivers = waivers
    self.asOf = asOf
    self.warningDays = warningDays
  }

  /// Marks waived failures and returns notices about expired, expiring and unused waivers.
  public func apply(to evaluations: inout [PackEvaluation]) -> [String] {
    var notices: [String] = []
    var used = Set<Int>()
    for (index, waiver) in waivers.enumerated() {
      let remaining = WaiverDate.days(from: asOf, to: waiver.expires) ?? 0
      if remaining < 0 {
        notices.append("waiver for \(waiver.rule) (\(waiver.source), owner \(waiver.owner)) expired on \(waiver.expires) and no longer applies")
        continue
      }
      if remaining <= warningDays {
        notices.append("waiver for \(waiver.rule) (\(waiver.source), owner \(waiver.owner)) expires in \(remaining) day\(remaining == 1 ? "" : "s") (\(waiver.expires))")
      }
      for packIndex in evaluations.indices {
        for findingIndex in evaluations[packIndex].findings.indices {
          let finding = evaluations[packIndex].findings[findingIndex]
          guard finding.status == .fail || finding.status == .unknown, finding.waiver == nil,
            waiver.matches(finding)
          else { continue }
          evaluations[packIndex].findings[findingIndex].waiver = AppliedWaiver(
            reason: waiver.reason, owner: waiver.owner, expires: waiver.expires)
          used.insert(index)
        }
      }
    }
    for (index, waiver) in waivers.enumerated() where !used.contains(index) {
      if (WaiverDate.days(from: asOf, to: waiver.expires) ?? 0) >= 0 {
        notices.append("waiver for \(waiver.rule) (\(waiver.source)) matched no finding; remove it if the problem is fixed")
      }
    }
    return notices
  }
}
