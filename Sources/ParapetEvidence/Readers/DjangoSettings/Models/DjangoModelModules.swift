import ParapetPython

/// The scanned Python modules that model code lives in, parsed (never run), and what a name
/// in one of them refers to: a module or class of the scan, or a dotted name outside it
/// (`django.db.models.CharField`). `DjangoModelClasses` judges the classes; this type only
/// follows imports, aliases and star imports, statically.
final class DjangoModelModules {
  /// A class defined at the top level of a scanned module.
  struct ClassKey: Hashable {
    let module: String
    let name: String
  }

  /// What a name or dotted expression refers to.
  enum Resolved: Equatable {
    /// A dotted name outside the scan, fully qualified by the imports (`django.db.models.Model`).
    case external(String)
    case scanClass(ClassKey)
    case scanModule(String)
    /// A name the module never binds: a builtin (`object`, `str`) as far as the file shows.
    case builtin(String)
    /// Something a static reading cannot follow, with the reason.
    case unresolved(String)
  }

  /// How a module binds a name (the last binding in the file wins).
  enum Binding {
    case module(String)
    case member(module: String, name: String)
    case classDef
    /// `Alias = models.CharField`: a plain dotted alias.
    case alias(PythonExpr)
    /// Bound in a way a static reading does not follow (a function, a computed value).
    case other(Position)
  }

  /// One parsed module.
  struct Module {
    let name: String
    let file: String
    let isPackage: Bool
    let statements: [PythonStmt]
    var bindings: [String: Binding] = [:]
    /// Absolute names of `from X import *` modules, in order.
    var starImports: [String] = []
    var classes: [String: (body: [PythonStmt], info: PythonStmt.ClassInfo, position: Position)] = [:]
    /// Absolute names of the modules it imports when it runs (for following an app's model
    /// modules): at the top level or in a `try` body.
    var imports: [String] = []
    /// Modules it imports only under a condition (an `if` branch, an `except` handler), with
    /// the line: whether they run is not read here.
    var conditionalImports: [(name: String, line: Int)] = []
  }

  /// External modules whose star import gives Django's model names.
  static let djangoModelModules: Set<String> = ["django.db.models", "django.contrib.gis.db.models"]
  /// Largest module read (as the settings evaluator's limit).
  static let maximumBytes = 2 << 20

  let resolver: PythonModuleResolver
  private var parsed: [String: Module] = [:]
  private var failures: [String: String] = [:]

  init(resolver: PythonModuleResolver) {
    self.resolver = resolver
  }

  /// True when `name` is a module or package of the scan.
  func exists(_ name: String) -> Bool { resolver.locate(name) != nil }

  /// The parsed module `name`, or nil when it is not a file of the scan or cannot be parsed
  /// (then `failure(name)` says why).
  func module(_ name: String) -> Module? {
    if let module = parsed[name] { return module }
    if failures[name] != nil { return nil }
    guard let found = resolver.locate(name), let path = found.path, let file = resolver.file(path) else { return nil }
    guard file.data.count <= Self.maximumBytes else {
      failures[name] = "\(path) is \(file.data.count) bytes; Parapet reads model modules up to \(Self.maximumBytes) bytes"
      return nil
    }
    do throws(PythonSyntaxError) {
      let statements = try PythonParser.parseModule(file.text)
      var module = Module(name: name, file: path, isPackage: found.isPackage, statements: statements)
      Self.bind(statements, into: &module)
      parsed[name] = module
      return module
    } catch {
      failures[name] = "\(path):\(error.line):\(error.column): \(error.message)"
      return nil
    }
  }

  /// Why `module(name)` gave nil for a module of the scan.
  func failure(_ name: String) -> String? { failures[name] }

  /// The absolute module a `from` import names, seen from `module`.
  static func absolute(_ name: String, level: Int, from module: Module) -> String? {
    guard level > 0 else { return name }
    var package = module.name.split(separator: ".").map(String.init)
    if !module.isPackage { package.removeLast() }
    guard package.count >= level - 1 else { return nil }
    package.removeLast(level - 1)
    if !name.isEmpty { package.append(contentsOf: name.split(separator: ".").map(String.init)) }
    return package.isEmpty ? nil : package.joined(separator: ".")
  }

