import OrderedCollections
import ParapetFacts
import ParapetPython

/// `django.template_libraries`: the template tag libraries of the installed apps the scan holds,
/// read without running them (docs/facts/django.md, "Template tag libraries").
///
/// Django's `get_template_tag_modules()` imports `<app>.templatetags` for every installed app
/// and walks it (`pkgutil.walk_packages`: its modules, and those of its subpackages, which need
/// an `__init__.py`); each module that has a `register` attribute is a library, named by its
/// dotted path below `templatetags`. `templates.W003` (`templates.E003` before 5.1) reports a
/// name used by two modules. The reader lists, for each app of the scan, each such module and
/// whether it binds `register` at its top level; Django's own apps' libraries and the judgement
/// are the pack's.
enum DjangoTemplateLibraries {
  /// At most this many libraries are listed.
  static let entryLimit = 2000

  static func fact(installedApps: Fact?, modules: DjangoModelModules, declared: Set<String>, fallback: SourceLocation) -> Fact {
    var apps: [Fact] = []
    var libraries: [Fact] = []
    var unknowns: [Fact] = []
    let at = installedApps?.location ?? fallback
    func unknown(_ reason: String, _ location: SourceLocation) {
      guard unknowns.count < entryLimit else { return }
      unknowns.append(.map(["reason": .string(reason, at: location)], at: location))
    }
    var entries: [Fact] = []
    switch installedApps?.value {
    case .list(let items)?: entries = items
    case nil: break
    case .unknown(let why)?: unknown("INSTALLED_APPS is not known: \(why.reason)", at)
    default: unknown("INSTALLED_APPS is not a list", at)
    }
    var folders = Self.folders(modules.resolver.files.keys)
    for entry in entries {
      let location = entry.location ?? at
      guard let name = entry.value.stringValue else {
        unknown("an INSTALLED_APPS entry is not known", location)
        continue
      }
      var app: OrderedDictionary<String, Fact> = ["entry": .string(name, at: location)]
      switch DjangoModelFields.appSource(name, modules: modules, declared: declared) {
      case .django: app["source"] = .string("django", at: location)
      case .declared: app["source"] = .string("declared", at: location)
      case .unknown(let why):
        app["source"] = .string("unknown", at: location)
        unknown(why, location)
      case .scan(let package):
        app["source"] = .string("scan", at: location)
        app["module"] = .string(package, at: location)
        let tags = package + ".templatetags"
        guard let found = modules.resolver.locate(tags) else { break }
        guard let initFile = found.path, found.isPackage else {
          if found.isPackage {
            unknown("\(tags) is a namespace package, whose folders Parapet does not walk", location)
          }
          break
        }
        let folder = PythonModuleResolver.dirname(initFile)
        if let installed = modules.resolver.installed, modules.resolver.isInstalled(initFile) {
          // An app of the installed packages: its folders are listed from there.
          Self.addInstalled(folder, from: installed, to: &folders)
        }
        for module in walk(folder, package: tags, folders: folders) {
          guard libraries.count < entryLimit else { break }
          list(module, below: tags, app: name, modules: modules, into: &libraries, unknown: unknown)
        }
      }
      apps.append(.map(app, at: location))
    }
    return .map(
      ["apps": .list(apps, at: at), "libraries": .list(libraries, at: at), "unknowns": .list(unknowns, at: at)], at: at)
  }

  /// Lists the module as a library when it binds `register`, or why that is not known.
  private static func list(
    _ name: String, below package: String, app: String, modules: DjangoModelModules, into libraries: inout [Fact],
    unknown: (String, SourceLocation) -> Void
  ) {
    let library = String(name.dropFirst(package.count + 1))
    guard let module = modules.module(name) else {
      let file = modules.resolver.locate(name)?.path ?? name
      unknown("\(name) cannot be read: \(modules.failure(name) ?? file)", SourceLocation(file: file))
      return
    }
    let at = SourceLocation(file: module.file, line: 1, column: 1)
    if module.bindings["register"] != nil {
      libraries.append(
        .map(["name": .string(library, at: at), "module": .string(name, at: at), "app": .string(app, at: at)], at: at))
    } else if !module.starImports.isEmpty {
      unknown("\(name) star-imports \(module.starImports.joined(separator: ", ")), which may bind register", at)
    }
  }

  /// The bundle's folders: the file names in each, and the subfolders of each that hold an
  /// `__init__.py` (regular packages), built once per scan.
  struct Folders {
    var files: [String: [String]] = [:]
    var packages: [String: [String]] = [:]
  }

  private static func folders(_ paths: Dictionary<String, EvidenceFile>.Keys) -> Folders {
    var result = Folders()
    for path in paths {
      let folder = PythonModuleResolver.dirname(path)
      let name = PythonModuleResolver.basename(path)
      result.files[folder, default: []].append(name)
      if name == "__init__.py", !folder.isEmpty {
        result.packages[PythonModuleResolver.dirname(folder), default: []].append(PythonModuleResolver.basename(folder))
      }
    }
    return result
  }

  /// Adds the installed folder `folder` and its subfolders to `folders`, as `folders(_:)` does
  /// for the bundle's.
  private static func addInstalled(_ folder: String, from installed: InstalledPackages, to folders: inout Folders, depth: Int = 0) {
    guard depth < 16, folders.files[folder] == nil, let names = installed.contents(of: folder) else { return }
    folders.files[folder] = names.filter { installed.file(folder + "/" + $0) != nil }
    for name in names where installed.file(folder + "/" + name + "/__init__.py") != nil {
      folders.packages[folder, default: []].append(name)
      addInstalled(folder + "/" + name, from: installed, to: &folders, depth: depth + 1)
    }
  }

  /// The modules `pkgutil.walk_packages` yields below a package folder, in its order (sorted
  /// names; a subpackage, one with `__init__.py`, before its own modules).
  private static func walk(_ folder: String, package: String, folders: Folders, depth: Int = 0) -> [String] {
    guard depth < 16 else { return [] }
    var names: Set<String> = []
    for file in folders.files[folder] ?? [] where file.hasSuffix(".py") && file != "__init__.py" {
      names.insert(String(file.dropLast(3)))
    }
    let packages = Set(folders.packages[folder] ?? [])
    var found: [String] = []
    for name in names.union(packages).sorted() where !name.contains(".") {
      found.append(package + "." + name)
      if packages.contains(name) {
        found += walk(folder.isEmpty ? name : folder + "/" + name, package: package + "." + name, folders: folders, depth: depth + 1)
      }
    }
    return found
  }
}
