import ParapetFacts

/// `enum.Enum` classes defined in the settings (`PythonEnumeration`): which classes are enums,
/// their members once the body ran, lookups by value (`Mode("local")`, ValueError when none
/// matches) and by name (`Mode["LOCAL"]`, KeyError), and membership (`x in Mode`).
/// `Flag`/`IntFlag` and enums with a custom `__new__` or `__init__` are not modelled: their
/// members are unknown, never guessed.
extension PythonEvaluator {
  /// The enumeration a class with these bases defines, or nil when it is not an enum Parapet
  /// models (a base it does not know may change everything).
  func enumerationFor(_ bases: [PythonValue], name: String, at location: SourceLocation) throws(PythonException)
    -> PythonEnumeration?
  {
    var isEnum = false
    var mixin: String?
    var isStrEnum = false
    for base in bases {
      switch base.kind {
      case .builtin(let qualified, let receiver) where receiver.isEmpty && PythonEnumeration.bases[qualified] != nil:
        isEnum = true
        if let implied = PythonEnumeration.bases[qualified] ?? nil { mixin = mixin ?? implied }
        if qualified == "enum.StrEnum" { isStrEnum = true }
      case .builtin(let qualified, let receiver) where receiver.isEmpty && PythonEnumeration.mixins.contains(qualified):
        mixin = mixin ?? qualified
      case .builtin("object", _):
        continue
      case .object(.classObject(let parent)) where parent.enumeration != nil:
        let inherited = parent.enumeration!
        if !inherited.members.isEmpty || !inherited.byName.isEmpty {
          throw PythonException(
            type: "TypeError", message: "<enum '\(name)'> cannot extend <enum '\(parent.name)'>", location: location)
        }
        isEnum = true
        mixin = mixin ?? inherited.mixin
        isStrEnum = isStrEnum || inherited.isStrEnum
      case .object(.classObject(let parent)) where parent.opaqueBases.isEmpty:
        // A plain class of the settings as a mixin: its methods are found through the MRO.
        continue
      default:
        return nil
      }
    }
    return isEnum ? PythonEnumeration(mixin: mixin, isStrEnum: isStrEnum) : nil
  }

