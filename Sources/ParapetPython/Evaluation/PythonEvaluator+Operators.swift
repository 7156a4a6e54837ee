import ParapetFacts

/// Unary and binary operators with Python's semantics.
///
/// Two rules hold for every operator: an operand that is unknown, or an object Parapet does not
/// model (`sys.version_info` on an unknown interpreter, an instance of a library class), gives
/// an unknown result that keeps the operand's reason; and an exception (`TypeError`,
/// `ZeroDivisionError`) is raised only when Python itself certainly raises it, that is when
/// both operands are plain values Parapet knows completely. Integers are 64-bit here: a result
/// Python would compute as a larger integer is unknown, never a trap or a wrapped value.
extension PythonEvaluator {
  /// The builtin types `type()` gives for plain values, each one object (`type(x) is dict`).
  static let builtinTypeNames: Set<String> = ["NoneType", "bool", "int", "float", "str", "bytes", "list", "tuple", "set", "frozenset", "dict"]

  package func unary(_ op: String, _ operand: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if op == "not" {
      guard let truth = try truth(operand) else {
        return .unknown(operand.unknownReason ?? "a value that is not known", at: location).merging([operand])
      }
      return PythonValue(.bool(!truth), at: location).merging([operand])
    }
    switch (op, operand.kind) {
    case (_, .unknown): return operand
    case ("-", .integer(let number)):
      let (negated, overflow) = (0).subtractingReportingOverflow(number)
      if overflow { return Self.integerOverflow(at: location).merging([operand]) }
      return PythonValue(.integer(negated), at: location).merging([operand])
    case ("-", .float(let number)): return PythonValue(.float(-number), at: location).merging([operand])
    case ("-", .bool(let flag)): return PythonValue(.integer(flag ? -1 : 0), at: location).merging([operand])
    case ("+", .integer), ("+", .float): return operand
    case ("+", .bool(let flag)): return PythonValue(.integer(flag ? 1 : 0), at: location).merging([operand])
    case ("~", .integer(let number)): return PythonValue(.integer(~number), at: location).merging([operand])
    case ("~", .bool(let flag)): return PythonValue(.integer(flag ? -2 : -1), at: location).merging([operand])
    default:
      guard operand.isPlain else {
        return .unknown("unary \(op) of \(operand.typeName) is not modelled", at: location).merging([operand])
      }
      throw PythonException(type: "TypeError", message: "bad operand type for unary \(op): '\(operand.typeName)'", location: location)
    }
  }

  /// `list + unknown` and `unknown + list` (tuples alike): Python's `+` of a list accepts only
  /// a list, so the result is the known items with an unknown part where the other operand's
  /// items go (`[...] + env.list("EXTRA_MIDDLEWARE")`). nil for other operands.
  private func joinPartly(_ left: PythonValue, _ right: PythonValue, at location: SourceLocation) -> PythonValue? {
    func part(_ unknown: PythonValue) -> PythonValue {
      PythonValue.unknownItems("zero or more items added by + (line \(location.line ?? 0)), which are not known: \(unknown.unknownReason ?? "")", at: location)
        .merging([unknown])
    }
    switch (left.kind, right.kind) {
    case (.list(let list), .unknown):
      return PythonValue(.list(PythonList(list.items + [part(right)])), at: location).merging([left, right])
    case (.unknown, .list(let list)):
      return PythonValue(.list(PythonList([part(left)] + list.items)), at: location).merging([left, right])
    case (.tuple(let items), .unknown):
      return PythonValue(.tuple(items + [part(right)]), at: location).merging([left, right])
    case (.unknown, .tuple(let items)):
      return PythonValue(.tuple([part(left)] + items), at: location).merging([left, right])
    default:
      return nil
    }
  }

  /// The unknown result of integer arithmetic beyond 64 bits.
  package static func integerOverflow(at location: SourceLocation) -> PythonValue {
    .unknown("an integer larger than 64 bits, which Parapet does not model", at: location)
  }

