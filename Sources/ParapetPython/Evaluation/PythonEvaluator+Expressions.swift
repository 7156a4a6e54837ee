import OrderedCollections
import ParapetFacts

/// Expressions: literals, operators with Python's semantics, subscripts, attributes, calls,
/// comprehensions and f-strings.
extension PythonEvaluator {
  package func evaluate(_ expression: PythonExpr, _ frame: Frame) throws(PythonException) -> PythonValue {
    let location = frame.at(expression.position)
    try step(location)
    // Deeply nested expressions would overflow the stack; Python's own compiler refuses them
    // too. Left-deep chains (`a + b + c + …`) are evaluated iteratively below.
    expressionDepth += 1
    defer { expressionDepth -= 1 }
    if expressionDepth > limits.expressionDepth {
      throw PythonException(
        type: PythonException.limitType,
        message: "expression nested deeper than \(limits.expressionDepth) levels", location: location)
    }
    switch expression {
    case .name(let name, _):
      let value = lookup(name, frame, at: location)
      if value.isUnknown, let error = certainNameError(name, frame, at: location) { throw error }
      return value
    case .constant(let constant, _):
      return Self.constant(constant, at: location)
    case .formatString(let parts, _):
      return try format(parts, frame, at: location)
    case .list(let items, _):
      let values = try evaluateItems(items, frame, keepingUnknownParts: true)
      guard let values else { return .unknown("a list with an unpacked value Parapet cannot evaluate", at: location) }
      return PythonValue(.list(PythonList(values)), at: location)
    case .tuple(let items, _):
      guard let values = try evaluateItems(items, frame, keepingUnknownParts: true) else {
        return .unknown("a tuple with an unpacked value Parapet cannot evaluate", at: location)
      }
      return PythonValue(.tuple(values), at: location)
    case .set(let items, _):
      guard let values = try evaluateItems(items, frame) else {
        return .unknown("a set with an unpacked value Parapet cannot evaluate", at: location)
      }
      var unique: [PythonValue] = []
      for value in values where !unique.contains(where: { PythonValue.equal($0, value) == true }) {
        unique.append(value)
      }
      return PythonValue(.set(unique), at: location)
    case .dict(let entries, _):
      let dict = PythonDict()
      var uses: [EnvironmentUse] = []
      for entry in entries {
        let value = try evaluate(entry.value, frame)
        if let keyExpression = entry.key {
          let key = try evaluate(keyExpression, frame)
          guard let hashable = key.key else {
            return .unknown("a dict key Parapet cannot evaluate (\(keyExpression.summary))", at: location).merging([key])
          }
          dict.entries[hashable] = (key, value)
        } else {
          guard case .dict(let other) = value.kind else {
            return .unknown("a dict unpacking of \(entry.value.summary), which is not known", at: location).merging([value])
          }
          uses = PythonValue.union(uses, value.uses)
          for (key, item) in other.entries { dict.entries[key] = item }
        }
      }
      return PythonValue(.dict(dict), uses: uses, at: location)
    case .starred(_, _):
      return .unknown("a starred expression outside a display", at: location)
    case .attribute(let baseExpression, let name, _):
      let base = try evaluate(baseExpression, frame)
      return try attribute(base, name, at: location)
    case .subscription(let baseExpression, let indexExpression, _):
      // `sys.argv[0]` is the program's name, not the command (pip's console-script wrapper
      // rewrites it): reading it says nothing of which command runs.
      let commandRead = commandLineRead
      defer { if Self.isProgramName(baseExpression, indexExpression) { commandLineRead = commandRead } }
      let base = try evaluate(baseExpression, frame)
      if case .slice(let lower, let upper, let stride, _) = indexExpression {
        let bounds = try [lower, upper, stride].map { item throws(PythonException) in
          try item.map { expression throws(PythonException) in try evaluate(expression, frame) }
        }
        return slice(base, bounds[0], bounds[1], bounds[2], at: location)
      }
      let index = try evaluate(indexExpression, frame)
      return try item(base, index, at: location)
    case .slice:
      return .unknown("a slice outside a subscript", at: location)
    case .call(let calleeExpression, let arguments, _):
      return try evaluateCall(calleeExpression, arguments, frame, at: location)
    case .unary(let op, let operandExpression, _):
      let operand = try evaluate(operandExpression, frame)
      return try unary(op, operand, at: location)
    case .binary:
      return try binaryChain(expression, frame)
    case .boolean(let op, let items, let sourcePosition):
      var uses: [EnvironmentUse] = []
      var last = PythonValue.none
      for (position, itemExpression) in items.enumerated() {
        // The last operand is the result whatever its truth value.
        if position == items.count - 1 {
          last = try evaluate(itemExpression, frame)
          uses = PythonValue.union(uses, last.uses)
          break
        }
        // An operand is a condition for the rest: its existence tests guard them (and the
        // condition this expression may be part of).
        let (value, tests) = try evaluateCondition(itemExpression, frame)
        if !existenceTests.isEmpty { existenceTests[existenceTests.count - 1].merge(tests) { _, new in new } }
        uses = PythonValue.union(uses, value.uses)
        last = value
        guard let truth = try truth(value) else {
          // Whether the rest runs is not known. It runs under what this operand tested
          // (`os.path.exists(p) and open(p).read()`); what it raises happens only where it
          // runs: a possible load error, and where the deployment works this operand decided.
          let rest = Array(items[(position + 1)...])
          let restExpression = rest.count == 1 ? rest[0] : PythonExpr.boolean(op, rest, sourcePosition)
          let implied = pathImplications(of: itemExpression, holding: op == "and", tests, frame)
          do throws(PythonException) {
            let other = try assuming(implied) { () throws(PythonException) in try evaluate(restExpression, frame) }
            uses = PythonValue.union(uses, other.uses)
          } catch {
            if error.isInternal { throw error }
            possibleLoadErrors.append(error)
            var decided = value
            decided.uses = uses
            return decided
          }
          var unknown = PythonValue.unknown("'\(op)' over \(itemExpression.summary), which is not known: \(value.unknownReason ?? "")", at: location)
          unknown.uses = uses
          return unknown
        }
        if (op == "or" && truth) || (op == "and" && !truth) { break }
      }
      last.uses = uses
      return last
    case .compare(let leftExpression, let pairs, _):
      var left = try evaluate(leftExpression, frame)
      var uses = left.uses
      var result = PythonValue(.bool(true), at: location)
      for pair in pairs {
        let right = try evaluate(pair.right, frame)
        uses = PythonValue.union(uses, right.uses)
        let outcome = try compare(pair.op, left, right, at: location)
        uses = PythonValue.union(uses, outcome.uses)
        guard let truth = outcome.truthiness else {
          result = outcome
          break
        }
        if !truth {
          result = PythonValue(.bool(false), at: location)
          break
        }
        left = right
      }
      result.uses = uses
      return result
    case .ifElse(let conditionExpression, let thenExpression, let otherwiseExpression, _):
      let (condition, tests) = try evaluateCondition(conditionExpression, frame)
      guard let truth = try truth(condition) else {
        // Each side runs under what its side of the condition tested (`open(p).read() if
        // os.path.exists(p) else ""`). A side that raises is a side a working deployment does
        // not take: the load is then in doubt, and the value is the other side's.
        func side(_ expression: PythonExpr, _ holds: Bool) throws(PythonException) -> Result<PythonValue, PythonException> {
          do throws(PythonException) {
            return .success(try assuming(pathImplications(of: conditionExpression, holding: holds, tests, frame)) { () throws(PythonException) in
              try evaluate(expression, frame)
            })
          } catch {
            if error.isInternal { throw error }
            return .failure(error)
          }
        }
        let sides = (try side(thenExpression, true), try side(otherwiseExpression, false))
        let first: PythonValue, second: PythonValue
        switch sides {
        case (.success(let a), .success(let b)): (first, second) = (a, b)
        case (.failure(let error), .success(let other)), (.success(let other), .failure(let error)):
          possibleLoadErrors.append(error)
          return other.merging([condition])
        case (.failure(let error), .failure):
          throw error
        }
        if PythonValue.equal(first, second) == true { return first.merging([condition, second]) }
        var unknown = PythonValue.unknown("depends on \(conditionExpression.summary): \(condition.unknownReason ?? "not known")", at: location)
        unknown.conditional = true
        return unknown.merging([condition, first, second])
      }
      let chosen = try evaluate(truth ? thenExpression : otherwiseExpression, frame)
      return chosen.merging([condition])
    case .comprehension(let kind, let element, let clauses, _):
      return try comprehension(kind, element, clauses, frame, at: location)
    case .lambda(let parameters, let body, let position):
      var defaults: [String: PythonValue] = [:]
      for parameter in parameters {
        if let expression = parameter.defaultValue { defaults[parameter.name] = try evaluate(expression, frame) }
      }
      let closure = frame.scope?.classBindings != nil ? frame.scope?.parent : frame.scope
      let function = PythonFunction(
        name: "<lambda>", parameters: parameters, defaults: defaults, body: [.returnValue(body, position)],
        module: frame.module, closure: closure, location: location)
      return PythonValue(.function(function), at: location)
    case .templateString:
      return .unknown("a template string (t-string) is not a str", at: location)
    case .await:
      return .unknown("await is not evaluated", at: location)
    case .yield(let valueExpression, let isFrom, _):
      return try yieldValue(valueExpression, isFrom: isFrom, frame, at: location)
    case .named(let target, let valueExpression, _):
      // `name := value` binds in the current scope and gives the value.
      let value = try evaluate(valueExpression, frame)
      bind(target, value, frame, location: location)
      return value
    case .unsupported(let what, _):
      return .unknown("\(what) is not evaluated", at: location)
    }
  }

