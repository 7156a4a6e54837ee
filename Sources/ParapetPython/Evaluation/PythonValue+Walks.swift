/// Traversals of values: printing, equality, ordering, hashing, copying and measuring.
///
/// Values can share structure (`L = [L, L]` doubled forty times is small in memory but has
/// 2**40 leaves) and lists can contain themselves, so every traversal here is bounded by a node
/// budget and tracks the containers on its path: past the budget the answer is "not known"
/// (nil), and a container met again on its own path prints as Python prints it (`[...]`).
extension PythonValue {
  /// How many nodes one traversal may visit.
  package static let walkBudget = 1_000_000
  /// The longest text `str()`/`repr()` build (Python has no limit; settings never need more).
  package static let renderLimit = 4 << 20

  /// True for the built-in value types Parapet models completely (containers may still hold
  /// unknown items). Operations on them that Python rejects raise; operations on anything else
  /// (library objects, classes, unknowns) are unknown instead.
  package var isPlain: Bool {
    switch kind {
    case .none, .bool, .integer, .float, .string, .bytes, .list, .tuple, .set, .dict, .path: return true
    default: return false
    }
  }

  /// The value as a dict key, when hashable and known.
  package var key: PythonKey? {
    var budget = Self.walkBudget
    return key(&budget)
  }

  private func key(_ budget: inout Int) -> PythonKey? {
    budget -= 1
    if budget < 0 { return nil }
    switch kind {
    case .string(let text): return .string(text)
    case .integer(let number): return .integer(number)
    case .bool(let flag): return .bool(flag)
    case .none: return PythonKey.none
    case .float(let number):
      return number == number.rounded() && abs(number) < 1e15 ? .integer(Int(number)) : .other(String(number))
    case .tuple(let items):
      var keys: [PythonKey] = []
      for item in items {
        guard let key = item.key(&budget) else { return nil }
        keys.append(key)
      }
      return .tuple(keys)
    case .path(let path): return .other("path:" + path)
    case .object(.instance(let instance)) where instance.enumeration != nil:
      // A mixin member hashes as its value; a pure member by its identity (its qualified name).
      if let value = enumMixinValue { return value.key(&budget) }
      guard pureEnumMember != nil, let name = instance.attributes["_name_"]?.stringValue else { return nil }
      return .other("<enum \(instance.type.module.name).\(instance.type.name).\(name)>")
    case .object(.version(let view)):
      return view.exactValue.flatMap { $0.key(&budget) }
    default: return nil
    }
  }

  /// `str(value)` as Python prints it; nil when not known (or longer than `renderLimit`).
  package var pythonString: String? {
    if case .string(let text) = kind { return text }
    if let text = enumText { return text }
    if let root = PythonEvaluator.environPathRoot(self) { return root }
    if let version = PythonEvaluator.packagingVersionText(self) { return version }
    return repr
  }

  /// `repr(value)`; nil when not known (or longer than `renderLimit`).
  package var repr: String? {
    var renderer = Renderer()
    guard renderer.render(self) else { return nil }
    return renderer.out
  }

  /// Builds `repr` text with a length limit and cycle detection.
  private struct Renderer {
    var out = ""
    var path: Set<ObjectIdentifier> = []

    mutating func emit(_ text: String) -> Bool {
      out += text
      return out.utf8.count <= PythonValue.renderLimit
    }

    mutating func render(_ value: PythonValue) -> Bool {
      switch value.kind {
      case .none: return emit("None")
      case .bool(let flag): return emit(flag ? "True" : "False")
      case .integer(let number): return emit(String(number))
      case .float(let number):
        if number.isNaN { return emit("nan") }
        if number.isInfinite { return emit(number < 0 ? "-inf" : "inf") }
        if number == number.rounded() && abs(number) < 1e16 { return emit(String(Int(number)) + ".0") }
        return emit(String(number))
      case .string(let text): return emit(PythonValue.quote(text))
      case .bytes(let text): return emit(PythonValue.bytesRepr(Array(text.utf8)))
      case .binary(let bytes): return emit(PythonValue.bytesRepr(bytes))
      case .path(let path): return emit(path)
      case .list(let list):
        let id = ObjectIdentifier(list)
        if path.contains(id) { return emit("[...]") }
        path.insert(id)
        defer { path.remove(id) }
        return sequence(list.items, "[", "]")
      case .tuple(let items):
        return items.count == 1 ? sequence(items, "(", ",)") : sequence(items, "(", ")")
      case .set(let items):
        return items.isEmpty ? emit("set()") : sequence(items, "{", "}")
      case .dict(let dict):
        let id = ObjectIdentifier(dict)
        if path.contains(id) { return emit("{...}") }
        path.insert(id)
        defer { path.remove(id) }
        guard emit("{") else { return false }
        for (index, entry) in dict.entries.values.enumerated() {
          if index > 0 { guard emit(", ") else { return false } }
          guard render(entry.key), emit(": "), render(entry.value) else { return false }
        }
        return emit("}")
      case .object(.version(let view)):
        guard let exact = view.exactValue else { return false }
        return render(exact)
      case .object(.regexMatch(let match)):
        return emit(match.repr)
      default:
        return false
      }
    }

