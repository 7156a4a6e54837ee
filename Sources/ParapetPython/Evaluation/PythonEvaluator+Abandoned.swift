import ParapetFacts

/// A `raise` in code Parapet gave up on (a loop it cannot iterate, a function whose outcome it
/// cannot decide): Python may reach it, so the load may fail there.
///
/// A class, not a struct: `PythonException` carries it, and every typed `try` of the deeply
/// recursive evaluator keeps an exception in its frame, so the exception must stay small.
package final class SkippedRaise: Sendable {
  package let type: String
  /// Where the `raise` (or the exception raised by a branch Parapet ran) is.
  package let location: SourceLocation?
  /// The message of an exception Parapet saw raised, when it ran that code (a branch).
  package let message: String?

  package init(type: String, location: SourceLocation?, message: String? = nil) {
    self.type = type
    self.location = location
    self.message = message
  }
}

/// Code abandoned as undecidable. Parapet skips a block it cannot follow (a loop over values it
/// does not know, the rest of a function after a `return` it cannot decide, a `while` loop) and
/// makes what the block sets unknown. If the skipped code can reach a `raise`, the settings may
/// fail to load there: that possibility must survive as a possible load error (DJ-LOAD unknown,
/// at the call site in the settings), or the load would pass although Django fails.
extension PythonEvaluator {
  /// `error`, an undecidable signal leaving a block, with the first raise reachable in
  /// `skipped` (what the block will now not run) when it carries none yet.
  func abandoning(_ error: PythonException, skipped: @autoclosure () -> [PythonStmt], _ frame: Frame)
    -> PythonException
  {
    guard error.type == PythonException.undecidableType else { return error }
    noteSkippedMutations(in: skipped(), reason: error.message, frame, location: error.location ?? SourceLocation(file: frame.file))
    guard error.skippedRaise == nil else { return error }
    var copy = error
    copy.skippedRaise = reachableRaise(in: skipped(), frame)
    return copy
  }

  /// A statement Parapet does not run (`while`, `match`, `async for`/`async with`, `type`, a
  /// form it does not support). Out of line, as the helpers below: `execute` recurses once per
  /// nested import and block, and its frame must stay small.
  @inline(never)
  func skipUnrun(_ statement: PythonStmt, _ frame: Frame, location: SourceLocation) throws(PythonException) {
    let what: String
    var body: [PythonStmt] = []
    var names = Self.boundNames(in: [statement])
    switch statement {
    case .whileLoop(_, let inner, let otherwise, _):
      body = inner + otherwise
      names = Self.boundNames(in: body)
      try skipBlock(
        body, names: names, reason: "changed in a while loop (line \(location.line ?? 0)), which Parapet does not run",
        abandon: "may return from a while loop (line \(location.line ?? 0)), which Parapet does not run", frame, location: location)
      return
    case .unsupported(let form, let inner, _):
      what = form
      body = inner
      names = Self.boundNames(in: inner)
    case .match(_, let cases, _):
      what = "a match statement"
      body = cases.flatMap(\.body)
    case .typeAlias: what = "a type statement"
    case .forLoop(_, _, let inner, let otherwise, _, _):
      what = "an async statement"
      body = inner + otherwise
    case .with(_, let inner, _, _):
      what = "an async statement"
      body = inner
    default: what = "a statement"
    }
    try skipBlock(
      body, names: names, reason: "set by \(what) (line \(location.line ?? 0)), which Parapet does not run",
      abandon: "may return from \(what) (line \(location.line ?? 0)), which Parapet does not run", frame, location: location)
  }