  package func binary(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    let sources = [left, right]
    func result(_ kind: PythonValue.Kind) -> PythonValue {
      PythonValue(kind, at: location).merging(sources)
    }
    // The right operand's unknown part is located where `+` added it.
    func added(_ items: [PythonValue]) -> [PythonValue] {
      items.map { $0.manyItems ? Self.addedPart($0, from: "+", at: location) : $0 }
    }
    if op == "+", let joined = joinPartly(left, right, at: location) { return joined }
    if left.isUnknown { return left.merging([right]) }
    if right.isUnknown { return right.merging([left]) }
    if let version = try versionBinary(op, left, right, at: location) { return version }
    if let path = try environPathBinary(op, left, right, at: location) { return path }
    if op == "|", let union = Self.typeUnion(left, right, at: location) { return union }
    // dynaconf validators combined with `|` and `&` (Validator.__or__/__and__).
    if op == "|" || op == "&", case .opaque(let a) = left.kind, case .opaque(let b) = right.kind,
      a.hasPrefix(Self.dynaconfValidatorType), b.hasPrefix(Self.dynaconfValidatorType)
    {
      guard let first = Self.dynaconfValidatorIndex(a), let second = Self.dynaconfValidatorIndex(b) else {
        return .unknown("a dynaconf validator Parapet cannot see", at: location)
      }
      return newDynaconfValidator(op == "|" ? .either(first, second) : .both(first, second), at: location)
    }
    // Integers (bool counts as int).
    if let a = Self.integer(left), let b = Self.integer(right) {
      if let value = try integerBinary(op, a, b, left, right, at: location) { return value.merging(sources) }
    }
    if let a = Self.number(left), let b = Self.number(right) {
      if let value = try floatBinary(op, a, b, at: location) { return value.merging(sources) }
    }
    switch (op, left.kind, right.kind) {
    case ("+", .string(let a), .string(let b)):
      return built(.string(a + b), bytes: a.utf8.count + b.utf8.count, at: location).merging(sources)
    case ("+", .bytes(let a), .bytes(let b)):
      return built(.bytes(a + b), bytes: a.utf8.count + b.utf8.count, at: location).merging(sources)
    case ("+", .list(let a), .list(let b)):
      let count = a.items.count + b.items.count
      guard charge(count * Self.itemBytes) else { return overBudget(at: location).merging(sources) }
      return result(.list(PythonList(a.items + added(b.items))))
    case ("+", .tuple(let a), .tuple(let b)):
      guard charge((a.count + b.count) * Self.itemBytes) else { return overBudget(at: location).merging(sources) }
      return result(.tuple(a + added(b)))
    case ("*", .string, _), ("*", _, .string), ("*", .bytes, _), ("*", _, .bytes), ("*", .list, _), ("*", _, .list),
      ("*", .tuple, _), ("*", _, .tuple):
      return try repeatSequence(left, right, at: location).merging(sources)
    case ("/", .path(let base), .string(let part)), ("/", .path(let base), .path(let part)):
      return result(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths([base, part]))))
    case ("/", .string(let base), .path(let part)):
      return result(.path(PythonModuleResolver.purePath(PythonModuleResolver.joinPaths([base, part]))))
    case ("%", .string(let template), _):
      return percentFormat(template, right, at: location).merging(sources)
    case ("|", .dict(let a), .dict(let b)):
      let merged = PythonDict(a.entries)
      for (key, entry) in b.entries { merged.entries[key] = entry }
      return result(.dict(merged))
    case ("|", .set(let a), .set(let b)):
      var items = a
      for item in b where !items.contains(where: { PythonValue.equal($0, item) == true }) { items.append(item) }
      return result(.set(items))
    case ("&", .set(let a), .set(let b)):
      return result(.set(a.filter { item in b.contains { PythonValue.equal($0, item) == true } }))
    case ("-", .set(let a), .set(let b)):
      return result(.set(a.filter { item in !b.contains { PythonValue.equal($0, item) == true } }))
    default:
      if Self.certainlyUnsupported(op, left, right) {
        throw PythonException(
          type: "TypeError",
          message: "unsupported operand type(s) for \(op): '\(left.typeName)' and '\(right.typeName)'",
          location: location)
      }
      return .unknown("\(left.typeName) \(op) \(right.typeName) is not modelled", at: location).merging(sources)
    }
  }

  /// True when Python raises TypeError for `left op right` whatever the values: both operands
  /// are plain values of types that do not support the operator together.
  static func certainlyUnsupported(_ op: String, _ left: PythonValue, _ right: PythonValue) -> Bool {
    guard left.isPlain, right.isPlain else { return false }
    let numeric: Set<String> = ["int", "float", "bool"]
    let l = left.typeName, r = right.typeName
    if case .none = left.kind { return true }
    if case .none = right.kind { return op != "%" || l != "str" }
    switch op {
    case "+":
      // Same-type sequences and numbers were handled; any other pair fails.
      return !(numeric.contains(l) && numeric.contains(r))
    case "-", "/", "//", "**":
      if op == "/" && l == "PosixPath" { return false }
      return !(numeric.contains(l) && numeric.contains(r)) && !(op == "-" && l == "set" && r == "set")
    case "*":
      let sequences: Set<String> = ["str", "bytes", "list", "tuple"]
      if sequences.contains(l) { return r != "int" && r != "bool" }
      if sequences.contains(r) { return l != "int" && l != "bool" }
      return !(numeric.contains(l) && numeric.contains(r))
    case "%":
      return l != "str" && l != "bytes" && !(numeric.contains(l) && numeric.contains(r))
    case "<<", ">>":
      return !(["int", "bool"].contains(l) && ["int", "bool"].contains(r))
    case "&", "|", "^":
      let integral: Set<String> = ["int", "bool"]
      if integral.contains(l) && integral.contains(r) { return false }
      if l == "set" && r == "set" { return false }
      if op == "|" && l == "dict" && r == "dict" { return false }
      return true
    default:
      return false
    }
  }

  private func integerBinary(
    _ op: String, _ a: Int, _ b: Int, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    func integer(_ value: Int, _ overflow: Bool) -> PythonValue {
      overflow ? Self.integerOverflow(at: location) : PythonValue(.integer(value), at: location)
    }
    switch op {
    case "+": let (value, overflow) = a.addingReportingOverflow(b); return integer(value, overflow)
    case "-": let (value, overflow) = a.subtractingReportingOverflow(b); return integer(value, overflow)
    case "*": let (value, overflow) = a.multipliedReportingOverflow(by: b); return integer(value, overflow)
    case "/":
      if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "division by zero", location: location) }
      return PythonValue(.float(Double(a) / Double(b)), at: location)
    case "//", "%":
      if b == 0 {
        throw PythonException(type: "ZeroDivisionError", message: "integer division or modulo by zero", location: location)
      }
      // Python floors; Swift truncates. Int.min // -1 is 2**63, beyond 64 bits.
      let (quotient, overflow) = a.dividedReportingOverflow(by: b)
      if op == "%" {
        if overflow { return PythonValue(.integer(0), at: location) }
        var remainder = a - quotient * b
        if remainder != 0 && (remainder < 0) != (b < 0) { remainder += b }
        return PythonValue(.integer(remainder), at: location)
      }
      if overflow { return Self.integerOverflow(at: location) }
      let floored = a % b != 0 && (a < 0) != (b < 0) ? quotient - 1 : quotient
      return PythonValue(.integer(floored), at: location)
    case "**":
      if b < 0 {
        if a == 0 {
          throw PythonException(type: "ZeroDivisionError", message: "0.0 cannot be raised to a negative power", location: location)
        }
        return floatPower(Double(a), Double(b), at: location)
      }
      return Self.power(a, b).map { PythonValue(.integer($0), at: location) } ?? Self.integerOverflow(at: location)
    case "|", "&", "^":
      if case .bool(let x) = left.kind, case .bool(let y) = right.kind {
        return PythonValue(.bool(op == "|" ? x || y : op == "&" ? x && y : x != y), at: location)
      }
      return PythonValue(.integer(op == "|" ? a | b : op == "&" ? a & b : a ^ b), at: location)
    case "<<", ">>":
      if b < 0 { throw PythonException(type: "ValueError", message: "negative shift count", location: location) }
      if op == ">>" { return PythonValue(.integer(b >= Int.bitWidth ? (a < 0 ? -1 : 0) : a >> b), at: location) }
      if a == 0 { return PythonValue(.integer(0), at: location) }
      guard b < Int.bitWidth - 1 else { return Self.integerOverflow(at: location) }
      let shifted = a << b
      return shifted >> b == a ? PythonValue(.integer(shifted), at: location) : Self.integerOverflow(at: location)
    default:
      return nil
    }
  }

  /// `base ** exponent` for a non-negative exponent by squaring; nil beyond 64 bits.
  package static func power(_ base: Int, _ exponent: Int) -> Int? {
    var result = 1
    var factor = base
    var remaining = exponent
    while remaining > 0 {
      if remaining & 1 == 1 {
        let (next, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        result = next
      }
      remaining >>= 1
      if remaining > 0 {
        let (next, overflow) = factor.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        factor = next
      }
    }
    return result
  }

  private func floatBinary(_ op: String, _ a: Double, _ b: Double, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    switch op {
    case "+": return PythonValue(.float(a + b), at: location)
    case "-": return PythonValue(.float(a - b), at: location)
    case "*": return PythonValue(.float(a * b), at: location)
    case "/":
      if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float division by zero", location: location) }
      return PythonValue(.float(a / b), at: location)
    case "**":
      if a == 0 && b < 0 {
        throw PythonException(type: "ZeroDivisionError", message: "0.0 cannot be raised to a negative power", location: location)
      }
      return floatPower(a, b, at: location)
    case "//":
      if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float floor division by zero", location: location) }
      return PythonValue(.float((a / b).rounded(.down)), at: location)
    case "%":
      if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float modulo", location: location) }
      return PythonValue(.float(a - b * (a / b).rounded(.down)), at: location)
    default: return nil
    }
  }

  /// Float powers with an integral exponent; anything else (roots, complex results, overflow,
  /// where Python raises OverflowError) is unknown.
  private func floatPower(_ a: Double, _ b: Double, at location: SourceLocation) -> PythonValue {
    guard b == b.rounded(), abs(b) < 1024, a.isFinite else {
      return .unknown("a float power Parapet does not compute", at: location)
    }
    var result = 1.0
    for _ in 0..<Int(abs(b)) { result *= a }
    if b < 0 { result = 1 / result }
    guard result.isFinite else { return .unknown("a float power out of range", at: location) }
    return PythonValue(.float(result), at: location)
  }

  /// `sequence * count` (either order), within the evaluation budget.
  private func repeatSequence(_ left: PythonValue, _ right: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let sequence: PythonValue
    let countValue: PythonValue
    if Self.integer(right) != nil, left.elements != nil || left.typeName == "bytes" {
      sequence = left
      countValue = right
    } else {
      sequence = right
      countValue = left
    }
    guard let count = Self.integer(countValue) else {
      if Self.certainlyUnsupported("*", left, right) {
        throw PythonException(type: "TypeError", message: "can't multiply sequence by non-int of type '\(countValue.typeName)'", location: location)
      }
      return .unknown("\(left.typeName) * \(right.typeName) is not modelled", at: location)
    }
    let times = max(0, count)
    switch sequence.kind {
    case .string(let text), .bytes(let text):
      let (size, overflow) = text.utf8.count.multipliedReportingOverflow(by: times)
      guard !overflow, charge(size) else { return overBudget(bytes: overflow ? nil : size, at: location) }
      let repeated = String(repeating: text, count: times)
      if case .bytes = sequence.kind { return PythonValue(.bytes(repeated), at: location) }
      return PythonValue(.string(repeated), at: location)
    case .list(let list):
      guard times < Int.max / Self.itemBytes else { return overBudget(at: location) }
      let (size, overflow) = list.items.count.multipliedReportingOverflow(by: times * Self.itemBytes)
      guard !overflow, charge(size) else { return overBudget(bytes: overflow ? nil : size, at: location) }
      return PythonValue(.list(PythonList(Array(repeating: list.items, count: times).flatMap { $0 })), at: location)
    case .tuple(let items):
      guard times < Int.max / Self.itemBytes else { return overBudget(at: location) }
      let (size, overflow) = items.count.multipliedReportingOverflow(by: times * Self.itemBytes)
      guard !overflow, charge(size) else { return overBudget(bytes: overflow ? nil : size, at: location) }
      return PythonValue(.tuple(Array(repeating: items, count: times).flatMap { $0 }), at: location)
    default:
      return .unknown("\(left.typeName) * \(right.typeName) is not modelled", at: location)
    }
  }

  package static func integer(_ value: PythonValue) -> Int? {
    switch value.kind {
    case .integer(let number): return number
    case .bool(let flag): return flag ? 1 : 0
    default: return nil
    }
  }

  package static func number(_ value: PythonValue) -> Double? {
    switch value.kind {
    case .integer(let number): return Double(number)
    case .bool(let flag): return flag ? 1 : 0
    case .float(let number): return number
    default: return nil
    }
  }

  // MARK: Comparisons

  package func compare(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    func answer(_ flag: Bool?, _ why: String? = nil) -> PythonValue {
      guard let flag else {
        let reason = left.unknownReason ?? right.unknownReason ?? why ?? "a comparison Parapet cannot decide"
        return PythonValue.unknown("\(op) comparison with a value that is not known: \(reason)", at: location).merging([left, right])
      }
      return PythonValue(.bool(flag), at: location).merging([left, right])
    }
    if let version = versionCompare(op, left, right, at: location) { return version }
    if let version = try packagingVersionCompare(op, left, right, at: location) { return version }
    switch op {
    case "==": return answer(PythonValue.equal(left, right))
    case "!=": return answer(PythonValue.equal(left, right).map { !$0 })
    case "is", "is not":
      if left.isUnknown || right.isUnknown || left.isUnmodelledLibraryName || right.isUnmodelledLibraryName { return answer(nil) }
      var same: Bool?
      switch (left.kind, right.kind) {
      case (.none, .none): same = true
      case (.bool(let a), .bool(let b)): same = a == b
      case (.none, _), (_, .none), (.bool, _), (_, .bool): same = false
      case (.list(let a), .list(let b)): same = a === b
      case (.dict(let a), .dict(let b)): same = a === b
      case (.module(let a), .module(let b)): same = a === b
      case (.function(let a), .function(let b)): same = a === b
      case (.object(.classObject(let a)), .object(.classObject(let b))): same = a === b
      case (.object(.instance(let a)), .object(.instance(let b))): same = a === b
      case (.opaque(let a), .opaque(let b)) where a.hasPrefix(Self.environsPrefix) || a.hasPrefix(Self.configParserPrefix):
        // Readers and parsers are numbered: one number is one object.
        same = a == b
      case (.object(.instance(let sentinel)), _) where sentinel.type.isBareObject: same = false
      case (_, .object(.instance(let sentinel))) where sentinel.type.isBareObject: same = false
      case (.object(.instance(let member)), _) where member.enumeration != nil && right.isPlain: same = false
      case (_, .object(.instance(let member))) where member.enumeration != nil && left.isPlain: same = false
      case (.builtin(let a, let first), .builtin(let b, let second)) where first.isEmpty && second.isEmpty:
        // `type(value) is dict`: each builtin type is one object. Other builtins may be aliases
        // of one function (`os.path.join`, `posixpath.join`): not decided.
        same = Self.builtinTypeNames.contains(a) && Self.builtinTypeNames.contains(b) ? a == b : nil
      default:
        // Identity of equal strings or numbers depends on CPython's interning.
        same = left.isPlain && right.isPlain && PythonValue.equal(left, right) == false ? false : nil
      }
      return answer(same.map { op == "is" ? $0 : !$0 }, "identity Parapet cannot decide")
    case "in", "not in":
      let found = try contains(right, left, at: location)
      if case .bool(let flag) = found.kind {
        return PythonValue(.bool(op == "in" ? flag : !flag), at: location).merging([left, right, found])
      }
      return found.merging([left, right])
    default:
      if left.isUnknown || right.isUnknown { return answer(nil) }
      var budget = PythonValue.walkBudget
      switch PythonValue.ordering(left, right, &budget) {
      case .decided(let order):
        switch op {
        case "<": return answer(order < 0)
        case ">": return answer(order > 0)
        case "<=": return answer(order <= 0)
        default: return answer(order >= 0)
        }
      case .undecided:
        return answer(nil, "an ordering of values Parapet does not model")
      case .unsupported:
        throw PythonException(type: "TypeError", message: "'\(op)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'", location: location)
      }
    }
  }

  /// Ordering of two values: -1, 0, 1; nil when not decided (unknown or unsupported).
  package static func order(_ left: PythonValue, _ right: PythonValue) -> Int? {
    var budget = PythonValue.walkBudget
    if case .decided(let order) = PythonValue.ordering(left, right, &budget) { return order }
    return nil
  }

  /// Test runners, never loaded when Django serves requests or runs `manage.py check`.
  static let testRunnerModules: Set<String> = ["pytest", "_pytest", "nose", "nose2", "py"]

  /// `needle in container`.
  package func contains(_ container: PythonValue, _ needle: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    if container.isUnknown { return container.merging([needle]) }
    switch container.kind {
    case .string(let text):
      guard case .string(let part) = needle.kind else {
        if !needle.isPlain || needle.isUnknown {
          return .unknown("'in' of \(needle.typeName) in a string", at: location).merging([needle])
        }
        throw PythonException(type: "TypeError", message: "'in <string>' requires string as left operand, not \(needle.typeName)", location: location)
      }
      return PythonValue(.bool(text.contains(part) || part.isEmpty))
    case .environ:
      guard let name = needle.stringValue else { return .unknown("a variable name that is not known", at: location).merging([needle]) }
      let value = environmentValue(name, accessor: "in os.environ", defaultValue: nil, at: location)
      if value.isUnknown { return value }
      var answer = PythonValue(.bool(!value.isUnsetMarker), at: location)
      answer.uses = value.uses
      return answer
    case .environReader(let scheme):
      return environContains(scheme, needle, at: location)
    case .object(.classObject(let type)) where type.enumeration != nil:
      return try enumContains(type, type.enumeration!, needle, at: location)
    case .opaque(let type) where type.hasPrefix(Self.configParserPrefix) || type.hasPrefix(Self.sectionProxyPrefix):
      return try configParserContains(container, type, needle, at: location)
    case .module(let module) where dynaconfFailure(module, at: location) != nil:
      throw dynaconfFailure(module, at: location)!
    case .module(let module) where module.name == Self.dynaconfSettingsType && module.path == nil:
      // `"KEY" in settings`: the key in upper case, as dynaconf stores every setting (its own
      // methods, `get` and `current_env`, are not settings; dotted keys are not modelled).
      guard let name = needle.stringValue, !name.contains(".") else { return .unknown("a key that is not known", at: location).merging([needle]) }
      let present = module.namespace[name.uppercased()] != nil
      if !present && module.degraded { return .unknown("\(name) may be set by what dynaconf loaded and Parapet cannot list", at: location) }
      return PythonValue(.bool(present), at: location)
    case .object(.namespace(let module)):
      guard let name = needle.stringValue else { return .unknown("a name that is not known", at: location).merging([needle]) }
      if module.namespace[name] != nil { return PythonValue(.bool(true), at: location) }
      if module.degraded || module.hasOpaqueImports { return .unknown("\(name) may be set in ways Parapet cannot follow", at: location) }
      return PythonValue(.bool(false), at: location)
    case .object(.moduleTable):
      // `"pytest" in sys.modules`: settings that detect a test run. Django is served or
      // checked without a test runner loaded; another module may be loaded by code Parapet
      // does not see.
      guard let name = needle.stringValue else { return .unknown("a module name that is not known", at: location).merging([needle]) }
      if modules[name] != nil { return PythonValue(.bool(true), at: location) }
      let top = String(name.split(separator: ".").first ?? "")
      if Self.testRunnerModules.contains(top) { return PythonValue(.bool(false), at: location) }
      return .unknown("whether \(name) is in sys.modules (loaded by code Parapet does not see)", at: location)
    case .dict(let dict):
      guard let key = needle.key else {
        if needle.isPlain, !needle.isUnknown, case .list = needle.kind {
          throw PythonException(type: "TypeError", message: "unhashable type: 'list'", location: location)
        }
        return .unknown("a key that is not known", at: location).merging([needle])
      }
      if dict.entries[key] == nil, let why = dict.unknownKeys { return .unknown("'in' of a dict that \(why)", at: location) }
      return PythonValue(.bool(dict.entries[key] != nil))
    case .object(.instance):
      if let answer = try instanceContains(container, needle, at: location) { return answer }
      fallthrough
    default:
      if let items = container.partialItems {
        // A list with an unknown part: a known item equal to the needle decides; otherwise
        // the unknown part may hold it, never a certain False.
        for item in items where !item.manyItems && PythonValue.equal(item, needle) == true {
          return PythonValue(.bool(true)).merging([item])
        }
        let part = items.first(where: \.manyItems)
        return .unknown("\(needle.repr ?? "the value") may be among \(part?.unknownReason ?? "items that are not known")", at: location)
          .merging(items.filter(\.manyItems) + [needle])
      }
      guard let items = try iterate(container) else {
        if container.isPlain, container.elements == nil, !(container.typeName == "bytes") {
          throw PythonException(type: "TypeError", message: "argument of type '\(container.typeName)' is not iterable", location: location)
        }
        return .unknown("membership in \(container.typeName), which Parapet does not model", at: location).merging([needle])
      }
      var undecided = false
      for item in items {
        switch PythonValue.equal(item, needle) {
        case true?: return PythonValue(.bool(true)).merging([item])
        case nil: undecided = true
        default: break
        }
      }
      if undecided { return .unknown("membership among values that are not all known", at: location).merging(items + [needle]) }
      return PythonValue(.bool(false))
    }
  }

  // MARK: % formatting

  /// `template % values` for `%s`, `%r`, `%a`, `%d`, `%i` (with an optional width), `%%` and
  /// `%(name)s`. Flags, precision and other conversions are unknown rather than guessed.
  package func percentFormat(_ template: String, _ values: PythonValue, at location: SourceLocation) -> PythonValue {
    var arguments: [PythonValue]
    var named: PythonDict?
    switch values.kind {
    case .tuple(let items): arguments = items
    case .dict(let dict): arguments = []; named = dict
    case .unknown: return values
    default:
      guard values.isPlain else { return .unknown("a % format of \(values.typeName)", at: location).merging([values]) }
      arguments = [values]
    }
    var out = ""
    var index = template.startIndex
    var next = 0
    while index < template.endIndex {
      let character = template[index]
      guard character == "%" else {
        out.append(character)
        index = template.index(after: index)
        continue
      }
      index = template.index(after: index)
      guard index < template.endIndex else { return .unknown("a bad % format", at: location) }
      var value: PythonValue?
      if template[index] == "(" {
        guard let close = template[index...].firstIndex(of: ")"), let named else { return .unknown("a bad % format", at: location) }
        let name = String(template[template.index(after: index)..<close])
        guard let entry = named.entries[.string(name)] else { return .unknown("a % format with a missing key", at: location) }
        value = entry.value
        index = template.index(after: close)
      }
      var width = ""
      while index < template.endIndex, template[index].isASCII, template[index].isNumber {
        width.append(template[index])
        index = template.index(after: index)
      }
      guard index < template.endIndex else { return .unknown("a bad % format", at: location) }
      let code = template[index]
      index = template.index(after: index)
      if code == "%" && width.isEmpty && value == nil {
        out.append("%")
        continue
      }
      guard "sradi".contains(code) else { return .unknown("a % format with '%\(code)', which Parapet does not model", at: location) }
      if value == nil {
        guard next < arguments.count else { return .unknown("a % format with too few values", at: location) }
        value = arguments[next]
        next += 1
      }
      let item = value!
      var text: String?
      switch code {
      case "d", "i":
        if let number = Self.integer(item) {
          text = String(number)
        } else if case .float(let number) = item.kind, number.isFinite, abs(number) < 9e18 {
          text = String(Int(number))
        }
      case "r", "a": text = item.repr
      default: text = item.pythonString
      }
      guard let text else {
        return .unknown("a % format with a value that is not known: \(item.unknownReason ?? item.typeName)", at: location).merging([item])
      }
      guard let padded = width.isEmpty ? text : Self.applyFormatSpec(width, text, item) else {
        return .unknown("a % format wider than Parapet builds", at: location)
      }
      out += padded
      guard charge(padded.utf8.count) else { return overBudget(at: location) }
    }
    if named == nil && next < arguments.count { return .unknown("a % format with more values than fields", at: location) }
    return PythonValue(.string(out), at: location)
  }
}
