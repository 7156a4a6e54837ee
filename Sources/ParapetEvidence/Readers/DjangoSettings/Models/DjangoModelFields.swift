import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.models`: the CharFields of the installed apps' models that set no `max_length`
/// (what Django's `fields.E120` reports unless the database supports unlimited CharFields),
/// read from the scanned model modules without running them (docs/facts/django.md), with the
/// models' auto-created keys (`DjangoDefaultPrimaryKeys`) and their fields of classes Django has
/// deprecated or removed (`DjangoDeprecatedFields`) and the options they pass to relation
/// fields (`DjangoRelationFieldOptions`).
///
/// For each INSTALLED_APPS entry it finds the app's package (a module, or an AppConfig class
/// whose `name` is a literal), reads `<app>.models` and the modules of the app it imports,
/// and lists, for every concrete model (`DjangoModelClasses`), each such field at its line.
/// An app of Django itself, or of a package the project declares, is taken to define none
/// (third-party code passes Django's own checks); anything else Parapet cannot read is an
/// entry of `unknowns` with the reason.
enum DjangoModelFields {
  /// At most this many modules are read per scan, and this many entries listed.
  static let moduleLimit = 2000
  static let entryLimit = 500

  /// Where an INSTALLED_APPS entry's models come from.
  enum AppSource {
    case scan(module: String)
    case django
    case declared
    case unknown(String)
  }

  /// The `django.models` map for the evaluated INSTALLED_APPS.
  /// `modules` is the reader's one parse of the scanned modules (shared with
  /// `DjangoStartupImports`).
  static func fact(
    installedApps: Fact?, modules: DjangoModelModules, declared: Set<String>, fallback: SourceLocation
  ) -> Fact {
    let classes = DjangoModelClasses(modules: modules)
    let deprecated = DjangoDeprecatedFields(classes: classes)
    let relations = DjangoRelationFieldOptions(classes: classes)
    var apps: [Fact] = []
    var fields: [Fact] = []
    var unknowns: [Fact] = []
    var autoKeys: [Fact] = []
    var keyUnknowns: [Fact] = []
    var deprecatedFields: [Fact] = []
    var deprecatedUnknowns: [Fact] = []
    var externalBases: [Fact] = []
    var relationOptions: [Fact] = []
    var relationUnknowns: [Fact] = []
    func unknown(_ reason: String, at location: SourceLocation?) {
      guard unknowns.count < entryLimit else { return }
      unknowns.append(.map(["reason": .string(reason, at: location)], at: location))
    }
    // What keeps every model of an app from being read concerns each list.
    func unread(_ reason: String, at location: SourceLocation?) {
      unknown(reason, at: location)
      if relationUnknowns.count < entryLimit {
        relationUnknowns.append(.map(["reason": .string(reason, at: location)], at: location))
      }
      guard deprecatedUnknowns.count < entryLimit else { return }
      deprecatedUnknowns.append(.map(["reason": .string(reason, at: location)], at: location))
    }
    let entries: [Fact]
    switch installedApps?.value {
    case .list(let items)?: entries = items
    case nil: entries = []
    case .unknown(let why)?:
      unread("INSTALLED_APPS is not known: \(why.reason)", at: installedApps?.location ?? fallback)
      entries = []
    default:
      unread("INSTALLED_APPS is not a list", at: installedApps?.location ?? fallback)
      entries = []
    }
    var seenClasses: Set<DjangoModelModules.ClassKey> = []
    var budget = moduleLimit
    for entry in entries {
      let location = entry.location ?? installedApps?.location ?? fallback
      guard let name = entry.value.stringValue else {
        if case .unknown(let why) = entry.value {
          unread("an INSTALLED_APPS entry is not known: \(why.reason)", at: location)
        } else {
          unread("an INSTALLED_APPS entry is not a string", at: location)
        }
        continue
      }
      let source = appSource(name, modules: modules, declared: declared)
      var app: OrderedDictionary<String, Fact> = ["entry": .string(name, at: location)]
      switch source {
      case .django: app["source"] = .string("django", at: location)
      case .declared: app["source"] = .string("declared", at: location)
      case .unknown(let why):
        app["source"] = .string("unknown", at: location)
        unread(why, at: location)
      case .scan(let package):
        app["source"] = .string("scan", at: location)
        app["module"] = .string(package, at: location)
        for (name, value) in DjangoDefaultPrimaryKeys.appFacts(
          entry: name, package: package, modules: modules, classes: classes, at: location)
        {
          app[name] = value
        }
        let label = String(package.split(separator: ".").last ?? Substring(package))
        var files: [Fact] = []
        var conditional: [String] = []
        let modelModuleNames = modelModules(of: package, modules: modules, budget: &budget, conditional: &conditional)
        for module in conditional {
          unread("the models of app '\(name)' may include those of \(module), a condition Parapet does not evaluate here", at: location)
        }
        for moduleName in modelModuleNames {
          guard let module = modules.module(moduleName) else {
            unread("the models of app '\(name)' cannot be read: \(modules.failure(moduleName) ?? moduleName)", at: location)
            continue
          }
          files.append(.string(module.file, at: SourceLocation(file: module.file)))
          for className in module.classes.keys.sorted() {
            let key = DjangoModelModules.ClassKey(module: moduleName, name: className)
            guard seenClasses.insert(key).inserted else { continue }
            let checked = fieldsChecked(key, label: label, classes: classes)
            if checked != .never {
              let doubt: String? = if case .perhaps(let why) = checked { why } else { nil }
              listFields(of: key, label: label, doubt: doubt, classes: classes, fields: &fields, unknown: unknown)
              deprecated.list(
                key, label: label, app: name, doubt: doubt, into: &deprecatedFields, unknowns: &deprecatedUnknowns)
              relations.list(key, label: label, app: name, doubt: doubt, into: &relationOptions, unknowns: &relationUnknowns)
              if let position = module.classes[className]?.position {
                let at = SourceLocation(file: module.file, line: position.line, column: position.column)
                deprecated.listExternalBases(key, label: label, app: name, at: at, into: &externalBases)
              }
            }
            listAutoKey(of: key, label: label, app: name, module: module, classes: classes, into: &autoKeys, unknowns: &keyUnknowns)
          }
        }
        app["files"] = .list(files, at: location)
      }
      apps.append(.map(app, at: location))
    }
    if budget <= 0 { unread("more model modules than Parapet reads (\(moduleLimit))", at: installedApps?.location ?? fallback) }
    let sorted = fields.sorted { ($0.location?.file ?? "", $0.location?.line ?? 0) < ($1.location?.file ?? "", $1.location?.line ?? 0) }
    return .map(
      [
        "apps": .list(apps, at: installedApps?.location ?? fallback),
        "charfields_without_max_length": .list(Array(sorted.prefix(entryLimit)), at: fallback),
        "unknowns": .list(unknowns, at: fallback),
        "auto_primary_keys": .list(Array(autoKeys.prefix(entryLimit)), at: fallback),
        "primary_key_unknowns": .list(Array(keyUnknowns.prefix(entryLimit)), at: fallback),
        "deprecated_fields": .list(Array(deprecatedFields.prefix(entryLimit)), at: fallback),
        "deprecated_field_unknowns": .list(Array(deprecatedUnknowns.prefix(entryLimit)), at: fallback),
        "external_bases": .list(Array(externalBases.prefix(entryLimit)), at: fallback),
        "relation_options": .list(relationOptions, at: fallback),
        "relation_option_unknowns": .list(relationUnknowns, at: fallback),
      ], at: installedApps?.location ?? fallback)
  }

  /// Lists the class when Django gives it an auto-created primary key (`models.W042` names it
  /// unless DEFAULT_AUTO_FIELD or the app's config sets the type), or why that is not known.
  private static func listAutoKey(
    of key: DjangoModelModules.ClassKey, label: String, app: String, module: DjangoModelModules.Module,
    classes: DjangoModelClasses, into found: inout [Fact], unknowns: inout [Fact]
  ) {
    guard let position = module.classes[key.name]?.position else { return }
    let at = SourceLocation(file: module.file, line: position.line, column: position.column)
    switch DjangoDefaultPrimaryKeys.autoPrimaryKey(key, classes: classes) {
    case .no: return
    case .yes:
      found.append(.map(["model": .string("\(label).\(key.name)", at: at), "app": .string(app, at: at)], at: at))
    case .unknown(let why):
      unknowns.append(.map(["reason": .string("\(label).\(key.name): \(why)", at: at), "app": .string(app, at: at)], at: at))
    }
  }

  /// Whether Django checks a class's own fields as a model's.
  enum FieldsChecked: Equatable {
    /// A concrete model, not swappable.
    case always
    /// Not a model, an abstract model or a proxy (it has no fields of its own).
    case never
    /// Not known, and why.
    case perhaps(String)
  }

  /// Whether Django checks the class's fields (for `fields.E120` and the deprecated classes).
  static func fieldsChecked(_ key: DjangoModelModules.ClassKey, label: String, classes: DjangoModelClasses) -> FieldsChecked {
    let isModel = classes.isModel(key)
    if isModel == .no || classes.flag(key, "abstract") == .yes || classes.flag(key, "proxy") == .yes { return .never }
    let model = "\(label).\(key.name)"
    switch (isModel, classes.flag(key, "abstract"), classes.flag(key, "proxy")) {
    case (.unknown(let why), _, _): return .perhaps("\(model): \(why)")
    case (_, .unknown(let why), _), (_, _, .unknown(let why)): return .perhaps("\(model): \(why)")
    default:
      return classes.meta(key, "swappable") != nil
        ? .perhaps("\(model) is swappable: Django checks it only when it is not swapped out") : .always
    }
  }

  /// Lists the fields `fields.E120` reports for one class Django may check as a model (`doubt`
  /// says why that is not certain).
  private static func listFields(
    of key: DjangoModelModules.ClassKey, label: String, doubt: String?, classes: DjangoModelClasses,
    fields: inout [Fact], unknown: (String, SourceLocation?) -> Void
  ) {
    let checked = classes.checkedFields(key).values.filter { $0.status != .fine && $0.status != .removed }
    guard !checked.isEmpty else { return }
    let model = "\(label).\(key.name)"
    let requires = classes.requiresUnlimitedCharField(key)
    for field in checked.sorted(by: { $0.position.line < $1.position.line }) {
      let at = SourceLocation(file: field.file, line: field.position.line, column: field.position.column)
      if let doubt {
        unknown("\(doubt) (field \(field.name))", at)
        continue
      }
      if case .unknown(let why) = field.status {
        unknown("\(model).\(field.name): \(why)", at)
        continue
      }
      var entry: OrderedDictionary<String, Fact> = [
        "model": .string(model, at: at), "field": .string(field.name, at: at),
      ]
      switch requires {
      case .yes: entry["requires_unlimited_charfield"] = .bool(true, at: at)
      case .no: entry["requires_unlimited_charfield"] = .bool(false, at: at)
      case .unknown(let why): entry["requires_unlimited_charfield"] = .unknown(why, at: at)
      }
      fields.append(.map(entry, at: at))
    }
  }

  /// Where an INSTALLED_APPS entry's models are: the app module in the scan (a module path, or
  /// an AppConfig class path whose `name` is a literal), Django's own, a declared package, or
  /// unknown.
  static func appSource(_ entry: String, modules: DjangoModelModules, declared: Set<String>) -> AppSource {
    if modules.exists(entry) { return .scan(module: entry) }
    let parts = entry.split(separator: ".").map(String.init)
    if parts.count > 1 {
      let parent = parts.dropLast().joined(separator: ".")
      if let module = modules.module(parent), let config = module.classes[parts[parts.count - 1]] {
        for case .assign(let targets, .constant(.string(let name), _), _) in config.body {
          for case .name("name", _) in targets {
            return modules.exists(name)
              ? .scan(module: name) : .unknown("AppConfig \(entry) names the app '\(name)', which is not among the scanned files")
          }
        }
        return .unknown("AppConfig \(entry) sets no literal 'name', so its app is not known")
      }
    }
    if parts.first == "django" { return .django }
    if modules.resolver.hasTopLevel(entry) {
      return .unknown("INSTALLED_APPS entry '\(entry)' is neither a module nor an AppConfig of the scanned files")
    }
    if PythonEvaluator.isProvided(entry, by: declared) { return .declared }
    return .unknown(
      "INSTALLED_APPS entry '\(entry)' is neither among the scanned files nor a package the project declares, "
        + "so Parapet cannot read its models (scan the app's code, or declare its package)")
  }

  /// `<app>.models` and the modules of the app it imports, transitively, in the order found; and
  /// the app's modules one of them imports only under a condition (`if settings.X:`), which may
  /// define models or not (`file:line` of each such import).
  static func modelModules(
    of package: String, modules: DjangoModelModules, budget: inout Int, conditional: inout [String]
  ) -> [String] {
    let root = package + ".models"
    guard modules.exists(root) else { return [] }
    var order: [String] = []
    var seen: Set<String> = [root]
    var queue = [root]
    while let next = queue.first, budget > 0 {
      queue.removeFirst()
      budget -= 1
      guard let found = modules.resolver.locate(next), found.path != nil else { continue }
      order.append(next)
      guard let module = modules.module(next) else { continue }
      for imported in module.imports where imported.hasPrefix(package + ".") && !seen.contains(imported) {
        guard let located = modules.resolver.locate(imported), located.path != nil else { continue }
        seen.insert(imported)
        queue.append(imported)
      }
      for (imported, line) in module.conditionalImports where imported.hasPrefix(package + ".") && !seen.contains(imported) {
        // Only a module that defines classes can add models.
        guard let other = modules.module(imported), !other.classes.isEmpty else { continue }
        conditional.append("\(imported) (imported under a condition at \(module.file):\(line))")
      }
    }
    return order
  }
}
