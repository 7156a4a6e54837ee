import ParapetFacts

/// A change the code made to `os.environ` (`os.environ[name] = …`, `setdefault`, `update`,
/// `pop`, `del`, `load_dotenv`), in the order it ran. `os.putenv` is not one: it changes the
/// process environment but not `os.environ`, which is what Django reads.
package struct EnvironmentWrite: Sendable {
  package enum Action: Sendable {
    /// Replaces any value (`os.environ[name] = value`, `update`, `load_dotenv(override=True)`).
    case assign
    /// Sets the value only when the variable is not set (`setdefault`, `load_dotenv()`).
    case setdefault
    /// Removes the variable (`pop`, `del`).
    case remove
  }

  /// Nil when the code names a variable Parapet cannot evaluate (it may be any variable).
  package var name: String?
  package var action: Action
  /// The value written (nil for `remove`); may be unknown.
  package var value: PythonValue?
  package var location: SourceLocation
  /// False when the write ran in a branch Parapet could not decide (it may not happen at all).
  package var certain: Bool
}

extension PythonEvaluator {
  /// Records a write to `os.environ` (the caller changes `environment` itself).
  func recordEnvironmentWrite(_ name: String?, _ action: EnvironmentWrite.Action, _ value: PythonValue?, at location: SourceLocation) {
    environmentWrites.append(
      EnvironmentWrite(name: name, action: action, value: value, location: location, certain: undecidedBranchDepth == 0))
  }

  /// `os.environ[key] = value` encodes both as text: a key or value that is certainly not a
  /// `str` raises TypeError (FEC's settings copy a bound service's credentials into the
  /// environment, and a credential the service lacks is None).
  func checkEnvironmentText(_ key: PythonValue, _ value: PythonValue, at location: SourceLocation) throws(PythonException) {
    for item in [key, value] {
      switch item.kind {
      case .none, .bool, .integer, .float, .bytes, .binary, .list, .tuple, .set, .dict, .path:
        let unset = item.uses.filter { $0.state == .unset }.map { "$" + $0.variable }
        let hint = unset.isEmpty ? "" : " (\(unset.joined(separator: ", ")) is not set)"
        throw PythonException(
          type: "TypeError", message: "str expected, not \(item.typeName)\(hint)", location: location, uses: item.uses)
      default:
        continue
      }
    }
  }

  /// `os.environ.update(mapping, **names)`: every entry is assigned, as `os.environ[k] = v`.
  func environUpdate(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    var pairs: [(PythonValue, PythonValue)] = []
    if let mapping = positional.first {
      switch mapping.kind {
      case .dict(let dict): pairs += dict.entries.values.map { ($0.key, $0.value) }
      default:
        if let items = try? iterate(mapping), items.allSatisfy({ $0.elements?.count == 2 }) {
          pairs += items.map { ($0.elements![0], $0.elements![1]) }
        } else {
          // Which variables it sets is not known: any of them may change.
          recordEnvironmentWrite(nil, .assign, .unknown("os.environ.update() of \(mapping.typeName)", at: location), at: location)
          return PythonValue(.none, at: location)
        }
      }
    }
    pairs += keywords.map { (PythonValue(.string($0.0), at: location), $0.1) }
    for (key, value) in pairs {
      try checkEnvironmentText(key, value, at: location)
      let name = key.stringValue
      recordEnvironmentWrite(name, .assign, value, at: location)
      if let name, let text = value.stringValue { environment[name] = text }
    }
    return PythonValue(.none, at: location)
  }
}

extension PythonEvaluator {
  /// The calls that hand control to Django, which then imports the settings module named by
  /// `DJANGO_SETTINGS_MODULE` as it is at that moment.
  static let djangoStartCalls: Set<String> = [
    "django.core.management.execute_from_command_line", "django.core.management.call_command",
    "django.setup", "django.core.wsgi.get_wsgi_application", "django.core.asgi.get_asgi_application",
    // django-configurations' wrappers of the same.
    "configurations.management.execute_from_command_line", "configurations.management.call_command",
    "configurations.wsgi.get_wsgi_application", "configurations.asgi.get_asgi_application",
  ]

  /// Records the first call of a Django entry function (library functions are module values
  /// or builtins, by their qualified name). One in a branch Parapet cannot decide may not
  /// run: the writes after it are still counted.
  func noteDjangoStart(_ callee: PythonValue, at location: SourceLocation) {
    let name: String
    switch callee.kind {
    case .module(let module) where module.path == nil: name = module.name
    case .builtin(let qualified, _): name = qualified
    default: return
    }
    guard Self.djangoStartCalls.contains(name), undecidedBranchDepth == 0 else { return }
    djangoStart = (location, environmentWrites.count)
  }
}

/// The writes to one environment variable a file's text holds, found without running it (in
/// functions and compound statements too): what an entry point Parapet did not run would set.
package enum EnvironmentWriteScan {
  /// `os.environ.setdefault(variable, value)` calls: the value when it is a string literal (nil
  /// when it is not), and the line.
  package static func setdefaults(_ source: String, variable: String) -> [(value: String?, line: Int)] {
    var found: [(value: String?, line: Int)] = []
    visitStatements(source) { statement in
      if case .expression(.call(.attribute(let base, "setdefault", _), let arguments, let position), _) = statement,
        base.summary.hasSuffix("environ"), arguments.count == 2,
        case .positional(.constant(.string(variable), _)) = arguments[0]
      {
        if case .positional(.constant(.string(let value), _)) = arguments[1] {
          found.append((value, position.line))
        } else {
          found.append((nil, position.line))
        }
      }
    }
    return found
  }

  /// Lines that force the variable: `os.environ[variable] = …` and `os.environ.update(…)`
  /// naming it.
  package static func forcedWriteLines(_ source: String, variable: String) -> [Int] {
    var found: [Int] = []
    visitStatements(source) { statement in
      switch statement {
      case .assign(let targets, _, let position):
        for case .subscription(let base, .constant(.string(variable), _), _) in targets
        where base.summary.hasSuffix("environ") {
          found.append(position.line)
        }
      case .expression(.call(.attribute(let base, "update", _), let arguments, let position), _) where base.summary.hasSuffix("environ"):
        let named = arguments.contains { argument in
          switch argument {
          case .keyword(variable, _): return true
          case .positional(.dict(let entries, _)):
            return entries.contains { if case .constant(.string(variable), _)? = $0.key { return true } else { return false } }
          default: return false
          }
        }
        if named { found.append(position.line) }
      default: break
      }
    }
    return found
  }

  /// Calls `visit` with every statement of a file, in functions and compound statements too.
  package static func visitStatements(_ source: String, _ visit: (PythonStmt) -> Void) {
    guard let statements = try? PythonParser.parseModule(source) else { return }
    func walk(_ statements: [PythonStmt]) {
      for statement in statements {
        visit(statement)
        switch statement {
        case .function(_, _, let body, _, _), .with(_, let body, _, _), .classDef(_, let body, _, _): walk(body)
        case .forLoop(_, _, let body, let otherwise, _, _), .whileLoop(_, let body, let otherwise, _): walk(body + otherwise)
        case .ifChain(let branches, let otherwise, _):
          for branch in branches { walk(branch.body) }
          walk(otherwise ?? [])
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          walk(body + otherwise + finally)
          for handler in handlers { walk(handler.body) }
        default: break
        }
      }
    }
    walk(statements)
  }
}
