import OrderedCollections
import ParapetFacts

/// A Python exception raised while evaluating: what Django's import of the settings would die
/// of (`KeyError`, `ImproperlyConfigured`, `ImportError`, …).
package struct PythonException: Error, Sendable {
  package var type: String
  package var message: String
  package var location: SourceLocation?

  package init(type: String, message: String, location: SourceLocation?) {
    self.type = type
    self.message = message
    self.location = location
  }

  /// Evaluation stopped by a Parapet limit (steps, recursion), not by Python.
  package static let limitType = "ParapetLimit"
}

/// Evaluates settings modules of a bundle under a given environment.
///
/// Every value keeps the environment reads it came from (`EnvironmentUse`) and where it was
/// written. What cannot be evaluated becomes `.unknown(reason)`; nothing is guessed. Bundle
/// modules are imported by `import`/`from … import` (parents' `__init__.py` first, each once);
/// libraries the settings idioms use are modelled (`os`, `pathlib`, django-environ,
/// python-decouple, dj-database-url, parts of `django`).
///
/// Evaluation is bounded: a step budget, a call depth and a loop bound, so any input ends.
package final class PythonEvaluator {
  package struct Limits {
    var steps = 2_000_000
    var callDepth = 32
    var loopIterations = 100_000
    var sequenceLength = 1_000_000
  }

  package enum Flow {
    case next
    case returned(PythonValue)
    case breakLoop
    case continueLoop
  }

  package struct Frame {
    package var module: PythonModule
    package var scope: PythonScope?
    package var file: String

    package init(module: PythonModule, scope: PythonScope?, file: String) {
      self.module = module
      self.scope = scope
      self.file = file
    }

    func at(_ position: Position) -> SourceLocation {
      SourceLocation(file: file, line: position.line, column: position.column)
    }
  }

  package let resolver: PythonModuleResolver
  package var limits = Limits()
  /// The process environment as the settings see it (the settings may change it).
  package var environment: [String: String]
  package let environmentSources: [String: String]
  /// When true, a variable missing from the given environment is unknown instead of unset.
  package let unsetIsUnknown: Bool

  private(set) var modules: [String: PythonModule] = [:]
  /// Syntax errors and unreadable files.
  package var errors: [EvidenceError] = []
  /// Exceptions that would stop Django from loading the settings, in order.
  package var loadErrors: [PythonException] = []
  /// Things the evaluator could not follow (reported as facts, for `parapet facts`).
  package var notes: [String] = []
  /// Files loaded by libraries: django-environ `read_env`, decouple's `.env`/`settings.ini`.
  package var configurationFiles: [String] = []
  /// Variables loaded from a file by a library, and where (`.env:3`).
  package var fileSources: [String: String] = [:]
  package var steps = 0
  package var callDepth = 0
  /// Environment reads of the conditions around the statement being run: a value assigned
  /// inside `if os.environ.get("ENV") == "prod":` depends on ENV.
  package var controlUses: [EnvironmentUse] = []
  package var parsedFiles: [String: [PythonStmt]] = [:]

  package init(
    resolver: PythonModuleResolver, environment: [String: String],
    environmentSources: [String: String] = [:], unsetIsUnknown: Bool = false
  ) {
    self.resolver = resolver
    self.environment = environment
    self.environmentSources = environmentSources
    self.unsetIsUnknown = unsetIsUnknown
  }

  // MARK: Modules

  /// Parses a bundle file once; a syntax error is recorded and gives nil.
  /// The largest settings module read (2 MiB; real ones are a few KiB).
  package static let maximumModuleBytes = 2 << 20

  package func parse(_ path: String) -> [PythonStmt]? {
    if let parsed = parsedFiles[path] { return parsed }
    guard let file = resolver.files[path] else { return nil }
    // Settings modules are small; a multi-megabyte one is generated or hostile, and evaluating
    // it statement by statement would take minutes. Refuse it with a clear error instead.
    guard file.data.count <= Self.maximumModuleBytes else {
      errors.append(file.error(
        "module is \(file.data.count) bytes; settings modules are read up to \(Self.maximumModuleBytes) bytes",
        line: 1, reader: "django-settings"))
      return nil
    }
    do throws(PythonSyntaxError) {
      let statements = try PythonParser.parseModule(file.text)
      parsedFiles[path] = statements
      return statements
    } catch {
      errors.append(file.error(error.message, line: error.line, column: error.column, reader: "django-settings"))
      return nil
    }
  }

  /// Imports a module by absolute name, running parent packages first, as Python does.
  package func importModule(_ name: String, at location: SourceLocation?) throws(PythonException)
    -> PythonModule
  {
    if let module = modules[name] { return module }
    let parts = name.split(separator: ".").map(String.init)
    if parts.count > 1 {
      _ = try importModule(parts.dropLast().joined(separator: "."), at: location)
      if let module = modules[name] { return module }
    }
    if let found = resolver.locate(name) {
      let module = PythonModule(name: name, path: found.path)
      modules[name] = module
      if let parent = parts.count > 1 ? modules[parts.dropLast().joined(separator: ".")] : nil {
        parent.namespace[parts.last!] = PythonBinding(
          value: PythonValue(.module(module)), location: location ?? SourceLocation(file: name),
          history: [])
      }
      guard let path = found.path else {
        module.finished = true
        return module
      }
      guard let statements = parse(path) else {
        module.finished = true
        throw PythonException(
          type: "SyntaxError", message: "\(path) has a syntax error", location: location)
      }
      let virtual = PythonModuleResolver.virtualPath(path)
      let fileLocation = SourceLocation(file: path)
      module.namespace["__file__"] = PythonBinding(
        value: PythonValue(.string(virtual)), location: fileLocation, history: [])
      module.namespace["__name__"] = PythonBinding(
        value: PythonValue(.string(name)), location: fileLocation, history: [])
      module.namespace["__package__"] = PythonBinding(
        value: PythonValue(.string(found.isPackage ? name : parts.dropLast().joined(separator: "."))),
        location: fileLocation, history: [])
      executeModule(module, statements, file: path)
      module.finished = true
      return module
    }
    if parts.count > 1 && resolver.hasTopLevel(name) {
      throw PythonException(
        type: "ModuleNotFoundError", message: "No module named '\(name)'", location: location)
    }
    if let library = PythonLibraries.module(name) {
      modules[name] = library
      return library
    }
    if PythonLibraries.looksLikeProjectModule(name) {
      throw PythonException(
        type: "ModuleNotFoundError", message: "No module named '\(name)'", location: location)
    }
    let opaque = PythonModule(name: name, path: nil)
    opaque.finished = true
    modules[name] = opaque
    return opaque
  }

  /// Runs a module's statements. An exception that escapes a statement is recorded as a load
  /// error; the names that statement binds become unknown and evaluation goes on, so the
  /// facts still show everything else.
  package func executeModule(_ module: PythonModule, _ statements: [PythonStmt], file: String) {
    let frame = Frame(module: module, scope: nil, file: file)
    for statement in statements {
      do throws(PythonException) {
        _ = try execute(statement, frame)
      } catch {
        let location = error.location ?? frame.at(statement.position)
        if error.type == PythonException.limitType {
          notes.append("\(location): \(error.message)")
        } else {
          loadErrors.append(PythonException(type: error.type, message: error.message, location: location))
        }
        for name in Self.boundNames(in: [statement]) {
          bind(
            name,
            .unknown("not evaluated: \(error.type) at \(location.description)", at: location),
            frame, location: frame.at(statement.position))
        }
      }
    }
  }

  // MARK: Names

  package func lookup(_ name: String, _ frame: Frame, at location: SourceLocation) -> PythonValue {
    var scope = frame.scope
    while let current = scope {
      if let value = current.names[name] { return value }
      scope = current.parent
    }
    if let binding = frame.module.namespace[name] { return binding.value }
    if PythonLibraries.builtinNames.contains(name) {
      return PythonValue(.builtin(name, receiver: []), at: location)
    }
    if frame.module.hasOpaqueImports {
      return .unknown("\(name) may come from a star import Parapet cannot see", at: location)
    }
    notes.append("\(location): name '\(name)' is not defined")
    return .unknown("name '\(name)' is not defined", at: location)
  }

  package func bind(_ name: String, _ value: PythonValue, _ frame: Frame, location: SourceLocation) {
    var value = value
    if !controlUses.isEmpty { value.uses = PythonValue.union(value.uses, controlUses) }
    if let scope = frame.scope, !scope.globals.contains(name) {
      scope.names[name] = value
      return
    }
    var history = frame.module.namespace[name]?.history ?? []
    history.append(location)
    frame.module.namespace[name] = PythonBinding(value: value, location: location, history: history)
  }

  /// Records that a statement changed the object bound to `name` in place.
  package func touch(_ name: String, _ frame: Frame, location: SourceLocation) {
    guard frame.scope == nil || frame.scope?.names[name] == nil else { return }
    frame.module.namespace[name]?.history.append(location)
  }

  /// Names a block of statements may bind (for loops Parapet cannot follow).
  package static func boundNames(in statements: [PythonStmt]) -> [String] {
    var names: [String] = []
    func targets(_ expression: PythonExpr) {
      switch expression {
      case .name(let name, _): names.append(name)
      case .tuple(let items, _), .list(let items, _): items.forEach(targets)
      case .starred(let inner, _): targets(inner)
      case .subscription(let base, _, _), .attribute(let base, _, _): targets(base)
      default: break
      }
    }
    for statement in statements {
      switch statement {
      case .assign(let list, _, _): list.forEach(targets)
      case .augmentedAssign(let target, _, _, _), .annotatedAssign(let target, _, _): targets(target)
      case .expression(.call(.attribute(let base, _, _), _, _), _): targets(base)
      case .importModules(let aliases, _):
        names += aliases.map { $0.alias ?? String($0.name.split(separator: ".").first ?? "") }
      case .importFrom(_, _, let aliases, _): names += (aliases ?? []).map { $0.alias ?? $0.name }
      case .ifChain(let branches, let otherwise, _):
        for branch in branches { names += boundNames(in: branch.body) }
        names += boundNames(in: otherwise ?? [])
      case .tryBlock(let body, let handlers, let otherwise, let finally, _):
        names += boundNames(in: body + otherwise + finally)
        for handler in handlers { names += boundNames(in: handler.body) }
      case .forLoop(let target, _, let body, let otherwise, _):
        targets(target)
        names += boundNames(in: body + otherwise)
      case .whileLoop(_, let body, let otherwise, _): names += boundNames(in: body + otherwise)
      case .with(let items, let body, _):
        for item in items { if let target = item.1 { targets(target) } }
        names += boundNames(in: body)
      case .function(let name, _, _, _), .classDef(let name, _, _): names.append(name)
      case .unsupported(_, let inner, _): names += boundNames(in: inner)
      case .delete(let list, _): list.forEach(targets)
      default: break
      }
    }
    var seen: Set<String> = []
    return names.filter { seen.insert($0).inserted }
  }

  package func step(_ location: SourceLocation?) throws(PythonException) {
    steps += 1
    if steps > limits.steps {
      throw PythonException(
        type: PythonException.limitType,
        message: "evaluation stopped after \(limits.steps) steps", location: location)
    }
  }

  // MARK: Statements

  package func run(_ statements: [PythonStmt], _ frame: Frame) throws(PythonException) -> Flow {
    for statement in statements {
      let flow = try execute(statement, frame)
      if case .next = flow { continue }
      return flow
    }
    return .next
  }

  package func execute(_ statement: PythonStmt, _ frame: Frame) throws(PythonException) -> Flow {
    let location = frame.at(statement.position)
    try step(location)
    switch statement {
    case .expression(let expression, _):
      _ = try evaluate(expression, frame)
      if case .call(.attribute(let base, _, _), _, _) = expression, let root = Self.rootName(base) {
        touch(root, frame, location: location)
      }
      return .next
    case .assign(let targets, let valueExpression, _):
      let value = try evaluate(valueExpression, frame)
      for target in targets { try assign(target, value, frame, location: location) }
      return .next
    case .augmentedAssign(let target, let op, let valueExpression, _):
      let current = try evaluate(target, frame)
      let operand = try evaluate(valueExpression, frame)
      var result: PythonValue
      if case .list(let list) = current.kind, op == "+" {
        // `+=` on a list extends it in place (an imported list changes too).
        guard let items = iterate(operand) else {
          try assign(target, .unknown("extended with \(valueExpression.summary), which is not known", at: location).merging([current, operand]), frame, location: location)
          return .next
        }
        list.items += items
        result = current.merging([operand])
      } else if case .dict(let dict) = current.kind, op == "|" , case .dict(let other) = operand.kind {
        for (key, entry) in other.entries { dict.entries[key] = entry }
        result = current.merging([operand])
      } else {
        result = try binary(op, current, operand, at: location)
      }
      try assign(target, result, frame, location: location)
      return .next
    case .annotatedAssign(let target, let valueExpression, _):
      if let valueExpression {
        try assign(target, try evaluate(valueExpression, frame), frame, location: location)
      }
      return .next
    case .importModules(let aliases, _):
      for alias in aliases {
        let module = try importModule(alias.name, at: location)
        if let name = alias.alias {
          bind(name, PythonValue(.module(module), at: location), frame, location: location)
        } else {
          let top = String(alias.name.split(separator: ".").first!)
          let topModule = try importModule(top, at: location)
          bind(top, PythonValue(.module(topModule), at: location), frame, location: location)
        }
      }
      return .next
    case .importFrom(let moduleName, let level, let names, _):
      try importFrom(moduleName, level: level, names: names, frame, location: location)
      return .next
    case .ifChain(let branches, let otherwise, _):
      return try executeIf(branches, otherwise: otherwise, frame, location: location)
    case .tryBlock(let body, let handlers, let otherwise, let finally, _):
      var flow: Flow = .next
      do throws(PythonException) {
        flow = try run(body, frame)
        if case .next = flow { flow = try run(otherwise, frame) }
      } catch {
        guard error.type != PythonException.limitType,
          let handler = handlers.first(where: { Self.handles($0, error.type) })
        else {
          _ = try run(finally, frame)
          throw error
        }
        if let name = handler.name {
          bind(name, PythonValue(.opaque(error.type), at: location), frame, location: location)
        }
        flow = try run(handler.body, frame)
      }
      let finalFlow = try run(finally, frame)
      if case .next = finalFlow { return flow }
      return finalFlow
    case .function(let name, let parameters, let body, _):
      var defaults: [String: PythonValue] = [:]
      for parameter in parameters {
        if let expression = parameter.defaultValue {
          defaults[parameter.name] = try evaluate(expression, frame)
        }
      }
      let function = PythonFunction(
        name: name, parameters: parameters, defaults: defaults, body: body, module: frame.module,
        closure: frame.scope, location: location)
      bind(name, PythonValue(.function(function), at: location), frame, location: location)
      return .next
    case .classDef(let name, _, _):
      bind(name, PythonValue(.opaque("class \(name)"), at: location), frame, location: location)
      return .next
    case .returnValue(let expression, _):
      return .returned(try expression.map { expression throws(PythonException) in try evaluate(expression, frame) } ?? .none)
    case .forLoop(let target, let iterableExpression, let body, let otherwise, _):
      let iterable = try evaluate(iterableExpression, frame)
      guard let items = iterate(iterable) else {
        markUnknown(
          Self.boundNames(in: body + otherwise) + Self.boundNames(in: [.assign([target], .constant(.none, statement.position), statement.position)]),
          reason: "changed in a loop over \(iterableExpression.summary), which is not known (line \(location.line ?? 0))",
          frame, location: location)
        return .next
      }
      var count = 0
      for item in items {
        count += 1
        if count > limits.loopIterations {
          throw PythonException(type: PythonException.limitType, message: "loop longer than \(limits.loopIterations) iterations", location: location)
        }
        try assign(target, item.merging([iterable]), frame, location: location)
        let flow = try run(body, frame)
        if case .breakLoop = flow { return .next }
        if case .returned = flow { return flow }
      }
      return try run(otherwise, frame)
    case .whileLoop(_, let body, let otherwise, _):
      markUnknown(
        Self.boundNames(in: body + otherwise),
        reason: "changed in a while loop (line \(location.line ?? 0)), which Parapet does not run",
        frame, location: location)
      return .next
    case .with(let items, let body, _):
      for (contextExpression, target) in items {
        let context = try evaluate(contextExpression, frame)
        if let target {
          try assign(target, .unknown("the value of a with statement (\(contextExpression.summary))", at: location).merging([context]), frame, location: location)
        }
      }
      return try run(body, frame)
    case .raise(let expression, _):
      var type = "Exception"
      if let expression {
        switch expression {
        case .call(let callee, _, _): type = Self.lastName(callee) ?? "Exception"
        default: type = Self.lastName(expression) ?? "Exception"
        }
      }
      throw PythonException(type: type, message: "raised by the settings at \(location)", location: location)
    case .delete(let targets, _):
      for target in targets { try delete(target, frame, location: location) }
      return .next
    case .assertion, .pass:
      return .next
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    case .global(let names, _):
      frame.scope?.globals.formUnion(names)
      return .next
    case .unsupported(let what, let inner, _):
      markUnknown(
        Self.boundNames(in: inner), reason: "set by \(what) (line \(location.line ?? 0)), which Parapet does not run",
        frame, location: location)
      return .next
    }
  }

  package static func handles(_ handler: PythonStmt.Handler, _ type: String) -> Bool {
    if handler.types.isEmpty { return true }
    for name in handler.types {
      if name == type || name == "Exception" || name == "BaseException" { return true }
      if name == "ImportError" && type == "ModuleNotFoundError" { return true }
      if name == "LookupError" && (type == "KeyError" || type == "IndexError") { return true }
      if name == "ValueError" && type == "UndefinedValueError" { return false }
    }
    return false
  }

  package static func rootName(_ expression: PythonExpr) -> String? {
    switch expression {
    case .name(let name, _): return name
    case .subscription(let base, _, _), .attribute(let base, _, _): return rootName(base)
    default: return nil
    }
  }

  package static func lastName(_ expression: PythonExpr) -> String? {
    switch expression {
    case .name(let name, _): return name
    case .attribute(_, let name, _): return name
    default: return nil
    }
  }

  package func markUnknown(_ names: [String], reason: String, _ frame: Frame, location: SourceLocation) {
    for name in names {
      var value = PythonValue.unknown(reason, at: location)
      value.conditional = true
      bind(name, value, frame, location: location)
    }
  }

  private func executeIf(
    _ branches: [(condition: PythonExpr, body: [PythonStmt])], otherwise: [PythonStmt]?,
    _ frame: Frame, location: SourceLocation
  ) throws(PythonException) -> Flow {
    var conditionUses: [EnvironmentUse] = []
    for (position, branch) in branches.enumerated() {
      let condition = try evaluate(branch.condition, frame)
      conditionUses = PythonValue.union(conditionUses, condition.uses)
      guard let truth = condition.truthiness else {
        // Undecidable: run this branch and everything after it, and merge.
        var bodies = [branch.body]
        var rest = Array(branches[(position + 1)...].map(\.body))
        bodies += rest
        rest = []
        bodies.append(otherwise ?? [])
        let reason = "depends on \(branch.condition.summary) (line \(frame.at(branch.condition.position).line ?? 0)): \(condition.unknownReason ?? "not known")"
        return try mergeBranches(bodies, reason: reason, uses: conditionUses, frame, location: location)
      }
      if truth {
        let saved = controlUses
        controlUses = PythonValue.union(controlUses, conditionUses)
        defer { controlUses = saved }
        return try run(branch.body, frame)
      }
    }
    guard let otherwise else { return .next }
    let saved = controlUses
    controlUses = PythonValue.union(controlUses, conditionUses)
    defer { controlUses = saved }
    return try run(otherwise, frame)
  }

  /// Runs each branch on a copy of the names it may change and merges the results: a name
  /// that ends equal in every branch keeps its value, any other becomes unknown.
  private func mergeBranches(
    _ bodies: [[PythonStmt]], reason: String, uses: [EnvironmentUse], _ frame: Frame,
    location: SourceLocation
  ) throws(PythonException) -> Flow {
    let names = Self.boundNames(in: bodies.flatMap { $0 })
    let originalModule = frame.module.namespace
    let originalScope = frame.scope?.names
    var results: [[String: PythonValue]] = []
    var returns: [PythonValue] = []
    var firstError: PythonException?
    for body in bodies {
      var seen: [ObjectIdentifier: AnyObject] = [:]
      frame.module.namespace = originalModule.mapValues { binding in
        var copy = binding
        copy.value = binding.value.deepCopy(&seen)
        return copy
      }
      if let originalScope { frame.scope?.names = originalScope.mapValues { $0.deepCopy(&seen) } }
      do throws(PythonException) {
        let flow = try run(body, frame)
        switch flow {
        case .returned(let value): returns.append(value)
        case .next: break
        default:
          throw PythonException(type: PythonException.limitType, message: "break or continue under an undecidable condition", location: location)
        }
        var snapshot: [String: PythonValue] = [:]
        for name in names {
          if let scope = frame.scope, let value = scope.names[name] {
            snapshot[name] = value
          } else if let binding = frame.module.namespace[name] {
            snapshot[name] = binding.value
          }
        }
        results.append(snapshot)
      } catch {
        if error.type == PythonException.limitType { throw error }
        // A branch that raises is a branch a working deployment does not take.
        if firstError == nil { firstError = error }
      }
    }
    frame.module.namespace = originalModule
    if let originalScope { frame.scope?.names = originalScope }
    if results.isEmpty, let firstError { throw firstError }
    if !returns.isEmpty {
      if returns.count != bodies.count {
        throw PythonException(type: PythonException.limitType, message: "a return under an undecidable condition", location: location)
      }
      var value = returns[0]
      for other in returns.dropFirst() where PythonValue.equal(value, other) != true {
        value = .unknown(reason, at: location)
        value.conditional = true
      }
      return .returned(value.merging(returns))
    }
    for name in names {
      let values = results.map { $0[name] }
      var merged: PythonValue
      if let first = values[0], values.allSatisfy({ $0 != nil && PythonValue.equal(first, $0!) == true }) {
        merged = first
      } else {
        merged = .unknown(reason, at: location)
        merged.conditional = true
        merged = merged.merging(values.compactMap { $0 })
      }
      merged.uses = PythonValue.union(merged.uses, uses)
      let changed = values.contains { $0 != nil }
      if changed { bind(name, merged, frame, location: location) }
    }
    return .next
  }

  // MARK: Imports

  private func importFrom(
    _ moduleName: String, level: Int, names: [PythonStmt.Alias]?, _ frame: Frame,
    location: SourceLocation
  ) throws(PythonException) {
    var absolute = moduleName
    if level > 0 {
      var package = frame.module.name.split(separator: ".").map(String.init)
      let isPackage = frame.module.path?.hasSuffix("__init__.py") ?? false
      if !isPackage { package.removeLast() }
      guard level - 1 <= package.count else {
        throw PythonException(type: "ImportError", message: "attempted relative import beyond top-level package", location: location)
      }
      package.removeLast(level - 1)
      absolute = (package + (moduleName.isEmpty ? [] : [moduleName])).joined(separator: ".")
      if resolver.locate(absolute) == nil && !absolute.isEmpty {
        throw PythonException(type: "ModuleNotFoundError", message: "No module named '\(absolute)'", location: location)
      }
    }
    let module = try importModule(absolute, at: location)
    guard let names else {
      if module.path == nil && module.namespace.isEmpty && PythonLibraries.module(module.name) == nil {
        frame.module.hasOpaqueImports = true
        notes.append("\(location): 'from \(absolute) import *' imports names Parapet cannot see")
        return
      }
      var exported: [String]
      if let all = module.namespace["__all__"]?.value, let items = iterate(all) {
        exported = items.compactMap(\.stringValue)
      } else {
        exported = module.namespace.keys.filter { !$0.hasPrefix("_") }
      }
      if module.hasOpaqueImports { frame.module.hasOpaqueImports = true }
      for name in exported {
        guard let binding = module.namespace[name] else { continue }
        var value = binding.value
        if !controlUses.isEmpty { value.uses = PythonValue.union(value.uses, controlUses) }
        if frame.scope == nil {
          var history = frame.module.namespace[name]?.history ?? []
          history += binding.history
          frame.module.namespace[name] = PythonBinding(value: value, location: binding.location, history: history)
        } else {
          frame.scope?.names[name] = value
        }
      }
      return
    }
    for alias in names {
      let value: PythonValue
      if let binding = module.namespace[alias.name] {
        value = binding.value
        if frame.scope == nil, alias.alias == nil || alias.alias == alias.name {
          // Keep where the name was really assigned (the base module's line).
          var copy = binding
          if !controlUses.isEmpty { copy.value.uses = PythonValue.union(copy.value.uses, controlUses) }
          copy.history = (frame.module.namespace[alias.name]?.history ?? []) + binding.history
          frame.module.namespace[alias.name] = copy
          continue
        }
      } else if module.path != nil || resolver.locate(absolute) != nil {
        if let submodule = try? importModule(absolute + "." + alias.name, at: location) {
          value = PythonValue(.module(submodule), at: location)
        } else if module.hasOpaqueImports {
          value = .unknown("\(alias.name) may come from a star import in \(absolute)", at: location)
        } else {
          throw PythonException(type: "ImportError", message: "cannot import name '\(alias.name)' from '\(absolute)'", location: location)
        }
      } else {
        value = PythonLibraries.attribute(of: module, alias.name, evaluator: self, at: location)
      }
      bind(alias.alias ?? alias.name, value, frame, location: location)
    }
  }

  // MARK: Assignment

  package func assign(_ target: PythonExpr, _ value: PythonValue, _ frame: Frame, location: SourceLocation)
    throws(PythonException)
  {
    switch target {
    case .name(let name, _):
      bind(name, value, frame, location: location)
    case .tuple(let targets, _), .list(let targets, _):
      let starIndex = targets.firstIndex { if case .starred = $0 { return true } else { return false } }
      guard let items = iterate(value) else {
        for name in Self.boundNames(in: [.assign([target], .constant(.none, target.position), target.position)]) {
          bind(name, (value.isUnknown ? value : .unknown("unpacked from \(value.typeName)", at: location)).merging([value]), frame, location: location)
        }
        return
      }
      if let starIndex {
        let after = targets.count - starIndex - 1
        guard items.count >= targets.count - 1 else {
          throw PythonException(type: "ValueError", message: "not enough values to unpack", location: location)
        }
        for position in 0..<starIndex { try assign(targets[position], items[position], frame, location: location) }
        if case .starred(let inner, _) = targets[starIndex] {
          let middle = Array(items[starIndex..<(items.count - after)])
          try assign(inner, PythonValue(.list(PythonList(middle)), at: location), frame, location: location)
        }
        for position in 0..<after {
          try assign(targets[starIndex + 1 + position], items[items.count - after + position], frame, location: location)
        }
      } else {
        guard items.count == targets.count else {
          throw PythonException(type: "ValueError", message: "expected \(targets.count) values to unpack, got \(items.count)", location: location)
        }
        for (item, element) in zip(targets, items) { try assign(item, element.merging([value]), frame, location: location) }
      }
    case .subscription(let baseExpression, let indexExpression, _):
      let base = try evaluate(baseExpression, frame)
      let index = try evaluate(indexExpression, frame)
      try setItem(base, index, value, location: location)
      if let root = Self.rootName(baseExpression) { touch(root, frame, location: location) }
    case .attribute(let baseExpression, let name, _):
      let base = try evaluate(baseExpression, frame)
      if case .module(let module) = base.kind, module.path != nil {
        var history = module.namespace[name]?.history ?? []
        history.append(location)
        module.namespace[name] = PythonBinding(value: value, location: location, history: history)
      }
    case .starred(let inner, _):
      try assign(inner, value, frame, location: location)
    default:
      throw PythonException(type: "SyntaxError", message: "cannot assign to \(target.summary)", location: location)
    }
  }

  package func setItem(_ base: PythonValue, _ index: PythonValue, _ value: PythonValue, location: SourceLocation)
    throws(PythonException)
  {
    switch base.kind {
    case .dict(let dict):
      guard let key = index.key else {
        notes.append("\(location): a dict entry with a key Parapet cannot evaluate was set")
        return
      }
      dict.entries[key] = (index, value)
    case .list(let list):
      guard case .integer(let position) = index.kind else {
        list.items = list.items.map { _ in .unknown("list changed at an index Parapet cannot evaluate", at: location) }
        return
      }
      let resolved = position < 0 ? list.items.count + position : position
      guard resolved >= 0 && resolved < list.items.count else {
        throw PythonException(type: "IndexError", message: "list assignment index out of range", location: location)
      }
      list.items[resolved] = value
    case .environ:
      if let name = index.stringValue, let text = value.stringValue { environment[name] = text }
    default:
      notes.append("\(location): item assignment on \(base.typeName) is not followed")
    }
  }

  private func delete(_ target: PythonExpr, _ frame: Frame, location: SourceLocation) throws(PythonException) {
    switch target {
    case .name(let name, _):
      if let scope = frame.scope, scope.names[name] != nil {
        scope.names[name] = nil
      } else {
        frame.module.namespace[name] = nil
      }
    case .subscription(let baseExpression, let indexExpression, _):
      let base = try evaluate(baseExpression, frame)
      let index = try evaluate(indexExpression, frame)
      if case .dict(let dict) = base.kind, let key = index.key {
        guard dict.entries.removeValue(forKey: key) != nil else {
          throw PythonException(type: "KeyError", message: "KeyError: \(key)", location: location)
        }
      } else if case .list(let list) = base.kind, case .integer(let position) = index.kind {
        let resolved = position < 0 ? list.items.count + position : position
        if resolved >= 0 && resolved < list.items.count { list.items.remove(at: resolved) }
      }
    default:
      break
    }
  }

  /// The items of an iterable Parapet knows, or nil.
  package func iterate(_ value: PythonValue) -> [PythonValue]? {
    guard let items = value.elements else { return nil }
    return items
  }
}
