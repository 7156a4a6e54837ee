import OrderedCollections
import ParapetFacts

/// Objects that are neither plain values nor library models: classes and instances defined in
/// the settings, methods bound to them, `super()` proxies, the running interpreter's version,
/// and `re` match objects.
package indirect enum PythonObject: Sendable {
  case classObject(PythonClass)
  case instance(PythonInstance)
  /// A function found on a class or instance: how it binds its first argument.
  case method(PythonFunction, MethodBinding)
  /// `super()` inside a method of `owner`, bound to `receiver` (an instance or a class).
  case superProxy(owner: PythonClass, receiver: PythonValue)
  /// `sys.version_info` and what is derived from it.
  case version(PythonVersionValue)
  /// `globals()`, `vars(module)`, `module.__dict__`: a module's names as a mapping.
  case namespace(PythonModule)
  /// `sys.modules`.
  case moduleTable
  /// A match object of `re`.
  case regexMatch(PythonRegexMatch)

  var truthiness: Bool? {
    switch self {
    case .version(let value): return value.exactValue?.truthiness
    case .instance(let object) where object.enumeration?.mixin != nil && object.type.lookup("__bool__") == nil:
      // A member of `class Mode(str, Enum)` is as true as its value.
      return object.enumValue?.truthiness
    case .instance(let object):
      // True unless the class (or a base Parapet cannot see) may define __bool__ or __len__.
      if object.type.hasOpaqueBases || object.type.lookup("__bool__") != nil || object.type.lookup("__len__") != nil {
        return nil
      }
      return true
    default: return true
    }
  }

  var typeName: String {
    switch self {
    case .classObject(let type): return "class \(type.name)"
    case .instance(let object): return object.type.name
    case .method: return "method"
    case .superProxy: return "super"
    case .version(let value): return value.exactValue?.typeName ?? "sys.version_info"
    case .namespace: return "dict"
    case .moduleTable: return "dict"
    case .regexMatch: return PythonEvaluator.regexMatchType
    }
  }
}

/// How a function stored in a class binds when looked up.
package enum MethodBinding: Sendable {
  /// A plain function as a class attribute (descriptor): bound to the instance it is read
  /// from.
  case unbound
  case bound(PythonValue)
  case classMethod
  case staticMethod
  case property
}

/// A class defined in the settings: its namespace, bases and method resolution order.
package final class PythonClass: @unchecked Sendable {
  package let name: String
  package let module: PythonModule
  package let location: SourceLocation
  /// The bases as evaluated (classes of the settings, or values Parapet does not model).
  package var bases: [PythonValue]
  /// Attributes defined in the class body, in order, with where they were assigned.
  package var namespace: OrderedDictionary<String, PythonBinding> = [:]
  /// C3 linearization over the bases Parapet models; nil when Python would reject the bases.
  package var mro: [PythonClass] = []
  /// Names of bases Parapet does not model (`configurations.Configuration`), in MRO order.
  package var opaqueBases: [String] = []
  /// For a `typing.NamedTuple` class: its fields in order (the annotated names of its body);
  /// nil for other classes.
  package var namedTupleFields: [String]?
  /// For a subclass of `enum.Enum`: its members (nil for other classes).
  package var enumeration: PythonEnumeration?
  /// The names annotated in the class body, in order, with their annotations.
  package var annotations: [(name: String, annotation: PythonExpr)] = []
  /// For a class decorated with `@dataclass`: its fields (nil for other classes).
  package var dataclass: PythonDataclass?
  /// For the stand-in of a `collections.abc` class in an MRO: its mixins (nil for others).
  package var abstractBase: PythonAbstractBase?

  package init(name: String, module: PythonModule, location: SourceLocation, bases: [PythonValue]) {
    self.name = name
    self.module = module
    self.location = location
    self.bases = bases
  }

  /// The class of `object()`'s instances: no attribute, no method of its own; an instance is
  /// only ever the same object as itself.
  package static func bareObject(_ module: PythonModule, at location: SourceLocation) -> PythonClass {
    let type = PythonClass(name: "object", module: module, location: location, bases: [])
    type.isBareObject = true
    return type
  }

  /// True for the class `bareObject` makes.
  package var isBareObject = false

  /// The first class in the MRO that defines `name`, and the binding.
  package func lookup(_ name: String, after owner: PythonClass? = nil) -> (PythonClass, PythonBinding)? {
    var classes = mro
    if let owner, let index = classes.firstIndex(where: { $0 === owner }) {
      classes = Array(classes[(index + 1)...])
    }
    for type in classes {
      if let binding = type.namespace[name] { return (type, binding) }
      if let value = type.abstractBase?.member(name, at: type.location) {
        return (type, PythonBinding(value: value, location: type.location, history: []))
      }
    }
    return nil
  }

  /// True when some base is a class Parapet cannot see (its attributes are unknown).
  package var hasOpaqueBases: Bool { !opaqueBases.isEmpty }

  /// Every attribute visible on the class, base classes first so subclasses win.
  package func allAttributes() -> OrderedDictionary<String, PythonBinding> {
    var out: OrderedDictionary<String, PythonBinding> = [:]
    for type in mro.reversed() {
      for (name, binding) in type.namespace {
        out.removeValue(forKey: name)
        out[name] = binding
      }
    }
    return out
  }

  /// Python's C3 linearization: nil when the bases admit no consistent order (TypeError).
  package static func linearize(_ type: PythonClass, bases: [PythonClass]) -> [PythonClass]? {
    var sequences: [[PythonClass]] = bases.map(\.mro) + [bases]
    var result: [PythonClass] = [type]
    while true {
      sequences = sequences.filter { !$0.isEmpty }
      if sequences.isEmpty { return result }
      var candidate: PythonClass?
      for sequence in sequences {
        let head = sequence[0]
        let inTail = sequences.contains { other in other.dropFirst().contains { $0 === head } }
        if !inTail {
          candidate = head
          break
        }
      }
      guard let next = candidate else { return nil }
      result.append(next)
      sequences = sequences.map { sequence in sequence[0] === next ? Array(sequence.dropFirst()) : sequence }
    }
  }
}

/// An instance of a settings class: its own attributes, looked up before the class's.
package final class PythonInstance: @unchecked Sendable {
  package let type: PythonClass
  package var attributes: OrderedDictionary<String, PythonValue> = [:]
  /// Why attributes it lacks may be set after all (code Parapet did not run may have changed
  /// it); nil when its attributes are known.
  package var unknownAttributes: String?
  /// The library object behind an instance of a class deriving from a modelled library class
  /// (a `configparser.ConfigParser` subclass's parser state), once the base's `__init__` ran.
  package var libraryObject: PythonValue?

  package init(type: PythonClass) { self.type = type }
}
