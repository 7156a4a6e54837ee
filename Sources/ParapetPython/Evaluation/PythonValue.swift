import OrderedCollections
import ParapetFacts

/// One read of the process environment made while evaluating settings.
package struct EnvironmentUse: Hashable, Sendable {
  package enum State: Hashable, Sendable {
    /// The variable was set; `source` says where (`--env`, `prod.env:3`).
    case set(source: String?)
    /// The variable was not set: the default in the code was used.
    case unset
    /// Read from a file the library loads itself (django-environ `read_env`, decouple's
    /// `.env`/`settings.ini`): `path:line`.
    case file(String)
  }

  package var variable: String
  package var state: State
  /// The default the code gives (nil when there is none: the variable is required).
  package var defaultValue: PythonValue?
  /// How it was read: `os.environ.get`, `os.getenv`, `environ.Env.bool`, `decouple.config`, …
  package var accessor: String
  package var cast: String?
  package var location: SourceLocation?

  package static func == (lhs: EnvironmentUse, rhs: EnvironmentUse) -> Bool {
    lhs.variable == rhs.variable && lhs.state == rhs.state && lhs.accessor == rhs.accessor
      && lhs.location == rhs.location
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(variable)
    hasher.combine(accessor)
  }
}

/// A mutable Python list (lists and dicts have reference semantics, as in Python: a list
/// imported from a base module and mutated stays one object).
package final class PythonList: @unchecked Sendable {
  package var items: [PythonValue]
  package init(_ items: [PythonValue]) { self.items = items }
}

/// A dict key: the hashable Python values settings files use as keys.
package enum PythonKey: Hashable, Sendable, CustomStringConvertible {
  case string(String)
  case integer(Int)
  case bool(Bool)
  case none
  case tuple([PythonKey])
  case other(String)

  package var description: String {
    switch self {
    case .string(let text): return text
    case .integer(let number): return String(number)
    case .bool(let flag): return flag ? "True" : "False"
    case .none: return "None"
    case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + ")"
    case .other(let text): return text
    }
  }
}

/// A mutable Python dict, insertion-ordered.
package final class PythonDict: @unchecked Sendable {
  package var entries: OrderedDictionary<PythonKey, (key: PythonValue, value: PythonValue)>
  package init(_ entries: OrderedDictionary<PythonKey, (key: PythonValue, value: PythonValue)> = [:]) {
    self.entries = entries
  }
}

/// A user function defined in a settings file.
package final class PythonFunction: @unchecked Sendable {
  package let name: String
  package let parameters: [PythonStmt.Parameter]
  package let defaults: [String: PythonValue]
  package let body: [PythonStmt]
  package let module: PythonModule
  package let closure: PythonScope?
  package let location: SourceLocation

  package init(
    name: String, parameters: [PythonStmt.Parameter], defaults: [String: PythonValue],
    body: [PythonStmt], module: PythonModule, closure: PythonScope?, location: SourceLocation
  ) {
    self.name = name
    self.parameters = parameters
    self.defaults = defaults
    self.body = body
    self.module = module
    self.closure = closure
    self.location = location
  }
}

/// A name bound in a module: its value, where it was last assigned and every assignment.
package struct PythonBinding: Sendable {
  package var value: PythonValue
  package var location: SourceLocation
  package var history: [SourceLocation]

  package init(value: PythonValue, location: SourceLocation, history: [SourceLocation]) {
    self.value = value
    self.location = location
    self.history = history
  }
}

/// A module: one evaluated bundle file, or a library Parapet models.
package final class PythonModule: @unchecked Sendable {
  package let name: String
  /// The bundle file, nil for modelled libraries.
  package let path: String?
  package var namespace: OrderedDictionary<String, PythonBinding> = [:]
  /// True once `import *` from a module Parapet cannot see ran: unknown names may exist.
  package var hasOpaqueImports = false
  /// True when `exec`, `globals()` or `setattr` may have changed names behind our back.
  package var degraded = false
  package var finished = false

  package init(name: String, path: String?) {
    self.name = name
    self.path = path
  }
}

/// Local names of a function call or comprehension; lookups fall back to `parent`, then to
/// the module's globals.
package final class PythonScope: @unchecked Sendable {
  package var names: [String: PythonValue] = [:]
  package var globals: Set<String> = []
  package let parent: PythonScope?
  package init(parent: PythonScope?) { self.parent = parent }
}

/// How a value is cast by a library (`cast=bool`, `Csv()`, an `environ.Env` scheme entry).
package enum PythonCaster: Sendable {
  case csv(cast: PythonValue?, delimiter: String, strip: String)
  case choices([String])
}

/// State of a django-environ `Env` object: its declared scheme.
package final class EnvironScheme: @unchecked Sendable {
  package var entries: [String: (cast: PythonValue?, defaultValue: PythonValue?)] = [:]
}