  /// `a + b + c + …`: the left spine is walked with a loop, so long chains need no stack.
  private func binaryChain(_ expression: PythonExpr, _ frame: Frame) throws(PythonException) -> PythonValue {
    var pending: [(op: String, right: PythonExpr, position: Position)] = []
    var current = expression
    while case .binary(let op, let left, let right, let position) = current {
      pending.append((op, right, position))
      current = left
    }
    var value = try evaluate(current, frame)
    for (op, rightExpression, position) in pending.reversed() {
      let location = frame.at(position)
      try step(location)
      let right = try evaluate(rightExpression, frame)
      value = try binary(op, value, right, at: location)
    }
    return value
  }

  package static func constant(_ constant: PythonExpr.Constant, at location: SourceLocation) -> PythonValue {
    switch constant {
    case .none: return PythonValue(.none, at: location)
    case .bool(let flag): return PythonValue(.bool(flag), at: location)
    case .integer(let number): return PythonValue(.integer(number), at: location)
    case .bigInteger(let text): return .unknown("integer \(text.prefix(30)) is larger than 64 bits", at: location)
    case .float(let number): return PythonValue(.float(number), at: location)
    case .imaginary: return .unknown("a complex number", at: location)
    case .string(let text): return PythonValue(.string(text), at: location)
    case .bytes(let text): return PythonValue(.bytes(text), at: location)
    case .ellipsis: return PythonValue(.opaque("Ellipsis"), at: location)
    }
  }

