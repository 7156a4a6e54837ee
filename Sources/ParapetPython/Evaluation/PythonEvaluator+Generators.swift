import ParapetFacts

/// Generator functions, evaluated only where their items are consumed whole (an `__iter__`
/// that `list()`, `for` or `in` walks to the end). Consumed whole, a generator gives what the
/// same body would give if each `yield v` appended `v` to a list it returns; exceptions the
/// body raises surface while iterating, which is where the consumer is. So the body runs with
/// a hidden local list, `yieldedName`, that `yield` appends to: the evaluator's handling of a
/// list a body appends to under conditions it cannot decide (merged branches, loops over
/// unknown items) applies to it unchanged. Anywhere else (a generator stored, or iterated one
/// item at a time) the call's value stays unknown.
extension PythonEvaluator {
  /// The local that holds what a generator yielded so far. Not a Python identifier, so no
  /// name in the body can collide with it.
  static let yieldedName = "<yielded>"

  /// The items a generator function yields when consumed whole, or an unknown value.
  func generatorItems(
    _ function: PythonFunction, _ positional: [PythonValue], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    collectingGenerator = true
    defer { collectingGenerator = false }
    return try callFunction(function, positional, [], at: location)
  }

  /// The type name of a generator object a call made and nothing has consumed yet.
  static let generatorType = "generator"

  /// A generator object: the function and its arguments, run only when something consumes it
  /// whole (`dict.update(setup.values())`, `list(g)`, a `for` over it), as Python runs the body
  /// at iteration, not at the call. The third part records that it was consumed: Python's
  /// generator is then exhausted and gives no more items.
  func generatorObject(_ function: PythonFunction, _ positional: [PythonValue], at location: SourceLocation) -> PythonValue {
    let parts = [PythonValue(.function(function), at: location), PythonValue(.tuple(positional), at: location), PythonValue(.list(PythonList([])), at: location)]
    return PythonValue(.builtin(Self.generatorType, receiver: parts), at: location)
  }

  /// The items of a generator object consumed whole: its body run now, once. A raise while it
  /// runs leaves the items unknown (a consumer that stops early never meets it).
  func generatorObjectItems(_ parts: [PythonValue], at location: SourceLocation?) throws(PythonException) -> [PythonValue]? {
    guard parts.count == 3, case .function(let function) = parts[0].kind, case .tuple(let arguments) = parts[1].kind,
      case .list(let consumed) = parts[2].kind
    else { return nil }
    if !consumed.items.isEmpty { return [] }
    consumed.items.append(PythonValue(.bool(true)))
    do throws(PythonException) {
      return try iterate(try generatorItems(function, arguments, at: location ?? function.location))
    } catch {
      if error.isInternal { throw error }
      return nil
    }
  }

  /// `yield value` or `yield from iterable` in a body `generatorItems` runs: the items join the
  /// hidden list. The value of a `yield` expression is what the consumer sends, None for
  /// iteration. Outside such a body (a generator Parapet does not consume) it is not known.
  func yieldValue(_ valueExpression: PythonExpr?, isFrom: Bool, _ frame: Frame, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    let value = try valueExpression.map { expression throws(PythonException) in try evaluate(expression, frame) }
      ?? PythonValue(.none, at: location)
    guard let scope = frame.scope, let collected = scope.names[Self.yieldedName] else {
      return .unknown("yield outside a generator Parapet consumes whole", at: location)
    }
    // Already unknown (a branch or loop Parapet could not decide): it stays so.
    guard case .list(let list) = collected.kind else { return .unknown("the value sent to a generator", at: location) }
    if !isFrom {
      list.items.append(value)
      return PythonValue(.none, at: location)
    }
    guard let items = try iterate(value) else {
      scope.names[Self.yieldedName] = .unknown(
        "yield from \(valueExpression?.summary ?? "a value"), whose items are not known: \(value.unknownReason ?? value.typeName)",
        at: location
      ).merging([value])
      return .unknown("the value of yield from", at: location)
    }
    list.items += items
    // `yield from` gives the inner generator's return value: None for the iterables modelled.
    return PythonValue(.none, at: location)
  }

  /// The iterable of a `for` loop or a comprehension. A call of a generator function of the
  /// settings there (`for location in get_config_locations():`, NAV's configuration search
  /// path) is consumed whole: its items are what the loop walks. A loop that stops early never
  /// runs the rest of the body, so when running it whole raises, the items are unknown rather
  /// than that error. Only calls whose callee is a name and whose arguments are names or
  /// constants are taken so, so the whole-consumption applies to that call alone.
  func evaluateIterable(_ expression: PythonExpr, _ frame: Frame) throws(PythonException) -> PythonValue {
    guard case .call(.name(let calleeName, _), let arguments, let position) = expression,
      arguments.allSatisfy(Self.isPlainArgument),
      let function = Self.boundFunction(calleeName, frame), function.isGenerator
    else { return try evaluate(expression, frame) }
    let location = frame.at(position)
    collectingGenerator = true
    defer { collectingGenerator = false }
    do throws(PythonException) {
      return try evaluate(expression, frame)
    } catch {
      if error.isInternal { throw error }
      return .unknown(
        "\(calleeName)() raises \(error.type) when Parapet runs it whole, which a loop that stops early never reaches",
        at: location)
    }
  }

  /// The function `name` is bound to in `frame`'s scopes or module, without `lookup`'s notes
  /// (the call's own evaluation looks the name up again).
  private static func boundFunction(_ name: String, _ frame: Frame) -> PythonFunction? {
    var scope = frame.scope
    var value: PythonValue?
    while let current = scope, value == nil {
      value = current.names[name]
      scope = current.parent
    }
    guard case .function(let function)? = (value ?? frame.module.namespace[name]?.value)?.kind else { return nil }
    return function
  }

  private static func isPlainArgument(_ argument: PythonExpr.Argument) -> Bool {
    switch argument {
    case .positional(let value), .keyword(_, let value):
      switch value {
      case .name, .constant: return true
      default: return false
      }
    default: return false
    }
  }
}
