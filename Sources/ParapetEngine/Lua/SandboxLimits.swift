/// The limits every policy evaluation runs under.
public struct SandboxLimits: Sendable, Hashable, Codable {
  /// VM instructions per evaluation (counted every `hookGranularity` instructions).
  public var instructions: Int64
  /// Bytes the whole Lua state may hold during an evaluation.
  public var memoryBytes: Int
  /// Wall-clock time per evaluation, in milliseconds.
  public var timeoutMilliseconds: Int64
  /// Matching steps one string.find/match/gmatch/gsub call may take.
  public var patternSteps: Int64
  /// Bytes the findings of one scan of one bundle may hold (messages, targets, results, data
  /// and the rule metadata each finding carries). A rule whose findings would pass it gets an
  /// `error` finding instead, so a hostile pack cannot make a giant report.
  public var scanOutputBytes: Int

  public init(
    instructions: Int64 = 50_000_000, memoryBytes: Int = 128 << 20,
    timeoutMilliseconds: Int64 = 2_000, patternSteps: Int64 = 5_000_000,
    scanOutputBytes: Int = 64 << 20
  ) {
    self.instructions = instructions
    self.memoryBytes = memoryBytes
    self.timeoutMilliseconds = timeoutMilliseconds
    self.patternSteps = patternSteps
    self.scanOutputBytes = scanOutputBytes
  }

  public static let standard = SandboxLimits()
}