  /// Items of a display, with `*x` unpacked; nil when an unpacked value is not known.
  /// The items of a display; `keepingUnknownParts`: `*x` of a value Parapet does not know (or
  /// of a list with an unknown part) adds an unknown part (`[*BASE, *plugins]`), for lists and
  /// tuples, whose order counts; a set's items are all or nothing.
  /// A slice bound left out (`L[:n]`) or given as None.
  static func isAbsentBound(_ value: PythonValue?) -> Bool {
    guard let value else { return true }
    if case .none = value.kind { return true }
    return false
  }

  private func evaluateItems(_ items: [PythonExpr], _ frame: Frame, keepingUnknownParts: Bool = false) throws(PythonException) -> [PythonValue]? {
    var values: [PythonValue] = []
    for item in items {
      if case .starred(let inner, _) = item {
        let value = try evaluate(inner, frame)
        let location = frame.at(item.position)
        guard let elements = keepingUnknownParts ? try addedItems(value, what: "*\(inner.summary)", at: location) : try iterate(value) else { return nil }
        values += elements.map { $0.merging([value]) }
      } else {
        values.append(try evaluate(item, frame))
      }
    }
    return values
  }

  /// The value of a call whose `*args` or `**kwargs` are not known: unknown, and the call is
  /// not made, so whatever it would raise (a function of the scan's body, a library's
  /// validation) may be raised into an enclosing `try` (libretime's pydantic
  /// `super().__init__(**values)` under `except ValidationError: sys.exit(1)`).
  private func unknownArguments(
    _ callee: PythonValue, _ what: String, _ value: PythonValue, _ frame: Frame, at location: SourceLocation
  ) -> PythonValue {
    let result = PythonValue.unknown("a call with \(what), which is not known", at: location).merging([value])
    if case .builtin(let name, let receiver) = callee.kind, receiver.isEmpty, Self.neverRaising.contains(name) { return result }
    let module = ObjectIdentifier(frame.module)
    noteUncertain(module, raising: nil)
    if uncertainReasons[module] == nil {
      uncertainReasons[module] = "a call with \(what) gives what Parapet cannot know: \(value.unknownReason ?? "its arguments are not known")"
    }
    return result
  }

