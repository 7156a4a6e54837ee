import Foundation
import ParapetPython
import OrderedCollections
import ParapetFacts

/// Turns evaluated Python values into facts. Secrets become `secret` facts (strength and
/// fingerprint only); passwords inside URLs are masked; unknown values keep their reason and
/// the environment variables they depend on.
enum DjangoFactBuilder {
  /// The fact for `value`; `secret` marks every string inside as a secret.
  static func fact(_ value: PythonValue, secret: Bool, at location: SourceLocation?, depth: Int = 0) -> Fact {
    let location = location ?? value.location
    let secret = secret || value.fromSecretVariable
    if depth > 64 { return .unknown("nested too deeply", at: location) }
    switch value.kind {
    case .none: return .null(at: location)
    case .bool(let flag): return .bool(flag, at: location)
    case .integer(let number): return Fact(.integer(Int64(number)), at: location)
    case .float(let number): return .number(number, at: location)
    case .string(let text), .bytes(let text):
      if secret { return .secret(text, at: location) }
      return .string(SecretNames.maskURLPassword(text).masked, at: location)
    // Facts hold text: binary bytes have none to show.
    case .binary: return .unknown("bytes that are not UTF-8 text", dependsOn: variables(value), at: location)
    case .path(let path): return .string(path, at: location)
    case .list(let list):
      return .list(list.items.map { item(for: $0, secret: secret, depth: depth) }, at: location)
    case .tuple(let items), .set(let items):
      return .list(items.map { item(for: $0, secret: secret, depth: depth) }, at: location)
    case .dict(let dict):
      // Keys Parapet cannot name make the whole mapping unknown: a missing key is not missing.
      if let why = dict.unknownKeys { return .unknown("a dict that \(why)", dependsOn: variables(value), at: location) }
      var entries: OrderedDictionary<String, Fact> = [:]
      for (key, entry) in dict.entries {
        let name = key.description
        entries[name] = fact(entry.value, secret: secret || SecretDetector.isSecretName(name), at: nil, depth: depth + 1)
      }
      return .map(entries, at: location)
    case .unknown(let reason):
      return .unknown(reason, dependsOn: variables(value), at: location)
    case .opaque(let name):
      if let date = PythonEvaluator.describeDateValue(name) { return .unknown("\(date), not a plain value", at: location) }
      return .unknown("an object (\(name)), not a plain value", at: location)
    case .module(let module):
      return .unknown("the module \(module.name)", at: location)
    case .function(let function):
      return .unknown("the function \(function.name)", at: location)
    case .builtin(let name, _):
      return .unknown("\(name), not a plain value", at: location)
    case .object:
      // A member of `class Mode(str, Enum)` is a str (or int) to Django.
      if let plain = value.enumMixinValue { return fact(plain.merging([value]), secret: secret, at: location, depth: depth + 1) }
      return .unknown("an object (\(value.typeName)), not a plain value", at: location)
    case .environ, .environReader, .decoupleConfig, .caster:
      return .unknown("a \(value.typeName) object", at: location)
    }
  }

  /// The fact for an item of a list: an unknown part standing for zero or more items
  /// (`PythonValue.manyItems`) stays one unknown item marked `many`, with its reason and where
  /// it was added, so the packs keep the known items around it; with the strings its items can
  /// only be, when Parapet knows them (`candidates`).
  private static func item(for value: PythonValue, secret: Bool, depth: Int) -> Fact {
    guard value.manyItems, let reason = value.unknownReason else { return fact(value, secret: secret, at: nil, depth: depth + 1) }
    return .unknownItems(reason, dependsOn: variables(value), candidates: value.candidates, at: value.location)
  }

  /// The Python type of a plain value (`list`, `tuple`, `set`, `str`, …), which the facts
  /// themselves do not keep (a tuple and a set are both lists there): Django rejects some
  /// settings by type while it loads them. An instance of a settings class whose bases Parapet
  /// sees whole has that class's name: it is no list or tuple (zentral's `ConfigList`, a
  /// `collections.abc.Sequence`). nil for other objects and unknown values, whose type (a
  /// subclass of list, say) Parapet does not know; `objectOfUnknownType` names those objects.
  static func plainTypeName(_ value: PythonValue) -> String? {
    switch value.kind {
    case .none, .bool, .integer, .float, .string, .bytes, .list, .tuple, .set, .dict, .path:
      return value.typeName
    case .object(.instance(let instance))
    where !instance.type.hasOpaqueBases && instance.type.namedTupleFields == nil && instance.type.enumeration == nil:
      return instance.type.name
    default:
      return nil
    }
  }

