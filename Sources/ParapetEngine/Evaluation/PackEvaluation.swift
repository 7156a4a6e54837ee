import ParapetFacts

/// One pack's outcome for one bundle: its findings and, when the pack grades itself, the grade.
public struct PackEvaluation: Sendable {
  public var name: String
  public var version: String
  public var digest: String
  public var findings: [Finding]
  /// The grade counting waivers (waived failures as the pack's grade.lua treats them).
  public var grade: PackGrade?
  /// The grade as if no waiver existed.
  public var gradeWithoutWaivers: PackGrade?
  /// True when evidence this pack reads could not be read (an evidence error in a file of a
  /// kind its rules use): its findings may be missing some.
  public var incomplete = false

  public init(name: String, version: String, digest: String, findings: [Finding]) {
    self.name = name
    self.version = version
    self.digest = digest
    self.findings = findings
  }
}

/// What grade.lua returned.
public struct PackGrade: Sendable, Hashable {
  public var score: Double?
  public var grade: String?
  public var summary: String?
  public var details: JSONValue?
  /// The lowest and highest score when the grade is not exact (tests the evidence could not
  /// decide): grade.lua's `score_range = { low, high }`.
  public var scoreRange: (low: Double, high: Double)?
  /// The worst and best grade of that range: grade.lua's `grade_range = { worst, best }`.
  public var gradeRange: (worst: String, best: String)?

  public init(
    score: Double?, grade: String?, summary: String?, details: JSONValue? = nil,
    scoreRange: (low: Double, high: Double)? = nil, gradeRange: (worst: String, best: String)? = nil
  ) {
    self.score = score
    self.grade = grade
    self.summary = summary
    self.details = details
    self.scoreRange = scoreRange
    self.gradeRange = gradeRange
  }

  /// The grade as reports show it: "C" when exact, "F to C" when a range.
  public var gradeText: String? {
    guard let gradeRange, gradeRange.worst != gradeRange.best else { return grade }
    return "\(gradeRange.worst) to \(gradeRange.best)"
  }

  /// True when the grade is one value, not a range.
  public var isExact: Bool {
    guard let gradeRange, let scoreRange else { return true }
    return gradeRange.worst == gradeRange.best && scoreRange.low == scoreRange.high
  }

  static func make(_ value: LuaValue) -> PackGrade? {
    guard case .table = value else { return nil }
    var grade = PackGrade(
      score: value["score"]?.double, grade: value["grade"]?.string,
      summary: value["summary"]?.string,
      details: value["details"].map(\.json))
    if let range = value["score_range"]?.array, range.count == 2,
      let low = range[0].double, let high = range[1].double
    {
      grade.scoreRange = (low, high)
    }
    if let range = value["grade_range"]?.array, range.count == 2,
      let worst = range[0].string, let best = range[1].string
    {
      grade.gradeRange = (worst, best)
    }
    return grade
  }

  public static func == (a: PackGrade, b: PackGrade) -> Bool {
    a.score == b.score && a.grade == b.grade && a.summary == b.summary && a.details == b.details
      && a.scoreRange?.low == b.scoreRange?.low && a.scoreRange?.high == b.scoreRange?.high
      && a.gradeRange?.worst == b.gradeRange?.worst && a.gradeRange?.best == b.gradeRange?.best
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(score)
    hasher.combine(grade)
    hasher.combine(summary)
    hasher.combine(gradeRange?.worst)
    hasher.combine(gradeRange?.best)
  }
}
