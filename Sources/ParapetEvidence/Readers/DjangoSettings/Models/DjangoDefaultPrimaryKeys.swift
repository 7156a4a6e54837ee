import OrderedCollections
import ParapetFacts
import ParapetPython

/// What Django's `models.W042` needs from a scanned app, read without running it: which AppConfig
/// Django picks for the app and whether it sets `default_auto_field`, and which of the app's models
/// get an auto-created primary key (docs/facts/django.md, "Default primary keys").
///
/// Django warns for a model that is not abstract, not swapped out, whose primary key is
/// auto-created and not the parent link of multi-table inheritance (a proxy has its concrete
/// model's key), when neither `DEFAULT_AUTO_FIELD` nor the app's config class sets the field
/// type (`Model._check_default_pk`, Django 3.2 and later). The settings half is the pack's.
enum DjangoDefaultPrimaryKeys {
  typealias Answer = DjangoModelClasses.Answer
  typealias ClassKey = DjangoModelModules.ClassKey

  /// Django's concrete models a project may proxy or extend, and whether their key is auto-created
  /// (`Session` declares `session_key` as its key).
  static let djangoConcreteModels: [String: Bool] = [
    "django.contrib.auth.models.User": true, "django.contrib.auth.models.Group": true,
    "django.contrib.auth.models.Permission": true, "django.contrib.sessions.models.Session": false,
    "django.contrib.sites.models.Site": true, "django.contrib.contenttypes.models.ContentType": true,
    "django.contrib.admin.models.LogEntry": true, "django.contrib.flatpages.models.FlatPage": true,
    "django.contrib.redirects.models.Redirect": true,
  ]
  /// Django's abstract models, and whether they declare a primary key.
  static let djangoAbstractModels: [String: Bool] = [
    "django.db.models.Model": false, "django.db.models.base.Model": false,
    "django.contrib.gis.db.models.Model": false,
    "django.contrib.auth.models.AbstractUser": false, "django.contrib.auth.models.AbstractBaseUser": false,
    "django.contrib.auth.base_user.AbstractBaseUser": false, "django.contrib.auth.models.PermissionsMixin": false,
    "django.contrib.sessions.base_session.AbstractBaseSession": true,
  ]
  static let appConfigBases: Set<String> = ["django.apps.AppConfig", "django.apps.config.AppConfig"]

  /// The `default_auto_field` facts of one scanned app: whether the config class Django 4.1 and
  /// later picks sets it, and, when the package names a `default_app_config` (which Django 3.2
  /// and 4.0 follow instead), whether that class does.
  static func appFacts(
    entry: String, package: String, modules: DjangoModelModules, classes: DjangoModelClasses, at location: SourceLocation
  ) -> OrderedDictionary<String, Fact> {
    var result: OrderedDictionary<String, Fact> = [:]
    let picked = pickedConfig(entry: entry, package: package, modules: modules, classes: classes)
    result["default_auto_field"] = fact(picked, modules: modules, classes: classes, at: location)
    if entry == package, let legacy = legacyConfig(package, modules: modules) {
      result["default_auto_field_before_4_1"] = fact(legacy, modules: modules, classes: classes, at: location)
    }
    return result
  }

  /// Whether Django checks the class as a model with an auto-created primary key that is not a
  /// parent link: `.yes` is a model `models.W042` names when its app config leaves the type unset.
  static func autoPrimaryKey(_ key: ClassKey, classes: DjangoModelClasses) -> Answer {
    switch classes.isModel(key) {
    case .no: return .no
    case .unknown(let why): return .unknown("\(key.name): \(why)")
    case .yes: break
    }
    switch classes.flag(key, "abstract") {
    case .yes: return .no
    case .unknown(let why): return .unknown(why)
    case .no: break
    }
    if classes.meta(key, "swappable") != nil {
      return .unknown("\(key.name) is swappable: Django checks it only when it is not swapped out")
    }
    switch classes.flag(key, "proxy") {
    case .yes: return proxiedKey(key, classes: classes, depth: 0)
    case .unknown(let why): return .unknown(why)
    case .no: return concreteKey(key, classes: classes, depth: 0)
    }
  }

  // MARK: - Primary keys

  private enum Base {
    case scanModel(ClassKey)
    case djangoConcrete(autoKey: Bool)
    case djangoAbstract(declaresKey: Bool)
    case plain
    case unknown(String)
  }

