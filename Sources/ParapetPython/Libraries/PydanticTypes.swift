import ParapetFacts

/// The field types of pydantic settings Parapet validates, read from the annotation.
indirect enum PydanticType {
  case string, boolean, integer, float, any
  case list(PydanticType)
  case tuple([PydanticType])
  case variadicTuple(PydanticType)
  case dict(PydanticType, PydanticType)
  case optional(PydanticType)
  /// `Literal[...]` of strings only (other literals compare by pydantic's rules Parapet does
  /// not model: `unmodelled`).
  case literal([String])
  /// A type Parapet does not validate (`AnyUrl`, `EmailStr`, a class, a union of several
  /// types): its name, for reasons.
  case unmodelled(String)

  /// pydantic decodes the variable as JSON before validating it: containers, and an Optional
  /// of one (v1 `field.is_complex()`, v2 `_annotation_is_complex`).
  var isComplex: Bool {
    switch self {
    case .list, .tuple, .variadicTuple, .dict: return true
    case .optional(let inner): return inner.isComplex
    default: return false
    }
  }
}

/// Reading annotations as pydantic types, and validating a value against one as pydantic v1
/// (1.10) and v2 do for settings (lax mode).
extension PythonEvaluator {
  /// The type an annotation names, its names evaluated in the module of the class.
  func pydanticType(_ annotation: PythonExpr, _ frame: Frame) -> PydanticType {
    let summary = annotation.summary
    switch annotation {
    case .constant(.none, _):
      return .unmodelled("None")
    case .constant(.string(let text), _):
      guard let parsed = try? PythonParser.parseExpression(text) else { return .unmodelled(text) }
      return pydanticType(parsed, frame)
    case .binary("|", let left, let right, _):
      return pydanticUnion([left, right], frame, summary: summary)
    case .subscription(let base, let index, _):
      var arguments = [index]
      if case .tuple(let items, _) = index { arguments = items }
      guard let name = pydanticTypeName(base, frame) else { return .unmodelled(summary) }
      switch name {
      case "list", "typing.List":
        guard arguments.count == 1 else { return .unmodelled(summary) }
        return .list(pydanticType(arguments[0], frame))
      case "tuple", "typing.Tuple":
        if arguments.count == 2, case .constant(.ellipsis, _) = arguments[1] { return .variadicTuple(pydanticType(arguments[0], frame)) }
        return .tuple(arguments.map { pydanticType($0, frame) })
      case "dict", "typing.Dict":
        guard arguments.count == 2 else { return .unmodelled(summary) }
        return .dict(pydanticType(arguments[0], frame), pydanticType(arguments[1], frame))
      case "typing.Optional":
        guard arguments.count == 1 else { return .unmodelled(summary) }
        return .optional(pydanticType(arguments[0], frame))
      case "typing.Union":
        return pydanticUnion(arguments, frame, summary: summary)
      case "typing.Literal", "typing_extensions.Literal":
        var choices: [String] = []
        for argument in arguments {
          guard case .constant(.string(let text), _) = argument else { return .unmodelled(summary) }
          choices.append(text)
        }
        return .literal(choices)
      default:
        return .unmodelled(summary)
      }
    default:
      switch pydanticTypeName(annotation, frame) {
      case "str": return .string
      case "bool": return .boolean
      case "int": return .integer
      case "float": return .float
      case "typing.Any": return .any
      case "list", "typing.List": return .list(.any)
      case "dict", "typing.Dict": return .dict(.any, .any)
      default: return .unmodelled(summary)
      }
    }
  }

