import ParapetFacts

/// A function that returns on some paths of a condition Parapet cannot decide and goes on on
/// the others:
///
///     def do_settings(apps, middleware):
///         if not show_toolbar():        # undecided: is debug_toolbar installed?
///             return apps, middleware
///         return apps + ["debug_toolbar"], middleware + [TOOLBAR]
///
/// Each path of the condition runs to the end of the function: the statements after the `if`
/// (its *continuation*, up to the end of the body) are run after each branch that does not
/// leave, on that branch's copy of the state, as if written inside it. Every path then
/// returns, and the branches merge as usual: the values returned (the same value, a partly
/// known list or tuple, or unknown with the condition as the reason) and the names each path
/// set. Django Styleguide Example's settings call such helpers.
///
/// The continuation is known only through blocks that hand control straight on: a branch of an
/// `if`, a `with` body, the body of the function. A loop (which iteration runs next), the body
/// of a `try` (whose handlers catch what the rest raises) or a `try` with `finally` stop it;
/// there a return on some paths only leaves the call unknown, as before.
extension PythonEvaluator {
  /// One level of the blocks being run, innermost last (`continuations`).
  enum ContinuationFrame {
    /// The statements left in a block after the one being run.
    case rest(ArraySlice<PythonStmt>)
    /// A block whose continuation is not a plain sequence of statements.
    case barrier
    /// The body of the function being called: its end is a `return None`.
    case functionEnd
  }

  /// The most branches run with a continuation per evaluation: paths that split again and
  /// again run the code after them once per path.
  static let continuedBranchLimit = 4_096
  /// The most continuations running inside one another: each undecided branch of the rest runs
  /// the rest again, so a long function of undecided `if`s would nest once per `if`.
  static let continuationNestingLimit = 256

  /// The statements that run after the current statement up to the end of the function, or
  /// nil when they are not a plain sequence (a loop, a `try` body or module code in between).
  func currentContinuation() -> [PythonStmt]? {
    var statements: [PythonStmt] = []
    for frame in continuations.reversed() {
      switch frame {
      case .rest(let rest): statements += rest
      case .barrier: return nil
      case .functionEnd: return statements
      }
    }
    return nil
  }

  /// Runs `body` with its statements' continuation cut off (a loop body, a `try` block).
  func runBehindBarrier(_ body: [PythonStmt], _ frame: Frame) throws(PythonException) -> Flow {
    continuations.append(.barrier)
    defer { continuations.removeLast() }
    return try run(body, frame)
  }

  /// Runs a function's body: a continuation found inside it ends there.
  func runFunctionBody(_ body: [PythonStmt], _ frame: Frame) throws(PythonException) -> Flow {
    continuations.append(.functionEnd)
    defer { continuations.removeLast() }
    return try run(body, frame)
  }

  /// Runs `continuation` after a branch that did not leave: the rest of the function. Its end
  /// returns None, as the end of the function does.
  func runContinuation(_ continuation: [PythonStmt], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> Flow {
    continuations.append(.functionEnd)
    continuationNesting += 1
    defer {
      continuations.removeLast()
      continuationNesting -= 1
    }
    let flow = try run(continuation, frame)
    if case .next = flow { return .returned(PythonValue(.none, at: location)) }
    return flow
  }

  /// The continuation to run after each of `bodies`, when one of them may return and the rest
  /// of the function is a plain sequence of statements (and the budget allows).
  func continuation(after bodies: [[PythonStmt]], _ frame: Frame) -> [PythonStmt]? {
    guard frame.scope != nil, frame.scope?.classBindings == nil, bodies.contains(where: Self.mayReturn),
      continuedBranches + bodies.count <= Self.continuedBranchLimit, continuationNesting < Self.continuationNestingLimit,
      let rest = currentContinuation()
    else { return nil }
    continuedBranches += bodies.count
    return rest
  }

  /// True when a `return` statement is in `body` (in its nested blocks too, not in the
  /// functions and classes it defines).
  static func mayReturn(_ body: [PythonStmt]) -> Bool {
    body.contains { statement in
      if case .returnValue = statement { return true }
      return statement.nestedBlocks.contains(where: mayReturn)
    }
  }

  /// The value a call returns when its paths returned `values`: the same value, lists and tuples
  /// that agree in part keep what they agree on, anything else is unknown for `reason`.
  static func mergedReturn(_ values: [PythonValue], reason: String, uses: [EnvironmentUse], at location: SourceLocation) -> PythonValue {
    let first = values[0]
    if values.allSatisfy({ PythonValue.equal(first, $0) == true }) { return first.merging(values) }
    var value: PythonValue
    if let partly = mergePartly(values, reason: reason, at: location) {
      // `return apps` on one path, `return apps + ["debug_toolbar"]` on the other.
      value = partly
    } else {
      value = .unknown(reason, at: location)
      value.conditional = true
      value = value.merging(values)
    }
    value.uses = PythonValue.union(value.uses, uses)
    return value
  }
}
