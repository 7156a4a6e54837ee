import Foundation
import OrderedCollections
import ParapetFacts

/// Which environment the Django settings are evaluated under (docs/facts/django.md,
/// "Environment").
///
/// - An explicit production environment (`--env`, `--env-file`, `[env]`/`env_files` in
///   `parapet.toml`) is used exactly: nothing from the deployment files fills its gaps.
/// - Otherwise every runtime that starts Django in the deployment files is evaluated on its own
///   and becomes a target: `django` holds the first, `django_targets.<name>` holds each (the
///   pipeline evaluates the rules that read `django` once per target). Development runtimes are
///   skipped unless asked for, with the reason in `django.runtimes` and `scan.notes`.
/// - With no runtime, the code's defaults are used (no variable set), and a note says so.
enum DjangoTargets {
  static func read(
    _ bundle: EvidenceBundle, into facts: inout FactTree, context given: ScanContext, reader: DjangoSettingsReader
  ) -> [EvidenceError] {
    if given.environmentGiven {
      let errors = reader.evaluate(bundle, into: &facts, context: given)
      if facts.lookup("django.settings") != nil {
        facts.set(["django", "environment_source"], .string("given"))
      }
      if !given.runtimes.isEmpty || given.includeDevelopmentRuntimes {
        facts.append(
          ["scan", "notes"],
          .string("--runtime and --include-dev-runtimes are ignored: the production environment was given (--env/--env-file), and the settings were evaluated under exactly it"))
      }
      if facts.lookup("django.settings_module") == nil, let manager = bundle.files.first(where: { $0.name == "manage.py" }) {
        facts.append(["scan", "notes"], .string(Self.unnamedSettingsNote(manager: manager, bundle: bundle)))
      }
      return errors
    }
    // The code's defaults first: the fallback, and the list of variables the settings read.
    var defaults = FactTree()
    var errors = reader.evaluate(bundle, into: &defaults, context: given)
    if defaults.lookup("django.settings_module") == nil, let manager = bundle.files.first(where: { $0.name == "manage.py" }) {
      // A Django project whose settings module nothing names: say how to name it, since the
      // checks that read the settings then have nothing to evaluate.
      facts.append(["scan", "notes"], .string(Self.unnamedSettingsNote(manager: manager, bundle: bundle)))
    }
    guard let django = defaults.lookup("django") else { return errors }
    guard defaults.lookup("django.settings_module") != nil else {
      facts.set(["django"], django)
      return errors
    }
    let read = variablesRead(django)
    let found = DjangoRuntime.find(bundle, context: given).filter { runtime in
      runtime.startsDjango
        || !read.isDisjoint(with: Set(runtime.environment.keys).union(runtime.unknownVariables.keys))
    }
    var chosen: [DjangoRuntime] = []
    var skipped: [(DjangoRuntime, String)] = []
    if !given.runtimes.isEmpty {
      for wanted in given.runtimes {
        let matches = found.filter { $0.name == wanted }.isEmpty
          ? found.filter { $0.name.contains(wanted) } : found.filter { $0.name == wanted }
        if matches.isEmpty {
          let names = found.map(\.name).joined(separator: "; ")
          errors.append(
            EvidenceError(
              "--runtime \(wanted): no runtime of the deployment files has this name (runtimes: \(names.isEmpty ? "none" : names))",
              at: SourceLocation(file: "--runtime"), reader: reader.kind))
        }
        for match in matches where !chosen.contains(where: { $0.name == match.name }) { chosen.append(match) }
      }
      for runtime in found where !chosen.contains(where: { $0.name == runtime.name }) {
        skipped.append((runtime, "not named by --runtime"))
      }
    } else {
      for runtime in found {
        if let reason = runtime.development, !given.includeDevelopmentRuntimes {
          skipped.append((runtime, "development: \(reason)"))
        } else {
          chosen.append(runtime)
        }
      }
    }

    var notes: [Fact] = []
    var targets: OrderedDictionary<String, Fact> = [:]
    for runtime in chosen {
      var context = ScanContext(
        environment: runtime.environment, environmentSources: runtime.environmentSources,
        djangoSettingsModule: given.djangoSettingsModule, options: given.options, environmentGiven: true)
      // What the user said wins over what the runtime mounts at the same server path.
      context.serverFolders = given.serverFolders
      context.installedPackages = given.installedPackages
      context.imageFiles = runtime.imageFiles
      for mount in runtime.mounts where !given.serverFolders.mounts.contains(where: { $0.server == mount.server }) {
        context.serverFolders.mounts.append(mount)
      }
      let unknownRead = read.intersection(runtime.unknownVariables.keys)
      if runtime.environmentIncomplete || !unknownRead.isEmpty {
        // Variables set outside the evidence: a variable this runtime does not show may be set,
        // so it is unknown rather than the code's default.
        context.options["django.unset-variables"] = "unknown"
        if let reason = runtime.incompleteEnvironment { context.options["django.unset-variables.reason"] = reason }
      }
      var tree = FactTree()
      errors += reader.evaluate(bundle, into: &tree, context: context)
      tree.set(["django", "environment_source"], .string("runtime", at: runtime.location))
      tree.set(["django", "target"], .string(runtime.name, at: runtime.location))
      if let subtree = tree.lookup("django") { targets[runtime.name] = subtree }
    }
    let runtimesFact = Fact.list(found.map { runtime in
      var entry: OrderedDictionary<String, Fact> = [
        "name": .string(runtime.name, at: runtime.location), "kind": .string(runtime.kind, at: runtime.location),
        "file": .string(runtime.file, at: runtime.location),
        "evaluated": .bool(chosen.contains { $0.name == runtime.name }, at: runtime.location),
      ]
      if let reason = skipped.first(where: { $0.0.name == runtime.name })?.1 {
        entry["skipped"] = .string(reason, at: runtime.location)
      }
      if let development = runtime.development { entry["development"] = .string(development, at: runtime.location) }
      if runtime.environmentIncomplete || !runtime.unknownVariables.isEmpty {
        entry["unknown_variables"] = .list(runtime.unknownVariables.keys.sorted().map { .string($0, at: runtime.location) })
      }
      return .map(entry, at: runtime.location)
    })
    for (runtime, reason) in skipped {
      notes.append(
        .string(
          "Django runtime \(runtime.name) was not evaluated (\(reason)); --runtime '\(runtime.name)' evaluates it",
          at: runtime.location))
    }
    if targets.isEmpty {
      var primary = django
      primary = primary.setting("environment_source", .string("defaults"))
      facts.set(["django"], primary)
      notes.insert(
        .string(
          "no production environment was given (--env-file) and no runtime in the deployment files starts Django"
            + (skipped.isEmpty ? "" : " outside development")
            + ": the settings were evaluated with the code's defaults (every variable unset)"),
        at: 0)
    } else {
      if targets.count > 1 {
        notes.insert(
          .string("no production environment was given: the Django settings were evaluated once per runtime (\(targets.keys.joined(separator: "; "))); each finding names its target"),
          at: 0)
      }
      for name in targets.keys { targets[name] = targets[name]!.setting("runtimes", runtimesFact) }
      facts.set(["django"], targets.values.first!)
      facts.set(["django_targets"], .map(targets))
    }
    facts.set(["django", "runtimes"], runtimesFact)
    for note in notes { facts.append(["scan", "notes"], note) }
    // The same file errors come back from each evaluation: keep one of each.
    var seen = Set<String>()
    return errors.filter { seen.insert($0.description).inserted }
  }

