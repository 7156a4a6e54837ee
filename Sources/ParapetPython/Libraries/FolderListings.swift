import ParapetFacts

/// Listing folders: `Path.glob`, `Path.rglob`, `Path.iterdir`, `glob.glob`/`glob.iglob`,
/// `os.listdir` and `os.walk` (and `os.scandir`, a source model over `os.listdir`), as settings
/// use them to discover plugins, settings fragments or secret files.
///
/// A folder of the scan (or a server folder given with `--server-dir`) lists what the scan holds
/// there. It is not known when the listing would reach into a folder the scan did not walk
/// (version control, virtual environments, `--exclude`), a symbolic link, a folder a runtime
/// bind-mounts from the checkout (the host's copy may hold more), or a server folder nobody
/// described. Python lists in the file system's order, which no evidence shows: Parapet lists
/// in sorted order, and every known use it met sorts the result itself.
extension PythonEvaluator {
  /// What a listing of one folder can say.
  enum FolderListing {
    /// Matching paths relative to the folder, sorted.
    case entries([String])
    /// The folder does not exist.
    case missing
    /// The path is a file.
    case file
    case unknown(String)
  }

  /// The entries of the folder `shown` (as the code wrote it: relative to Django's working
  /// folder, or absolute) whose relative paths match `pattern`.
  func listFolder(_ shown: String, pattern: [Substring], recursive: Bool, hidden: Bool) -> FolderListing {
    let absolute = shown.hasPrefix("/") ? shown : PythonModuleResolver.joinPaths([workingDirectory, shown])
    let virtual = resolver.serverPath(PythonModuleResolver.normalize(absolute))
    guard let inside = PythonModuleResolver.bundlePath(virtual) else {
      if resolver.declaredAbsent(virtual) { return .missing }
      return .unknown("the files in \(shown) on the server (\(ServerFolders.folderHint(virtual)))")
    }
    if resolver.file(inside) != nil { return .file }
    if resolver.installed?.owns(inside) == true {
      // Installed packages are read a file at a time, never listed.
      guard resolver.isDirectory(inside) else { return .missing }
      return .unknown("the files in \(shown), a folder of the installed packages, which Parapet reads but does not list")
    }
    guard resolver.directories.contains(inside) else {
      if resolver.mayExistBeyondScan(virtual) {
        return .unknown("the files in \(shown), a folder a runtime bind-mounts from the checkout, which the scan does not hold")
      }
      return .missing
    }
    if resolver.serverFolders.mounts.contains(where: { !$0.exact && $0.holds(bundlePath: inside) }) {
      return .unknown("the files in \(shown), a folder a runtime bind-mounts from the checkout: the server's copy may hold files the repository does not")
    }
    let prefix = inside.isEmpty ? "" : inside + "/"
    func relative(_ path: String) -> [Substring]? {
      guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
      return PythonGlob.segments(String(path.dropFirst(prefix.count)))
    }
    if resolver.unwalkedFolders.contains(inside) {
      return .unknown("the files in \(shown), a folder the scan did not walk")
    }
    for folder in resolver.unwalkedFolders.sorted() {
      if let parts = relative(folder), PythonGlob.mayEnter(pattern, parts, recursive: recursive, hidden: hidden) {
        return .unknown("the files in \(shown): the scan did not walk \(folder)")
      }
    }
    for link in resolver.links.keys.sorted() {
      if let parts = relative(link), PythonGlob.mayEnter(pattern, parts, recursive: recursive, hidden: hidden) {
        return .unknown("the files in \(shown): \(link) is a symbolic link, which the scan does not follow")
      }
    }
    // Each listing reads every path of the scan: charged, so a loop of listings stays linear.
    guard charge((resolver.files.count + resolver.directories.count) * Self.itemBytes) else {
      return .unknown("the files in \(shown): listing them again would exceed Parapet's evaluation budget")
    }
    var found: Set<String> = []
    for path in Array(resolver.files.keys) + Array(resolver.directories) where path.hasPrefix(prefix) {
      if let parts = relative(path), PythonGlob.matches(pattern, parts, recursive: recursive, hidden: hidden) {
        found.insert(parts.joined(separator: "/"))
      }
    }
    return .entries(found.sorted())
  }

