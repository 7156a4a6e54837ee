import OrderedCollections
import ParapetFacts

/// dynaconf's Django integration (3.x), `settings = DjangoDynaconf(__name__, ...)` at the end of
/// a settings module (dynaconf/contrib/django_dynaconf_v2.py). It builds a `LazySettings` whose
/// defaults are the module's upper-case names and the call's keywords, with Django's option
/// defaults (prefix `DJANGO`, switcher `DJANGO_ENV`, environments, `.env`, `settings.*` searched
/// from the module's folder), loads it as any dynaconf object loads (`dynaconfLoad`), and writes
/// every setting back into the module.
///
/// What the model cannot follow keeps the settings it may touch unknown, naming the feature:
/// a part of the load that may set any setting (`dynaconf_hooks.py`, YAML/INI files,
/// `*_FOR_DYNACONF` variables, a hook whose result is not known, a Validator with `cast=`) makes
/// every setting unknown; an unknown preload list every setting no later source sets; a dict
/// merge or a lazy `@format` value only its setting. docs/facts/django.md lists them.
extension PythonEvaluator {
  /// `dynaconf.Validator(...)` values (`dynaconf.Validator#<index>`).
  static let dynaconfValidatorType = "dynaconf.Validator"
  /// The file extensions dynaconf's file loaders claim (constants.ALL_EXTENSIONS, and `.py`).
  static let dynaconfExtensions = [".ini", ".conf", ".properties", ".toml", ".tml", ".yaml", ".yml", ".json", ".py"]

  /// Python's `str.isupper()`: some cased character, none lower-case.
  static func isPythonUpper(_ name: String) -> Bool {
    name.contains { $0.isUppercase } && !name.contains { $0.isLowercase }
  }

  /// The option a keyword or `*_FOR_DYNACONF` name stands for: lower case, without the suffix.
  static func dynaconfOption(_ name: String) -> String {
    var option = name.lowercased()
    if option.hasSuffix("_for_dynaconf") { option = String(option.dropLast("_for_dynaconf".count)) }
    switch option {
    case "settings_files", "settings_module": return "settings_file"
    case "environment": return "environments"
    default: return option
    }
  }

  func djangoDynaconf(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    let module = frame.module
    let line = location.line ?? 0
    /// Every setting of the module becomes unknown: a part of the load Parapet cannot follow may
    /// set any of them (or new ones).
    func giveUp(_ feature: String) -> PythonValue {
      notes.append("\(location): dynaconf.DjangoDynaconf(): \(feature); every setting may change")
      let unseen = "dynaconf.DjangoDynaconf() at \(location): \(feature)"
      if !unseenModuleReasons.contains(unseen) { unseenModuleReasons.append(unseen) }
      module.degraded = true
      module.hasOpaqueImports = true
      let reason = "may be overridden by dynaconf.DjangoDynaconf() (line \(line)): \(feature)"
      for name in Array(module.namespace.keys) where Self.isPythonUpper(name) {
        bind(name, .unknown(reason, at: location), frame, location: location)
      }
      return .unknown("dynaconf.DjangoDynaconf(): \(feature)", at: location)
    }
    if let first = positional.first, first.stringValue != module.name {
      return giveUp("the settings module it names is not the calling module")
    }
    let settingsFile = module.path.map(PythonModuleResolver.virtualPath) ?? PythonModuleResolver.virtualPath(frame.file)
    var request = DynaconfLoadRequest(call: "dynaconf.DjangoDynaconf()")
    request.defaultPrefix = "DJANGO"
    request.defaultSwitcher = "DJANGO_ENV"
    request.defaultEnvironments = true
    request.defaultDotenv = true
    request.searchesDefaultFiles = true
    request.rootPath = PythonModuleResolver.dirname(settingsFile)
    request.skippedFile = settingsFile
    request.loadedModules = [module.name]
    request.loadedFiles = [settingsFile]
    // Options: `*_FOR_DYNACONF` names of the module, then the keywords.
    for name in module.namespace.keys.sorted() where Self.isPythonUpper(name) {
      let value = module.namespace[name]!.value
      if name.hasSuffix("_FOR_DYNACONF") { request.options[Self.dynaconfOption(name)] = value } else { request.defaults[name] = value }
    }
    for (name, value) in keywords {
      if name == "**" { return giveUp("keywords Parapet cannot see (**)") }
      if Self.isPythonUpper(name), !name.hasSuffix("_FOR_DYNACONF") {
        request.defaults[name] = value
        request.origins[name] = location
      } else {
        request.options[Self.dynaconfOption(name)] = value
      }
    }
    switch try dynaconfLoad(request, frame, at: location) {
    case .opaque(let feature):
      return giveUp(feature)
    case .loaded(let store, let changed, let origins, _, let currentEnv, let open):
      if open {
        module.degraded = true
        module.hasOpaqueImports = true
      }
      // populate_obj: every setting back into the module (dynaconf's own options are not).
      for (key, value) in store where changed.contains(key) && !key.hasSuffix("_FOR_DYNACONF") {
        var written = value
        if written.location == nil { written.location = origins[key] ?? location }
        bind(key, written, frame, location: origins[key] ?? location)
      }
      let object = dynaconfSettingsObject(store, currentEnv: currentEnv, open: open, at: location)
      bind("DYNACONF", object, frame, location: location)
      return object
    }
  }