  /// A `for` loop over values Parapet does not know.
  @inline(never)
  func skipUnknownLoop(
    _ body: [PythonStmt], names: [String], over iterable: String, why: String, _ frame: Frame, location: SourceLocation,
    uses: [EnvironmentUse]
  ) throws(PythonException) {
    // In a function, a loop that may return (or raise) decides what the call does; when its
    // items are not known, neither is the outcome, and the code after the loop (often a
    // `raise`) is not certain to run.
    try skipBlock(
      body, names: names,
      reason: "changed in a loop over \(iterable) (line \(location.line ?? 0)), which is not known: \(why)",
      abandon: "may return from a loop over \(iterable), which is not known: \(why)",
      frame, location: location, uses: uses)
  }

  /// A `for` loop over known items given up on in some iteration (`body` holds the body and
  /// the `else` block, which the later iterations would run): in a function the call is
  /// abandoned; at module level what the loop sets is unknown and a raise it may reach is a
  /// possible load error.
  @inline(never)
  func loopAbandoned(
    _ error: PythonException, _ body: [PythonStmt], names: [String], _ frame: Frame, location: SourceLocation,
    uses: [EnvironmentUse]
  ) throws(PythonException) {
    let error = abandoning(error, skipped: body, frame)
    if error.type == PythonException.undecidableType {
      noteSkippedReflectiveWrites(in: body, reason: "a loop (line \(location.line ?? 0)) that \(error.message)", frame, location: location)
    }
    guard error.type == PythonException.undecidableType, frame.function == nil else { throw error }
    let reason = "changed in a loop (line \(location.line ?? 0)) that \(error.message)"
    markUnknown(names, reason: reason, frame, location: location, uses: uses)
    if let raise = error.skippedRaise { notePossibleRaise(raise, because: reason, at: location) }
  }

  /// An undecidable signal leaving statement `index` of a block: the rest is not run.
  @inline(never)
  func abandoningRest(_ error: PythonException, _ statements: [PythonStmt], after index: Int, _ frame: Frame)
    -> PythonException
  {
    abandoning(error, skipped: Array(statements[(index + 1)...]), frame)
  }

  /// An undecidable signal leaving a `try` body: its handlers (what the body may have raised
  /// leads there) and its `else` block are not run. A handler for signals only
  /// (`except KeyboardInterrupt:`) is not one the body leads to.
  @inline(never)
  func abandoningTry(_ error: PythonException, _ handlers: [PythonStmt.Handler], _ otherwise: [PythonStmt], _ frame: Frame)
    -> PythonException
  {
    abandoning(error, skipped: otherwise + handlers.filter { !Self.catchesOnlySignals($0) }.flatMap(\.body), frame)
  }

  /// Skips a block Parapet does not run (a `while` loop, a loop over values it does not know,
  /// a `match`): the names it binds become unknown. In a function, a block that may `return` or
  /// `raise` decides what the call does, so the call is abandoned (an undecidable signal);
  /// elsewhere a `raise` the block can reach is a possible load error.
  func skipBlock(
    _ body: [PythonStmt], names: [String], reason: String, abandon: String, _ frame: Frame,
    location: SourceLocation, uses: [EnvironmentUse] = []
  ) throws(PythonException) {
    if frame.function != nil, Self.mayLeave(body) {
      noteSkippedReflectiveWrites(in: body, reason: abandon, frame, location: location)
      noteSkippedMutations(in: body, reason: abandon, frame, location: location)
      var signal = PythonException(type: PythonException.undecidableType, message: abandon, location: location, uses: uses)
      signal.skippedRaise = reachableRaise(in: body, frame)
      throw signal
    }
    // Before the names are marked: the objects they hold now are what the block may change,
    // and a name holding a module's namespace (`current[setting] = value`, with `globals()`
    // passed down) is marked too, since the block writes through it.
    noteSkippedMutations(in: body, reason: reason, frame, location: location)
    noteSkippedReflectiveWrites(in: body, reason: reason, frame, location: location)
    markUnknown(names, reason: reason, frame, location: location, uses: uses)
    if let raise = reachableRaise(in: body, frame) {
      notePossibleRaise(raise, because: reason, at: location)
    }
  }

