import OrderedCollections
import ParapetFacts

/// Expressions: literals, operators with Python's semantics, subscripts, attributes, calls,
/// comprehensions and f-strings.
extension PythonEvaluator {
  package func evaluate(_ expression: PythonExpr, _ frame: Frame) throws(PythonException) -> PythonValue {
    let location = frame.at(expression.position)
    try step(location)
    switch expression {
    case .name(let name, _):
      return lookup(name, frame, at: location)
    case .constant(let constant, _):
      return Self.constant(constant, at: location)
    case .formatString(let parts, _):
      return try format(parts, frame, at: location)
    case .list(let items, _):
      let values = try evaluateItems(items, frame)
      guard let values else { return .unknown("a list with an unpacked value Parapet cannot evaluate", at: location) }
      return PythonValue(.list(PythonList(values)), at: location)
    case .tuple(let items, _):
      guard let values = try evaluateItems(items, frame) else {
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
          guard let items = iterate(value) else {
            return .unknown("a call with *\(expression.summary), which is not known", at: location).merging([value])
          }
          positional += items
        case .doubleStar(let expression):
          let value = try evaluate(expression, frame)
          guard case .dict(let dict) = value.kind else {
            return .unknown("a call with **\(expression.summary), which is not known", at: location).merging([value])
          }
          for entry in dict.entries.values {
            guard let name = entry.key.stringValue else { continue }
            keywords.append((name, entry.value))
          }
        }
      }
      return try call(callee, positional, keywords, frame, at: location, summary: calleeExpression.summary)
    case .unary(let op, let operandExpression, _):
      let operand = try evaluate(operandExpression, frame)
      return try unary(op, operand, at: location)
    case .binary(let op, let leftExpression, let rightExpression, _):
      let left = try evaluate(leftExpression, frame)
      let right = try evaluate(rightExpression, frame)
      return try binary(op, left, right, at: location)
    case .boolean(let op, let items, _):
      var uses: [EnvironmentUse] = []
      var last = PythonValue.none
      for (position, itemExpression) in items.enumerated() {
        let value = try evaluate(itemExpression, frame)
        uses = PythonValue.union(uses, value.uses)
        last = value
        // The last operand is the result whatever its truth value.
        if position == items.count - 1 { break }
        guard let truth = value.truthiness else {
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
      let condition = try evaluate(conditionExpression, frame)
      guard let truth = condition.truthiness else {
        let first = try evaluate(thenExpression, frame)
        let second = try evaluate(otherwiseExpression, frame)
        if PythonValue.equal(first, second) == true { return first.merging([condition, second]) }
        var unknown = PythonValue.unknown("depends on \(conditionExpression.summary): \(condition.unknownReason ?? "not known")", at: location)
        unknown.conditional = true
        return unknown.merging([condition, first, second])
      }
      let chosen = try evaluate(truth ? thenExpression : otherwiseExpression, frame)
      return chosen.merging([condition])
    case .comprehension(let kind, let element, let clauses, _):
      return try comprehension(kind, element, clauses, frame, at: location)
    case .lambda:
      return .unknown("a lambda", at: location)
    case .named(let target, let valueExpression, _):
      // `name := value` binds in the current scope and gives the value.
      let value = try evaluate(valueExpression, frame)
      bind(target, value, frame, location: location)
      return value
    case .unsupported(let what, _):
      return .unknown("\(what) is not evaluated", at: location)
    }
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
  private func evaluateItems(_ items: [PythonExpr], _ frame: Frame) throws(PythonException) -> [PythonValue]? {
    var values: [PythonValue] = []
    for item in items {
      if case .starred(let inner, _) = item {
        let value = try evaluate(inner, frame)
        guard let elements = iterate(value) else { return nil }
        values += elements.map { $0.merging([value]) }
      } else {
        values.append(try evaluate(item, frame))
      }
    }
    return values
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
    guard let width = Int(digits) else { return nil }
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
        results.append(try evaluate(element, inner))
        return
      }
      let clause = clauses[depth]
      let iterable = try evaluate(clause.iterable, inner)
      uses = PythonValue.union(uses, iterable.uses)
      guard let items = iterate(iterable) else {
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
          guard let truth = condition.truthiness else {
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

  // MARK: Operators

  package func unary(_ op: String, _ operand: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if op == "not" {
      guard let truth = operand.truthiness else {
        return .unknown("not \(operand.unknownReason ?? "a value that is not known")", at: location).merging([operand])
      }
      return PythonValue(.bool(!truth), at: location).merging([operand])
    }
    switch (op, operand.kind) {
    case ("-", .integer(let number)):
      let (negated, overflow) = (0).subtractingReportingOverflow(number)
      if overflow { return .unknown("integer overflow", at: location) }
      return PythonValue(.integer(negated), at: location).merging([operand])
    case ("-", .float(let number)): return PythonValue(.float(-number), at: location).merging([operand])
    case ("-", .bool(let flag)): return PythonValue(.integer(flag ? -1 : 0), at: location).merging([operand])
    case ("+", .integer), ("+", .float): return operand
    case ("~", .integer(let number)): return PythonValue(.integer(~number), at: location).merging([operand])
    case (_, .unknown): return operand
    default:
      throw PythonException(type: "TypeError", message: "bad operand type for unary \(op): '\(operand.typeName)'", location: location)
    }
  }

  package func binary(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    let sources = [left, right]
    func result(_ kind: PythonValue.Kind) -> PythonValue {
      PythonValue(kind, at: location).merging(sources)
    }
    func typeError() -> PythonException {
      PythonException(type: "TypeError", message: "unsupported operand types for \(op): '\(left.typeName)' and '\(right.typeName)'", location: location)
    }
    if left.isUnknown { return left.merging([right]) }
    if right.isUnknown { return right.merging([left]) }
    // Numbers (bool counts as int).
    if let a = Self.integer(left), let b = Self.integer(right) {
      switch op {
      case "+", "-", "*":
        let (value, overflow) = op == "+" ? a.addingReportingOverflow(b) : op == "-" ? a.subtractingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
        return overflow ? .unknown("integer overflow", at: location) : result(.integer(value))
      case "/":
        if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "division by zero", location: location) }
        return result(.float(Double(a) / Double(b)))
      case "//", "%":
        if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "integer division or modulo by zero", location: location) }
        var quotient = a / b
        if (a % b != 0) && ((a < 0) != (b < 0)) { quotient -= 1 }
        return result(.integer(op == "//" ? quotient : a - quotient * b))
      case "**":
        guard b >= 0 else { return result(.float(pow(Double(a), Double(b)))) }
        var value = 1
        for _ in 0..<min(b, 128) {
          let (next, overflow) = value.multipliedReportingOverflow(by: a)
          if overflow { return .unknown("integer overflow", at: location) }
          value = next
        }
        return result(.integer(value))
      case "|":
        if case .bool(let x) = left.kind, case .bool(let y) = right.kind { return result(.bool(x || y)) }
        return result(.integer(a | b))
      case "&":
        if case .bool(let x) = left.kind, case .bool(let y) = right.kind { return result(.bool(x && y)) }
        return result(.integer(a & b))
      case "^": return result(.integer(a ^ b))
      case "<<": return b < 0 || b > 62 ? .unknown("shift out of range", at: location) : result(.integer(a << b))
      case ">>": return b < 0 ? .unknown("negative shift", at: location) : result(.integer(a >> min(b, 63)))
      default: break
      }
    }
    if let a = Self.number(left), let b = Self.number(right) {
      switch op {
      case "+": return result(.float(a + b))
      case "-": return result(.float(a - b))
      case "*": return result(.float(a * b))
      case "/":
        if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float division by zero", location: location) }
        return result(.float(a / b))
      case "**": return result(.float(pow(a, b)))
      case "//":
        if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float floor division by zero", location: location) }
        return result(.float((a / b).rounded(.down)))
      case "%":
        if b == 0 { throw PythonException(type: "ZeroDivisionError", message: "float modulo", location: location) }
        return result(.float(a - b * (a / b).rounded(.down)))
      default: break
      }
    }
    switch (op, left.kind, right.kind) {
    case ("+", .string(let a), .string(let b)): return result(.string(a + b))
    case ("+", .bytes(let a), .bytes(let b)): return result(.bytes(a + b))
    case ("+", .list(let a), .list(let b)): return result(.list(PythonList(a.items + b.items)))
    case ("+", .tuple(let a), .tuple(let b)): return result(.tuple(a + b))
    case ("*", .string(let text), _), ("*", _, .string(let text)):
      guard let count = Self.integer(left) ?? Self.integer(right) else { throw typeError() }
      guard count * max(text.count, 1) <= limits.sequenceLength else { return .unknown("a string longer than Parapet builds", at: location) }
      return result(.string(String(repeating: text, count: max(0, count))))
    case ("*", .list(let list), _), ("*", _, .list(let list)):
      guard let count = Self.integer(left) ?? Self.integer(right) else { throw typeError() }
      guard count * max(list.items.count, 1) <= limits.sequenceLength else { return .unknown("a list longer than Parapet builds", at: location) }
      return result(.list(PythonList(Array(repeating: list.items, count: max(0, count)).flatMap { $0 })))
    case ("*", .tuple(let items), _), ("*", _, .tuple(let items)):
      guard let count = Self.integer(left) ?? Self.integer(right) else { throw typeError() }
      guard count * max(items.count, 1) <= limits.sequenceLength else { return .unknown("a tuple longer than Parapet builds", at: location) }
      return result(.tuple(Array(repeating: items, count: max(0, count)).flatMap { $0 }))
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
    case ("-", .set(let a), .set(let b)):
      return result(.set(a.filter { item in !b.contains { PythonValue.equal($0, item) == true } }))
    default:
      switch (left.kind, right.kind) {
      case (.none, _), (_, .none), (.string, _), (_, .string), (.list, _), (_, .list),
        (.tuple, _), (_, .tuple), (.dict, _), (_, .dict), (.path, _), (_, .path),
        (.integer, _), (_, .integer), (.bool, _), (_, .bool), (.float, _), (_, .float):
        if case .opaque = left.kind { break }
        if case .opaque = right.kind { break }
        if case .builtin = left.kind { break }
        if case .builtin = right.kind { break }
        throw typeError()
      default: break
      }
      return .unknown("\(left.typeName) \(op) \(right.typeName) is not modelled", at: location).merging(sources)
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

  /// `template % values` for `%s`, `%d`, `%r`, `%i`, `%%` and `%(name)s`.
  package func percentFormat(_ template: String, _ values: PythonValue, at location: SourceLocation) -> PythonValue {
    var arguments: [PythonValue]
    var named: PythonDict?
    switch values.kind {
    case .tuple(let items): arguments = items
    case .dict(let dict): arguments = []; named = dict
    case .unknown: return values
    default: arguments = [values]
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
        value = named.entries[.string(name)]?.value
        index = template.index(after: close)
      }
      while index < template.endIndex, "-+ #0123456789.".contains(template[index]) { index = template.index(after: index) }
      guard index < template.endIndex else { return .unknown("a bad % format", at: location) }
      let code = template[index]
      index = template.index(after: index)
      if code == "%" {
        out.append("%")
        continue
      }
      if value == nil {
        guard next < arguments.count else { return .unknown("a % format with too few values", at: location) }
        value = arguments[next]
        next += 1
      }
      guard let text = code == "r" ? value!.repr : value!.pythonString else {
        return .unknown("a % format with a value that is not known", at: location).merging([value!])
      }
      out += text
    }
    return PythonValue(.string(out), at: location)
  }

  package func compare(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    func answer(_ flag: Bool?) -> PythonValue {
      guard let flag else {
        let unknown = left.isUnknown ? left : right.isUnknown ? right : .unknown("a comparison Parapet cannot decide", at: location)
        return PythonValue.unknown("\(op) comparison with a value that is not known: \(unknown.unknownReason ?? "")", at: location).merging([left, right])
      }
      return PythonValue(.bool(flag), at: location).merging([left, right])
    }
    switch op {
    case "==": return answer(PythonValue.equal(left, right))
    case "!=": return answer(PythonValue.equal(left, right).map { !$0 })
    case "is", "is not":
      if left.isUnknown || right.isUnknown { return answer(nil) }
      var same: Bool
      switch (left.kind, right.kind) {
      case (.none, .none): same = true
      case (.bool(let a), .bool(let b)): same = a == b
      case (.none, _), (_, .none), (.bool, _), (_, .bool): same = false
      case (.list(let a), .list(let b)): same = a === b
      case (.dict(let a), .dict(let b)): same = a === b
      default: same = PythonValue.equal(left, right) ?? false
      }
      return answer(op == "is" ? same : !same)
    case "in", "not in":
      let found = try contains(right, left, at: location)
      if case .bool(let flag) = found.kind {
        return PythonValue(.bool(op == "in" ? flag : !flag), at: location).merging([left, right, found])
      }
      return found.merging([left, right])
    default:
      if left.isUnknown || right.isUnknown { return answer(nil) }
      guard let order = Self.order(left, right) else {
        throw PythonException(type: "TypeError", message: "'\(op)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'", location: location)
      }
      switch op {
      case "<": return answer(order < 0)
      case ">": return answer(order > 0)
      case "<=": return answer(order <= 0)
      default: return answer(order >= 0)
      }
    }
  }

  package static func order(_ left: PythonValue, _ right: PythonValue) -> Int? {
    if let a = number(left), let b = number(right) { return a < b ? -1 : a > b ? 1 : 0 }
    switch (left.kind, right.kind) {
    case (.string(let a), .string(let b)):
      let x = Array(a.unicodeScalars.map(\.value)), y = Array(b.unicodeScalars.map(\.value))
      return x.lexicographicallyPrecedes(y) ? -1 : x == y ? 0 : 1
    case (.tuple, .tuple), (.list, .list):
      guard let a = left.elements, let b = right.elements else { return nil }
      for (x, y) in zip(a, b) {
        guard let step = order(x, y) else { return nil }
        if step != 0 { return step }
      }
      return a.count < b.count ? -1 : a.count > b.count ? 1 : 0
    default: return nil
    }
  }

  /// `needle in container`.
  package func contains(_ container: PythonValue, _ needle: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    if container.isUnknown { return container }
    switch container.kind {
    case .string(let text):
      guard case .string(let part) = needle.kind else {
        if needle.isUnknown { return needle }
        throw PythonException(type: "TypeError", message: "'in <string>' requires string as left operand", location: location)
      }
      return PythonValue(.bool(text.contains(part) || part.isEmpty))
    case .environ:
      guard let name = needle.stringValue else { return .unknown("a variable name that is not known", at: location) }
      let value = environmentValue(name, accessor: "in os.environ", defaultValue: nil, at: location)
      if value.isUnknown { return value }
      var answer = PythonValue(.bool(!value.isUnsetMarker), at: location)
      answer.uses = value.uses
      return answer
    case .dict(let dict):
      guard let key = needle.key else { return .unknown("a key that is not known", at: location).merging([needle]) }
      return PythonValue(.bool(dict.entries[key] != nil))
    default:
      guard let items = iterate(container) else {
        return .unknown("membership in \(container.typeName), which is not known", at: location)
      }
      var undecided = false
      for item in items {
        switch PythonValue.equal(item, needle) {
        case true?: return PythonValue(.bool(true)).merging([item])
        case nil: undecided = true
        default: break
        }
      }
      if undecided { return .unknown("membership among values that are not all known", at: location).merging(items) }
      return PythonValue(.bool(false))
    }
  }

  // MARK: Subscripts

  package func item(_ base: PythonValue, _ index: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    if base.isUnknown { return base.merging([index]) }
    if index.isUnknown { return index.merging([base]) }
    switch base.kind {
    case .environ:
      guard let name = index.stringValue else { return .unknown("os.environ with a key that is not known", at: location) }
      let value = environmentValue(name, accessor: "os.environ[]", defaultValue: nil, at: location)
      if value.isUnsetMarker {
        throw PythonException(type: "KeyError", message: "KeyError: '\(name)'", location: location)
      }
      return value
    case .dict(let dict):
      guard let key = index.key else { return .unknown("a dict key that is not known", at: location) }
      guard let entry = dict.entries[key] else {
        throw PythonException(type: "KeyError", message: "KeyError: \(index.repr ?? key.description)", location: location)
      }
      return entry.value.merging([base, index])
    case .list, .tuple, .string:
      guard let position = Self.integer(index) else {
        throw PythonException(type: "TypeError", message: "indices must be integers", location: location)
      }
      let items = base.elements ?? []
      let resolved = position < 0 ? items.count + position : position
      guard resolved >= 0 && resolved < items.count else {
        throw PythonException(type: "IndexError", message: "index out of range", location: location)
      }
      return items[resolved].merging([base, index])
    case .path(let path):
      return .unknown("\(path)[…]", at: location)
    default:
      return .unknown("a subscript of \(base.typeName)", at: location).merging([base])
    }
  }

  package func slice(_ base: PythonValue, _ lower: PythonValue?, _ upper: PythonValue?, _ stride: PythonValue?, at location: SourceLocation) -> PythonValue {
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
    case .opaque(let name):
      return PythonValue(.opaque(name.hasPrefix("class ") ? String(name.dropFirst(6)) : name), at: location)
    default:
      return .unknown("calls \(summary), which Parapet does not model", at: location)
    }
  }

  package func callFunction(
    _ function: PythonFunction, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard callDepth < limits.callDepth else {
      return .unknown("calls nested deeper than \(limits.callDepth) levels", at: location)
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
    extraKeywords = Array(given)
    if !remaining.isEmpty || !extraKeywords.isEmpty {
      throw PythonException(type: "TypeError", message: "\(function.name)() got unexpected arguments", location: location)
    }
    callDepth += 1
    defer { callDepth -= 1 }
    let frame = Frame(module: function.module, scope: scope, file: function.location.file)
    let savedControl = controlUses
    controlUses = []
    defer { controlUses = savedControl }
    let flow: Flow
    do throws(PythonException) {
      flow = try run(function.body, frame)
    } catch {
      if error.type == PythonException.limitType {
        return .unknown("\(function.name)(): \(error.message)", at: location)
      }
      throw error
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