  /// Records what each top-level statement binds. Imports under `if`/`try` count too (the last
  /// one in the file wins, as the common `try: … except ImportError:` fallbacks agree).
  private static func bind(_ statements: [PythonStmt], into module: inout Module, conditional: Bool = false) {
    func imported(_ name: String, _ line: Int) {
      if conditional { module.conditionalImports.append((name, line)) } else { module.imports.append(name) }
    }
    for statement in statements {
      switch statement {
      case .importModules(let aliases, let position):
        for alias in aliases {
          imported(alias.name, position.line)
          if let local = alias.alias {
            module.bindings[local] = .module(alias.name)
          } else if let head = alias.name.split(separator: ".").first {
            module.bindings[String(head)] = .module(String(head))
          }
        }
      case .importFrom(let name, let level, let names, let position):
        guard let source = absolute(name, level: level, from: module) else { continue }
        imported(source, position.line)
        guard let names else {
          module.starImports.append(source)
          continue
        }
        for alias in names {
          imported(source + "." + alias.name, position.line)
          module.bindings[alias.alias ?? alias.name] = .member(module: source, name: alias.name)
        }
      case .classDef(let name, let body, let info, let position):
        module.bindings[name] = .classDef
        module.classes[name] = (body, info, position)
      case .assign(let targets, let value, let position):
        for target in targets {
          guard case .name(let name, _) = target else { continue }
          if case .name = value { module.bindings[name] = .alias(value) }
          else if case .attribute = value { module.bindings[name] = .alias(value) }
          else { module.bindings[name] = .other(position) }
        }
      case .function(let name, _, _, _, let position):
        module.bindings[name] = .other(position)
      case .ifChain(let branches, let otherwise, _):
        for branch in branches { bind(branch.body, into: &module, conditional: true) }
        bind(otherwise ?? [], into: &module, conditional: true)
      case .tryBlock(let body, let handlers, let otherwise, let finally, _):
        // The body's imports of the app's own modules run (those modules are there); a handler's
        // run only when something failed.
        bind(body, into: &module, conditional: conditional)
        for handler in handlers { bind(handler.body, into: &module, conditional: true) }
        bind(otherwise + finally, into: &module, conditional: conditional)
      default:
        continue
      }
    }
  }

  /// What `name` means in module `moduleName`.
  func lookup(_ name: String, in moduleName: String, depth: Int = 0) -> Resolved {
    guard depth < 24 else { return .unresolved("imports of '\(name)' go too deep") }
    guard let module = module(moduleName) else { return .unresolved("\(moduleName) cannot be read") }
    if let binding = module.bindings[name] {
      switch binding {
      case .module(let target):
        return exists(target) ? .scanModule(target) : .external(target)
      case .member(let source, let member):
        let full = source + "." + member
        if exists(full) { return .scanModule(full) }
        if exists(source) { return Self.defined(lookup(member, in: source, depth: depth + 1), member, in: source) }
        return .external(full)
      case .classDef:
        return .scanClass(ClassKey(module: moduleName, name: name))
      case .alias(let expression):
        return resolve(expression, in: moduleName, depth: depth + 1)
      case .other(let position):
        return .unresolved("'\(name)' is computed at \(module.file):\(position.line)")
      }
    }
    for source in module.starImports.reversed() {
      if exists(source) {
        let found = lookup(name, in: source, depth: depth + 1)
        if case .builtin = found { continue }
        return found
      }
      if Self.djangoModelModules.contains(source) { return .external(source + "." + name) }
      return .unresolved("'\(name)' may come from 'from \(source) import *' (outside the scan)")
    }
    return .builtin(name)
  }

  /// A name imported from a scanned module must be defined there: one the module never binds
  /// is not a builtin of the importer (Python raises ImportError or AttributeError).
  private static func defined(_ found: Resolved, _ name: String, in module: String) -> Resolved {
    if case .builtin = found { return .unresolved("'\(name)' is not defined in \(module)") }
    return found
  }

  /// What a dotted expression (`models.CharField`, `CharField`, `Base`) means in a module.
  func resolve(_ expression: PythonExpr, in moduleName: String, depth: Int = 0) -> Resolved {
    switch expression {
    case .name(let name, _):
      return lookup(name, in: moduleName, depth: depth)
    case .attribute(let base, let attribute, _):
      switch resolve(base, in: moduleName, depth: depth + 1) {
      case .external(let qualified):
        return .external(qualified + "." + attribute)
      case .scanModule(let module):
        let full = module + "." + attribute
        if exists(full) { return .scanModule(full) }
        return Self.defined(lookup(attribute, in: module, depth: depth + 1), attribute, in: module)
      case .scanClass(let key):
        return .unresolved("\(key.name).\(attribute) is an attribute of a class")
      case .builtin(let name):
        return .unresolved("'\(name)' is not bound in \(moduleName)")
      case .unresolved(let why):
        return .unresolved(why)
      }
    case .subscription(let base, _, _):
      return resolve(base, in: moduleName, depth: depth + 1)
    default:
      return .unresolved("\(expression.summary) is not a plain name")
    }
  }
}