  /// A call expression. Out of line: `evaluate` recurses once per nesting level of an
  /// expression, and its frame must stay small.
  @inline(never)
  private func evaluateCall(
    _ calleeExpression: PythonExpr, _ arguments: [PythonExpr.Argument], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let callee = try evaluate(calleeExpression, frame)
    var positional: [PythonValue] = []
    var keywords: [(String, PythonValue)] = []
    for argument in arguments {
      switch argument {
      case .positional(let expression):
        positional.append(try evaluate(expression, frame))
      case .keyword(let name, let expression):
        keywords.append((name, try evaluate(expression, frame)))
      case .star(let expression):
        let value = try evaluate(expression, frame)
        guard let items = try iterate(value) else {
          return unknownArguments(callee, "*\(expression.summary)", value, frame, at: location)
        }
        positional += items
      case .doubleStar(let expression):
        let value = try evaluate(expression, frame)
        guard case .dict(let dict) = value.kind else {
          return unknownArguments(callee, "**\(expression.summary)", value, frame, at: location)
        }
        for entry in dict.entries.values {
          guard let name = entry.key.stringValue else { continue }
          keywords.append((name, entry.value))
        }
      }
    }
    if let changed = try mutateSet(calleeExpression, callee, positional, frame, at: location) { return changed }
    let result = try call(callee, positional, keywords, frame, at: location, summary: calleeExpression.summary)
    // A value generated at start-up (`secrets.token_urlsafe(64)`) is unknown but certain: the
    // call does not raise.
    if result.isUnknown, !result.generated {
      switch callee.kind {
      case .function, .object(.method), .object(.classObject): break
      case .builtin(let name, let receiver) where receiver.isEmpty && Self.neverRaising.contains(name): break
      case .builtin(let name, let receiver) where receiver.isEmpty && !mayBeCaught(name, frame): break
      default:
        let module = ObjectIdentifier(frame.module)
        if case .builtin(let name, _) = callee.kind, ["file.read", "file.readline", "file.readlines"].contains(name) {
          // Reading a file that opened: only its bytes may fail to decode.
          noteUncertain(module, raising: PythonException(type: "UnicodeDecodeError", message: "", location: location))
        } else {
          noteUncertain(module, raising: nil)
        }
        if uncertainReasons[module] == nil, let why = result.unknownReason {
          // Name what could not be known: a call whose value is unknown may also raise.
          uncertainReasons[module] = "\(calleeExpression.summary)() gives what Parapet cannot know: \(why)"
        }
      }
    }
    if result.isUnknown, case .attribute(let baseExpression, let name, _) = calleeExpression, frame.scope == nil,
      case .name = baseExpression
    {
      // `Production.load_settings(__name__)`: a class method Parapet could not follow may be
      // what copies the settings into the module.
      let base = try evaluate(baseExpression, frame)
      if case .object(let object) = base.kind, case .classObject = object {
        unfollowedLoaders.append((frame.module.name, "\(calleeExpression.summary)()", location))
      } else if case .object(.instance) = base.kind {
        unfollowedLoaders.append((frame.module.name, "\(calleeExpression.summary)()", location))
      }
      _ = name
    }
    return result
  }

  private func format(_ parts: [PythonExpr.FormatPart], _ frame: Frame, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    var text = ""
    var sources: [PythonValue] = []
    for part in parts {
      switch part {
      case .text(let literal):
        text += literal
      case .field(let expression, let conversion, let spec):
        let value = try evaluate(expression, frame)
        sources.append(value)
        let specValue = try format(spec, frame, at: location)
        sources.append(specValue)
        guard let specText = specValue.stringValue else {
          return .unknown("an f-string field with a format Parapet cannot evaluate", at: location).merging(sources)
        }
        guard let rendered = conversion == "r" ? value.repr : value.pythonString else {
          return .unknown("an f-string with {\(expression.summary)}, which is not known: \(value.unknownReason ?? value.typeName)", at: location).merging(sources)
        }
        guard let formatted = Self.applyFormatSpec(specText, rendered, value) else {
          return .unknown("an f-string format ':\(specText)' Parapet does not model", at: location).merging(sources)
        }
        text += formatted
        guard charge(formatted.utf8.count) else { return overBudget(at: location).merging(sources) }
      }
    }
    return PythonValue(.string(text), at: location).merging(sources)
  }

  /// The few format specs settings use: empty, width/alignment, `d`, `s`.
  package static func applyFormatSpec(_ spec: String, _ rendered: String, _ value: PythonValue) -> String? {
    if spec.isEmpty || spec == "s" || spec == "d" { return rendered }
    var digits = Substring(spec)
    var align: Character = ">"
    if let first = digits.first, "<>^".contains(first) {
      align = first
      digits = digits.dropFirst()
    }
    if digits.hasSuffix("s") || digits.hasSuffix("d") { digits = digits.dropLast() }
    // Wider than any setting needs: not built (unknown).
    guard let width = Int(digits), width <= 1 << 16 else { return nil }
    let padding = max(0, width - rendered.count)
    if padding == 0 { return rendered }
    switch align {
    case "<": return rendered + String(repeating: " ", count: padding)
    case "^": return String(repeating: " ", count: padding / 2) + rendered + String(repeating: " ", count: padding - padding / 2)
    default: return String(repeating: " ", count: padding) + rendered
    }
  }

