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

  static func fact(settings: OrderedDictionary<String, Fact>, bundle: EvidenceBundle, workingDirectory: String) -> Fact {
    let named = paths(in: settings)
    // Most projects name no folder: the tree's folders and .gitignore rules are not built then.
    guard !named.isEmpty else { return .map([:]) }
    let scanned = ScannedFolders(bundle: bundle)
    var entries: OrderedDictionary<String, Fact> = [:]
    for path in named where entries[path.text] == nil {
      entries[path.text] = entry(path.text, at: path.location, scanned: scanned, workingDirectory: workingDirectory)
    }
    return .map(entries)
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

  private static func entry(_ text: String, at location: SourceLocation?, scanned: ScannedFolders, workingDirectory: String) -> Fact {
    let absolute = PythonModuleResolver.normalize(
      text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text]))
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
