import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.startup_imports`: the modules outside the scan that Django's start-up certainly
/// imports, each with the import that does it: an INSTALLED_APPS entry whose package is not
/// scanned (`app` true, at the entry), and the imports of the project's own apps. Each names
/// the declared packages that may provide it (`packages`, PEP 503 names, by
/// `PythonEvaluator.isProvided`; empty for an app no declared package's name matches), so a
/// pack can ask whether they are installed; `installed` is where the installed packages the
/// user gave hold its top-level package (`--site-packages`), when they do.
///
/// `apps.populate()` imports every INSTALLED_APPS entry's package, its `apps` module (from
/// Django 3.2) and its `models` module when they exist (and, under `django.contrib.admin`'s autodiscovery, its
/// `admin` module). A scanned module runs its top-level statements, so every import among them
/// that no `if`, `try`, function or class encloses runs too: scanned modules are followed,
/// others are listed. Read statically (`DjangoModelModules` parses, nothing runs). Packs match
/// the list against modules known to read settings while imported (owasp-django's
/// `data/startup-secret-key-readers.json`: simplejwt's settings module reads SECRET_KEY).
enum DjangoStartupImports {
  /// At most this many scanned modules are followed, and this many imports listed.
  static let moduleLimit = 2000
  static let entryLimit = 500

  /// `modules` is the reader's one parse of the scanned modules (shared with `DjangoModelFields`).
  static func fact(
    installedApps: Fact?, modules: DjangoModelModules, declared: Set<String>, series: String = DjangoGlobalSettings.series,
    fallback: SourceLocation
  ) -> Fact {
    guard case .list(let entries)? = installedApps?.value else { return .list([], at: fallback) }
    let names = entries.compactMap(\.value.stringValue)
    let autodiscovery = names.contains("django.contrib.admin") || names.contains("django.contrib.admin.apps.AdminConfig")
    var queue: [String] = []
    var listed: OrderedDictionary<String, Fact> = [:]
    func list(_ module: String, at: SourceLocation, place: String, app: Bool) {
      guard listed[module] == nil, listed.count < entryLimit else { return }
      let packages = declared.filter { PythonEvaluator.isProvided(module, by: [$0]) }.sorted()
      var entry: OrderedDictionary<String, Fact> = ["module": .string(module, at: at), "at": .string(place, at: at)]
      if app { entry["app"] = .bool(true, at: at) }
      entry["packages"] = .list(packages.map { .string($0, at: at) }, at: at)
      // The installed packages the user gave (`--site-packages`) have it: it is installed.
      if let path = modules.resolver.installedLocation(of: module) { entry["installed"] = .string(path, at: at) }
      listed[module] = .map(entry, at: at)
    }
    for entry in entries {
      guard let name = entry.value.stringValue else { continue }
      let source = DjangoModelFields.appSource(name, modules: modules, declared: declared)
      switch source {
      case .declared:
        // `apps.populate()` imports the entry itself (a package, or an AppConfig's module).
        let at = entry.location ?? installedApps?.location ?? fallback
        list(name, at: at, place: at.description, app: true)
      case .unknown where !modules.resolver.hasTopLevel(name):
        // Neither scanned nor, as far as names tell, declared: listed without packages, so a
        // pack can doubt that it is installed (Open Forms' extensions from an image build).
        let at = entry.location ?? installedApps?.location ?? fallback
        list(name, at: at, place: at.description, app: true)
      default:
        break
      }
      guard case .scan(let package) = source else { continue }
      queue.append(package)
      // Before 3.2 Django did not look for a package's `apps` module.
      let apps = DjangoGlobalSettings.isOlder(series, than: "3.2") ? [] : ["apps"]
      for submodule in apps + ["models"] + (autodiscovery ? ["admin"] : []) where modules.exists(package + "." + submodule) {
        queue.append(package + "." + submodule)
      }
    }
    var seen: Set<String> = []
    var budget = moduleLimit
    while !queue.isEmpty, budget > 0 {
      let name = queue.removeFirst()
      // Importing a.b.c runs a and a.b first.
      let parts = name.split(separator: ".").map(String.init)
      for end in 1...parts.count {
        let prefix = parts.prefix(end).joined(separator: ".")
        guard seen.insert(prefix).inserted, modules.exists(prefix) else { continue }
        budget -= 1
        guard let module = modules.module(prefix) else { continue }
        for (imported, line) in certainImports(of: module, modules: modules) {
          if modules.exists(imported) {
            queue.append(imported)
          } else {
            list(imported, at: SourceLocation(file: module.file, line: line), place: "\(module.file):\(line)", app: false)
          }
        }
      }
    }
    return .list(Array(listed.values), at: installedApps?.location ?? fallback)
  }

  /// The absolute names a module's top-level statements certainly import, with their lines:
  /// `import a.b` gives `a.b`; `from a import b` gives `a`, and `a.b` too when that is a
  /// scanned module (a submodule it imports).
  static func certainImports(of module: DjangoModelModules.Module, modules: DjangoModelModules) -> [(String, Int)] {
    var found: [(String, Int)] = []
    for statement in module.statements {
      switch statement {
      case .importModules(let aliases, let position):
        for alias in aliases { found.append((alias.name, position.line)) }
      case .importFrom(let name, let level, let names, let position):
        guard let source = DjangoModelModules.absolute(name, level: level, from: module) else { continue }
        found.append((source, position.line))
        for alias in names ?? [] where modules.exists(source + "." + alias.name) {
          found.append((source + "." + alias.name, position.line))
        }
      default:
        continue
      }
    }
    return found
  }
}
