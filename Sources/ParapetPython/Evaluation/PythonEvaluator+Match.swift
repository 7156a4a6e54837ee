import ParapetFacts

/// `match` statements (PEP 634) on a subject Parapet knows. Settings switch on a configured
/// value (`match engine: case "postgresql": … case _: raise NotImplementedError(engine)`); run
/// as Python runs them, only the case that matches executes, so a `raise` in a case that cannot
/// match is not a possible load error.
extension PythonEvaluator {
  /// Runs the case Python would run, or returns nil when that cannot be decided: the subject is
  /// unknown, or a pattern, value or guard before the matching case is one Parapet cannot
  /// decide (sequence, mapping and class patterns are not decided). The caller then treats the
  /// statement as not run (`skipUnrun`).
  @inline(never)
  func executeMatch(
    _ subjectExpression: PythonExpr, _ cases: [PythonStmt.MatchCase], _ frame: Frame, location: SourceLocation
  ) throws(PythonException) -> Flow? {
    let subject = try evaluate(subjectExpression, frame)
    if subject.isUnknown { return nil }
    for matchCase in cases {
      var bindings: [(name: String, value: PythonValue, position: Position)] = []
      guard let matched = try matches(matchCase.pattern, subject, &bindings, frame) else { return nil }
      guard matched else { continue }
      // Python binds the captures before it tests the guard.
      for binding in bindings {
        try assign(.name(binding.name, binding.position), binding.value, frame, location: location)
      }
      var uses = subject.uses
      if let guardCondition = matchCase.guardCondition {
        let test = try evaluate(guardCondition, frame)
        guard let truth = pythonTruth(test) else { return nil }
        uses = PythonValue.union(uses, test.uses)
        guard truth else { continue }
      }
      let saved = controlUses
      controlUses = PythonValue.union(controlUses, uses)
      defer { controlUses = saved }
      return try run(matchCase.body, frame)
    }
    return .next
  }

  /// Whether `pattern` matches `subject`: true, false, or nil when Parapet cannot decide.
  private func matches(
    _ pattern: PythonPattern, _ subject: PythonValue,
    _ bindings: inout [(name: String, value: PythonValue, position: Position)], _ frame: Frame
  ) throws(PythonException) -> Bool? {
    switch pattern {
    case .wildcard:
      return true
    case .capture(let name, let position):
      bindings.append((name, subject, position))
      return true
    case .capturing(let inner, let name, let position):
      guard let matched = try matches(inner, subject, &bindings, frame) else { return nil }
      if matched { bindings.append((name, subject, position)) }
      return matched
    case .or(let alternatives, _):
      for alternative in alternatives {
        var inner: [(name: String, value: PythonValue, position: Position)] = []
        guard let matched = try matches(alternative, subject, &inner, frame) else { return nil }
        if matched {
          bindings += inner
          return true
        }
      }
      return false
    case .value(let expression, _):
      // None, True and False match by identity (`is`): `case True` does not match 1.
      if case .constant(let constant, _) = expression {
        switch constant {
        case .none:
          if case .none = subject.kind { return true }
          return subject.isPlain ? false : nil
        case .bool(let flag):
          if case .bool(let value) = subject.kind { return value == flag }
          return subject.isPlain ? false : nil
        default: break
        }
      }
      let value = try evaluate(expression, frame)
      if value.isUnknown { return nil }
      return PythonValue.equal(subject, value)
    case .sequence, .star, .mapping, .classPattern:
      return nil
    }
  }
}
