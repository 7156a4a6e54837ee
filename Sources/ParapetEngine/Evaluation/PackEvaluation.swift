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

  static func make(_ value: LuaValue) -> PackGrade? {
    guard case .table = value else { return nil }
    return PackGrade(
      score: value["score"]?.double, grade: value["grade"]?.string,
      summary: value["summary"]?.string,
      details: value["details"].map(\.json))
  }
}