  private func comprehension(
    _ kind: PythonExpr.ComprehensionKind, _ element: PythonExpr,
    _ clauses: [PythonExpr.Comprehension], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let scope = PythonScope(parent: frame.scope)
    let inner = Frame(module: frame.module, scope: scope, file: frame.file)
    var results: [PythonValue] = []
    var keys: [PythonValue] = []
    var uses: [EnvironmentUse] = []
    var failure: PythonValue?
    func loop(_ depth: Int) throws(PythonException) {
      if failure != nil { return }
      if depth == clauses.count {
        if case .dict(let keyExpression) = kind { keys.append(try evaluate(keyExpression, inner)) }
        guard charge(Self.itemBytes) else {
          failure = overBudget(at: location)
          return
        }
        results.append(try evaluate(element, inner))
        return
      }
      let clause = clauses[depth]
      let iterable = try evaluateIterable(clause.iterable, inner)
      uses = PythonValue.union(uses, iterable.uses)
      guard let items = try iterate(iterable) else {
        // A list built from items Parapet cannot know is the known part's results with an
        // unknown part where the others go (`[ep.value for ep in entry_points()]` is a list of
        // zero or more items; a filter over a list with an unknown part keeps its known items).
        if clauses.count == 1, let kept = try partialComprehension(kind, element, clause, iterable, inner, at: location) {
          results = kept
          return
        }
        failure = .unknown("a comprehension over \(clause.iterable.summary), which is not known: \(iterable.unknownReason ?? iterable.typeName)", at: location).merging([iterable])
        return
      }
      for item in items {
        try step(location)
        try assign(clause.target, item, inner, location: location)
        var keep = true
        for conditionExpression in clause.conditions {
          let condition = try evaluate(conditionExpression, inner)
          uses = PythonValue.union(uses, condition.uses)
          guard let truth = pythonTruth(condition) else {
            failure = .unknown("a comprehension filter \(conditionExpression.summary) that is not known", at: location).merging([condition])
            return
          }
          if !truth {
            keep = false
            break
          }
        }
        if keep { try loop(depth + 1) }
        if failure != nil { return }
      }
    }
    try loop(0)
    if let failure { return failure }
    switch kind {
    case .list, .generator:
      return PythonValue(.list(PythonList(results)), uses: uses, at: location)
    case .set:
      return PythonValue(.set(results), uses: uses, at: location)
    case .dict:
      let dict = PythonDict()
      for (key, value) in zip(keys, results) {
        guard let hashable = key.key else {
          return .unknown("a dict comprehension with keys Parapet cannot evaluate", at: location)
        }
        dict.entries[hashable] = (key, value)
      }
      return PythonValue(.dict(dict), uses: uses, at: location)
    }
  }

  // MARK: Subscripts

  /// Builtin types whose subscript is a generic alias (`set[int]`, `dict[str, int]`): calling
  /// the alias builds the plain type, so the subscript stands for the type itself.
  static let genericBuiltinTypes: Set<String> = ["list", "set", "frozenset", "dict", "tuple", "type"]

  package func item(_ base: PythonValue, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if base.isUnknown { return base.merging([index]) }
    if case .builtin(let name, let receiver) = base.kind, receiver.isEmpty, Self.genericBuiltinTypes.contains(name) {
      return base
    }
    if index.isUnknown { return index.merging([base]) }
    switch base.kind {
    case .environ:
      guard let name = index.stringValue else { return .unknown("os.environ with a key that is not known", at: location) }
      let value = environmentValue(name, accessor: "os.environ[]", defaultValue: nil, at: location)
      if value.isUnsetMarker {
        throw PythonException(type: "KeyError", message: "KeyError: '\(name)'", location: location, uses: value.uses)
      }
      noteRequiredVariableMayBeUnset(value, name, raising: "KeyError", message: "KeyError: '\(name)'", at: location)
      return value
    case .dict(let dict):
      guard let key = index.key else { return .unknown("a dict key that is not known", at: location) }
      guard let entry = dict.entries[key] else {
        if let why = dict.unknownKeys { return .unknown("\(index.repr ?? key.description) may be a key: \(why)", at: location) }
        throw PythonException(type: "KeyError", message: "KeyError: \(index.repr ?? key.description)", location: location)
      }
      return entry.value.merging([base, index])
    case .list, .tuple, .string:
      guard let position = Self.integer(index) else {
        throw PythonException(type: "TypeError", message: "indices must be integers", location: location)
      }
      if let partial = base.partialItems { return partialItem(partial, position, at: location).merging([base, index]) }
      let items = base.elements ?? []
      let resolved = position < 0 ? items.count + position : position
      guard resolved >= 0 && resolved < items.count else {
        throw PythonException(type: "IndexError", message: "index out of range", location: location)
      }
      return items[resolved].merging([base, index])
    case .path(let path):
      return .unknown("\(path)[…]", at: location)
    case .object(.version(let view)):
      guard let position = Self.integer(index) else { return .unknown("a subscript of sys.version_info", at: location).merging([index]) }
      var derived = view
      derived.steps.append(.index(position))
      if view.range?.exact != nil, derived.exactValue == nil {
        throw PythonException(type: "IndexError", message: "tuple index out of range", location: location)
      }
      return collapse(derived, at: location)
    case .opaque(let type) where type.hasPrefix(Self.configParserPrefix) || type.hasPrefix(Self.sectionProxyPrefix):
      return try configParserItem(base, type, index, at: location).merging([base, index])
    case .object(.classObject(let type)) where type.enumeration != nil:
      return try enumItem(type, type.enumeration!, index, at: location)
    case .object(.regexMatch(let match)):
      return try regexMatchItem(base, match, index, at: location)
    case .object(.instance):
      if let found = try instanceItem(base, index, at: location) { return found.merging([index]) }
      return .unknown("a subscript of \(base.typeName)", at: location).merging([base, index])
    case .object(let object):
      if let found = try namespaceItem(object, index, at: location) { return found }
      return .unknown("a subscript of \(base.typeName)", at: location).merging([base, index])
    default:
      return .unknown("a subscript of \(base.typeName)", at: location).merging([base])
    }
  }

