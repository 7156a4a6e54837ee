import ParapetFacts

/// A dynaconf `Validator(*names, **options)`, or two combined with `|` (`OrValidator`) or `&`
/// (`AndValidator`), by index into the evaluator's list.
package enum DynaconfValidator: Sendable {
  case single(names: [PythonValue], options: [(String, PythonValue)])
  case either(Int, Int)
  case both(Int, Int)
}

/// dynaconf's validation (dynaconf/validator.py) of the settings DjangoDynaconf loaded: each
/// name is read (dotted and `__` names through dicts), `when=` gates, `must_exist`/`required`,
/// the operations (`eq ne gt gte lt lte is_type_of is_in is_not_in cont len_eq len_ne len_min
/// len_max startswith endswith`) and `condition=` decide; a failure raises ValidationError.
extension PythonEvaluator {
  /// The three answers of a validation: passes, fails (with the message), or not known.
  enum DynaconfVerdict {
    case passes
    case fails(String)
    case undecided(String)
  }

  func newDynaconfValidator(_ validator: DynaconfValidator, at location: SourceLocation) -> PythonValue {
    dynaconfValidators.append(validator)
    return PythonValue(.opaque("\(Self.dynaconfValidatorType)#\(dynaconfValidators.count - 1)"), at: location)
  }

  static func dynaconfValidatorIndex(_ type: String) -> Int? {
    guard type.hasPrefix(dynaconfValidatorType + "#") else { return nil }
    return Int(type.dropFirst(dynaconfValidatorType.count + 1))
  }

  /// True when the validator may change a setting (`default=`, `cast=`, `items_validators=`...),
  /// which the model does not follow.
  func dynaconfValidatorSets(_ index: Int) -> Bool {
    guard index < dynaconfValidators.count else { return true }
    switch dynaconfValidators[index] {
    case .single(_, let options):
      let setting: Set<String> = ["cast", "items_validators", "**"]
      return options.contains { setting.contains($0.0) }
    case .either(let a, let b), .both(let a, let b):
      return dynaconfValidatorSets(a) || dynaconfValidatorSets(b) || dynaconfValidatorDefault(a) != nil || dynaconfValidatorDefault(b) != nil
    }
  }

  /// The `default=` of a single validator (applied by dynaconf while it validates).
  func dynaconfValidatorDefault(_ index: Int) -> PythonValue? {
    guard index < dynaconfValidators.count, case .single(_, let options) = dynaconfValidators[index] else { return nil }
    return options.first { $0.0 == "default" }?.1
  }

  /// Applies a validator's `default=` to the names that are absent (or None with
  /// `apply_default_on_none=True`), as Settings.setdefault does: a string default is parsed as
  /// TOML, unless `is_type_of=str`. An unknown value (with the reason) when that cannot be followed.
  func dynaconfApplyDefault(_ index: Int, _ store: inout [String: PythonValue], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard case .single(let names, let options) = dynaconfValidators[index], let given = options.first(where: { $0.0 == "default" })?.1 else { return nil }
    func option(_ name: String) -> PythonValue? { options.first { $0.0 == name }?.1 }
    if let gate = option("when") {
      guard case .opaque(let type) = gate.kind, let gateIndex = Self.dynaconfValidatorIndex(type) else { return .unknown("a when= validator Parapet cannot see", at: location) }
      switch try dynaconfValidate(gateIndex, store, frame, at: location) {
      case .fails: return nil
      case .undecided(let why): return .unknown("a validator default under a when= Parapet cannot decide (\(why))", at: location)
      case .passes: break
      }
    }
    let onNone = option("apply_default_on_none")?.truthiness ?? false
    var value = given
    switch given.kind {
    case .string:
      let typedString: Bool = { if let type = option("is_type_of"), case .builtin("str", _) = type.kind { return true } else { return false } }()
      if !typedString { value = try dynaconfParse(given, at: location) }
    case .integer, .float, .bool, .none: break
    default: return .unknown("a validator default that is not a plain value (dynaconf parses its strings; not modelled)", at: location)
    }
    for nameValue in names {
      guard let name = nameValue.stringValue, !name.contains("."), !name.contains("__") else {
        return .unknown("a validator default for a nested name (not modelled)", at: location)
      }
      let key = name.uppercased()
      if let existing = store[key] {
        if existing.isUnknown { return existing }
        guard case .none = existing.kind, onNone else { continue }
      }
      store[key] = value
    }
    return nil
  }

