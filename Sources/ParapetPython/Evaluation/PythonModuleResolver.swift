/// Maps Python module names to files of the evidence bundle, the way `sys.path` would with the
/// project folder (where `manage.py` is) first, or the folders its entry point puts on `sys.path`.
///
/// Files are addressed in Python code through a virtual absolute path: the bundle root is
/// `/project`, so `Path(__file__).resolve().parent.parent` of `mysite/settings.py` is
/// `/project`, and paths in facts never reveal where the scan ran.
import ParapetFacts

/// The Django reader builds one from the evidence bundle's files.
public struct PythonModuleResolver: Sendable {
  public static let virtualRoot = "/project"

  package let files: [String: EvidenceFile]
  package let directories: Set<String>
  /// Bundle-relative folders searched for top-level modules, in order ("" is the bundle root).
  package internal(set) var roots: [String]
  /// The folder Django runs in (where `manage.py` is), whatever the search order.
  package let workingRoot: String
  /// Symbolic links of the bundle (not followed), by bundle path: their destination as written.
  package let links: [String: String]
  /// Modules a project's runner creates from a file before Django imports them
  /// (`spec_from_file_location(name, path)` + `sys.modules[name] = …`): module name to bundle
  /// path. They take precedence over the search path, as `sys.modules` does in Python.
  package var moduleFiles: [String: String] = [:]
  /// What the user said about the server's files outside the project folder (`--server-dir`,
  /// `--server-missing`).
  public var serverFolders = ServerFolders()
  /// Folders of the bundle that exist but were not walked (`EvidenceBundle.unwalkedFolders`):
  /// a listing that reaches into one cannot be known.
  public var unwalkedFolders: Set<String> = []
  /// The folders certainly on `sys.path` where Django runs (the entry point's search path:
  /// its folder, `PYTHONPATH`, the project's install, its own `sys.path` changes), when the
  /// reader knows them all; nil otherwise. A top-level module found only in another search
  /// folder (the scan root) may not be importable there (`offPath(_:)`).
  public var pathRoots: Set<String>?
  /// The folders holding a `manage.py`.
  package let managerFolders: Set<String>
  /// The packages installed where Django runs (`--site-packages`), when the user gave them.
  public var installed: InstalledPackages?
  /// The top-level packages read from `installed`, searched after the bundle's folders as
  /// site-packages comes after them on `sys.path`. Callers decide which
  /// (`readFromInstalledPackages`, for star imports and INSTALLED_APPS); any other stays unseen.
  package var installedTopLevels: Set<String> = []
  /// Whether git ignores a bundle path (the tree's `.gitignore` files), when the reader knows:
  /// the `.gitignore` line that ignores it (`file:line \`pattern\``), or nil. An ignored file
  /// is never in a checkout (see `isIgnoredTopLevel` and `ignoredAbsence(of:)`).
  public var gitIgnores: (@Sendable (_ path: String, _ isDirectory: Bool) -> String?)?

  /// `files` are the bundle's files; `preferredRoot` is the folder searched first (Django's
  /// working directory); `links` are the bundle's symbolic links (`EvidenceBundle.symbolicLinks`).
  /// `searchPath`, when given, is `sys.path` as the entry point leaves it (bundle folders, in
  /// order, `preferredRoot` among them): it replaces `preferredRoot` at the front. `folders` are
  /// the folders the walk met (`EvidenceBundle.folders`): empty ones and unread ones exist too.
  public init(
    files bundleFiles: [EvidenceFile], preferredRoot: String?, links: [String: String] = [:],
    searchPath: [String] = [], folders: Set<String> = []
  ) {
    var files: [String: EvidenceFile] = [:]
    var directories: Set<String> = folders.union([""])
    var managers: [String] = []
    for file in bundleFiles {
      files[file.path] = file
      var parts = file.path.split(separator: "/").map(String.init)
      if parts.last == "manage.py" { managers.append(parts.dropLast().joined(separator: "/")) }
      parts.removeLast()
      while !parts.isEmpty {
        directories.insert(parts.joined(separator: "/"))
        parts.removeLast()
      }
    }
    var roots: [String] = []
    for folder in searchPath where !roots.contains(folder) { roots.append(folder) }
    if let preferredRoot, !roots.contains(preferredRoot) { roots.append(preferredRoot) }
    for manager in managers.sorted(by: { ($0.count, $0) < ($1.count, $1) }) where !roots.contains(manager) {
      roots.append(manager)
    }
    if !roots.contains("") { roots.append("") }
    self.files = files
    self.directories = directories
    self.roots = roots
    self.workingRoot = preferredRoot ?? roots.first ?? ""
    self.managerFolders = Set(managers)
    self.links = links
  }