  package func slice(_ base: PythonValue, _ lower: PythonValue?, _ upper: PythonValue?, _ stride: PythonValue?, at location: SourceLocation) -> PythonValue {
    if case .object(.version(let view)) = base.kind {
      func bound(_ value: PythonValue?) -> Int?? {
        guard let value else { return .some(nil) }
        if case .none = value.kind { return .some(nil) }
        return Self.integer(value).map { .some($0) }
      }
      guard stride == nil, let start = bound(lower), let end = bound(upper) else {
        return .unknown("a slice of sys.version_info Parapet does not model", at: location)
      }
      var derived = view
      derived.steps.append(.slice(start, end))
      return collapse(derived, at: location)
    }
    if let partial = base.partialItems {
      // `L[:n]` before an unknown part is known; anything else depends on how many items it holds.
      if stride == nil, Self.isAbsentBound(lower), let upper, let end = Self.integer(upper), end >= 0,
        !partial.prefix(end).contains(where: \.manyItems), end <= partial.count
      {
        let part = Array(partial.prefix(end))
        if case .tuple = base.kind { return PythonValue(.tuple(part), at: location).merging([base]) }
        return PythonValue(.list(PythonList(part)), at: location).merging([base])
      }
      return .unknown("a slice of a \(base.typeName) with items Parapet cannot know", at: location).merging([base] + partial.filter(\.manyItems))
    }
    guard let items = base.elements else { return .unknown("a slice of \(base.typeName)", at: location).merging([base]) }
    if let stride, Self.integer(stride) != 1 { return .unknown("a slice with a step", at: location) }
    let count = items.count
    func bound(_ value: PythonValue?, _ fallback: Int) -> Int? {
      guard let value else { return fallback }
      if case .none = value.kind { return fallback }
      guard let number = Self.integer(value) else { return nil }
      let resolved = number < 0 ? count + number : number
      return min(max(resolved, 0), count)
    }
    guard let start = bound(lower, 0), let end = bound(upper, count) else { return .unknown("a slice with bounds that are not known", at: location) }
    let part = start < end ? Array(items[start..<end]) : []
    switch base.kind {
    case .string: return PythonValue(.string(part.compactMap(\.stringValue).joined()), at: location).merging([base])
    case .tuple: return PythonValue(.tuple(part), at: location).merging([base])
    default: return PythonValue(.list(PythonList(part)), at: location).merging([base])
    }
  }

  // MARK: Calls

  package func call(
    _ callee: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    _ frame: Frame, at location: SourceLocation, summary: String
  ) throws(PythonException) -> PythonValue {
    try readSecretKeyIfCalled(callee, keywords, at: location)
    let result = try dispatchCall(callee, positional, keywords, frame, at: location, summary: summary)
    if result.isUnknown {
      noteUnmodelledVariableRead(callee, positional, keywords, at: location, summary: summary)
      try noteUnmodelledFileRead(callee, positional + keywords.map(\.1), at: location, summary: summary)
    }
    if result.isUnknown {
      // A module's namespace handed to code Parapet cannot follow (`AttrDict(vars())`) may be
      // written through what that code returned (`+SetHooks`).
      for argument in positional + keywords.map(\.1) {
        if case .object(.namespace(let module)) = argument.kind, module.path != nil,
          !escapedNamespaces.contains(where: { $0.module === module })
        {
          escapedNamespaces.append((module, location))
        }
      }
    }
    return result
  }

  /// A configuration reader Parapet does not model (everett's `config("NAME")`, a class of an
  /// unmodelled library) asked for a variable the environment does not set, without a default,
  /// may raise: a possible load error (DJ-LOAD unknown), or the path of an enclosing handler.
  private func noteUnmodelledVariableRead(
    _ callee: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation,
    summary: String
  ) {
    guard Self.isUnmodelledCallee(callee), location != decoratorCall else { return }
    guard let name = positional.first?.stringValue, Self.looksLikeVariableName(name), environment[name] == nil,
      !keywords.contains(where: { $0.0 == "default" }), positional.count < 2
    else { return }
    let reason = unsetIsUnknown
      ? "\(summary)(\"\(name)\") reads $\(name), which \(unsetReason), and may raise where it is unset"
      : "\(summary)(\"\(name)\") reads $\(name), which the environment does not set, through code Parapet does not model"
    notePossibleRaise(SkippedRaise(type: "Exception", location: location, message: reason), because: reason, at: location)
  }

