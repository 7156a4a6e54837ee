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
  /// Why the dict may hold keys Parapet does not know (an entry was set under a key it could not
  /// evaluate): a key not among `entries` is then not known to be missing.
  package var unknownKeys: String?
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
  /// The class whose body defined it (for `super()`), once the class exists.
  package var owner: PythonClass?
  /// True for a generator function (its body holds `yield`).
  package var isGenerator = false

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
  /// The first such import, as a user can act on it (`'from ee.settings import *' at
  /// app/settings/__init__.py:99:5`), when one is known.
  package var opaqueImport: String?
  /// True when `exec`, `globals()` or `setattr` may have changed names behind our back.
  package var degraded = false
  /// True once `import *` copied names from a library Parapet models, whose names it may not
  /// all know: a name the module lacks may still be bound.
  package var starImportedLibrary = false
  package var finished = false
  /// Why the module's code cannot be seen although Python would import it (a symbolic link
  /// Parapet does not follow); nil for evaluated files and modelled libraries.
  package var unseenReason: String?

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
  /// Names declared `nonlocal`: assignments go to the nearest enclosing function scope.
  package var nonlocals: Set<String> = []
  /// For a class body: the names annotated (`install_mode: str`), in order (NamedTuple fields).
  package var classAnnotations: [String] = []
  /// For a class body: each annotated name's annotation (the last one written).
  package var classAnnotationTypes: [String: PythonExpr] = [:]
  package let parent: PythonScope?
  /// For a class body: every name it binds, in order, with where (the class's namespace).
  package var classBindings: OrderedDictionary<String, PythonBinding>?
  package init(parent: PythonScope?) { self.parent = parent }
}

/// How a value is cast by a library (`cast=bool`, `Csv()`, an `environ.Env` scheme entry).
package enum PythonCaster: Sendable {
  case csv(cast: PythonValue?, delimiter: String, strip: String, postProcess: PythonValue?)
  case choices(valid: [PythonValue], cast: PythonValue?)
}

