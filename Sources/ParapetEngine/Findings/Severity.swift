/// How much a failing rule matters. Ordered: info < low < medium < high < critical.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
  case info, low, medium, high, critical

  public var rank: Int { Self.allCases.firstIndex(of: self)! }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

  /// SARIF's `security-severity` score for this level (GitHub's bands).
  public var securityScore: String {
    switch self {
    case .info: return "0.0"
    case .low: return "3.0"
    case .medium: return "5.5"
    case .high: return "8.0"
    case .critical: return "9.5"
    }
  }
}

/// The outcome of a rule for one target (Nmap NSE's "applies vs. finds": not_applicable when
/// there is no evidence, unknown when the evidence cannot decide).
public enum FindingStatus: String, CaseIterable, Sendable, Codable {
  case pass, fail
  case notApplicable = "not_applicable"
  case unknown, error
}