  /// A function Parapet does not model whose name says it reads a file
  /// (`Credentials.from_service_account_file(path)`, `load_pem_private_key_file`), given the path
  /// of a file that is not in the scanned files, may raise FileNotFoundError where Django runs: a
  /// possible load error, or the path of an enclosing handler (doccano's GCP credentials). A
  /// file `--server-missing` declares absent raises it.
  private func noteUnmodelledFileRead(
    _ callee: PythonValue, _ arguments: [PythonValue], at location: SourceLocation, summary: String
  ) throws(PythonException) {
    guard Self.isUnmodelledCallee(callee) else { return }
    let last = (summary.split(separator: ".").last.map(String.init) ?? summary).lowercased()
    guard ["file", "load", "read", "open"].contains(where: { last.contains($0) }) else { return }
    for argument in arguments {
      guard let text = argument.stringValue ?? { if case .path(let path) = argument.kind { return path } else { return nil } }(),
        text.contains("/"), let virtual = virtualPath(of: argument)
      else { continue }
      if scannedFile(virtual) != nil || resolver.directoryExists(virtual) { continue }
      if resolver.declaredAbsent(virtual) {
        // The user says the file is not on the server, and the function reads it.
        throw Self.fileNotFound(virtual, why: "not on the server, as --server-missing or --server-dir says, and \(summary)() reads it", at: location)
      }
      let reason = "\(summary)() may read \(Self.unseenFile(virtual)), through code Parapet does not model"
      notePossibleRaise(SkippedRaise(type: "FileNotFoundError", location: location, message: reason), because: reason, at: location)
      return
    }
  }

  /// An object or a library function Parapet has no model of (not the standard library's, not
  /// Django's).
  static func isUnmodelledCallee(_ callee: PythonValue) -> Bool {
    switch callee.kind {
    case .unknown: return true
    case .builtin(let name, let receiver):
      // A method of a value Parapet models (`values.get("X")` on a dict) is modelled: an
      // unknown result comes from the value, not from a reader of the environment.
      if !receiver.isEmpty, let type = name.split(separator: ".").first, PythonValue.modelledTypePrefixes.contains(String(type)) {
        return false
      }
      return name.contains(".") && !StandardLibrary.contains(name) && !name.hasPrefix("django.")
    default: return false
    }
  }

  /// `OIDC_RP_CLIENT_ID`: upper case, digits and underscores, starting with a letter.
  static func looksLikeVariableName(_ text: String) -> Bool {
    guard text.count >= 3, let first = text.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
    return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
  }

  /// `sys.argv[0]` or `argv[0]`.
  static func isProgramName(_ base: PythonExpr, _ index: PythonExpr) -> Bool {
    guard case .constant(.integer(0), _) = index else { return false }
    switch base {
    case .attribute(_, "argv", _), .name("argv", _): return true
    default: return false
    }
  }

  private func dispatchCall(
    _ callee: PythonValue, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    _ frame: Frame, at location: SourceLocation, summary: String
  ) throws(PythonException) -> PythonValue {
    if djangoStart == nil { noteDjangoStart(callee, at: location) }
    switch callee.kind {
    case .function(let function):
      return try callFunction(function, positional, keywords, at: location)
    case .builtin(let name, let receiver):
      return try callBuiltin(name, receiver: receiver.first, positional, keywords, frame, at: location)
    case .environReader(let scheme):
      return try environGet(scheme, method: nil, positional, keywords, frame, at: location)
    case .decoupleConfig(let searchFrom, let file):
      return try decoupleGet(searchFrom: searchFrom ?? PythonModuleResolver.dirname(frame.file), file: file, positional, keywords, at: location)
    case .unknown:
      return callee
    case .opaque(let name) where name.hasPrefix(Self.environPathPrefix):
      return try environPathCall(callee, String(name.dropFirst(Self.environPathPrefix.count)), method: "__call__", positional, keywords, at: location)
    case .opaque(let name) where name.hasPrefix(Self.environsPrefix):
      return try environsMethod(name, "__call__", positional, keywords, frame, at: location)
    case .opaque(let name) where name.hasPrefix(Self.everettPrefix):
      return try everettObjectCall(callee, positional, keywords, frame, at: location)
    case .opaque(let name):
      return PythonValue(.opaque(name.hasPrefix("class ") ? String(name.dropFirst(6)) : name), at: location)
    case .object(let object):
      return try callObject(object, callee, positional, keywords, at: location)
    default:
      return .unknown("calls \(summary), which Parapet does not model", at: location)
    }
  }

  /// False when `name` is a library function whose exceptions Parapet knows and no enclosing
  /// `try` of this module catches any of them: its unknown value then changes no `try` path.
  private func mayBeCaught(_ name: String, _ frame: Frame) -> Bool {
    guard let raised = PythonExceptionHierarchy.raisedBy[name] else { return true }
    let module = ObjectIdentifier(frame.module)
    return activeHandlers.contains { entry in
      entry.module == module && entry.handlers.contains { handler in raised.contains { Self.handles(handler, $0) } }
    }
  }