  /// The settings object a hook receives and dynaconf returns: attribute access in either
  /// case, `get` (`dynaconfGet`), `in`, `current_env`.
  /// `open`: settings may exist that the store does not list (an unknown preload): absent
  /// names are then unknown, not absent.
  func dynaconfSettingsObject(_ store: OrderedDictionary<String, PythonValue>, currentEnv: String, open: Bool = false, at location: SourceLocation) -> PythonValue {
    let object = PythonModule(name: Self.dynaconfSettingsType, path: nil)
    object.finished = true
    object.degraded = open
    for (key, value) in store {
      for spelling in Set([key, key.lowercased()]) {
        object.namespace[spelling] = PythonBinding(value: value, location: location, history: [])
      }
    }
    let lookup = PythonDict()
    for (key, value) in store { lookup.entries[.string(key)] = (PythonValue(.string(key)), value) }
    let get = PythonValue(.builtin(Self.dynaconfGetCall + (open ? "+open" : ""), receiver: [PythonValue(.dict(lookup))]), at: location)
    object.namespace["get"] = PythonBinding(value: get, location: location, history: [])
    object.namespace["current_env"] = PythonBinding(value: PythonValue(.string(currentEnv), at: location), location: location, history: [])
    return PythonValue(.module(object), at: location)
  }

  /// The converter (`@int`, `@format`...) a string in the value starts with, if any: dynaconf
  /// applies them to every value it sets, not only to variables.
  static func dynaconfConverterText(_ value: PythonValue) -> String? {
    switch value.kind {
    case .string(let text):
      guard text.hasPrefix("@") else { return nil }
      let head = String(text.split(separator: " ", maxSplits: 1).first ?? "")
      let converters: Set<String> = [
        "@str", "@int", "@float", "@bool", "@json", "@format", "@jinja", "@reset", "@del", "@merge", "@merge_unique",
        "@insert", "@read_file", "@get", "@none", "@empty", "@note", "@comment", "@raw",
      ]
      return converters.contains(head) ? head : nil
    case .list(let list): return list.items.lazy.compactMap(dynaconfConverterText).first
    case .tuple(let items): return items.lazy.compactMap(dynaconfConverterText).first
    case .dict(let dict): return dict.entries.values.lazy.compactMap { dynaconfConverterText($0.value) }.first
    default: return nil
    }
  }

  /// A dotted set (`A__b__c` or `A.b.c`): the value at the path inside a copy of the existing
  /// dict (keys matched case-insensitively, as object_merge does), new dicts where there are none.
  static func dynaconfNestedSet(
    _ existing: PythonValue?, _ path: [String], _ value: PythonValue, name: String, at location: SourceLocation
  ) -> PythonValue {
    let unknown = PythonValue.unknown("set through the nested name \(name), over a value that is not known", at: location).merging([value])
    if let existing, existing.isUnknown { return unknown.merging([existing]) }
    if value.isUnknown { return unknown }
    if case .dict = value.kind { return .unknown("a dict set through the nested name \(name) (merging dicts is not modelled)", at: location) }
    var seen: [ObjectIdentifier: AnyObject] = [:]
    var root = PythonValue(.dict(PythonDict()), at: location)
    if let existing, case .dict = existing.kind { root = existing.deepCopy(&seen) }
    var current = root
    for (position, part) in path.enumerated() {
      guard case .dict(let dict) = current.kind else { return unknown }
      let matched = dict.entries.values.first(where: { $0.key.stringValue == part })
        ?? dict.entries.values.first(where: { $0.key.stringValue?.lowercased() == part.lowercased() })
      let keyValue = matched?.key ?? PythonValue(.string(part))
      let key = PythonKey.string(keyValue.stringValue ?? part)
      if position == path.count - 1 {
        dict.entries[key] = (keyValue, value)
      } else if let child = matched?.value, case .dict = child.kind {
        current = child
      } else {
        let child = PythonValue(.dict(PythonDict()), at: location)
        dict.entries[key] = (keyValue, child)
        current = child
      }
    }
    return root.merging([value])
  }

  /// Settings.set's merge of a new value into an existing one: with `forced` (a file's or hook's
  /// `dynaconf_merge`), or when the new value carries `dynaconf_merge` itself. Lists: the
  /// existing items first (`dynaconf_merge_unique`: those not in the new list). Dicts are not
  /// modelled (unknown).
  static func dynaconfMerge(_ existing: PythonValue, _ new: PythonValue, forced: Bool, at location: SourceLocation) -> PythonValue {
    switch new.kind {
    case .list(let list):
      var items = list.items
      var merge = forced
      var unique = false
      if let index = items.firstIndex(where: { $0.stringValue == "dynaconf_merge" }) {
        items.remove(at: index)
        merge = true
      } else if let index = items.firstIndex(where: { $0.stringValue == "dynaconf_merge_unique" }) {
        items.remove(at: index)
        merge = true
        unique = true
      }
      guard merge else { return new }
      if case .none = existing.kind { return PythonValue(.list(PythonList(items)), at: new.location).merging([new]) }
      guard case .list(let old) = existing.kind else {
        if existing.isUnknown { return existing.merging([new]) }
        return PythonValue(.list(PythonList(items)), at: new.location).merging([new])
      }
      let kept = old.items.filter { item in !unique || !items.contains { PythonValue.equal($0, item) == true } }
      return PythonValue(.list(PythonList(kept + items)), at: new.location).merging([existing, new])
    case .dict(let dict):
      let marked = dict.entries[.string("dynaconf_merge")] != nil || dict.entries[.string("dynaconf_merge_unique")] != nil
      guard forced || marked else { return new }
      if case .none = existing.kind { return new }
      return .unknown("merged into the existing dict by dynaconf_merge (dict merging is not modelled)", at: location).merging([existing, new])
    default:
      return new
    }
  }
}