  /// `Path.glob`, `Path.rglob` and `Path.iterdir` of the path `path`: a list of paths.
  func pathListing(
    _ method: String, _ path: String, _ receiver: PythonValue, _ positional: [PythonValue], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    var pattern: [Substring] = ["*"]
    if method != "iterdir" {
      guard let text = positional.first?.stringValue else {
        return .unknown("\(method)() of a pattern that is not known", at: location).merging([receiver] + positional)
      }
      if text.isEmpty {
        throw PythonException(type: "ValueError", message: "Unacceptable pattern: ''", location: location)
      }
      if text.hasPrefix("/") {
        throw PythonException(type: "NotImplementedError", message: "Non-relative patterns are unsupported", location: location)
      }
      pattern = PythonGlob.segments(text)
      if method == "rglob" { pattern.insert("**", at: 0) }
      // A final `**` lists folders only before Python 3.13 and files too from 3.13 on.
      if pattern.last == "**" { return .unknown("\(method)('\(text)'), whose result depends on the Python version", at: location) }
    }
    switch listFolder(path, pattern: pattern, recursive: true, hidden: true) {
    case .unknown(let why):
      return .unknown(why, at: location).merging([receiver] + positional)
    case .missing where method == "iterdir":
      throw Self.fileNotFound(path, why: "the folder does not exist", at: location)
    case .file where method == "iterdir":
      throw PythonException.operatingSystem("NotADirectoryError", errno: 20, strerror: "Not a directory", path: path, at: location)
    case .missing, .file:
      return PythonValue(.list(PythonList([])), at: location).merging([receiver] + positional)
    case .entries(let entries):
      let items = entries.map { PythonValue(.path(PythonModuleResolver.joinPaths([path, $0])), at: location) }
      return PythonValue(.list(PythonList(items)), at: location).merging([receiver] + positional)
    }
  }

  /// `glob.glob(pattern)`, `glob.iglob(pattern)` and `os.listdir(path)`: lists of strings.
  func moduleListing(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let sources = positional + keywords.map(\.1)
    func list(_ items: [String]) -> PythonValue {
      PythonValue(.list(PythonList(items.map { PythonValue(.string($0), at: location) })), at: location).merging(sources)
    }
    func text(_ value: PythonValue?) -> String? {
      switch value?.kind {
      case .string(let text)?, .path(let text)?: return text
      default: return nil
      }
    }
    switch name {
    case "os.listdir":
      let folder = positional.isEmpty ? "." : text(positional.first)
      guard let folder, keywords.isEmpty else { return .unknown("os.listdir() of a folder that is not known", at: location).merging(sources) }
      switch listFolder(folder, pattern: ["*"], recursive: false, hidden: true) {
      case .unknown(let why): return .unknown(why, at: location).merging(sources)
      case .missing: throw Self.fileNotFound(folder, why: "the folder does not exist", at: location)
      case .file: throw PythonException.operatingSystem("NotADirectoryError", errno: 20, strerror: "Not a directory", path: folder, at: location)
      case .entries(let entries): return list(entries)
      }
    case "glob.glob", "glob.iglob":
      guard let pattern = text(positional.first), positional.count == 1 else {
        return .unknown("\(name)() of a pattern that is not known", at: location).merging(sources)
      }
      var recursive = false
      var hidden = false
      for (keyword, value) in keywords {
        guard case .bool(let flag) = value.kind, keyword == "recursive" || keyword == "include_hidden" else {
          return .unknown("\(name)(\(keyword)=…) is not modelled", at: location).merging(sources)
        }
        if keyword == "recursive" { recursive = flag } else { hidden = flag }
      }
      let parts = PythonGlob.segments(pattern)
      guard !parts.isEmpty else { return list([]) }
      // The folder is the part before the first magic segment; a pattern without magic names one path.
      var split = parts.firstIndex { PythonGlob.isMagic($0) } ?? parts.count - 1
      if split == parts.count { split = parts.count - 1 }
      let absolute = pattern.hasPrefix("/")
      let folderText = parts[..<split].joined(separator: "/")
      let folder = absolute ? "/" + folderText : (folderText.isEmpty ? "." : folderText)
      switch listFolder(folder, pattern: Array(parts[split...]), recursive: recursive, hidden: hidden) {
      case .unknown(let why): return .unknown(why, at: location).merging(sources)
      case .missing, .file: return list([])
      case .entries(let entries):
        let shownFolder = absolute || !folderText.isEmpty ? folder : ""
        return list(entries.map { shownFolder.isEmpty ? $0 : PythonModuleResolver.joinPaths([shownFolder, $0]) })
      }
    case "os.walk":
      return walk(positional, keywords, sources, at: location)
    default:
      return nil
    }
  }