  /// Validates `store` (upper-case keys) with validator `index`.
  func dynaconfValidate(
    _ index: Int, _ store: [String: PythonValue], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> DynaconfVerdict {
    switch dynaconfValidators[index] {
    case .either(let a, let b):
      let first = try dynaconfValidate(a, store, frame, at: location)
      if case .passes = first { return .passes }
      let second = try dynaconfValidate(b, store, frame, at: location)
      switch (first, second) {
      case (_, .passes): return .passes
      case (.fails(let one), .fails(let two)): return .fails("combined validators failed: \(one); \(two)")
      case (.undecided(let why), _), (_, .undecided(let why)): return .undecided(why)
      default: return .undecided("a combined validator")
      }
    case .both(let a, let b):
      let first = try dynaconfValidate(a, store, frame, at: location)
      if case .fails = first { return first }
      let second = try dynaconfValidate(b, store, frame, at: location)
      if case .fails = second { return second }
      if case .undecided = first { return first }
      return second
    case .single(let names, let options):
      func option(_ name: String) -> PythonValue? { options.first { $0.0 == name }?.1 }
      if let gate = option("when") {
        guard case .opaque(let type) = gate.kind, let gateIndex = Self.dynaconfValidatorIndex(type) else {
          return .undecided("a when= validator Parapet cannot see")
        }
        switch try dynaconfValidate(gateIndex, store, frame, at: location) {
        case .fails: return .passes
        case .undecided(let why): return .undecided(why)
        case .passes: break
        }
      }
      if let env = option("env"), !Self.isNone(env) { return .undecided("a validator for the environments in env=") }
      let mustExist: Bool?
      if let given = option("must_exist") ?? option("required"), !Self.isNone(given) {
        guard case .bool(let flag) = given.kind else { return .undecided("must_exist= that is not known") }
        mustExist = flag
      } else {
        mustExist = nil
      }
      var undecided: String?
      for nameValue in names {
        guard let name = nameValue.stringValue else { return .undecided("a validated name that is not known") }
        let read = dynaconfLookup(name, store)
        guard let value = read.value else {
          if let why = read.unknown { undecided = undecided ?? why; continue }
          if mustExist == true { return .fails("\(name) is required") }
          continue
        }
        if value.isUnknown { undecided = undecided ?? "\(name): \(value.unknownReason ?? "not known")"; continue }
        if mustExist == false { return .fails("\(name) cannot exist") }
        // is_type_of first, then the others in order (as dynaconf sorts them).
        let operations = options.filter { !["must_exist", "required", "when", "env", "messages", "description", "condition", "default", "apply_default_on_none"].contains($0.0) }
          .sorted { ($0.0 == "is_type_of" ? 0 : 1) < ($1.0 == "is_type_of" ? 0 : 1) }
        for (operation, operand) in operations {
          let outcome = try dynaconfOperation(operation, value, operand, frame, at: location)
          guard let outcome else { undecided = undecided ?? "\(name) \(operation)"; break }
          if !outcome { return .fails("\(name) must \(operation) \(operand.repr ?? "the given value")") }
        }
        if let condition = option("condition"), !Self.isNone(condition) {
          let result = try call(condition, [value], [], frame, at: location, summary: "a validator condition")
          switch result.truthiness {
          case false?: return .fails("\(name) fails its condition")
          case nil: undecided = undecided ?? "the condition of \(name)"
          default: break
          }
        }
      }
      if let undecided { return .undecided(undecided) }
      return .passes
    }
  }

  /// A setting by dynaconf name: `A.b.c` and `A__b__c` read through dicts. `value` nil when the
  /// setting is absent; `unknown` names why absence cannot be decided.
  func dynaconfLookup(_ name: String, _ store: [String: PythonValue]) -> (value: PythonValue?, unknown: String?) {
    let parts = name.replacingOccurrences(of: "__", with: ".").split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard var current = store[parts[0].uppercased()] else { return (nil, nil) }
    for part in parts.dropFirst() {
      if current.isUnknown { return (nil, "\(name): \(current.unknownReason ?? "not known")") }
      guard case .dict(let dict) = current.kind else { return (nil, "\(name) is read through a value that is not a dict") }
      guard let next = dict.entries[.string(part)]?.value
        ?? dict.entries.values.first(where: { $0.key.stringValue?.lowercased() == part.lowercased() })?.value
      else { return (nil, nil) }
      current = next
    }
    return (current, nil)
  }

  /// One of dynaconf's validator_conditions; nil when it cannot be decided.
  func dynaconfOperation(
    _ operation: String, _ value: PythonValue, _ operand: PythonValue, _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> Bool? {
    func length() throws(PythonException) -> Int? {
      Self.integer(try callBuiltin("len", receiver: nil, [value], [], frame, at: location))
    }
    func decided(_ result: PythonValue) -> Bool? {
      if case .bool(let flag) = result.kind { return flag }
      return nil
    }
    do throws(PythonException) {
      switch operation {
      case "eq": return decided(try compare("==", value, operand, at: location))
      case "ne": return decided(try compare("!=", value, operand, at: location))
      case "gt": return decided(try compare(">", value, operand, at: location))
      case "gte", "ge": return decided(try compare(">=", value, operand, at: location))
      case "lt": return decided(try compare("<", value, operand, at: location))
      case "lte", "le": return decided(try compare("<=", value, operand, at: location))
      case "is_in": return decided(try compare("in", value, operand, at: location))
      case "is_not_in": return decided(try compare("not in", value, operand, at: location))
      case "cont", "contains": return decided(try compare("in", operand, value, at: location))
      case "not_contains": return decided(try compare("not in", operand, value, at: location))
      case "is_type_of":
        return decided(try callBuiltin("isinstance", receiver: nil, [value, operand], [], frame, at: location))
      case "len_eq", "len_ne", "len_min", "len_max":
        guard let count = try length(), let bound = Self.integer(operand) else { return nil }
        switch operation {
        case "len_eq": return count == bound
        case "len_ne": return count != bound
        case "len_min": return count >= bound
        default: return count <= bound
        }
      case "startswith", "endswith":
        guard let text = value.stringValue, let term = operand.stringValue else { return nil }
        return operation == "startswith" ? text.hasPrefix(term) : text.hasSuffix(term)
      default:
        return nil
      }
    } catch {
      // dynaconf turns a TypeError of an operation into a ValidationError.
      if error.type == "TypeError" { return false }
      throw error
    }
  }
}
