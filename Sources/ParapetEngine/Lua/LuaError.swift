/// Why a Lua evaluation ended without a result.
public enum LuaError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The chunk does not compile (or is bytecode).
  case syntax(String)
  /// The memory cap was hit.
  case memoryLimit(String)
  /// The instruction budget was used up.
  case instructionLimit
  /// The wall-clock deadline passed.
  case timeLimit
  /// One pattern-matching call ran out of steps.
  case patternSteps(String)
  /// The rule (or the scan) wrote more than the output cap allows.
  case outputLimit(String)
  /// The policy raised an error (message with traceback).
  case runtime(String)

  public var description: String {
    switch self {
    case .syntax(let message): return "syntax error: \(message)"
    case .memoryLimit: return "memory limit exceeded"
    case .instructionLimit: return "instruction limit exceeded"
    case .timeLimit: return "time limit exceeded"
    case .patternSteps(let message): return message
    case .outputLimit(let message): return message
    case .runtime(let message): return message
    }
  }

  /// The sandbox limit that stopped the evaluation, when one did.
  public var abort: SandboxAbort? {
    switch self {
    case .memoryLimit: return .memory
    case .instructionLimit: return .instructionBudget
    case .timeLimit: return .deadline
    case .patternSteps: return .patternSteps
    case .outputLimit: return .outputCap
    case .syntax, .runtime: return nil
    }
  }

  /// The first line of the message, for one-line reports.
  public var summary: String {
    String(description.split(separator: "\n").first ?? "")
  }
}