  /// `os.walk(top)`: `(dirpath, dirnames, filenames)` for `top` and each folder below it, top
  /// down, each folder's names sorted (settings sort the file names themselves: Horizon's
  /// `local_settings.d`). A missing `top` gives nothing (the error goes to `onerror`, None). The
  /// order in which sibling folders are visited is the file system's, which no evidence shows:
  /// a tree where a folder has two subfolders is unknown.
  private func walk(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ sources: [PythonValue], at location: SourceLocation
  ) -> PythonValue {
    func string(_ text: String) -> PythonValue { PythonValue(.string(text), at: location) }
    let topValue = positional.first
    let top: String
    switch topValue?.kind {
    case .string(let text)?, .path(let text)?: top = text
    default: return .unknown("os.walk() of a folder that is not known", at: location).merging(sources)
    }
    guard positional.count == 1, keywords.allSatisfy({ $0.0 == "topdown" && $0.1.truthiness == true }) else {
      return .unknown("os.walk() with arguments Parapet does not model", at: location).merging(sources)
    }
    let entries: [String]
    switch listFolder(top, pattern: ["**", "*"], recursive: true, hidden: true) {
    case .unknown(let why): return .unknown(why, at: location).merging(sources)
    case .missing, .file: return PythonValue(.list(PythonList([])), at: location).merging(sources)
    case .entries(let found): entries = found
    }
    let absolute = top.hasPrefix("/") ? top : PythonModuleResolver.joinPaths([workingDirectory, top])
    let inside = PythonModuleResolver.bundlePath(resolver.serverPath(PythonModuleResolver.normalize(absolute))) ?? ""
    var folders: [String: (dirs: [String], files: [String])] = ["": ([], [])]
    for entry in entries {
      let parent = PythonModuleResolver.dirname(entry)
      let name = PythonModuleResolver.basename(entry)
      let bundlePath = inside.isEmpty ? entry : inside + "/" + entry
      if resolver.directories.contains(bundlePath) {
        if folders[entry] == nil { folders[entry] = ([], []) }
        folders[parent, default: ([], [])].dirs.append(name)
      } else {
        folders[parent, default: ([], [])].files.append(name)
      }
    }
    if let crowded = folders.first(where: { $0.value.dirs.count > 1 }) {
      let shown = crowded.key.isEmpty ? top : PythonModuleResolver.joinPaths([top, crowded.key])
      return .unknown(
        "os.walk(\(top)) visits the subfolders of \(shown) in the file system's order, which the scan does not show",
        at: location
      ).merging(sources)
    }
    var rows: [PythonValue] = []
    var pending = [""]
    while let folder = pending.popLast() {
      let listing = folders[folder] ?? ([], [])
      let path = folder.isEmpty ? top : PythonModuleResolver.joinPaths([top, folder])
      let dirs = listing.dirs.sorted()
      rows.append(PythonValue(.tuple([
        string(path),
        PythonValue(.list(PythonList(dirs.map(string))), at: location),
        PythonValue(.list(PythonList(listing.files.sorted().map(string))), at: location),
      ]), at: location))
      pending += dirs.reversed().map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }
    return PythonValue(.list(PythonList(rows)), at: location).merging(sources)
  }
}