  /// Makes the members of an enum class once its body ran: each plain attribute, in order,
  /// becomes a member (an instance with `name` and `value`) or an alias of an earlier member
  /// with an equal value.
  func buildEnumMembers(_ type: PythonClass, _ enumeration: PythonEnumeration) {
    for special in ["__new__", "__init__"] where type.lookup(special) != nil {
      enumeration.undecided = "\(type.name) defines \(special), which Parapet does not run for enum members"
      return
    }
    var ignored: Set<String> = []
    if let listed = type.namespace["_ignore_"]?.value {
      if let text = listed.stringValue {
        ignored = Set(text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init))
      } else if let items = listed.elements, items.allSatisfy({ $0.stringValue != nil }) {
        ignored = Set(items.compactMap(\.stringValue))
      } else {
        enumeration.undecided = "\(type.name)._ignore_ is not known"
        return
      }
    }
    var assigned: [PythonValue] = []
    for (name, binding) in type.namespace {
      if name.hasPrefix("_") && name.hasSuffix("_") { continue }  // dunder and sunder names
      if name.hasPrefix("_\(type.name)__") || ignored.contains(name) { continue }
      var value = binding.value
      switch value.kind {
      case .function, .object(.method):
        // Methods and properties are not members.
        continue
      case .object(.classObject):
        // A nested class is a member up to Python 3.12 (with a warning) and not after.
        enumeration.undecided = "\(type.name).\(name) is a nested class, a member only on some Python versions"
        return
      case .opaque("enum.auto"):
        guard let generated = autoValue(name, type, enumeration, previous: assigned) else {
          enumeration.undecided = "the value auto() gives \(type.name).\(name) is not known"
          return
        }
        value = generated.merging([value])
        value.location = binding.location
      case .unknown(let reason):
        enumeration.undecided = "the value of \(type.name).\(name) is not known: \(reason)"
        return
      case .none, .bool, .integer, .float, .string, .bytes, .tuple, .path:
        break
      default:
        enumeration.undecided = "\(type.name).\(name) is a \(value.typeName), which Parapet does not model as an enum member"
        return
      }
      guard Self.fitsMixin(value, enumeration.mixin) else {
        enumeration.undecided = "\(type.name).\(name) is converted to \(enumeration.mixin ?? "") by the enum"
        return
      }
      assigned.append(value)
      var canonical: PythonValue?
      search: for member in enumeration.members {
        guard case .object(.instance(let existing)) = member.kind, let existingValue = existing.enumValue else { continue }
        switch PythonValue.equal(existingValue, value) {
        case true?:
          canonical = member
          break search
        case nil:
          enumeration.undecided = "whether \(type.name).\(name) is an alias is not known"
          return
        default: continue
        }
      }
      let member: PythonValue
      if let canonical {
        member = canonical
      } else {
        let instance = PythonInstance(type: type)
        let nameValue = PythonValue(.string(name), at: binding.location)
        instance.attributes["_name_"] = nameValue
        instance.attributes["name"] = nameValue
        instance.attributes["_value_"] = value
        instance.attributes["value"] = value
        member = PythonValue(.object(.instance(instance)), uses: value.uses, at: binding.location)
        enumeration.members.append(member)
      }
      enumeration.byName[name] = member
      type.namespace[name] = PythonBinding(value: member, location: binding.location, history: binding.history)
    }
  }

  /// What `auto()` gives: the lower-cased name for a `StrEnum`, else one more than the last
  /// integer value (1 for the first). Nil when that depends on the Python version (values that
  /// are not increasing integers) or on a `_generate_next_value_` of the class.
  private func autoValue(_ name: String, _ type: PythonClass, _ enumeration: PythonEnumeration, previous: [PythonValue])
    -> PythonValue?
  {
    if type.lookup("_generate_next_value_") != nil { return nil }
    if enumeration.isStrEnum { return PythonValue(.string(name.lowercased())) }
    var numbers: [Int] = []
    for value in previous {
      guard case .integer(let number) = value.kind else { return nil }
      numbers.append(number)
    }
    guard let last = numbers.last else { return PythonValue(.integer(1)) }
    guard last == numbers.max(), last < Int.max else { return nil }
    return PythonValue(.integer(last + 1))
  }

  /// True when a member value is already of the mixin's type (other values are converted by
  /// the enum, which Parapet does not model).
  private static func fitsMixin(_ value: PythonValue, _ mixin: String?) -> Bool {
    switch (mixin, value.kind) {
    case (nil, _), ("str", .string), ("int", .integer), ("float", .float): return true
    default: return false
    }
  }

  /// `Mode(value)`: the member with that value (a member itself gives itself); ValueError
  /// when none has it, unless the class defines `_missing_`.
  func enumLookup(_ type: PythonClass, _ enumeration: PythonEnumeration, _ positional: [PythonValue],
    _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard positional.count == 1, keywords.isEmpty else {
      return .unknown("\(type.name)() with these arguments (the functional enum API) is not modelled", at: location)
    }
    let argument = positional[0]
    if argument.isUnknown { return argument }
    if let reason = enumeration.undecided { return .unknown(reason, at: location).merging([argument]) }
    if case .object(.instance(let instance)) = argument.kind, instance.type === type { return argument }
    for member in enumeration.members {
      guard case .object(.instance(let instance)) = member.kind, let value = instance.enumValue else { continue }
      switch PythonValue.equal(value, argument) {
      case true?: return member.merging([argument])
      case nil: return .unknown("\(type.name)(\(argument.typeName)): a value Parapet cannot compare", at: location).merging([argument])
      default: continue
      }
    }
    if type.lookup("_missing_") != nil {
      return .unknown("\(type.name)._missing_ decides what \(type.name)(\(argument.repr ?? argument.typeName)) gives", at: location).merging([argument])
    }
    throw PythonException(
      type: "ValueError", message: "\(argument.repr ?? argument.typeName) is not a valid \(type.name)", location: location,
      uses: argument.uses)
  }

  /// `Mode["NAME"]`: the member (or alias) by name; KeyError when there is none.
  func enumItem(_ type: PythonClass, _ enumeration: PythonEnumeration, _ index: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    if let reason = enumeration.undecided { return .unknown(reason, at: location).merging([index]) }
    guard let name = index.stringValue else {
      throw PythonException(type: "KeyError", message: "KeyError: \(index.repr ?? index.typeName)", location: location, uses: index.uses)
    }
    guard let member = enumeration.byName[name] else {
      throw PythonException(type: "KeyError", message: "KeyError: '\(name)'", location: location, uses: index.uses)
    }
    return member.merging([index])
  }

  /// `needle in Mode`. A member is in its own class. Any other value: True or False by the
  /// members' values from Python 3.12, a TypeError before; unknown when the evidence does not
  /// say which Python runs.
  func enumContains(_ type: PythonClass, _ enumeration: PythonEnumeration, _ needle: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue
  {
    if needle.isUnknown { return needle }
    if let reason = enumeration.undecided { return .unknown(reason, at: location).merging([needle]) }
    if case .object(.instance(let instance)) = needle.kind, instance.enumeration != nil {
      if instance.type === type { return PythonValue(.bool(enumeration.members.contains { PythonValue.equal($0, needle) == true }), at: location) }
      if needle.enumMixinValue == nil && enumeration.mixin == nil { return PythonValue(.bool(false), at: location) }
      return .unknown("a member of \(instance.type.name) in \(type.name)", at: location)
    }
    let since = [3, 12, 0]
    if let range = pythonVersion, !range.lower.lexicographicallyPrecedes(since) {
      var undecided = false
      for member in enumeration.members {
        guard case .object(.instance(let instance)) = member.kind, let value = instance.enumValue else { continue }
        switch PythonValue.equal(value, needle) {
        case true?: return PythonValue(.bool(true), at: location).merging([needle])
        case nil: undecided = true
        default: continue
        }
      }
      if undecided { return .unknown("membership in \(type.name) by a value Parapet cannot compare", at: location).merging([needle]) }
      return PythonValue(.bool(false), at: location).merging([needle])
    }
    if let range = pythonVersion, let upper = range.upper, !since.lexicographicallyPrecedes(upper), needle.isPlain {
      throw PythonException(
        type: "TypeError", message: "unsupported operand type(s) for 'in': '\(needle.typeName)' and 'EnumMeta'",
        location: location, uses: needle.uses)
    }
    return .unknown("\(needle.typeName) in \(type.name): Python before 3.12 raises TypeError, later ones compare values, and the evidence does not say which Python runs", at: location).merging([needle])
  }

  /// `@enum.unique`: ValueError when the class has aliases.
  func enumUnique(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard case .object(.classObject(let type)) = value.kind, let enumeration = type.enumeration else {
      return .unknown("@unique of \(value.typeName)", at: location)
    }
    if let reason = enumeration.undecided { return .unknown(reason, at: location) }
    let aliases = enumeration.byName.filter { name, member in
      guard case .object(.instance(let instance)) = member.kind else { return false }
      return instance.attributes["_name_"]?.stringValue != name
    }
    if !aliases.isEmpty {
      throw PythonException(
        type: "ValueError", message: "duplicate values found in <enum '\(type.name)'>: \(aliases.keys.joined(separator: ", "))",
        location: location)
    }
    return value
  }

  /// `Mode.__members__`: every name, aliases included, to its member.
  func enumMembersMapping(_ enumeration: PythonEnumeration, at location: SourceLocation) -> PythonValue {
    if let reason = enumeration.undecided { return .unknown(reason, at: location) }
    let dict = PythonDict()
    for (name, member) in enumeration.byName { dict.entries[.string(name)] = (PythonValue(.string(name)), member) }
    return PythonValue(.dict(dict), at: location)
  }
}