  /// Records that Parapet gave up on code that may raise `raise`. Under a `try` whose handler
  /// catches it, that handler may run (the `try` merges its paths); otherwise the load itself
  /// is undecided. The error is reported at the outermost call being run (the line of the
  /// settings that led there), or at `site`.
  func notePossibleRaise(_ raise: SkippedRaise, because reason: String, at site: SourceLocation) {
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, raise.type) } }) {
      noteUncertain(guarding.module, raising: PythonException(type: raise.type, message: raise.message ?? "", location: raise.location))
      uncertainReasons[guarding.module] = "it may raise \(raise.type) in code Parapet cannot follow (\(reason))"
      return
    }
    let where_ = raise.location.map { " at \($0)" } ?? ""
    let what = raise.message.map { "\($0), " } ?? ""
    let message = "\(what)raised\(where_) unless code Parapet cannot follow leaves first (\(reason))"
    guard !possibleLoadErrors.contains(where: { $0.message == message }) else { return }
    let location = callSites.first ?? site
    possibleLoadErrors.append(reportedAtSettings(PythonException(type: raise.type, message: message, location: location)))
  }

  /// The first `raise` that running `statements` may reach: in the statements themselves
  /// (nested blocks and class bodies included, function bodies not: defining a function runs
  /// nothing), or in a function of the settings they call by name, followed to a few levels.
  func reachableRaise(in statements: [PythonStmt], _ frame: Frame) -> SkippedRaise? {
    var visited: Set<ObjectIdentifier> = []
    var scanned = 0
    let found = reachableRaise(
      in: statements, file: frame.file, module: frame.module, scope: frame.scope, depth: 0, &visited, &scanned)
    // The search is work like evaluation: it counts against the step budget, so settings that
    // abandon a large function again and again still end.
    steps += scanned
    return found
  }

  /// Calls followed into functions of the settings when looking for a reachable `raise`.
  static let raiseSearchDepth = 4

  private func reachableRaise(
    in statements: [PythonStmt], file: String, module: PythonModule, scope: PythonScope?, depth: Int,
    _ visited: inout Set<ObjectIdentifier>, _ scanned: inout Int
  ) -> SkippedRaise? {
    var calls: [PythonExpr] = []
    var found: SkippedRaise?
    // `handler`: the `except` clause being visited. A bare `raise` (or `raise e` of the name it
    // binds) there re-raises what the `try` body raised, which the body's statements account for.
    func visit(_ block: [PythonStmt], handler: PythonStmt.Handler? = nil) {
      for statement in block where found == nil {
        scanned += 1
        switch statement {
        case .raise(nil, _) where handler != nil:
          continue
        case .raise(.name(let name, _)?, _) where handler?.name != nil && handler?.name == name:
          continue
        case .raise(let expression, let position):
          var type = "Exception"
          if let expression {
            if case .call(let callee, _, _) = expression { type = Self.lastName(callee) ?? type } else { type = Self.lastName(expression) ?? type }
          }
          found = SkippedRaise(type: type, location: SourceLocation(file: file, line: position.line, column: position.column))
        case .expression(let expression, _), .returnValue(let expression?, _):
          Self.collectCalls(expression, into: &calls)
        case .assign(_, let expression, _), .augmentedAssign(_, _, let expression, _), .annotatedAssign(_, _, let expression?, _):
          Self.collectCalls(expression, into: &calls)
        case .ifChain(let branches, let otherwise, _):
          for branch in branches {
            Self.collectCalls(branch.condition, into: &calls)
            visit(branch.body, handler: handler)
          }
          visit(otherwise ?? [], handler: handler)
        case .forLoop(_, let iterable, let body, let otherwise, _, _):
          Self.collectCalls(iterable, into: &calls)
          visit(body + otherwise, handler: handler)
        case .whileLoop(let condition, let body, let otherwise, _):
          Self.collectCalls(condition, into: &calls)
          visit(body + otherwise, handler: handler)
        case .with(let items, let body, _, _):
          for item in items { Self.collectCalls(item.0, into: &calls) }
          visit(body, handler: handler)
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          visit(body + otherwise + finally, handler: handler)
          for clause in handlers { visit(clause.body, handler: clause) }
        case .classDef(_, let body, _, _):
          visit(body)
        case .match(let subject, let cases, _):
          Self.collectCalls(subject, into: &calls)
          for matchCase in cases { visit(matchCase.body, handler: handler) }
        case .unsupported(_, let inner, _):
          visit(inner, handler: handler)
        default:
          continue
        }
      }
    }
    visit(statements)
    if let found { return found }
    guard depth < Self.raiseSearchDepth else { return nil }
    for callee in calls {
      guard let function = peekFunction(callee, module: module, scope: scope),
        visited.insert(ObjectIdentifier(function)).inserted
      else { continue }
      if let inner = reachableRaise(
        in: function.body, file: function.location.file, module: function.module, scope: function.closure,
        depth: depth + 1, &visited, &scanned)
      {
        return inner
      }
    }
    return nil
  }

  /// The function of the settings a callee expression names (`helper`, `module.helper`),
  /// looked up without evaluating anything.
  private func peekFunction(_ callee: PythonExpr, module: PythonModule, scope: PythonScope?) -> PythonFunction? {
    func named(_ name: String) -> PythonValue? {
      var current = scope
      while let found = current {
        if let value = found.names[name] { return value }
        current = found.parent
      }
      return module.namespace[name]?.value
    }
    let value: PythonValue?
    switch callee {
    case .name(let name, _): value = named(name)
    case .attribute(.name(let base, _), let name, _):
      guard case .module(let imported)? = named(base)?.kind else { return nil }
      value = imported.namespace[name]?.value
    default: return nil
    }
    if case .function(let function)? = value?.kind { return function }
    return nil
  }

  /// The callees of the calls in an expression (not inside lambdas, which run later if ever).
  static func collectCalls(_ expression: PythonExpr, into calls: inout [PythonExpr]) {
    switch expression {
    case .call(let callee, let arguments, _):
      calls.append(callee)
      collectCalls(callee, into: &calls)
      for argument in arguments {
        switch argument {
        case .positional(let inner), .keyword(_, let inner), .star(let inner), .doubleStar(let inner):
          collectCalls(inner, into: &calls)
        }
      }
    case .list(let items, _), .tuple(let items, _), .set(let items, _), .boolean(_, let items, _):
      for item in items { collectCalls(item, into: &calls) }
    case .dict(let entries, _):
      for entry in entries {
        if let key = entry.key { collectCalls(key, into: &calls) }
        collectCalls(entry.value, into: &calls)
      }
    case .starred(let inner, _), .attribute(let inner, _, _), .unary(_, let inner, _), .named(_, let inner, _),
      .await(let inner, _):
      collectCalls(inner, into: &calls)
    case .subscription(let base, let index, _), .binary(_, let base, let index, _):
      collectCalls(base, into: &calls)
      collectCalls(index, into: &calls)
    case .compare(let left, let rest, _):
      collectCalls(left, into: &calls)
      for part in rest { collectCalls(part.right, into: &calls) }
    case .ifElse(let condition, let then, let otherwise, _):
      collectCalls(condition, into: &calls)
      collectCalls(then, into: &calls)
      collectCalls(otherwise, into: &calls)
    case .comprehension(let kind, let element, let clauses, _):
      if case .dict(let key) = kind { collectCalls(key, into: &calls) }
      collectCalls(element, into: &calls)
      for clause in clauses {
        collectCalls(clause.iterable, into: &calls)
        for condition in clause.conditions { collectCalls(condition, into: &calls) }
      }
    case .formatString(let parts, _):
      for part in parts {
        if case .field(let inner, _, _) = part { collectCalls(inner, into: &calls) }
      }
    default:
      break
    }
  }
}