  private static func modelBases(_ key: ClassKey, classes: DjangoModelClasses) -> [Base] {
    guard let info = classes.body(key)?.info else { return [] }
    return info.arguments.compactMap { argument -> Base? in
      switch argument {
      case .keyword: return nil
      case .positional(let expression):
        switch classes.modules.resolve(expression, in: key.module) {
        case .scanClass(let base):
          switch classes.isModel(base) {
          case .yes: return .scanModel(base)
          case .no: return .plain
          case .unknown(let why): return .unknown(why)
          }
        case .external(let name):
          if let auto = djangoConcreteModels[name] { return .djangoConcrete(autoKey: auto) }
          if let declares = djangoAbstractModels[name] { return .djangoAbstract(declaresKey: declares) }
          let top = String(name.split(separator: ".").first ?? "")
          if top == "django" || DjangoModelClasses.plainModules.contains(top) { return .plain }
          return .unknown("its base \(name) is outside the scan, so whether it declares a primary key is not known")
        case .builtin(let name):
          return DjangoModelClasses.builtinClasses.contains(name)
            ? .plain : .unknown("its base '\(name)' is not bound where the class is defined")
        case .scanModule(let name): return .unknown("a base names the module \(name)")
        case .unresolved(let why): return .unknown(why)
        }
      default: return .unknown("\(key.name) has computed bases")
      }
    }
  }

