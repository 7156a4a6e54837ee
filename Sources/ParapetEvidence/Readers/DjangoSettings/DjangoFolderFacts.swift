import OrderedCollections
import ParapetFacts
import ParapetPython

/// Whether the folders the settings name exist where Django runs from the scanned checkout:
/// the `django.folders` facts behind `staticfiles.W004` (STATICFILES_DIRS) and `files.E001`
/// (FILE_UPLOAD_TEMP_DIR).
///
/// Keys are the paths as the settings hold them (what Django passes to `os.path.isdir`); each
/// entry says `exists` (a bool, or unknown with the reason), `why` it is certainly missing, and
/// the `path` inside the scanned tree. Django resolves a relative path against its working
/// directory (the folder of `manage.py`); a path outside the scanned tree is the server's, and
/// unknown.
enum DjangoFolderFacts {
  /// The settings whose values name folders Django tests for existence.
  static let folderSettings = ["STATICFILES_DIRS", "FILE_UPLOAD_TEMP_DIR"]

  static func fact(
    settings: OrderedDictionary<String, Fact>, bundle: EvidenceBundle, workingDirectory: String, server: ServerFolders = ServerFolders(),
    made: Set<String> = []
  ) -> Fact {
    let named = paths(in: settings) + loggingFiles(in: settings).map { ($0.folder, $0.location) }
    // Most projects name no folder: the tree's folders and .gitignore rules are not built then.
    guard !named.isEmpty else { return .map([:]) }
    let scanned = ScannedFolders(bundle: bundle)
    var entries: OrderedDictionary<String, Fact> = [:]
    for path in named where entries[path.text] == nil {
      entries[path.text] = entry(path.text, at: path.location, scanned: scanned, workingDirectory: workingDirectory, server: server, made: made)
    }
    return .map(entries)
  }

  /// The handler classes `logging.config.dictConfig` opens a file for while it configures them.
  static let fileHandlerClasses: Set<String> = [
    "logging.FileHandler", "logging.handlers.RotatingFileHandler", "logging.handlers.TimedRotatingFileHandler",
    "logging.handlers.WatchedFileHandler",
  ]

  /// `django.logging_files`: the LOGGING handlers Django's start-up opens a file for
  /// (`dictConfig` configures every handler; `delay: True` postpones the open), with the file's
  /// folder, whose existence is in `django.folders`. A missing folder makes `dictConfig` raise
  /// `ValueError: Unable to configure handler …` before any check runs.
  static func loggingFact(settings: OrderedDictionary<String, Fact>) -> Fact {
    .list(loggingFiles(in: settings).map { file in
      .map(
        ["handler": .string(file.handler, at: file.location), "filename": .string(file.filename, at: file.location),
         "folder": .string(file.folder, at: file.location)], at: file.location)
    })
  }

  private static func loggingFiles(in settings: OrderedDictionary<String, Fact>) -> [(handler: String, filename: String, folder: String, location: SourceLocation?)] {
    guard case .map(let logging)? = settings["LOGGING"]?.value, case .map(let handlers)? = logging["handlers"]?.value else { return [] }
    var found: [(String, String, String, SourceLocation?)] = []
    for (name, handler) in handlers {
      guard case .map(let fields) = handler.value, let kind = fields["class"]?.value.stringValue, fileHandlerClasses.contains(kind),
        let filename = fields["filename"]?.value.stringValue, !filename.isEmpty
      else { continue }
      if case .bool(true)? = fields["delay"]?.value { continue }
      if let delay = fields["delay"], case .unknown = delay.value { continue }
      let folder = PythonModuleResolver.dirname(filename)
      found.append((name, filename, folder.isEmpty ? "." : folder, fields["filename"]?.location ?? handler.location))
    }
    return found
  }

  /// The known path strings of the folder settings, in order: STATICFILES_DIRS items (a
  /// string, or the second item of a `(prefix, path)` pair) and FILE_UPLOAD_TEMP_DIR.
  private static func paths(in settings: OrderedDictionary<String, Fact>) -> [(text: String, location: SourceLocation?)] {
    var found: [(text: String, location: SourceLocation?)] = []
    if case .list(let items)? = settings["STATICFILES_DIRS"]?.value {
      for item in items {
        var candidate = item
        if case .list(let pair) = item.value, pair.count == 2 { candidate = pair[1] }
        if case .string(let text) = candidate.value { found.append((text, candidate.location)) }
      }
    }
    if let temporary = settings["FILE_UPLOAD_TEMP_DIR"], case .string(let text) = temporary.value, !text.isEmpty {
      found.append((text, temporary.location))
    }
    return found
  }

  private static func entry(
    _ text: String, at location: SourceLocation?, scanned: ScannedFolders, workingDirectory: String, server: ServerFolders,
    made: Set<String>
  ) -> Fact {
    let given = PythonModuleResolver.normalize(
      text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text]))
    if made.contains(given) {
      // The settings made it before Django opens or lists it.
      let shown = PythonModuleResolver.bundlePath(given).map { $0.isEmpty ? "." : $0 } ?? given
      return .map(["path": .string(shown, at: location), "exists": .bool(true, at: location)], at: location)
    }
    if server.isMissing(given) {
      return .map(
        ["exists": .bool(false, at: location), "why": .string("--server-missing says the server has no \(given)", at: location)],
        at: location)
    }
    // A folder of the server given with --server-dir is read from the scan; an exact one holds
    // nothing the scan lacks.
    let absolute = server.virtualPath(given)
    let exactMount = absolute != given && server.mounts.contains { $0.exact && $0.contains(serverPath: given) }
    if exactMount, let inside = PythonModuleResolver.bundlePath(absolute), scanned.existence(of: inside) != .folder {
      return .map(
        ["exists": .bool(false, at: location), "why": .string("the folder given for \(given) with --server-dir does not hold it", at: location)],
        at: location)
    }
    guard let inside = PythonModuleResolver.bundlePath(absolute) else {
      return .map(
        ["exists": .unknown("\(text) is outside the scanned tree: whether it exists depends on the server Django runs on", at: location)],
        at: location)
    }
    var entry: OrderedDictionary<String, Fact> = ["path": .string(inside.isEmpty ? "." : inside, at: location)]
    switch scanned.existence(of: inside) {
    case .folder:
      entry["exists"] = .bool(true, at: location)
    case .file:
      entry["exists"] = .bool(false, at: location)
      entry["why"] = .string("it is a file, not a folder", at: location)
    case .absent(let why):
      entry["exists"] = .bool(false, at: location)
      entry["why"] = .string(why, at: location)
    case .unknown(let why):
      entry["exists"] = .unknown(why, at: location)
    }
    return .map(entry, at: location)
  }
}
