import CLuaSandbox

/// Why the sandbox stopped an evaluation: the typed reasons the C bridge reports
/// (`psb_abort_reason`), so the engine never has to guess a limit from an error message.
public enum SandboxAbort: String, Sendable, Hashable, CaseIterable {
  /// The instruction budget: VM instructions plus the work budgeted C functions charge.
  case instructionBudget = "instruction budget"
  /// The wall-clock deadline (the watchdog thread or the hook's clock read).
  case deadline
  /// The memory cap of the Lua state.
  case memory
  /// The step budget of one pattern-matching call.
  case patternSteps = "pattern steps"
  /// The cap on what a rule or a scan may write into the report.
  case outputCap = "output cap"
  /// A host callback refused the request (for example a lookup path that is too long).
  case hostError = "host error"

  /// The reason recorded by the C bridge for the last evaluation of `L`, if any.
  static func last(_ L: OpaquePointer) -> SandboxAbort? {
    switch psb_abort_reason(L) {
    case PSB_ABORT_INSTRUCTIONS: return .instructionBudget
    case PSB_ABORT_DEADLINE: return .deadline
    case PSB_ABORT_MEMORY: return .memory
    case PSB_ABORT_PATTERN_STEPS: return .patternSteps
    case PSB_ABORT_OUTPUT: return .outputCap
    case PSB_ABORT_HOST: return .hostError
    default: return nil
    }
  }
}
