import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.url_namespaces`: the namespaces of the URL resolvers under `ROOT_URLCONF`, as
/// Django's `check_url_namespaces_unique` (urls.W005) collects them: for each `include()` (and
/// `admin.site.urls`) whose namespace is not None, the namespaces of its parents and its own
/// joined with `:`, walking the included URLconfs.
///
/// Read statically from the scanned modules (`DjangoModelModules`): `urlpatterns` built from
/// list literals, `+`, `+=`, `append`/`extend`/`insert`, `i18n_patterns(...)` (its patterns sit
/// at the same level) and `static(...)` (no namespace); `include("module")`,
/// `include(("module", "app_name"), namespace=...)`, `include(list)`; a module's own `app_name`
/// wins over the one given, and the namespace is `namespace or app_name`, as in Django. A change
/// under a condition of the settings (`if settings.DEBUG:`) follows the settings' value; any
/// other makes what it adds uncertain. What the walk cannot follow (a URLconf outside the scan,
/// which may hold namespaces of its own, a pattern list built by code) is `unknown`, with why.
enum DjangoURLNamespaces {
  /// One namespace as Django lists it, where it is registered, and whether that registration
  /// certainly happens.
  struct Entry {
    var name: String
    var at: SourceLocation
    var certain: Bool
  }

  struct Walk {
    var entries: [Entry] = []
    var unknown: String?
    var budget = 400

    mutating func doubt(_ why: String) { if unknown == nil { unknown = why } }
  }

  /// The fact, or nil when ROOT_URLCONF is not a known string.
  static func fact(
    rootURLConf: Fact?, settings: OrderedDictionary<String, Fact>, modules: DjangoModelModules
  ) -> Fact? {
    guard let root = rootURLConf, let name = root.value.stringValue else { return nil }
    let at = root.location
    var walk = Walk()
    walkModule(name, parents: [], certain: true, settings: settings, modules: modules, walk: &walk, site: at)
    var out: OrderedDictionary<String, Fact> = [:]
    out["namespaces"] = .list(
      walk.entries.map { entry in
        .map(["name": .string(entry.name, at: entry.at), "certain": .bool(entry.certain, at: entry.at)], at: entry.at)
      }, at: at)
    if let why = walk.unknown { out["unknown"] = .string(why, at: at) }
    return .map(out, at: at)
  }

  private static func walkModule(
    _ name: String, parents: [String], certain: Bool, settings: OrderedDictionary<String, Fact>,
    modules: DjangoModelModules, walk: inout Walk, site: SourceLocation?
  ) {
    walk.budget -= 1
    guard walk.budget > 0 else { return walk.doubt("the URLconfs include each other too deeply") }
    guard let module = modules.module(name) else {
      return walk.doubt("the URLconf \(name) is not among the scanned files (it may register namespaces of its own)")
    }
    var patterns: [(PythonExpr, Bool)] = []
    var lists: [String: PythonExpr] = [:]
    func add(_ expression: PythonExpr, _ sure: Bool) { patterns.append((expression, sure)) }
    func statements(_ block: [PythonStmt], _ sure: Bool) {
      for statement in block {
        switch statement {
        case .assign(let targets, let value, _):
          for case .name(let target, _) in targets {
            if target == "urlpatterns" {
              if sure { patterns.removeAll() } else { patterns = patterns.map { ($0.0, false) } }
              add(value, sure)
            } else {
              lists[target] = value
            }
          }
        case .augmentedAssign(.name("urlpatterns", _), "+", let value, _):
          add(value, sure)
        case .expression(.call(.attribute(.name("urlpatterns", _), let method, _), let arguments, _), _):
          guard ["append", "extend", "insert"].contains(method), let last = arguments.last,
            case .positional(let value) = last
          else { break }
          add(method == "append" || method == "insert" ? .list([value], value.position) : value, sure)
        case .ifChain(let branches, let otherwise, _):
          var decided = true
          var taken = false
          for branch in branches {
            let truth = decided ? condition(branch.condition, settings) : nil
            if truth == nil { decided = false }
            if truth == true, decided {
              statements(branch.body, sure)
              taken = true
              break
            }
            if truth != false { statements(branch.body, false) }
          }
          if !taken { statements(otherwise ?? [], sure && decided) }
        case .tryBlock(let body, let handlers, let otherwise, let finally, _):
          statements(body + otherwise, false)
          for handler in handlers { statements(handler.body, false) }
          statements(finally, sure)
        default:
          break
        }
      }
    }
    statements(module.statements, true)
    // No `urlpatterns` at the top level: a star import or code may still make it.
    if patterns.isEmpty {
      return walk.doubt("\(module.file) assigns no urlpatterns at its top level that Parapet can read")
    }
    for (expression, sure) in patterns {
      walkPatterns(
        expression, module: module, lists: lists, parents: parents, certain: certain && sure, settings: settings,
        modules: modules, walk: &walk)
    }
  }

  /// The truth of an `if` over the settings: `settings.NAME`, `not settings.NAME`, with NAME a
  /// known boolean; nil for anything else.
  private static func condition(_ expression: PythonExpr, _ settings: OrderedDictionary<String, Fact>) -> Bool? {
    switch expression {
    case .attribute(.name("settings", _), let name, _):
      guard case .bool(let value)? = settings[name]?.value else { return nil }
      return value
    case .unary("not", let inner, _):
      return condition(inner, settings).map { !$0 }
    default:
      return nil
    }
  }

  private static func walkPatterns(
    _ expression: PythonExpr, module: DjangoModelModules.Module, lists: [String: PythonExpr], parents: [String],
    certain: Bool, settings: OrderedDictionary<String, Fact>, modules: DjangoModelModules, walk: inout Walk
  ) {
    walk.budget -= 1
    guard walk.budget > 0 else { return walk.doubt("the URL patterns nest too deeply") }
    func location(_ position: Position) -> SourceLocation {
      SourceLocation(file: module.file, line: position.line, column: position.column)
    }
    switch expression {
    case .list(let items, _), .tuple(let items, _):
      for item in items {
        walkPattern(item, module: module, lists: lists, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
      }
    case .binary("+", let left, let right, _):
      walkPatterns(left, module: module, lists: lists, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
      walkPatterns(right, module: module, lists: lists, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
    case .name(let name, _) where name != "urlpatterns":
      guard let value = lists[name] else { return walk.doubt("\(name) at \(module.file) is not a pattern list Parapet can read") }
      var inner = lists
      inner.removeValue(forKey: name)
      walkPatterns(value, module: module, lists: inner, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
    case .call(let callee, let arguments, let position):
      switch PythonEvaluator.lastName(callee) {
      case "static"?:
        return
      case "i18n_patterns"?:
        for case .positional(let item) in arguments {
          walkPattern(item, module: module, lists: lists, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
        }
      default:
        walk.doubt("urlpatterns at \(location(position)) is built by a call Parapet does not follow")
      }
    default:
      walk.doubt("urlpatterns at \(location(expression.position)) is built in a way Parapet does not follow")
    }
  }

  /// One entry of a pattern list: `path(route, view)`, `re_path`, `url`.
  private static func walkPattern(
    _ expression: PythonExpr, module: DjangoModelModules.Module, lists: [String: PythonExpr], parents: [String],
    certain: Bool, settings: OrderedDictionary<String, Fact>, modules: DjangoModelModules, walk: inout Walk
  ) {
    let at = SourceLocation(file: module.file, line: expression.position.line, column: expression.position.column)
    guard case .call(let callee, let arguments, _) = expression,
      let function = PythonEvaluator.lastName(callee), ["path", "re_path", "url"].contains(function)
    else {
      if case .starred(let inner, _) = expression {
        return walkPatterns(inner, module: module, lists: lists, parents: parents, certain: certain, settings: settings, modules: modules, walk: &walk)
      }
      return walk.doubt("a URL pattern at \(at) is not a path(), re_path() or url() call")
    }
    let positional = arguments.compactMap { argument -> PythonExpr? in
      if case .positional(let value) = argument { return value }
      return nil
    }
    let view = positional.count >= 2 ? positional[1] : arguments.compactMap { argument -> PythonExpr? in
      if case .keyword("view", let value) = argument { return value }
      return nil
    }.first
    guard let view else { return }
    if case .attribute(let site, "urls", _) = view {
      // `admin.site.urls` is `(patterns, "admin", "admin")`; another AdminSite's name is its own.
      guard site.summary == "admin.site" else { return walk.doubt("\(site.summary).urls at \(at): an admin site whose name Parapet does not read") }
      walk.entries.append(Entry(name: (parents + ["admin"]).joined(separator: ":"), at: at, certain: certain))
      return
    }
    guard case .call(let includeCallee, let includeArguments, _) = view, PythonEvaluator.lastName(includeCallee) == "include" else { return }
    var target: PythonExpr?
    var namespace: String??
    var appName: String??
    var positionals = 0
    for argument in includeArguments {
      // `include(arg, namespace=None)`: the second positional argument is the namespace
      // (Nautobot's `include("nautobot.users.urls", "users")` next to the same URLconf's
      // app_name `user`).
      var namespaceValue: PythonExpr?
      switch argument {
      case .positional(let value):
        positionals += 1
        if positionals == 1 { target = value } else if positionals == 2 { namespaceValue = value }
      case .keyword("arg", let value): target = value
      case .keyword("namespace", let value): namespaceValue = value
      default: break
      }
      if let value = namespaceValue {
        switch value {
        case .constant(.string(let text), _): namespace = .some(text)
        case .constant(.none, _): namespace = .some(nil)
        default: return walk.doubt("an include() at \(at) has a namespace Parapet cannot read")
        }
      }
    }
    guard var urlconf = target else { return walk.doubt("an include() at \(at) has no URLconf") }
    if case .tuple(let pair, _) = urlconf, pair.count == 2 {
      urlconf = pair[0]
      switch pair[1] {
      case .constant(.string(let text), _): appName = .some(text)
      case .constant(.none, _): appName = .some(nil)
      default: return walk.doubt("an include() at \(at) has an app_name Parapet cannot read")
      }
    }
    var included: String?
    var djangoOwn = false
    switch urlconf {
    case .constant(.string(let name), _):
      included = name
      // The module's own `app_name` wins (`getattr(urlconf_module, "app_name", app_name)`).
      if Self.djangoURLConfs.contains(name), modules.module(name) == nil {
        // Django's own: no app_name and no include, so only the include's namespace counts.
        djangoOwn = true
      } else if let own = modules.module(name).flatMap(Self.appName) { appName = own }
      else if modules.module(name) == nil {
        walk.doubt("the URLconf \(name) (included at \(at)) is not among the scanned files")
      }
    case .list, .tuple, .name, .binary:
      break
    default:
      return walk.doubt("an include() at \(at) names a URLconf Parapet cannot read")
    }
    let given = namespace ?? nil
    let app = appName ?? nil
    if let given, !given.isEmpty, (app ?? "").isEmpty {
      return walk.doubt("the include() at \(at) gives a namespace without an app_name, which Django refuses (ImproperlyConfigured)")
    }
    // `namespace = namespace or app_name`
    let resolved: String? = (given?.isEmpty == false) ? given : app
    let current = resolved.map { parents + [$0] } ?? parents
    if let resolved { walk.entries.append(Entry(name: (parents + [resolved]).joined(separator: ":"), at: at, certain: certain)) }
    if djangoOwn {
      return
    } else if let included {
      walkModule(included, parents: current, certain: certain, settings: settings, modules: modules, walk: &walk, site: at)
    } else {
      walkPatterns(urlconf, module: module, lists: lists, parents: current, certain: certain, settings: settings, modules: modules, walk: &walk)
    }
  }

  /// The URLconfs Django itself ships (every release since 1.8): none sets `app_name` or
  /// includes another URLconf, so they register no namespace of their own.
  static let djangoURLConfs: Set<String> = [
    "django.conf.urls.i18n", "django.contrib.auth.urls", "django.contrib.flatpages.urls", "django.contrib.admindocs.urls",
  ]

  /// A module's top-level `app_name = "…"` (`.some(nil)` for None), or nil when it sets none.
  private static func appName(_ module: DjangoModelModules.Module) -> String?? {
    var found: String??
    for case .assign(let targets, let value, _) in module.statements {
      for case .name("app_name", _) in targets {
        switch value {
        case .constant(.string(let text), _): found = .some(text)
        case .constant(.none, _): found = .some(nil)
        default: found = nil
        }
      }
    }
    return found
  }
}