    mutating func sequence(_ items: [PythonValue], _ open: String, _ close: String) -> Bool {
      guard emit(open) else { return false }
      for (index, item) in items.enumerated() {
        if index > 0 { guard emit(", ") else { return false } }
        guard render(item) else { return false }
      }
      return emit(close)
    }
  }

  package static func quote(_ text: String) -> String {
    let quote = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = quote
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if String(character) == quote { out += "\\" + quote } else { out.append(character) }
      }
    }
    return out + quote
  }

  /// CPython's `repr()` of bytes: printable ASCII as itself, other bytes as `\xhh`.
  package static func bytesRepr(_ bytes: [UInt8]) -> String {
    let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
    var out = "b" + String(UnicodeScalar(quote))
    for byte in bytes {
      switch byte {
      case quote, UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
      case UInt8(ascii: "\t"): out += "\\t"
      case UInt8(ascii: "\n"): out += "\\n"
      case UInt8(ascii: "\r"): out += "\\r"
      case 0x20..<0x7F: out += String(UnicodeScalar(byte))
      default: out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
      }
    }
    return out + String(UnicodeScalar(quote))
  }

  // MARK: Equality

  /// Deep equality of known values; nil when either side is not known, is an object Parapet
  /// does not model, or the comparison is too large to decide.
  package static func equal(_ left: PythonValue, _ right: PythonValue) -> Bool? {
    var budget = walkBudget
    return equal(left, right, &budget)
  }

  /// `member == other` for an enum member: a mixin member compares as its value, a pure one
  /// is equal only to itself; a class with its own `__eq__` is not decided.
  private static func enumEqual(_ member: PythonValue, _ other: PythonValue, _ budget: inout Int) -> Bool? {
    if other.isUnknown { return nil }
    if let value = member.enumMixinValue {
      if let otherValue = other.enumMixinValue { return equal(value, otherValue, &budget) }
      if other.pureEnumMember != nil { return false }
      return equal(value, other, &budget)
    }
    guard let instance = member.pureEnumMember else { return nil }
    if case .object(.instance(let otherInstance)) = other.kind {
      if otherInstance === instance { return true }
      return other.pureEnumMember != nil || other.enumMixinValue != nil ? false : nil
    }
    return other.isPlain ? false : nil
  }

  private static func equal(_ left: PythonValue, _ right: PythonValue, _ budget: inout Int) -> Bool? {
    budget -= 1
    if budget < 0 { return nil }
    if left.isUnmodelledLibraryName || right.isUnmodelledLibraryName { return nil }
    switch (left.kind, right.kind) {
    case (.unknown, _), (_, .unknown): return nil
    case (.object(.version(let view)), _):
      guard let exact = view.exactValue else { return nil }
      return equal(exact, right, &budget)
    case (_, .object(.version)): return equal(right, left, &budget)
    case (.object(.instance(let member)), _) where member.enumeration != nil: return enumEqual(left, right, &budget)
    case (_, .object(.instance(let member))) where member.enumeration != nil: return enumEqual(right, left, &budget)
    case (.none, .none): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b
    case (.integer(let a), .float(let b)), (.float(let b), .integer(let a)): return Double(a) == b
    case (.bool(let a), .integer(let b)), (.integer(let b), .bool(let a)): return (a ? 1 : 0) == b
    case (.bool(let a), .float(let b)), (.float(let b), .bool(let a)): return (a ? 1.0 : 0.0) == b
    case (.string(let a), .string(let b)): return a == b
    case (.bytes(let a), .bytes(let b)): return a == b
    case (.binary(let a), .binary(let b)): return a == b
    // UTF-8 bytes are always `.bytes`, so they never equal binary bytes.
    case (.binary, .bytes), (.bytes, .binary): return false
    case (.path(let a), .path(let b)): return a == b
    case (.list(let a), .list(let b)):
      if a === b { return true }
      return sequenceEqual(a.items, b.items, &budget)
    case (.tuple(let a), .tuple(let b)): return sequenceEqual(a, b, &budget)
    case (.set(let a), .set(let b)):
      guard a.count == b.count else { return false }
      for item in a {
        var found: Bool? = false
        for other in b {
          let same = equal(item, other, &budget)
          if same == true { found = true; break }
          if same == nil { found = nil }
        }
        if found != true { return found }
      }
      return true
    case (.dict(let a), .dict(let b)):
      if a === b { return true }
      guard a.entries.count == b.entries.count else { return false }
      for (key, entry) in a.entries {
        guard let other = b.entries[key] else { return false }
        guard let same = equal(entry.value, other.value, &budget) else { return nil }
        if !same { return false }
      }
      return true
    case (.module(let a), .module(let b)): return a === b
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a, _), .builtin(let b, _)): return a == b
    case (.environ, .environ): return true
    case (.object(.classObject(let a)), .object(.classObject(let b))): return a === b
    case (.object(.instance(let a)), .object(.instance(let b))): return a === b ? true : nil
    default:
      // Plain values of different types are unequal; an object Parapet does not model may
      // define __eq__.
      if left.isPlain && right.isPlain { return false }
      if left.isPlain || right.isPlain, case .builtin = left.kind { return false }
      if left.isPlain || right.isPlain, case .builtin = right.kind { return false }
      if left.isPlain || right.isPlain, case .module = left.kind { return false }
      if left.isPlain || right.isPlain, case .module = right.kind { return false }
      if left.isPlain || right.isPlain, case .function = left.kind { return false }
      if left.isPlain || right.isPlain, case .function = right.kind { return false }
      return nil
    }
  }

  private static func sequenceEqual(_ a: [PythonValue], _ b: [PythonValue], _ budget: inout Int) -> Bool? {
    // An unknown part (zero or more items) makes the count, and so equality, unknown.
    if a.contains(where: \.manyItems) || b.contains(where: \.manyItems) { return nil }
    guard a.count == b.count else { return false }
    var result: Bool? = true
    for (left, right) in zip(a, b) {
      guard let same = equal(left, right, &budget) else {
        result = nil
        if budget < 0 { return nil }
        continue
      }
      if !same { return false }
    }
    return result
  }

  // MARK: Ordering

  /// The outcome of `<` between two values.
  package enum Ordering {
    case decided(Int)
    /// An operand is not known, or the comparison is too large to decide.
    case undecided
    /// Python raises TypeError for these operand types.
    case unsupported
  }

  package static func ordering(_ left: PythonValue, _ right: PythonValue, _ budget: inout Int) -> Ordering {
    budget -= 1
    if budget < 0 { return .undecided }
    if left.isUnknown || right.isUnknown { return .undecided }
    switch (left.kind, right.kind) {
    case (.integer(let a), .integer(let b)): return .decided(a < b ? -1 : a > b ? 1 : 0)
    default: break
    }
    if let a = PythonEvaluator.number(left), let b = PythonEvaluator.number(right) {
      if a.isNaN || b.isNaN { return .undecided }
      return .decided(a < b ? -1 : a > b ? 1 : 0)
    }
    switch (left.kind, right.kind) {
    case (.string(let a), .string(let b)), (.bytes(let a), .bytes(let b)):
      return .decided(a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : a == b ? 0 : 1)
    case (.tuple(let a), .tuple(let b)): return sequenceOrdering(a, b, &budget)
    case (.list(let a), .list(let b)): return sequenceOrdering(a.items, b.items, &budget)
    case (.path(let a), .path(let b)):
      // PurePosixPath orders by its parts, the root `/` first (`a/x` before `a-b/x`, unlike
      // the strings).
      func parts(_ path: String) -> [Substring.UnicodeScalarView] {
        (path.hasPrefix("/") ? [Substring("/").unicodeScalars] : []) + path.split(separator: "/", omittingEmptySubsequences: true).map(\.unicodeScalars)
      }
      let left = parts(a)
      let right = parts(b)
      for (x, y) in zip(left, right) where !x.elementsEqual(y) {
        return .decided(x.lexicographicallyPrecedes(y) ? -1 : 1)
      }
      return .decided(left.count < right.count ? -1 : left.count > right.count ? 1 : 0)
    case (.object(.version(let view)), _):
      guard let exact = view.exactValue else { return .undecided }
      return ordering(exact, right, &budget)
    case (_, .object(.version(let view))):
      guard let exact = view.exactValue else { return .undecided }
      return ordering(left, exact, &budget)
    case (.set, .set): return .undecided
    default:
      return left.isPlain && right.isPlain ? .unsupported : .undecided
    }
  }

  private static func sequenceOrdering(_ a: [PythonValue], _ b: [PythonValue], _ budget: inout Int) -> Ordering {
    for (x, y) in zip(a, b) {
      // Python finds the first unequal pair with ==, then orders that pair.
      guard let same = equal(x, y, &budget) else { return .undecided }
      if same { continue }
      return ordering(x, y, &budget)
    }
    return .decided(a.count < b.count ? -1 : a.count > b.count ? 1 : 0)
  }

  // MARK: Copying and measuring

  /// A deep copy of lists and dicts (for evaluating branches of an undecidable condition).
  package func deepCopy(_ seen: inout [ObjectIdentifier: AnyObject]) -> PythonValue {
    var budget = Self.walkBudget
    return deepCopy(&seen, &budget)
  }

  package func deepCopy(_ seen: inout [ObjectIdentifier: AnyObject], _ budget: inout Int) -> PythonValue {
    budget -= 1
    // Past the budget the rest is shared, not copied: still bounded, at worst a branch's
    // mutation shows in the other branch (and their merge makes it unknown anyway).
    if budget < 0 { return self }
    var copy = self
    switch kind {
    case .list(let list):
      if let done = seen[ObjectIdentifier(list)] as? PythonList {
        copy.kind = .list(done)
        return copy
      }
      let fresh = PythonList([])
      seen[ObjectIdentifier(list)] = fresh
      fresh.items = list.items.map { $0.deepCopy(&seen, &budget) }
      copy.kind = .list(fresh)
    case .dict(let dict):
      if let done = seen[ObjectIdentifier(dict)] as? PythonDict {
        copy.kind = .dict(done)
        return copy
      }
      let fresh = PythonDict()
      fresh.unknownKeys = dict.unknownKeys
      seen[ObjectIdentifier(dict)] = fresh
      for (key, entry) in dict.entries {
        fresh.entries[key] = (entry.key, entry.value.deepCopy(&seen, &budget))
      }
      copy.kind = .dict(fresh)
    case .tuple(let items):
      copy.kind = .tuple(items.map { $0.deepCopy(&seen, &budget) })
    default: break
    }
    return copy
  }

  /// Why this value cannot be handed to readers as it is: it contains itself, or it has more
  /// than `limit` nodes once shared parts are counted each time they appear. Nil when fine.
  package func oversize(limit: Int) -> String? {
    var remaining = limit
    var path: Set<ObjectIdentifier> = []
    return oversize(&remaining, &path, limit)
  }

  private func oversize(_ remaining: inout Int, _ path: inout Set<ObjectIdentifier>, _ limit: Int) -> String? {
    remaining -= 1
    if remaining < 0 { return "exceeds Parapet's evaluation budget: more than \(limit) elements" }
    func children(_ items: [PythonValue]) -> String? {
      for item in items {
        if let why = item.oversize(&remaining, &path, limit) { return why }
      }
      return nil
    }
    switch kind {
    case .list(let list):
      let id = ObjectIdentifier(list)
      if path.contains(id) { return "a list that contains itself" }
      path.insert(id)
      defer { path.remove(id) }
      return children(list.items)
    case .dict(let dict):
      let id = ObjectIdentifier(dict)
      if path.contains(id) { return "a dict that contains itself" }
      path.insert(id)
      defer { path.remove(id) }
      for entry in dict.entries.values {
        if let why = entry.key.oversize(&remaining, &path, limit) ?? entry.value.oversize(&remaining, &path, limit) { return why }
      }
      return nil
    case .tuple(let items), .set(let items):
      return children(items)
    default:
      return nil
    }
  }
}
