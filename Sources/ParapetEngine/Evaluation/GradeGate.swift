/// `--fail-below GRADE` / `fail_below` in `parapet.toml`: exit 1 when a pack's grade is below a
/// letter grade.
///
/// A grade with unknown tests is a range. The gate reads its worst end by default, so a scan
/// never passes on a guess; `--grade-bound best` reads the best end instead (for a job that only
/// wants to catch grades that are certainly too low).
public struct GradeGate: Sendable, Hashable {
  public enum Bound: String, Sendable, CaseIterable {
    case worst, best
  }

  /// The lowest grade that passes (`B` passes B and better).
  public var minimum: String
  public var bound: Bound

  public init(minimum: String, bound: Bound = .worst) {
    self.minimum = minimum
    self.bound = bound
  }

  /// Letter grades from best to worst, as the shipped packs give them.
  public static let order = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "E", "F"]

  /// The rank of a grade (0 is best), or nil for something that is not a letter grade.
  public static func rank(_ grade: String) -> Int? {
    order.firstIndex(of: grade.trimmingWhitespace)
  }

  /// The grade this gate reads from a pack's grade: the worst or best end of its range.
  public func gradedValue(_ grade: PackGrade) -> String? {
    guard let range = grade.gradeRange else { return grade.grade }
    return bound == .worst ? range.worst : range.best
  }

  /// True when `grade` is below the minimum (a pack without a letter grade never fails).
  public func fails(_ grade: PackGrade) -> Bool {
    guard let value = gradedValue(grade), let rank = Self.rank(value),
      let limit = Self.rank(minimum)
    else { return false }
    return rank > limit
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text.removeFirst() }
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text)
  }
}
