import Foundation
import ParapetPython
import ParapetFacts

/// Decides which settings module Django would load: `--django-settings`, else
/// `DJANGO_SETTINGS_MODULE` in the given environment, else the default `manage.py` sets with
/// `os.environ.setdefault(...)`, else the only `settings.py` of the bundle.
struct DjangoSettingsSelector {
  struct Choice: Sendable, Equatable {
    var module: String
    /// `option`, `environment`, `manage.py` or `settings.py`.
    var source: String
    var location: SourceLocation?
    /// The folder of the `manage.py` that named it (Django's working directory).
    var root: String?
  }

  /// The choice and every candidate seen (for `django.settings_module_candidates`).
  static func select(bundle: EvidenceBundle, context: ScanContext) -> (choice: Choice?, candidates: [Choice]) {
    var candidates: [Choice] = []
    let managers = bundle.files.filter { $0.name == "manage.py" }
      .sorted { ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path) }
    var managerDefaults: [Choice] = []
    for file in managers {
      let folder = PythonModuleResolver.dirname(file.path)
      for (module, line) in setdefaultCalls(file.text) {
        managerDefaults.append(Choice(module: module, source: "manage.py", location: file.at(line: line), root: folder))
      }
    }
    for file in bundle.files where file.name == "wsgi.py" || file.name == "asgi.py" {
      for (module, line) in setdefaultCalls(file.text) {
        candidates.append(Choice(module: module, source: file.name, location: file.at(line: line), root: nil))
      }
    }
    let root = managers.first.map { PythonModuleResolver.dirname($0.path) }
    var choice: Choice?
    if let module = context.djangoSettingsModule, !module.isEmpty {
      choice = Choice(module: module, source: "option", location: nil, root: root)
    } else if let module = context.environment["DJANGO_SETTINGS_MODULE"], !module.isEmpty {
      let source = context.environmentSources["DJANGO_SETTINGS_MODULE"]
      choice = Choice(module: module, source: "environment", location: source.map { SourceLocation(file: $0) }, root: root)
    } else if let first = managerDefaults.first {
      choice = first
    } else {
      let settings = bundle.files.filter { $0.name == "settings.py" }
      if settings.count == 1 {
        let path = settings[0].path
        let folder = PythonModuleResolver.dirname(PythonModuleResolver.dirname(path))
        var relative = folder.isEmpty ? path : String(path.dropFirst(folder.count + 1))
        relative.removeLast(3)
        choice = Choice(module: relative.replacingOccurrences(of: "/", with: "."), source: "settings.py", location: settings[0].at(), root: folder)
      }
    }
    candidates = managerDefaults + candidates
    if let choice, !candidates.contains(choice) { candidates.insert(choice, at: 0) }
    return (choice, candidates)
  }

  /// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "<module>")` calls anywhere in a file.
  static func setdefaultCalls(_ source: String) -> [(String, Int)] {
    guard let statements = try? PythonParser.parseModule(source) else { return [] }
    var found: [(String, Int)] = []
    func visit(_ expression: PythonExpr) {
      if case .call(.attribute(let base, "setdefault", _), let arguments, let position) = expression,
        base.summary.hasSuffix("environ"), arguments.count == 2,
        case .positional(.constant(.string("DJANGO_SETTINGS_MODULE"), _)) = arguments[0],
        case .positional(.constant(.string(let module), _)) = arguments[1]
      {
        found.append((module, position.line))
      }
    }
    func walk(_ statements: [PythonStmt]) {
      for statement in statements {
        switch statement {
        case .expression(let expression, _): visit(expression)
        case .function(_, _, let body, _): walk(body)
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
    return found
  }
}