  /// The symbolic link Python would import for module `name` (`name.py`, or a linked package
  /// folder), when one comes before any module file in the search order: its bundle path and
  /// destination. Parapet cannot read what it leads to.
  package func link(_ name: String) -> (path: String, destination: String)? {
    guard !links.isEmpty, moduleFiles[name] == nil else { return nil }
    let relative = name.replacingOccurrences(of: ".", with: "/")
    for root in roots {
      let base = Self.join(root, relative)
      if files[base + ".py"] != nil || files[base + "/__init__.py"] != nil { return nil }
      for candidate in [base + ".py", base] {
        if let destination = links[candidate] { return (candidate, destination) }
      }
    }
    return nil
  }

  private static func join(_ folder: String, _ name: String) -> String {
    folder.isEmpty ? name : folder + "/" + name
  }

  /// The file at bundle path `path`: one of the bundle's, or one of the installed packages'
  /// (`InstalledPackages`, read when asked).
  package func file(_ path: String) -> EvidenceFile? {
    if let file = files[path] { return file }
    return installed?.file(path)
  }

  /// True when bundle path `path` is a folder of the bundle or of the installed packages.
  package func isDirectory(_ path: String) -> Bool {
    directories.contains(path) || (installed?.isDirectory(path) ?? false)
  }

  /// True when bundle path `path` lies in the installed packages, not in the scanned files.
  package func isInstalled(_ path: String) -> Bool {
    files[path] == nil && (installed?.owns(path) ?? false)
  }

  /// The bundle file of module `name` (`mysite.settings`): a module file or a package's
  /// `__init__.py`. `isPackage` is true for packages (including folders without `__init__.py`,
  /// which Python treats as namespace packages; their `path` is nil).
  ///
  /// As Python's path finder does (PEP 420): a top-level name is looked for in each search
  /// folder in turn, a submodule in its package's folders (`__path__`). In one folder a
  /// regular package (`name/__init__.py`) comes before a module (`name.py`), and either ends the
  /// search; a folder `name` without `__init__.py` is only a portion of a namespace package,
  /// which exists when no folder has the package or module. So a regular package later on the
  /// path beats a namespace portion found first (OpenCVE's `web/opencve` against an operator's
  /// `opencve/__init__.py` on `PYTHONPATH`).
  package func locate(_ name: String) -> (path: String?, isPackage: Bool)? {
    if let path = moduleFiles[name], files[path] != nil { return (path, false) }
    switch find(name) {
    case .module(let path): return (path, false)
    case .package(let initFile): return (initFile, true)
    case .namespace: return (nil, true)
    case nil: return nil
    }
  }

  /// What the path finder finds for `name`.
  private enum Found {
    case module(String)
    /// A regular package: its `__init__.py`.
    case package(String)
    /// A namespace package: its portions, in search order.
    case namespace([String])
  }

