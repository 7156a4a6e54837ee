import ParapetFacts

/// One outcome of one rule: what the reports show and CI gates on.
public struct Finding: Sendable, Hashable {
  public var ruleID: String
  public var pack: String
  public var packVersion: String
  public var title: String
  public var status: FindingStatus
  public var severity: Severity
  public var message: String
  /// Taken from the fact the rule pointed at.
  public var location: SourceLocation?
  public var references: [String]
  public var remediation: String
  /// A machine identifier for the outcome (the Observatory's result names).
  public var result: String?
  /// Points this outcome adds to or takes from a pack's score.
  public var scoreModifier: Int?
  /// What the finding is about when a bundle holds several (a host, a service).
  public var target: String?
  /// Extra details from the rule, plain values only.
  public var data: JSONValue?
  /// The waiver that covers this finding, when one does.
  public var waiver: AppliedWaiver?
  /// The Django check the rule named for this finding (`report.fail{ django_check = … }`), one
  /// of its `django:<id>` references: for rules that cover several checks.
  public var reportedCheck: String?

  public init(
    ruleID: String, pack: String, packVersion: String, title: String, status: FindingStatus,
    severity: Severity, message: String, location: SourceLocation? = nil,
    references: [String] = [], remediation: String = "", result: String? = nil,
    scoreModifier: Int? = nil, target: String? = nil, data: JSONValue? = nil,
    waiver: AppliedWaiver? = nil, reportedCheck: String? = nil
  ) {
    self.ruleID = ruleID
    self.pack = pack
    self.packVersion = packVersion
    self.title = title
    self.status = status
    self.severity = severity
    self.message = message
    self.location = location
    self.references = references
    self.remediation = remediation
    self.result = result
    self.scoreModifier = scoreModifier
    self.target = target
    self.data = data
    self.waiver = waiver
    self.reportedCheck = reportedCheck
  }

  /// The Django system check this finding reproduces (`security.W018`): the one the rule named
  /// for it, else the rule's only `django:<id>` reference; nil for rules that reproduce none, and
  /// for a finding of a rule covering several checks that named none (a pass or an unknown about
  /// all of them: its references list them).
  public var djangoCheck: String? {
    if let reportedCheck { return reportedCheck }
    let checks = Self.djangoChecks(references)
    return checks.count == 1 ? checks[0] : nil
  }

  /// The Django check ids among references (`django:security.W018` gives `security.W018`).
  public static func djangoChecks(_ references: [String]) -> [String] {
    references.filter { $0.hasPrefix("django:") && $0.count > "django:".count }.map { String($0.dropFirst("django:".count)) }
  }

  /// A failing finding that no waiver covers.
  public var isActiveFailure: Bool { status == .fail && waiver == nil }

  /// A stable identity that survives recaptures and unrelated edits: rule, pack, target, file
  /// and result, plus the message with volatile parts (nonces, numbers, dates) masked. The line
  /// is left out on purpose, so inserting lines above a finding does not make it "new".
  public var fingerprint: String {
    let parts = [
      pack, ruleID, target ?? "", location?.file ?? "", result ?? "",
      Fingerprint.normalize(message),
    ]
    return Fingerprint.digest(parts.joined(separator: "\u{1F}"))
  }
}

/// How a waiver applied to a finding.
public struct AppliedWaiver: Sendable, Hashable {
  public var reason: String
  public var owner: String
  public var expires: String
  public init(reason: String, owner: String, expires: String) {
    self.reason = reason
    self.owner = owner
    self.expires = expires
  }
}