  /// True for an object whose class Parapet does not see whole (a library's object, an
  /// instance of a class with such a base): it may or may not be a list or a tuple.
  static func objectOfUnknownType(_ value: PythonValue) -> Bool {
    switch value.kind {
    case .opaque, .object(.instance): return plainTypeName(value) == nil
    // What a library Parapet does not model returned may be of any type.
    case .unknown: return value.anyType
    default: return false
    }
  }

  static func variables(_ value: PythonValue) -> [String] {
    var seen: [String] = []
    for use in value.uses where !seen.contains(use.variable) { seen.append(use.variable) }
    return seen
  }

  /// Every environment read inside a value (containers included).
  static func allUses(_ value: PythonValue, depth: Int = 0) -> [EnvironmentUse] {
    var uses = value.uses
    guard depth < 32 else { return uses }
    switch value.kind {
    case .list(let list): for item in list.items { uses = PythonValue.union(uses, allUses(item, depth: depth + 1)) }
    case .tuple(let items), .set(let items): for item in items { uses = PythonValue.union(uses, allUses(item, depth: depth + 1)) }
    case .dict(let dict): for entry in dict.entries.values { uses = PythonValue.union(uses, allUses(entry.value, depth: depth + 1)) }
    default: break
    }
    return uses
  }

  static func anyGenerated(_ value: PythonValue, depth: Int = 0) -> Bool {
    if value.generated { return true }
    guard depth < 32 else { return false }
    switch value.kind {
    case .list(let list): return list.items.contains { anyGenerated($0, depth: depth + 1) }
    case .tuple(let items), .set(let items): return items.contains { anyGenerated($0, depth: depth + 1) }
    case .dict(let dict): return dict.entries.values.contains { anyGenerated($0.value, depth: depth + 1) }
    default: return false
    }
  }

  /// Where a setting's value came from: `literal`, `environment` (every variable it reads is
  /// set), `default` (at least one variable was not set and the code's default was used),
  /// `generated`, `conditional` or `unknown`, with the variables and their defaults.
  static func provenance(_ binding: PythonBinding, name: String, module: String) -> Fact {
    let value = binding.value
    let uses = allUses(value)
    let secret = SecretDetector.isSecretName(name) || value.fromSecretVariable
    var source = "literal"
    if anyGenerated(value) {
      source = "generated"
    } else if value.isUnknown {
      source = value.conditional ? "conditional" : "unknown"
    } else if uses.contains(where: { $0.state == .unset }) {
      source = "default"
    } else if !uses.isEmpty {
      source = "environment"
    }
    var entries: OrderedDictionary<String, Fact> = [
      "source": .string(source, at: binding.location),
      "module": .string(module, at: binding.location),
    ]
    if source == "generated", value.generated, let length = value.generatedLength {
      entries["generated_length"] = .integer(length, at: binding.location)
    }
    entries["variables"] = .list(uniqueVariables(uses).map { .string($0) })
    var environment: OrderedDictionary<String, Fact> = [:]
    for use in uses where environment[use.variable] == nil {
      var detail: OrderedDictionary<String, Fact> = [:]
      switch use.state {
      case .set(let from):
        detail["set"] = .bool(true)
        if let from { detail["from"] = .string(from) }
      case .file(let from):
        detail["set"] = .bool(true)
        detail["from"] = .string(from)
      case .unset:
        detail["set"] = .bool(false)
      }
      if let defaultValue = use.defaultValue {
        detail["default"] = fact(defaultValue, secret: secret || SecretNames.isSecret(use.variable), at: defaultValue.location)
      } else {
        detail["required"] = .bool(true)
      }
      detail["accessor"] = .string(use.accessor)
      if let cast = use.cast { detail["cast"] = .string(cast) }
      environment[use.variable] = .map(detail, at: use.location)
    }
    entries["environment"] = .map(environment)
    entries["assigned"] = .list(binding.history.map { .string($0.description, at: $0) })
    return .map(entries, at: binding.location)
  }

  static func uniqueVariables(_ uses: [EnvironmentUse]) -> [String] {
    var seen: [String] = []
    for use in uses where !seen.contains(use.variable) { seen.append(use.variable) }
    return seen
  }

  /// Python's `str.isupper()`: at least one cased character and no lower-case one.
  static func isSettingName(_ name: String) -> Bool {
    var cased = false
    for character in name {
      if character.isLowercase { return false }
      if character.isUppercase { cased = true }
    }
    return cased
  }
}