/// State of a django-environ `Env` object: its declared scheme.
package final class EnvironScheme: @unchecked Sendable {
  package var entries: [String: (cast: PythonValue?, defaultValue: PythonValue?)] = [:]
  /// Attributes set on the object (`env.prefix = "APP_"`, `env.smart_cast = False`).
  package var attributes: [String: PythonValue] = [:]
  /// `environ.FileAwareEnv`: `$<NAME>_FILE` names a file whose text is the value.
  package var fileAware = false
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
    /// Bytes that are UTF-8 text, as that text (file contents, `str.encode()`).
    case bytes(String)
    /// Bytes that are not UTF-8 text (what `base64.b64decode` gives of gzip data); every other
    /// bytes value is `.bytes` (see `PythonValue.bytes(_:)`), so the two never hold equal
    /// contents. Only the models of binary data read them (`zlib`, `gzip`, `base64`).
    case binary([UInt8])
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
    /// Classes and instances defined in the settings, methods, `super()` and the running
    /// interpreter's version.
    case object(PythonObject)
    case unknown(String)
  }

  package var kind: Kind
  package var uses: [EnvironmentUse] = []
  package var location: SourceLocation?
  /// For an unknown part (`manyItems`): the only values its items can be, when every one of
  /// them is one of these known strings (an undecidable `if` that inserts a known class name
  /// in one branch: "zero or more items, each one of these"), sorted; nil when not known.
  /// Kept before the flags below so that the value is no larger than without it (the flags
  /// fill the padding after `generatedLength`). Anything that may put another item in the
  /// part makes a new part without candidates; `merging` never copies them.
  package var candidates: [String]?
  /// The length in characters (or bytes) of a generated value, when the call fixes it:
  /// `token_urlsafe(32)` is 43 characters, `get_random_secret_key()` 50. Django's W009 judges a
  /// key by its length, so a short random key is still a weak key.
  package var generatedLength: Int?
  /// True for values read from a variable whose name looks secret.
  package var fromSecretVariable = false
  /// True for values generated at start-up (`get_random_secret_key()`): random, never known.
  package var generated = false
  /// True when the value differs between branches of a condition that could not be decided.
  package var conditional = false
  /// True for an unknown item of a list or tuple that stands for *zero or more* items Parapet
  /// cannot know (`L.extend(plugins)`, `L += env.list("X")`, `[*BASE, *unknown]`, appends in a
  /// loop over unknown values), placed where they were added. The known items around it stay
  /// known: `"x" in L` is True when a known item equals "x", while `len(L)`, indexes past it and
  /// emptiness are not known. Only ever set on `.unknown` values inside a list or tuple.
  package var manyItems = false
  /// True for an unknown that a library Parapet does not model produced (a method of one of its
  /// objects, one of its functions): it may be of any type, where another unknown (a string
  /// method's result, an environment read) has the type its operation gives. Django's
  /// list-or-tuple settings are in doubt when they hold one (papermerge's
  /// `ALLOWED_HOSTS = config.get(...)` from Configula can be a str, which Django refuses).
  package var anyType = false

  package init(_ kind: Kind, uses: [EnvironmentUse] = [], at location: SourceLocation? = nil) {
    self.kind = kind
    self.uses = uses
    self.location = location
  }

  package static let none = PythonValue(.none)

  package static func unknown(_ reason: String, at location: SourceLocation? = nil) -> PythonValue {
    PythonValue(.unknown(reason), at: location)
  }

  /// An unknown standing for zero or more list items (see `manyItems`).
  package static func unknownItems(_ reason: String, at location: SourceLocation? = nil) -> PythonValue {
    var value = PythonValue(.unknown(reason), at: location)
    value.manyItems = true
    return value
  }

  /// This unknown part with no candidates: for a change that may put another value in it
  /// (`L[i] = x` at a place Parapet cannot know).
  package var withoutCandidates: PythonValue {
    var copy = self
    copy.candidates = nil
    return copy
  }

  /// The items of a list or tuple that holds an unknown part (`manyItems`), nil otherwise:
  /// the operations that keep known items (`+`, `extend`, `+=`, `*x`, `list()`, `x in L`)
  /// read these; everything that needs the count or positions (`elements`) does not see them.
  package var partialItems: [PythonValue]? {
    switch kind {
    case .list(let list): return list.items.contains(where: \.manyItems) ? list.items : nil
    case .tuple(let items): return items.contains(where: \.manyItems) ? items : nil
    default: return nil
    }
  }

  /// The items of a list or tuple, the unknown part included (`manyItems`), for operations
  /// that carry an unknown part along; for other values the same as `elements`.
  package var itemsKeepingUnknownPart: [PythonValue]? { partialItems ?? elements }

  package var isUnknown: Bool {
    if case .unknown = kind { return true }
    return false
  }

  package var unknownReason: String? {
    if case .unknown(let reason) = kind { return reason }
    return nil
  }

  /// A bytes value of these bytes: `.bytes` of their text when they are UTF-8, else `.binary`.
  package static func bytes(_ bytes: [UInt8], at location: SourceLocation? = nil) -> PythonValue {
    if let text = String(validating: bytes, as: UTF8.self) { return PythonValue(.bytes(text), at: location) }
    return PythonValue(.binary(bytes), at: location)
  }

  /// The bytes of a bytes value (`.bytes` or `.binary`), nil for any other.
  package var byteValues: [UInt8]? {
    switch kind {
    case .bytes(let text): return Array(text.utf8)
    case .binary(let bytes): return bytes
    default: return nil
    }
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
    case .binary(let bytes): return !bytes.isEmpty
    case .list(let list): return Self.sequenceTruthiness(list.items)
    case .tuple(let items), .set(let items): return Self.sequenceTruthiness(items)
    case .dict(let dict): return dict.entries.isEmpty && dict.unknownKeys != nil ? nil : !dict.entries.isEmpty
    case .opaque(let name):
      // A library object may define __bool__ or __len__; classes and Ellipsis are true.
      // everett's NO_VALUE is false; its managers, sources and parsers are true.
      if name == PythonEvaluator.everettNoValue { return false }
      if name.hasPrefix(PythonEvaluator.everettPrefix) { return true }
      return name.hasPrefix("class ") || name == "Ellipsis" ? true : nil
    case .builtin(let name, let receiver):
      if receiver.isEmpty, PythonEvaluator.everettName(name) == "NO_VALUE" { return false }
      return isUnmodelledLibraryName ? nil : true
    case .path, .module, .function, .environReader, .decoupleConfig, .caster:
      return true
    case .object(let object): return object.truthiness
    case .environ: return nil
    case .unknown: return nil
    }
  }

  /// A sequence is true when it has an item; an unknown part alone (zero or more items) does
  /// not decide it.
  private static func sequenceTruthiness(_ items: [PythonValue]) -> Bool? {
    if items.contains(where: { !$0.manyItems }) { return true }
    return items.isEmpty ? false : nil
  }

  /// The Python type name, for messages.
  package var typeName: String {
    switch kind {
    case .none: return "NoneType"
    case .bool: return "bool"
    case .integer: return "int"
    case .float: return "float"
    case .string: return "str"
    case .bytes, .binary: return "bytes"
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
    case .opaque(let name): return PythonEvaluator.exceptionTypeName(name)
    case .object(let object): return object.typeName
    case .unknown: return "unknown"
    }
  }

  /// The elements when this is a sequence Parapet can iterate (nil otherwise).
  package var elements: [PythonValue]? {
    switch kind {
    // A list with an unknown part (`manyItems`) is not iterable item by item: its count and
    // positions are not known (see `partialItems`).
    case .list(let list): return list.items.contains(where: \.manyItems) ? nil : list.items
    case .tuple(let items), .set(let items): return items.contains(where: \.manyItems) ? nil : items
    case .dict(let dict): return dict.unknownKeys == nil ? dict.entries.values.map(\.key) : nil
    case .string(let text): return text.map { PythonValue(.string(String($0)), uses: uses) }
    case .object(.version(let view)): return view.exactValue?.elements
    case .object(.classObject(let type)):
      // Iterating an enum class gives its members, aliases left out.
      guard let enumeration = type.enumeration, enumeration.undecided == nil else { return nil }
      return enumeration.members
    default: return nil
    }
  }
}
