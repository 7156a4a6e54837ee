import ArgumentParser
import ParapetEngine

/// Options that decide when a scan fails CI beyond `--fail-on`: grade gates, and whether a scan
/// that evaluated nothing is an error.
struct GateOptions: ParsableArguments {
  @Option(
    name: .customLong("fail-below"),
    help: ArgumentHelp("Exit 1 when a pack's grade is below GRADE (default: parapet.toml's fail_below).", valueName: "GRADE"))
  var failBelow: String?

  @Option(
    name: .customLong("grade-bound"),
    help: ArgumentHelp("Which end of a grade range --fail-below reads when tests are unknown: worst (default) or best.", valueName: "worst|best"))
  var gradeBound: String?

  @Flag(
    name: .customLong("allow-empty"),
    help: "Do not exit 2 when a pack had no evidence to evaluate (or no reader understood any file).")
  var allowEmpty = false

  func validate() throws {
    if let failBelow, GradeGate.rank(failBelow) == nil {
      throw ValidationError("--fail-below expects a letter grade (\(GradeGate.order.joined(separator: ", "))), got '\(failBelow)'")
    }
    if let gradeBound, GradeGate.Bound(rawValue: gradeBound) == nil {
      throw ValidationError("--grade-bound must be worst or best (got '\(gradeBound)')")
    }
  }

  /// The gate: the command line's values over `configured` (from `parapet.toml`).
  func gate(over configured: GradeGate?) -> GradeGate? {
    guard let minimum = failBelow ?? configured?.minimum else { return nil }
    let bound = gradeBound.flatMap(GradeGate.Bound.init(rawValue:)) ?? configured?.bound ?? .worst
    return GradeGate(minimum: minimum, bound: bound)
  }
}
