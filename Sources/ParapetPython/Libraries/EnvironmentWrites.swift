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

  /// `os.environ.update(mapping, **names)`: every entry is assigned, as `os.environ[k] = v`.
  func environUpdate(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    var pairs: [(PythonValue, PythonValue)] = []
    if let mapping = positional.first {
      switch mapping.kind {
      case .dict(let dict): pairs += dict.entries.values.map { ($0.key, $0.value) }
      default:
        if let items = iterate(mapping), items.allSatisfy({ $0.elements?.count == 2 }) {
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