  /// Every environment variable the settings read (from the provenance of every setting), plus
  /// the settings module variable.
  static func variablesRead(_ django: Fact) -> Set<String> {
    var names: Set<String> = ["DJANGO_SETTINGS_MODULE"]
    guard case .map(let provenance)? = django["provenance"]?.value else { return names }
    for (_, entry) in provenance {
      guard case .list(let variables)? = entry["variables"]?.value else { continue }
      for variable in variables { if let name = variable.value.stringValue { names.insert(name) } }
    }
    return names
  }

  /// Why no settings were evaluated when a `manage.py` names no module, and how to name one.
  static func unnamedSettingsNote(manager: EvidenceFile, bundle: EvidenceBundle) -> String {
    let modules = bundle.files
      .filter { $0.name.hasSuffix(".py") && !$0.name.dropLast(3).contains(".") && $0.name != "__init__.py" }
      .filter { $0.name == "settings.py" || $0.path.contains("/settings/") }
      .map { String($0.path.dropLast(3)).replacingOccurrences(of: "/", with: ".") }
      .sorted()
    let found = modules.isEmpty ? "" : " (modules that look like settings: \(modules.prefix(6).joined(separator: ", "))\(modules.count > 6 ? ", …" : ""))"
    return "Django settings not evaluated: \(manager.path) does not set DJANGO_SETTINGS_MODULE and neither does the "
      + "environment; name the module Django runs with --env DJANGO_SETTINGS_MODULE=MODULE (or --env-file) or "
      + "--django-settings MODULE\(found)"
  }
}

extension Fact {
  /// A copy of a map fact with `key` set.
  func setting(_ key: String, _ value: Fact) -> Fact {
    guard case .map(var entries) = self.value else { return self }
    entries[key] = value
    return .map(entries, at: location)
  }
}
