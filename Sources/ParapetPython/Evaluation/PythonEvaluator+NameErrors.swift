import ParapetFacts

/// `NameError`: a name used where nothing binds it. Python raises it and the settings do not
/// load (an example line of a configuration file uncommented: `STANDARD_DIRS = [WHISPER_DIR]`).
///
/// Parapet raises it only when no code it cannot see could have bound the name: the name is
/// not a builtin of any Python 3.8–3.14 nor a module dunder, the module has no opaque import and
/// was not changed by code Parapet does not run, and no statement anywhere in the file (in any
/// function, class or branch) binds the name (an augmented assignment `X += v` does not count:
/// it reads the name first). A star import binds the names the imported module
/// holds when it runs, which the evaluator copies: a module that star-imported a library Parapet
/// models (whose names it may not all know), or a file with syntax Parapet does not evaluate,
/// never raises it. A star import never brings `_` without `__all__` (Django-CRM's operators
/// copy `_('Main Menu')` lines below `from .settings import *`). Otherwise the name is unknown.
extension PythonEvaluator {
  /// The NameError that looking `name` up certainly raises in `frame`, or nil.
  func certainNameError(_ name: String, _ frame: Frame, at location: SourceLocation) -> PythonException? {
    var scope = frame.scope
    while let current = scope {
      if current.names[name] != nil { return nil }
      scope = current.parent
    }
    if frame.module.namespace[name] != nil { return nil }
    if name.hasPrefix("__") || PythonLibraries.builtinNames.contains(name) {
      return nil
    }
    let module = frame.module
    guard module.path != nil, !module.degraded, !module.hasOpaqueImports, !module.starImportedLibrary else { return nil }
    guard let bindable = bindableNames(in: frame.file), !bindable.contains(name) else { return nil }
    return PythonException(type: "NameError", message: "name '\(name)' is not defined", location: location)
  }

  /// The names `file`'s code could bind anywhere, or nil when Parapet cannot list them.
  private func bindableNames(in file: String) -> Set<String>? {
    if let known = bindableNames[file] { return known }
    let names = parsedFiles[file].flatMap(Self.everyBoundName(in:))
    bindableNames[file] = .some(names)
    return names
  }