  private func find(_ name: String) -> Found? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard let last = parts.last, !last.isEmpty else { return nil }
    let folders: [String]
    if parts.count == 1 {
      folders = roots + (installedTopLevels.contains(String(last)) ? installed?.roots ?? [] : [])
    } else {
      let parent = parts.dropLast().joined(separator: ".")
      if let path = moduleFiles[parent], files[path] != nil {
        // A module a runner registered by file: a package when the file is an `__init__.py`.
        guard path.hasSuffix("/__init__.py") else { return nil }
        folders = [Self.dirname(path)]
      } else {
        switch find(parent) {
        case .package(let initFile)?: folders = [Self.dirname(initFile)]
        case .namespace(let portions)?: folders = portions
        case .module?, nil: return nil
        }
      }
    }
    var portions: [String] = []
    for folder in folders {
      let base = Self.join(folder, String(last))
      if file(base + "/__init__.py") != nil { return .package(base + "/__init__.py") }
      if file(base + ".py") != nil { return .module(base + ".py") }
      if !base.isEmpty, isDirectory(base) { portions.append(base) }
    }
    return portions.isEmpty ? nil : .namespace(portions)
  }

  /// The search folder holding top-level module `name` when it is not one of `pathRoots`
  /// (nil when it is, when the module is not in the bundle, or when the path is not known).
  /// Another `manage.py`'s folder does not count: which of two entry points Django runs from
  /// is itself a guess (tabbycat has one at the root and one in `tabbycat/`).
  package func offPath(_ name: String) -> String? {
    guard let pathRoots, moduleFiles[name] == nil, let index = rootIndex(of: name) else { return nil }
    let folder = roots[index]
    return pathRoots.contains(folder) || managerFolders.contains(folder) ? nil : folder
  }

  /// The path of bundle folder `target` relative to bundle folder `base` (`..`, `../src`, `.`),
  /// as a `PYTHONPATH` entry Python resolves from the working directory.
  package static func relativePath(from base: String, to target: String) -> String {
    let from = base.split(separator: "/").map(String.init)
    let to = target.split(separator: "/").map(String.init)
    var common = 0
    while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
    let parts = Array(repeating: "..", count: from.count - common) + to[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  /// The position in `roots` of the folder Python finds the top-level package of `name` in.
  package func rootIndex(of name: String) -> Int? {
    let top = String(name.split(separator: ".").first ?? "")
    guard !top.isEmpty else { return nil }
    return roots.firstIndex { root in
      let base = Self.join(root, top)
      return files[base + ".py"] != nil || files[base + "/__init__.py"] != nil || directories.contains(base)
    }
  }

  /// True when the top-level module `name` is absent from the bundle and the tree's
  /// `.gitignore` ignores it where Python would look (`name.py` or the folder `name` in a search
  /// folder): a file kept out of the repository on purpose, a local override such as etebase's
  /// `etebase_server_settings.py`. The scan stands for the deployed checkout, which lacks it.
  package func isIgnoredTopLevel(_ name: String) -> Bool {
    guard let gitIgnores, !name.contains("."), locate(name) == nil, !StandardLibrary.contains(name) else { return false }
    // A search folder git ignores itself (`build/lib`) says nothing about one name in it.
    return roots.contains { root in
      guard root.isEmpty || gitIgnores(root, true) == nil else { return false }
      let base = Self.join(root, name)
      return gitIgnores(base + ".py", false) != nil || gitIgnores(base, true) != nil
    }
  }

  /// Why the file at `virtual` is certainly not in the checkout Django runs in, or nil: it lies
  /// in the scanned tree, the scan does not hold it (nor a link, a folder, or a folder the walk
  /// did not enter or a runtime mounts), and the tree's `.gitignore` ignores it (peeringdb's
  /// `mainsite/settings/prod.py`, kept out of the repository on purpose). The same evidence
  /// decides a missing folder (`ScannedFolders`) and an ignored top-level module.
  package func ignoredAbsence(of virtual: String) -> String? {
    guard let gitIgnores, let inside = Self.bundlePath(Self.normalize(virtual)), !inside.isEmpty,
      files[inside] == nil, links[inside] == nil, !directories.contains(inside), !mayExistBeyondScan(virtual),
      installed?.owns(inside) != true
    else { return nil }
    var folder = inside
    while let slash = folder.lastIndex(of: "/") {
      folder = String(folder[..<slash])
      if unwalkedFolders.contains(folder) || links[folder] != nil { return nil }
    }
    return gitIgnores(inside, false).map { "git ignores it (\($0)), so the checkout Django runs in lacks it" }
  }

  /// True when the top-level package of `name` is in the bundle.
  package func hasTopLevel(_ name: String) -> Bool {
    let top = String(name.split(separator: ".").first ?? "")
    return !top.isEmpty && locate(top) != nil
  }

  package static func virtualPath(_ bundlePath: String) -> String {
    virtualRoot + "/" + bundlePath
  }

  /// The bundle path of a virtual absolute path, when it is inside the bundle.
  package static func bundlePath(_ virtual: String) -> String? {
    let normalized = normalize(virtual)
    if normalized == virtualRoot { return "" }
    guard normalized.hasPrefix(virtualRoot + "/") else { return nil }
    return String(normalized.dropFirst(virtualRoot.count + 1))
  }

  /// The virtual path Parapet reads the server path `absolute` at: itself, or its place in a
  /// folder of the bundle the user said holds that server folder (`ServerFolders`).
  package func serverPath(_ absolute: String) -> String {
    serverFolders.virtualPath(Self.normalize(absolute))
  }

  /// The bundle path of a server path, when the scan can see it: inside the project folder or a
  /// folder given with `--server-dir`.
  package func visiblePath(_ absolute: String) -> String? {
    Self.bundlePath(serverPath(absolute))
  }

  /// True when the user said the server has nothing at the virtual path `virtual`: it was
  /// declared missing, or it lies in a folder given with `--server-dir` that does not hold it.
  package func declaredAbsent(_ virtual: String) -> Bool {
    let path = Self.normalize(virtual)
    if serverFolders.isMissing(path) { return true }
    guard let inside = Self.bundlePath(path), files[inside] == nil, !directories.contains(inside) else { return false }
    return serverFolders.mounts.contains { $0.exact && $0.holds(bundlePath: inside) }
  }

  /// True when `virtual` (a virtual path) lies in a folder a runtime bind-mounts from the
  /// checkout (an inexact mount) and the scan does not hold it: the host's folder may.
  package func mayExistBeyondScan(_ virtual: String) -> Bool {
    guard let inside = Self.bundlePath(Self.normalize(virtual)), files[inside] == nil, !directories.contains(inside) else { return false }
    return serverFolders.mounts.contains { !$0.exact && $0.holds(bundlePath: inside) }
  }

  package func fileExists(_ virtual: String) -> Bool {
    guard let path = visiblePath(virtual) else { return false }
    return file(path) != nil
  }

  package func directoryExists(_ virtual: String) -> Bool {
    guard let path = visiblePath(virtual) else { return false }
    return isDirectory(path)
  }

  /// Collapses `.`, `..` and repeated slashes (`os.path.normpath` for absolute paths).
  package static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !absolute {
          parts.append(part)
        }
        continue
      }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// `os.path.dirname`.
  package static func dirname(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    let head = String(path[..<slash])
    if head.isEmpty { return "/" }
    return head.allSatisfy({ $0 == "/" }) ? head : String(head.reversed().drop { $0 == "/" }.reversed())
  }

  /// `os.path.basename`.
  package static func basename(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// `os.path.join`: a later absolute part restarts the path.
  package static func joinPaths(_ parts: [String]) -> String {
    var out = ""
    for part in parts {
      if part.hasPrefix("/") {
        out = part
      } else if out.isEmpty || out.hasSuffix("/") {
        out += part
      } else {
        out += "/" + part
      }
    }
    return out
  }

  /// `pathlib` parent: `/a/b` → `/a`, `/` → `/`, `a` → `.`.
  package static func pathParent(_ path: String) -> String {
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    if trimmed == "/" { return "/" }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    let head = String(trimmed[..<slash])
    return head.isEmpty ? "/" : head
  }

  /// A pathlib path as it prints: normalized separators, no trailing slash, `.` kept.
  package static func purePath(_ path: String) -> String {
    if path.isEmpty { return "." }
    let absolute = path.hasPrefix("/")
    let parts = path.split(separator: "/").filter { $0 != "." }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }
}