  /// `X | None`, `Optional[X]`, `Union[X, None]`: Optional of X; any other union is not
  /// modelled (pydantic tries its members with rules of its own).
  private func pydanticUnion(_ members: [PythonExpr], _ frame: Frame, summary: String) -> PydanticType {
    var flat: [PythonExpr] = []
    func collect(_ expression: PythonExpr) {
      if case .binary("|", let left, let right, _) = expression {
        collect(left)
        collect(right)
      } else {
        flat.append(expression)
      }
    }
    members.forEach(collect)
    let rest = flat.filter { if case .constant(.none, _) = $0 { false } else { true } }
    guard rest.count == 1 else { return .unmodelled(summary) }
    let inner = pydanticType(rest[0], frame)
    return rest.count < flat.count ? .optional(inner) : inner
  }

  /// The qualified name a type expression evaluates to (`str`, `typing.Optional`), nil for a
  /// class of the settings or anything else. The expression must spell that name (`List`,
  /// `typing.List`): an alias (`Hosts = list[int]`) may stand for a subscripted type whose
  /// arguments the value no longer shows.
  private func pydanticTypeName(_ expression: PythonExpr, _ frame: Frame) -> String? {
    guard let value = try? evaluate(expression, frame), case .builtin(let name, let receiver) = value.kind, receiver.isEmpty,
      let spelled = Self.lastName(expression), name == spelled || name.hasSuffix("." + spelled)
    else {
      return nil
    }
    return name
  }