  /// Every name a statement anywhere in `statements` may bind (targets, imports, definitions,
  /// parameters, `global`/`nonlocal`, handler and pattern names, walrus and comprehension
  /// targets); nil for a star import or syntax Parapet does not evaluate.
  static func everyBoundName(in statements: [PythonStmt]) -> Set<String>? {
    var names: Set<String> = []
    var listable = true
    func target(_ expression: PythonExpr) {
      switch expression {
      case .name(let name, _): names.insert(name)
      case .tuple(let items, _), .list(let items, _): items.forEach(target)
      case .starred(let inner, _): target(inner)
      default: expressionNames(expression)
      }
    }
    func parameters(_ list: [PythonStmt.Parameter]) {
      for parameter in list {
        names.insert(parameter.name)
        if let value = parameter.defaultValue { expressionNames(value) }
      }
    }
    func expressionNames(_ expression: PythonExpr) {
      switch expression {
      case .named(let name, let value, _):
        names.insert(name)
        expressionNames(value)
      case .comprehension(let kind, let element, let clauses, _):
        if case .dict(let key) = kind { expressionNames(key) }
        expressionNames(element)
        for clause in clauses {
          target(clause.target)
          expressionNames(clause.iterable)
          clause.conditions.forEach(expressionNames)
        }
      case .lambda(let list, let body, _):
        parameters(list)
        expressionNames(body)
      case .unsupported:
        listable = false
      case .list(let items, _), .tuple(let items, _), .set(let items, _), .boolean(_, let items, _):
        items.forEach(expressionNames)
      case .dict(let entries, _):
        for entry in entries {
          if let key = entry.key { expressionNames(key) }
          expressionNames(entry.value)
        }
      case .starred(let inner, _), .attribute(let inner, _, _), .unary(_, let inner, _), .await(let inner, _):
        expressionNames(inner)
      case .subscription(let base, let index, _), .binary(_, let base, let index, _):
        expressionNames(base)
        expressionNames(index)
      case .slice(let lower, let upper, let step, _):
        [lower, upper, step].compactMap { $0 }.forEach(expressionNames)
      case .call(let callee, let arguments, _):
        expressionNames(callee)
        for argument in arguments {
          switch argument {
          case .positional(let value), .keyword(_, let value), .star(let value), .doubleStar(let value): expressionNames(value)
          }
        }
      case .compare(let left, let rest, _):
        expressionNames(left)
        rest.forEach { expressionNames($0.right) }
      case .ifElse(let condition, let then, let otherwise, _):
        [condition, then, otherwise].forEach(expressionNames)
      case .yield(let value, _, _):
        if let value { expressionNames(value) }
      case .formatString(let parts, _), .templateString(let parts, _):
        formatNames(parts)
      case .name, .constant:
        break
      }
    }
    func formatNames(_ parts: [PythonExpr.FormatPart]) {
      for part in parts {
        if case .field(let value, _, let format) = part {
          expressionNames(value)
          formatNames(format)
        }
      }
    }
    func walk(_ block: [PythonStmt]) {
      for statement in block {
        switch statement {
        case .expression(let value, _), .returnValue(let value?, _), .raise(let value?, _):
          expressionNames(value)
        case .assign(let targets, let value, _):
          targets.forEach(target)
          expressionNames(value)
        case .augmentedAssign(let assigned, _, let value, _):
          // `X += v` reads X before it binds it: it only rebinds a name something else bound
          // (Evennia's `INSTALLED_APPS += [...]` in a secret_settings.py that has no other).
          if case .name = assigned {} else { target(assigned) }
          expressionNames(value)
        case .annotatedAssign(let assigned, _, let value, _):
          target(assigned)
          if let value { expressionNames(value) }
        case .importModules(let aliases, _):
          for alias in aliases { names.insert(alias.alias ?? String(alias.name.split(separator: ".").first ?? "")) }
        case .importFrom(_, _, let aliases, _):
          // A star import binds what the imported module holds when it runs: the evaluator
          // copies those names, and marks the importer when it cannot list them.
          guard let aliases else { continue }
          for alias in aliases { names.insert(alias.alias ?? alias.name) }
        case .ifChain(let branches, let otherwise, _):
          for branch in branches {
            expressionNames(branch.condition)
            walk(branch.body)
          }
          walk(otherwise ?? [])
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          walk(body + otherwise + finally)
          for handler in handlers {
            if let name = handler.name { names.insert(name) }
            walk(handler.body)
          }
        case .function(let name, let list, let body, let info, _):
          names.insert(name)
          parameters(list)
          info.decorators.forEach(expressionNames)
          walk(body)
        case .classDef(let name, let body, let info, _):
          names.insert(name)
          info.decorators.forEach(expressionNames)
          walk(body)
        case .forLoop(let assigned, let iterable, let body, let otherwise, _, _):
          target(assigned)
          expressionNames(iterable)
          walk(body + otherwise)
        case .whileLoop(let condition, let body, let otherwise, _):
          expressionNames(condition)
          walk(body + otherwise)
        case .with(let items, let body, _, _):
          for item in items {
            expressionNames(item.0)
            if let assigned = item.1 { target(assigned) }
          }
          walk(body)
        case .delete(let targets, _):
          targets.forEach(target)
        case .global(let list, _), .nonlocal(let list, _):
          names.formUnion(list)
        case .match(let subject, let cases, _):
          expressionNames(subject)
          for matchCase in cases {
            names.formUnion(matchCase.pattern.boundNames)
            if let condition = matchCase.guardCondition { expressionNames(condition) }
            walk(matchCase.body)
          }
        case .typeAlias(let name, _, _, _):
          names.insert(name)
        case .unsupported:
          listable = false
        case .returnValue(nil, _), .raise(nil, _), .assertion, .pass, .breakLoop, .continueLoop:
          continue
        }
      }
    }
    walk(statements)
    return listable ? names : nil
  }
}