/// A value during evaluation: what it is, which environment reads it came from, and where it
/// was written.
package struct PythonValue: Sendable {
  package indirect enum Kind: Sendable {
    case none
    case bool(Bool)
    case integer(Int)
    case float(Double)
    case string(String)
    case bytes(String)
    case list(PythonList)
    case tuple([PythonValue])
    case set([PythonValue])
    case dict(PythonDict)
    /// A `pathlib.Path`, as a POSIX path string.
    case path(String)
    case module(PythonModule)
    case function(PythonFunction)
    /// A modelled library function or a bound method: `name` (`os.getenv`, `str.split`) and
    /// the object it is bound to.
    case builtin(String, receiver: [PythonValue])
    /// `os.environ`.
    case environ
    /// A django-environ `Env` object.
    case environReader(EnvironScheme)
    /// A python-decouple `config` bound to a search folder or a file.
    case decoupleConfig(searchFrom: String?, file: String?)
    case caster(PythonCaster)
    /// An object of a class the evaluator knows only by name (a class, an exception type).
    case opaque(String)
    case unknown(String)
  }

  package var kind: Kind
  package var uses: [EnvironmentUse] = []
  package var location: SourceLocation?
  /// True for values read from a variable whose name looks secret.
  package var fromSecretVariable = false
  /// True for values generated at start-up (`get_random_secret_key()`): random, never known.
  package var generated = false
  /// True when the value differs between branches of a condition that could not be decided.
  package var conditional = false

  package init(_ kind: Kind, uses: [EnvironmentUse] = [], at location: SourceLocation? = nil) {
    self.kind = kind
    self.uses = uses
    self.location = location
  }

  package static let none = PythonValue(.none)

  package static func unknown(_ reason: String, at location: SourceLocation? = nil) -> PythonValue {
    PythonValue(.unknown(reason), at: location)
  }

  package var isUnknown: Bool {
    if case .unknown = kind { return true }
    return false
  }

  package var unknownReason: String? {
    if case .unknown(let reason) = kind { return reason }
    return nil
  }

  package var stringValue: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  /// Adds the environment reads of `others` to this value's.
  package func merging(_ others: [PythonValue]) -> PythonValue {
    var copy = self
    for other in others {
      copy.uses = Self.union(copy.uses, other.uses)
      if other.fromSecretVariable { copy.fromSecretVariable = true }
      if other.conditional { copy.conditional = true }
    }
    return copy
  }

  package static func union(_ left: [EnvironmentUse], _ right: [EnvironmentUse]) -> [EnvironmentUse] {
    if right.isEmpty { return left }
    if left.isEmpty { return right }
    var out = left
    for use in right where !out.contains(where: { $0.variable == use.variable && $0.state == use.state }) {
      out.append(use)
    }
    return out
  }

  /// Python truthiness; nil when it cannot be known.
  package var truthiness: Bool? {
    switch kind {
    case .none: return false
    case .bool(let flag): return flag
    case .integer(let number): return number != 0
    case .float(let number): return number != 0
    case .string(let text), .bytes(let text): return !text.isEmpty
    case .list(let list): return !list.items.isEmpty
    case .tuple(let items), .set(let items): return !items.isEmpty
    case .dict(let dict): return !dict.entries.isEmpty
    case .path, .module, .function, .builtin, .environReader, .decoupleConfig, .caster, .opaque:
      return true
    case .environ: return nil
    case .unknown: return nil
    }
  }

  /// The Python type name, for messages.
  package var typeName: String {
    switch kind {
    case .none: return "NoneType"
    case .bool: return "bool"
    case .integer: return "int"
    case .float: return "float"
    case .string: return "str"
    case .bytes: return "bytes"
    case .list: return "list"
    case .tuple: return "tuple"
    case .set: return "set"
    case .dict: return "dict"
    case .path: return "PosixPath"
    case .module: return "module"
    case .function: return "function"
    case .builtin(let name, _): return name
    case .environ: return "os._Environ"
    case .environReader: return "environ.Env"
    case .decoupleConfig: return "decouple.AutoConfig"
    case .caster: return "caster"
    case .opaque(let name): return name
    case .unknown: return "unknown"
    }
  }

  /// The elements when this is a sequence Parapet can iterate (nil otherwise).
  package var elements: [PythonValue]? {
    switch kind {
    case .list(let list): return list.items
    case .tuple(let items), .set(let items): return items
    case .dict(let dict): return dict.entries.values.map(\.key)
    case .string(let text): return text.map { PythonValue(.string(String($0)), uses: uses) }
    default: return nil
    }
  }

  /// The value as a dict key, when hashable.
  package var key: PythonKey? {
    switch kind {
    case .string(let text): return .string(text)
    case .integer(let number): return .integer(number)
    case .bool(let flag): return .bool(flag)
    case .none: return PythonKey.none
    case .float(let number): return number == number.rounded() && abs(number) < 1e15 ? .integer(Int(number)) : .other(String(number))
    case .tuple(let items):
      var keys: [PythonKey] = []
      for item in items {
        guard let key = item.key else { return nil }
        keys.append(key)
      }
      return .tuple(keys)
    case .path(let path): return .other("path:" + path)
    default: return nil
    }
  }

  /// `str(value)` as Python prints it; nil when not known.
  package var pythonString: String? {
    switch kind {
    case .string(let text): return text
    default: return repr
    }
  }

  /// `repr(value)`; nil when not known.
  package var repr: String? {
    switch kind {
    case .none: return "None"
    case .bool(let flag): return flag ? "True" : "False"
    case .integer(let number): return String(number)
    case .float(let number):
      if number.isNaN { return "nan" }
      if number.isInfinite { return number < 0 ? "-inf" : "inf" }
      if number == number.rounded() && abs(number) < 1e16 { return String(Int(number)) + ".0" }
      return String(number)
    case .string(let text): return Self.quote(text)
    case .bytes(let text): return "b" + Self.quote(text)
    case .path(let path): return path
    case .list(let list): return Self.joinReprs(list.items, "[", "]")
    case .tuple(let items):
      return items.count == 1 ? Self.joinReprs(items, "(", ",)") : Self.joinReprs(items, "(", ")")
    case .set(let items): return items.isEmpty ? "set()" : Self.joinReprs(items, "{", "}")
    case .dict(let dict):
      var parts: [String] = []
      for entry in dict.entries.values {
        guard let key = entry.key.repr, let value = entry.value.repr else { return nil }
        parts.append(key + ": " + value)
      }
      return "{" + parts.joined(separator: ", ") + "}"
    default: return nil
    }
  }

  private static func joinReprs(_ items: [PythonValue], _ open: String, _ close: String) -> String? {
    var parts: [String] = []
    for item in items {
      guard let text = item.repr else { return nil }
      parts.append(text)
    }
    return open + parts.joined(separator: ", ") + close
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

  /// Deep equality of known values; nil when either side is not known.
  package static func equal(_ left: PythonValue, _ right: PythonValue) -> Bool? {
    switch (left.kind, right.kind) {
    case (.unknown, _), (_, .unknown): return nil
    case (.none, .none): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b
    case (.integer(let a), .float(let b)), (.float(let b), .integer(let a)): return Double(a) == b
    case (.bool(let a), .integer(let b)), (.integer(let b), .bool(let a)): return (a ? 1 : 0) == b
    case (.string(let a), .string(let b)): return a == b
    case (.bytes(let a), .bytes(let b)): return a == b
    case (.path(let a), .path(let b)): return a == b
    case (.list(let a), .list(let b)):
      if a === b { return true }
      return sequenceEqual(a.items, b.items)
    case (.tuple(let a), .tuple(let b)): return sequenceEqual(a, b)
    case (.set(let a), .set(let b)):
      guard a.count == b.count else { return false }
      for item in a {
        var found: Bool? = false
        for other in b {
          let same = equal(item, other)
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
        guard let same = equal(entry.value, other.value) else { return nil }
        if !same { return false }
      }
      return true
    case (.module(let a), .module(let b)): return a === b
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a, _), .builtin(let b, _)): return a == b
    case (.environ, .environ): return true
    case (.opaque(let a), .opaque(let b)): return a == b
    case (.environReader, _), (.decoupleConfig, _), (.caster, _), (_, .environReader),
      (_, .decoupleConfig), (_, .caster):
      return nil
    default: return false
    }
  }

  private static func sequenceEqual(_ a: [PythonValue], _ b: [PythonValue]) -> Bool? {
    guard a.count == b.count else { return false }
    var result: Bool? = true
    for (left, right) in zip(a, b) {
      guard let same = equal(left, right) else {
        result = nil
        continue
      }
      if !same { return false }
    }
    return result
  }

  /// A deep copy of lists and dicts (for evaluating branches of an undecidable condition).
  package func deepCopy(_ seen: inout [ObjectIdentifier: AnyObject]) -> PythonValue {
    var copy = self
    switch kind {
    case .list(let list):
      if let done = seen[ObjectIdentifier(list)] as? PythonList {
        copy.kind = .list(done)
        return copy
      }
      let fresh = PythonList([])
      seen[ObjectIdentifier(list)] = fresh
      fresh.items = list.items.map { $0.deepCopy(&seen) }
      copy.kind = .list(fresh)
    case .dict(let dict):
      if let done = seen[ObjectIdentifier(dict)] as? PythonDict {
        copy.kind = .dict(done)
        return copy
      }
      let fresh = PythonDict()
      seen[ObjectIdentifier(dict)] = fresh
      for (key, entry) in dict.entries {
        fresh.entries[key] = (entry.key, entry.value.deepCopy(&seen))
      }
      copy.kind = .dict(fresh)
    case .tuple(let items):
      copy.kind = .tuple(items.map { $0.deepCopy(&seen) })
    default: break
    }
    return copy
  }
}