  /// Validates `value` as `type`: the value pydantic keeps, its error, or unknown.
  func pydanticValidate(_ value: PythonValue, _ type: PydanticType, version: Int, _ frame: Frame, at location: SourceLocation)
    -> PydanticOutcome
  {
    if case .any = type { return .valid(value) }
    if value.isUnknown {
      if value.generated, case .string = type { return .valid(value) }
      return .unknown(value.unknownReason ?? "a value Parapet does not know")
    }
    func derived(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: value.location ?? location).merging([value]) }
    switch type {
    case .any:
      return .valid(value)
    case .optional(let inner):
      if case .none = value.kind { return .valid(value) }
      return pydanticValidate(value, inner, version: version, frame, at: location)
    case .string:
      switch value.kind {
      case .string: return .valid(value)
      case .integer(let number) where version == 1: return .valid(derived(.string(String(number))))
      case .bool(let flag) where version == 1: return .valid(derived(.string(flag ? "True" : "False")))
      case .none, .list, .tuple, .dict, .set: return .invalid("str type expected")
      case .integer, .float, .bool: return version == 2 ? .invalid("Input should be a valid string") : .unknown("str() of a float")
      default: return .unknown("a \(value.typeName) given to a str field")
      }
    case .boolean:
      switch value.kind {
      case .bool: return .valid(value)
      case .string(let text):
        let lower = text.lowercased()
        if ["1", "on", "t", "true", "y", "yes"].contains(lower) { return .valid(derived(.bool(true))) }
        if ["0", "off", "f", "false", "n", "no"].contains(lower) { return .valid(derived(.bool(false))) }
        return .invalid("value could not be parsed to a boolean")
      case .integer(let number):
        if number == 0 || number == 1 { return .valid(derived(.bool(number == 1))) }
        return .invalid("value could not be parsed to a boolean")
      case .none, .list, .tuple, .dict: return .invalid("value could not be parsed to a boolean")
      default: return .unknown("a \(value.typeName) given to a bool field")
      }
    case .integer:
      switch value.kind {
      case .integer: return .valid(value)
      case .bool(let flag) where version == 1: return .valid(derived(.integer(flag ? 1 : 0)))
      case .string(let text):
        // v2 reads "1.0" as 1: text with a dot is left to it.
        let parsed: PythonNumberText<Int> = version == 2 && text.contains(".") ? .notKnown : Self.pythonIntegerText(text)
        return Self.pydanticNumber(parsed, text, "int", derived: { derived(.integer($0)) })
      case .none, .list, .tuple, .dict: return .invalid("value is not a valid integer")
      default: return .unknown("a \(value.typeName) given to an int field")
      }
    case .float:
      switch value.kind {
      case .float: return .valid(value)
      case .integer(let number): return .valid(derived(.float(Double(number))))
      case .string(let text):
        return Self.pydanticNumber(Self.pythonFloatText(text, version: version), text, "float", derived: { derived(.float($0)) })
      case .none, .list, .tuple, .dict: return .invalid("value is not a valid float")
      default: return .unknown("a \(value.typeName) given to a float field")
      }
    case .literal(let choices):
      guard case .string(let text) = value.kind else {
        if case .none = value.kind { return .invalid("unexpected value; permitted: \(choices)") }
        return .unknown("a \(value.typeName) given to a Literal field")
      }
      return choices.contains(text) ? .valid(value) : .invalid("unexpected value; permitted: \(choices.map { "'\($0)'" }.joined(separator: ", "))")
    case .list(let item), .variadicTuple(let item):
      guard let items = Self.pydanticSequence(value) else {
        if case .unknown = value.kind { return .unknown("a list Parapet does not know") }
        return .invalid("value is not a valid list")
      }
      let checked = pydanticValidateEach(items.map { ($0, item) }, version: version, frame, at: location)
      guard case .success(let out) = checked else { return checked.failure }
      if case .list = type { return .valid(derived(.list(PythonList(out)))) }
      return .valid(derived(.tuple(out)))
    case .tuple(let members):
      guard let items = Self.pydanticSequence(value) else { return .invalid("value is not a valid tuple") }
      guard items.count == members.count else { return .invalid("wrong tuple length \(items.count), expected \(members.count)") }
      let checked = pydanticValidateEach(Array(zip(items, members)), version: version, frame, at: location)
      guard case .success(let out) = checked else { return checked.failure }
      return .valid(derived(.tuple(out)))
    case .dict(let keyType, let valueType):
      guard case .dict(let dict) = value.kind else {
        if case .string = value.kind { return .invalid("value is not a valid dict") }
        if case .list = value.kind { return .invalid("value is not a valid dict") }
        return .unknown("a \(value.typeName) given to a dict field")
      }
      if dict.unknownKeys != nil { return .unknown("a dict with keys Parapet does not know") }
      let out = PythonDict()
      for (key, entry) in dict.entries {
        guard case .string = entry.key.kind else { return .unknown("a dict key that is not a string") }
        if case .any = keyType {} else if case .string = keyType {} else { return .unknown("dict keys of a type Parapet does not validate") }
        switch pydanticValidate(entry.value, valueType, version: version, frame, at: location) {
        case .valid(let checked): out.entries[key] = (entry.key, checked)
        case .invalid(let message): return .invalid(message)
        case .unknown(let why): return .unknown(why)
        }
      }
      return .valid(derived(.dict(out)))
    case .unmodelled(let name):
      return .unknown("the type \(name), which Parapet does not model")
    }
  }

  /// The items of a container validated in order: all of them, or the first failure.
  private func pydanticValidateEach(
    _ pairs: [(PythonValue, PydanticType)], version: Int, _ frame: Frame, at location: SourceLocation
  ) -> PydanticItems {
    var out: [PythonValue] = []
    for (element, type) in pairs {
      switch pydanticValidate(element, type, version: version, frame, at: location) {
      case .valid(let checked): out.append(checked)
      case let failure: return .failed(failure)
      }
    }
    return .success(out)
  }

  /// A number read from text: the value, pydantic's refusal, or unknown.
  private static func pydanticNumber<Number>(
    _ parsed: PythonNumberText<Number>, _ text: String, _ type: String, derived: (Number) -> PythonValue
  ) -> PydanticOutcome {
    switch parsed {
    case .number(let number): return .valid(derived(number))
    case .notKnown: return .unknown("pydantic's \(type) parsing of \"\(text)\"")
    case .refused: return .invalid("value is not a valid \(type == "int" ? "integer" : type)")
    }
  }

  /// Python's `int()` / `float()` text: outer ASCII whitespace stripped and the sign taken off;
  /// nil for other characters (Unicode digits or spaces, controls), which Parapet does not judge.
  private static func signedASCII(_ text: String) -> (negative: Bool, body: Substring)? {
    let stripped = text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}")
    guard stripped.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else { return nil }
    var body = Substring(stripped)
    var negative = false
    if body.first == "+" || body.first == "-" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    return (negative, body)
  }

  /// Lists and tuples (what JSON and defaults give); nil for anything else.
  private static func pydanticSequence(_ value: PythonValue) -> [PythonValue]? {
    switch value.kind {
    case .list(let list): return list.items.contains(where: \.manyItems) ? nil : list.items
    case .tuple(let items): return items
    default: return nil
    }
  }

  /// Python's `int()` of a text (pydantic's int parsing in both versions for such text):
  /// ASCII whitespace stripped, a sign, digits with single underscores between them.
  enum PythonNumberText<Number> {
    case number(Number)
    case refused
    /// Text Parapet does not judge (other Unicode digits or spaces, a huge number).
    case notKnown
  }

  static func pythonIntegerText(_ text: String) -> PythonNumberText<Int> {
    guard let (negative, body) = signedASCII(text) else { return .notKnown }
    guard Self.isUnderscoredDigits(body) else { return .refused }
    guard let number = Int(body.replacingOccurrences(of: "_", with: "")) else { return .notKnown }
    return .number(negative ? -number : number)
  }

  /// Python's `float()` of a text (v1's float validator); v2 is decided only for plain
  /// decimal text and `inf`.
  static func pythonFloatText(_ text: String, version: Int) -> PythonNumberText<Double> {
    guard let (negative, body) = signedASCII(text) else { return .notKnown }
    let lower = body.lowercased()
    if lower == "inf" || lower == "infinity" || lower == "nan" {
      if version == 2 && lower != "inf" { return .notKnown }
      let number = lower == "nan" ? Double.nan : Double.infinity
      return .number(negative ? -number : number)
    }
    var mantissa = body
    var exponent: Substring?
    if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = body[..<e]
      var rest = body[body.index(after: e)...]
      if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
      exponent = rest
    }
    let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0]
    let fraction = parts.count > 1 ? parts[1] : nil
    let wholeOK = whole.isEmpty ? fraction.map { !$0.isEmpty } ?? false : isUnderscoredDigits(whole)
    let fractionOK = fraction.map { $0.isEmpty ? !whole.isEmpty : isUnderscoredDigits($0) } ?? true
    let exponentOK = exponent.map(isUnderscoredDigits) ?? true
    guard wholeOK, fractionOK, exponentOK else {
      // v2 parses numbers its own way: only text without a digit is certainly refused.
      if version == 2, body.contains(where: \.isNumber) { return .notKnown }
      return .refused
    }
    guard let number = Double(String(body).replacingOccurrences(of: "_", with: "")) else { return .notKnown }
    return .number(negative ? -number : number)
  }

  /// Digits with single underscores between them (Python's numeric literal grammar).
  private static func isUnderscoredDigits(_ text: Substring) -> Bool {
    guard let first = text.first, let last = text.last, first.isASCII, first.isNumber, last.isASCII, last.isNumber else { return false }
    var previousUnderscore = false
    for character in text {
      if character == "_" {
        if previousUnderscore { return false }
        previousUnderscore = true
      } else if character.isASCII && character.isNumber {
        previousUnderscore = false
      } else {
        return false
      }
    }
    return true
  }
}

/// What validating one input against a pydantic type gives.
enum PydanticOutcome {
  case valid(PythonValue)
  case invalid(String)
  case unknown(String)
}

/// The items of a container, validated, or the outcome of the first that failed.
enum PydanticItems {
  case success([PythonValue])
  case failed(PydanticOutcome)

  var failure: PydanticOutcome {
    if case .failed(let outcome) = self { return outcome }
    return .unknown("no failure")
  }
}