  /// Library calls whose value Parapet does not know but which never raise: the clock. Their
  /// unknown result does not make a `try` around them uncertain.
  static let neverRaising: Set<String> = [
    "time.time", "time.time_ns", "time.monotonic", "time.monotonic_ns", "time.perf_counter",
    "time.perf_counter_ns", "time.process_time", "time.process_time_ns", "os.getpid", "os.getppid",
    // sys.path is never empty where settings run.
    "sys.path.pop",
  ]

  package func callFunction(
    _ function: PythonFunction, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let collecting = collectingGenerator
    collectingGenerator = false
    if function.isGenerator && !collecting {
      // Python runs none of the body until the generator is iterated: a generator object that
      // runs it where it is consumed whole (`iterate`).
      guard keywords.isEmpty else {
        return .unknown("\(function.name)() makes a generator, which Parapet evaluates only where it is iterated whole", at: location)
      }
      return generatorObject(function, positional, at: location)
    }
    guard callDepth < limits.callDepth else {
      let reason = "calls nested deeper than \(limits.callDepth) levels"
      // The body is not run: a raise in it is not ruled out.
      let frame = Frame(module: function.module, scope: function.closure, file: function.location.file, function: function)
      if let raise = reachableRaise(in: function.body, frame) {
        notePossibleRaise(raise, because: "\(function.name)() is not run: \(reason)", at: location)
      }
      return .unknown(reason, at: location)
    }
    let scope = PythonScope(parent: function.closure)
    var remaining = positional
    var extraKeywords: [(String, PythonValue)] = []
    var given = Dictionary(keywords, uniquingKeysWith: { _, last in last })
    for parameter in function.parameters {
      switch parameter.kind {
      case .normal, .positionalOnly:
        if !remaining.isEmpty {
          scope.names[parameter.name] = remaining.removeFirst()
        } else if let value = given.removeValue(forKey: parameter.name) {
          scope.names[parameter.name] = value
        } else if let value = function.defaults[parameter.name] {
          scope.names[parameter.name] = value
        } else {
          throw PythonException(type: "TypeError", message: "\(function.name)() missing argument '\(parameter.name)'", location: location)
        }
      case .keywordOnly:
        if let value = given.removeValue(forKey: parameter.name) {
          scope.names[parameter.name] = value
        } else if let value = function.defaults[parameter.name] {
          scope.names[parameter.name] = value
        } else {
          throw PythonException(type: "TypeError", message: "\(function.name)() missing keyword argument '\(parameter.name)'", location: location)
        }
      case .varPositional:
        scope.names[parameter.name] = PythonValue(.tuple(remaining), at: location)
        remaining = []
      case .varKeyword:
        let dict = PythonDict()
        for (name, value) in given { dict.entries[.string(name)] = (PythonValue(.string(name)), value) }
        scope.names[parameter.name] = PythonValue(.dict(dict), at: location)
        given = [:]
      }
    }
    if collecting { scope.names[Self.yieldedName] = PythonValue(.list(PythonList([])), at: location) }
    extraKeywords = Array(given)
    if !remaining.isEmpty || !extraKeywords.isEmpty {
      throw PythonException(type: "TypeError", message: "\(function.name)() got unexpected arguments", location: location)
    }
    callDepth += 1
    callSites.append(location)
    defer {
      callDepth -= 1
      callSites.removeLast()
    }
    let frame = Frame(module: function.module, scope: scope, file: function.location.file, function: function)
    let savedControl = controlUses
    controlUses = []
    defer { controlUses = savedControl }
    let flow: Flow
    do throws(PythonException) {
      flow = try runFunctionBody(function.body, frame)
    } catch {
      if error.isInternal {
        // The rest of the body is abandoned: a raise it may reach keeps the load undecided.
        if let raise = error.skippedRaise {
          notePossibleRaise(raise, because: "\(function.name)() at \(location): \(error.message)", at: location)
        }
        if error.type == PythonException.undecidableType {
          noteAbandonedCallWrites(function, frame, reason: error.message, location: location)
        }
        var value = PythonValue.unknown("\(function.name)(): \(error.message)", at: location)
        value.uses = error.uses
        return value
      }
      // Report a load error at the call in the settings, with the helper's line as context.
      throw error.relocated(to: location, via: "\(function.name)()")
    }
    if collecting {
      // The items yielded (`return` in a generator only ends it).
      return scope.names[Self.yieldedName] ?? .unknown("the items of \(function.name)()", at: location)
    }
    if case .returned(var value) = flow {
      if value.location == nil { value.location = location }
      return value
    }
    return PythonValue(.none, at: location)
  }
}

/// `pow` without Foundation.
private func pow(_ base: Double, _ exponent: Double) -> Double {
  if exponent == exponent.rounded(), abs(exponent) < 1024 {
    var result = 1.0
    for _ in 0..<Int(abs(exponent)) { result *= base }
    return exponent < 0 ? 1 / result : result
  }
  return .nan
}