  /// A concrete model's key: a parent link under multi-table inheritance, a declared field, or
  /// auto-created.
  private static func concreteKey(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> Answer {
    guard depth < 32 else { return .unknown("model inheritance goes too deep") }
    for base in modelBases(key, classes: classes) {
      switch base {
      case .scanModel(let parent):
        switch classes.flag(parent, "abstract") {
        case .no: return .no  // Multi-table inheritance: the key is the parent link.
        case .unknown(let why): return .unknown(why)
        case .yes: continue
        }
      case .djangoConcrete: return .no
      case .unknown(let why): return .unknown("\(key.name): \(why)")
      case .djangoAbstract, .plain: continue
      }
    }
    switch declaresKey(key, classes: classes, depth: 0) {
    case .yes: return .no
    case .no: return .yes
    case .unknown(let why): return .unknown(why)
    }
  }

  /// A proxy has the key of the concrete model it stands for (its first model base).
  private static func proxiedKey(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> Answer {
    guard depth < 32 else { return .unknown("proxy models chain too deep") }
    for base in modelBases(key, classes: classes) {
      switch base {
      case .scanModel(let parent):
        if classes.flag(parent, "abstract") == .yes { continue }
        switch classes.flag(parent, "proxy") {
        case .yes: return proxiedKey(parent, classes: classes, depth: depth + 1)
        case .unknown(let why): return .unknown(why)
        case .no: return concreteKey(parent, classes: classes, depth: depth + 1)
        }
      case .djangoConcrete(let auto): return auto ? .yes : .no
      case .unknown(let why): return .unknown("\(key.name): \(why)")
      case .djangoAbstract, .plain: continue
      }
    }
    return .unknown("\(key.name) is a proxy of no model Parapet can read")
  }

  /// Whether the model's fields declare a `primary_key=True` field: its own, over those of the
  /// abstract models it derives from (first base first, as Python's MRO; `name = None` removes one).
  private static func declaresKey(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> Answer {
    let (fields, doubt) = keyFields(key, classes: classes, depth: depth)
    if fields.values.contains(.yes) { return .yes }
    if let unknown = fields.values.first(where: { $0 != .no }) { return unknown }
    if let doubt { return .unknown("\(key.name): \(doubt)") }
    return .no
  }

  private static func keyFields(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> ([String: Answer], String?) {
    guard depth < 32 else { return ([:], "model inheritance goes too deep") }
    var result: [String: Answer] = [:]
    var doubt: String?
    for base in modelBases(key, classes: classes) {
      switch base {
      case .scanModel(let parent):
        switch classes.flag(parent, "abstract") {
        case .yes:
          let (inherited, why) = keyFields(parent, classes: classes, depth: depth + 1)
          for (name, answer) in inherited where result[name] == nil { result[name] = answer }
          doubt = doubt ?? why
        case .unknown(let why): doubt = doubt ?? why
        case .no: continue
        }
      case .djangoAbstract(let declares):
        // AbstractBaseSession's key is session_key.
        if declares, result["session_key"] == nil { result["session_key"] = .yes }
      case .unknown(let why): doubt = doubt ?? why
      case .djangoConcrete, .plain: continue
      }
    }
    for (name, answer) in ownKeyFields(key, classes: classes) { result[name] = answer }
    return (result, doubt)
  }

  /// The class body's field assignments and whether each declares the primary key.
  private static func ownKeyFields(_ key: ClassKey, classes: DjangoModelClasses) -> [(String, Answer)] {
    classes.assignments(key).map { ($0.name, keyAnswer($0.name, $0.value, conditional: $0.conditional)) }
  }

  private static func keyAnswer(_ name: String, _ value: PythonExpr, conditional: Bool) -> Answer {
    guard case .call(_, let arguments, _) = value else { return .no }
    var answer: Answer = .no
    for argument in arguments {
      switch argument {
      case .keyword("primary_key", let flag):
        switch flag {
        case .constant(.bool(true), _): answer = .yes
        case .constant(.bool(false), _), .constant(.none, _): answer = .no
        default: answer = .unknown("\(name)'s primary_key is computed")
        }
      case .doubleStar: if answer == .no { answer = .unknown("\(name) is built with **kwargs, which may set primary_key") }
      default: continue
      }
    }
    // Django refuses a field named `id` that is not the key (models.E004), so a field class
    // named there without primary_key likely sets it itself.
    if name == "id", answer == .no { answer = .unknown("the field class of 'id' may declare it the primary key") }
    if conditional, answer != .no { return .unknown("\(name) is assigned under a condition in the class body") }
    return answer
  }

  // MARK: - App configs

  private enum Config {
    case scan(ClassKey)
    case django
    case unknown(String)
  }

  /// The AppConfig class Django 3.2 and later uses for an INSTALLED_APPS entry: the named class,
  /// or the one candidate of `<app>.apps` (the one with `default = True` among several), else
  /// Django's own AppConfig.
  private static func pickedConfig(
    entry: String, package: String, modules: DjangoModelModules, classes: DjangoModelClasses
  ) -> Config {
    if entry != package {
      let parts = entry.split(separator: ".").map(String.init)
      return .scan(ClassKey(module: parts.dropLast().joined(separator: "."), name: parts[parts.count - 1]))
    }
    let appsModule = package + ".apps"
    guard let module = modules.module(appsModule) else {
      return modules.exists(appsModule) ? .unknown("\(appsModule) cannot be read") : .django
    }
    var candidates: [(key: ClassKey, isDefault: Answer?)] = []
    var seen: Set<ClassKey> = []
    for name in module.bindings.keys.sorted() {
      switch modules.lookup(name, in: appsModule) {
      case .scanClass(let key):
        switch isAppConfig(key, classes: classes, depth: 0) {
        case .no: continue
        case .unknown(let why): return .unknown("\(appsModule).\(name): \(why)")
        case .yes: break
        }
        guard seen.insert(key).inserted else { continue }
        let flag = defaultFlag(key, classes: classes)
        if flag != .no { candidates.append((key, flag)) }
      case .external(let qualified):
        if appConfigBases.contains(qualified) { continue }
        if qualified.hasPrefix("django.") || !name.hasSuffix("Config") { continue }
        return .unknown("\(appsModule) imports \(qualified), which may be an AppConfig Django picks")
      default:
        continue
      }
    }
    if candidates.count == 1 { return .scan(candidates[0].key) }
    var defaults: [ClassKey] = []
    for candidate in candidates {
      switch candidate.isDefault {
      case .yes?: defaults.append(candidate.key)
      case .unknown(let why)?: return .unknown(why)
      case .no?, nil: continue
      }
    }
    if defaults.count == 1 { return .scan(defaults[0]) }
    if defaults.count > 1 { return .unknown("\(appsModule) declares more than one default AppConfig (Django raises RuntimeError)") }
    return .django
  }

  /// `default_app_config = "…"` in the app package, which Django 3.2 and 4.0 follow.
  private static func legacyConfig(_ package: String, modules: DjangoModelModules) -> Config? {
    guard let module = modules.module(package) else { return nil }
    for case .assign(let targets, let value, _) in module.statements {
      for case .name("default_app_config", _) in targets {
        guard case .constant(.string(let path), _) = value else {
          return .unknown("\(package).default_app_config is computed")
        }
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count > 1 else { return .unknown("\(package).default_app_config names no class") }
        return .scan(ClassKey(module: parts.dropLast().joined(separator: "."), name: parts[parts.count - 1]))
      }
    }
    return nil
  }

  private static func fact(_ config: Config, modules: DjangoModelModules, classes: DjangoModelClasses, at location: SourceLocation) -> Fact {
    switch config {
    case .django: return .bool(false, at: location)
    case .unknown(let why): return .unknown(why, at: location)
    case .scan(let key):
      guard let found = classes.body(key), let file = modules.module(key.module)?.file else {
        return .unknown("the AppConfig \(key.module).\(key.name) is not among the scanned files", at: location)
      }
      let at = SourceLocation(file: file, line: found.position.line, column: found.position.column)
      switch setsDefaultAutoField(key, classes: classes, depth: 0) {
      case .yes: return .bool(true, at: at)
      case .no: return .bool(false, at: at)
      case .unknown(let why): return .unknown(why, at: at)
      }
    }
  }

  private static func isAppConfig(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> Answer {
    guard depth < 16, let info = classes.body(key)?.info else { return .unknown("\(key.name)'s bases cannot be read") }
    var answer: Answer = .no
    for case .positional(let expression) in info.arguments {
      let found: Answer
      switch classes.modules.resolve(expression, in: key.module) {
      case .external(let name):
        found = appConfigBases.contains(name) ? .yes : (name.hasPrefix("django.") ? .no : .unknown("its base \(name) is outside the scan"))
      case .scanClass(let base): found = isAppConfig(base, classes: classes, depth: depth + 1)
      case .builtin: found = .no
      case .scanModule(let name): found = .unknown("a base names the module \(name)")
      case .unresolved(let why): found = .unknown(why)
      }
      if found == .yes { return .yes }
      if case .unknown = found { answer = found }
    }
    return answer
  }

  /// The class's own or inherited `default`, nil when no class of the scan sets it (Django reads
  /// it as `getattr(config, "default", True)` to gather candidates, with False to pick one).
  private static func defaultFlag(_ key: ClassKey, classes: DjangoModelClasses) -> Answer? {
    classAttribute(key, "default", classes: classes, depth: 0) { value in
      switch value {
      case .constant(.bool(let flag), _): return flag ? .yes : .no
      case .constant(.none, _): return .no
      default: return .unknown("\(key.name).default is computed")
      }
    }
  }

  /// Whether the config class (or a base of the scan) assigns `default_auto_field`: any value
  /// counts, Django compares the attribute with AppConfig's own.
  private static func setsDefaultAutoField(_ key: ClassKey, classes: DjangoModelClasses, depth: Int) -> Answer {
    if let found = classAttribute(key, "default_auto_field", classes: classes, depth: depth, { _ in .yes }) { return found }
    guard let info = classes.body(key)?.info else { return .unknown("\(key.name) cannot be read") }
    for case .positional(let expression) in info.arguments {
      switch classes.modules.resolve(expression, in: key.module) {
      case .external(let name) where name.hasPrefix("django."): continue
      case .builtin: continue
      default: return .unknown("\(key.name) derives from a class that may set default_auto_field")
      }
    }
    return .no
  }

  /// A class attribute assigned in the body (unconditionally: a conditional one is unknown),
  /// else in a base of the scan, first base first; nil when none assigns it.
  private static func classAttribute(
    _ key: ClassKey, _ attribute: String, classes: DjangoModelClasses, depth: Int, _ judge: (PythonExpr) -> Answer
  ) -> Answer? {
    guard depth < 16, let found = classes.body(key) else { return nil }
    for statement in found.body {
      switch statement {
      case .assign(let targets, let value, _):
        for case .name(attribute, _) in targets { return judge(value) }
      case .annotatedAssign(.name(attribute, _), _, let value?, _):
        return judge(value)
      case .ifChain, .tryBlock:
        if mentions(statement, attribute) { return .unknown("\(key.name).\(attribute) is assigned under a condition") }
      default:
        continue
      }
    }
    for case .positional(let expression) in found.info.arguments {
      guard case .scanClass(let base) = classes.modules.resolve(expression, in: key.module) else { continue }
      if let inherited = classAttribute(base, attribute, classes: classes, depth: depth + 1, judge) { return inherited }
    }
    return nil
  }

  private static func mentions(_ statement: PythonStmt, _ attribute: String) -> Bool {
    if case .assign(let targets, _, _) = statement {
      for case .name(attribute, _) in targets { return true }
    }
    return statement.nestedBlocks.contains { $0.contains { mentions($0, attribute) } }
  }

}
