import ParapetFacts

/// django-split-settings (`from split_settings.tools import include, optional`): `include()`
/// runs settings files into a namespace, in order (split_settings/tools.py).
///
/// The namespace is `scope=` when given and truthy, else the caller's globals: `scope=globals()`
/// anywhere and `scope=locals()` at module level are the module's own namespace, so they run
/// the files exactly as without `scope`; `include()` called in a function still runs them into
/// the module. A scope Parapet cannot follow (`locals()` in a function, a dict of its own) is
/// not evaluated: the call's value is unknown.
///
/// Each argument is a path or glob pattern joined to the including file's folder (an absolute
/// one stands alone); a pattern that matches nothing raises `OSError("No such file: …")` unless
/// wrapped in `optional()`. An absolute pattern is looked for where the user said the server
/// holds it (`--server-dir`, `ServerFolders`); a file the scan cannot see and nobody declared
/// missing (`--server-missing`) may exist: the names the module has are unknown, and the call
/// may raise `OSError`. Files run with the namespace as their globals, so later files see and
/// override earlier names; a file already included into the namespace is never run again (the
/// library's `__included_files__`, kept in the namespace as it does). `glob.glob` returns files
/// in directory order; Parapet runs several matches of one pattern in sorted order.
extension PythonEvaluator {
  static let splitSettingsOptionalPrefix = "split_settings.optional:"
  /// `optional()` of a path Parapet does not know, followed by why.
  static let splitSettingsUnknownOptionalPrefix = "split_settings.optional?"

  /// Handles `include()` and `optional()`; nil for any other call.
  func splitSettingsCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    switch name {
    case "split_settings.tools.optional", "split_settings.optional":
      guard let pattern = positional.first?.stringValue else {
        if let first = positional.first, first.isUnknown {
          let why = first.unknownReason ?? "a path that is not known"
          return PythonValue(.opaque(Self.splitSettingsUnknownOptionalPrefix + why), at: location).merging(positional)
        }
        // `optional(None)` is `_Optional('')`, which include() skips.
        return PythonValue(.opaque(Self.splitSettingsOptionalPrefix), at: location).merging(positional)
      }
      return PythonValue(.opaque(Self.splitSettingsOptionalPrefix + pattern), at: location).merging(positional)
    case "split_settings.tools.include", "split_settings.include":
      return try splitSettingsInclude(positional, keywords, frame, at: location)
    default:
      return nil
    }
  }

  private func splitSettingsInclude(
    _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    // `scope = scope or sys._getframe(1).f_globals`: the caller's module unless a truthy scope.
    var target = frame.module
    for (keyword, scope) in keywords {
      guard keyword == "scope" else {
        throw PythonException(
          type: "TypeError", message: "include() got an unexpected keyword argument '\(keyword)'", location: location)
      }
      switch scope.kind {
      case .object(.namespace(let module)): target = module
      case .none: break
      case .dict(let dict) where dict.entries.isEmpty && dict.unknownKeys == nil: break
      default:
        if scope.isUnknown {
          return .unknown("include() into a scope that is not known: \(scope.unknownReason ?? "")", at: location).merging([scope])
        }
        return .unknown("include() into a namespace of its own is not evaluated", at: location)
      }
    }
    // The including file's folder: the file being included into the scope, else its `__file__`.
    let including = target === frame.module ? frame.file : target.path ?? frame.file
    let folder = PythonModuleResolver.dirname(including)
    let into = Frame(module: target, scope: nil, file: including)
    var unseen: PythonValue?
    for argument in positional {
      var pattern = argument.stringValue
      var optional = false
      if case .opaque(let marker) = argument.kind {
        if marker.hasPrefix(Self.splitSettingsOptionalPrefix) {
          pattern = String(marker.dropFirst(Self.splitSettingsOptionalPrefix.count))
          optional = true
          if pattern == "" { continue }  // `optional(None)`: skipped
        } else if marker.hasPrefix(Self.splitSettingsUnknownOptionalPrefix) {
          let why = String(marker.dropFirst(Self.splitSettingsUnknownOptionalPrefix.count))
          unseen = includeUnseen("a file that is not known (\(why))", optional: true, into, at: location)
          continue
        }
      }
      guard let pattern else {
        let why = argument.unknownReason.map { " (\($0))" } ?? ""
        unseen = includeUnseen("a file that is not known\(why)", optional: false, into, at: location)
        continue
      }
      // `os.path.join(conf_path, pattern)`, read where the server holds it.
      let virtual = pattern.hasPrefix("/")
        ? resolver.serverPath(pattern)
        : PythonModuleResolver.normalize(PythonModuleResolver.virtualPath(folder.isEmpty ? pattern : folder + "/" + pattern))
      let inside = PythonModuleResolver.bundlePath(virtual)
      let matches = inside.map { inside in resolver.files.keys.filter { PythonGlob.matches(inside, $0) }.sorted() } ?? []
      if matches.isEmpty {
        let certain = inside != nil ? !resolver.mayExistBeyondScan(virtual) : resolver.declaredAbsent(virtual)
        if certain {
          if optional { continue }
          throw PythonException(type: "OSError", message: "No such file: \(pattern)", location: location)
        }
        let hint = pattern.hasPrefix("/") ? " (\(Self.serverHint(PythonModuleResolver.normalize(pattern))))" : ""
        unseen = includeUnseen("\(pattern), which is not in the scanned files\(hint)", optional: optional, into, at: location)
        continue
      }
      for path in matches where !includedFiles.contains(path) {
        // `__included_files__` of the scope: a file included into it once is never run again.
        let absolute = PythonModuleResolver.virtualPath(path)
        let included = Self.includedFilesList(of: target, at: location)
        if let included, included.items.contains(where: { $0.stringValue == absolute }) { continue }
        guard let statements = parse(path) else {
          throw PythonException(type: "SyntaxError", message: "\(path) has a syntax error", location: location)
        }
        included?.items.append(PythonValue(.string(absolute), at: location))
        includedFiles.insert(path)
        defer { includedFiles.remove(path) }
        _ = try run(statements, Frame(module: target, scope: nil, file: path))
      }
    }
    return unseen ?? PythonValue(.none, at: location)
  }

  /// The scope's `__included_files__` list (made empty on the first include, as
  /// `scope.setdefault` does), or nil when its value is not a list Parapet knows (then a file
  /// is run again, as before the list existed).
  private static func includedFilesList(of module: PythonModule, at location: SourceLocation) -> PythonList? {
    let name = "__included_files__"
    guard let binding = module.namespace[name] else {
      let list = PythonList([])
      module.namespace[name] = PythonBinding(value: PythonValue(.list(list), at: location), location: location, history: [])
      return list
    }
    if case .list(let list) = binding.value.kind, !binding.value.isUnknown { return list }
    return nil
  }

  /// An include of files Parapet cannot read (a path it cannot evaluate, a file the server may
  /// hold): every name of the module may be rebound or added, and unless the file is optional
  /// the call may raise `OSError` (a possible load error where no `except` catches it). The
  /// unknown value returned lets an enclosing `try`'s handlers run too, since the file may
  /// raise anything.
  private func includeUnseen(
    _ what: String, optional: Bool, _ frame: Frame, at location: SourceLocation
  ) -> PythonValue {
    let reason = "include() of \(what), at \(location)"
    markUnknown(Self.upperCaseNames(in: frame.module), reason: reason, frame, location: location)
    frame.module.hasOpaqueImports = true
    let unseen = "include() at \(location) runs \(what)"
    if !unseenModuleReasons.contains(unseen) { unseenModuleReasons.append(unseen) }
    if !optional, !activeHandlers.contains(where: { $0.handlers.contains { Self.handles($0, "OSError") } }) {
      let message = "No such file, unless it exists where Django runs: \(reason)"
      if !possibleLoadErrors.contains(where: { $0.message == message }) {
        possibleLoadErrors.append(PythonException(type: "OSError", message: message, location: location))
      }
    }
    return .unknown(reason, at: location)
  }

  /// What the user can say about the server path of an include: about the file, or for a
  /// pattern about the folder above its first wildcard.
  private static func serverHint(_ pattern: String) -> String {
    guard PythonGlob.isMagic(pattern) else { return ServerFolders.hint(pattern) }
    let fixed = PythonGlob.segments(pattern).prefix { !PythonGlob.isMagic($0) }
    return ServerFolders.folderHint("/" + fixed.joined(separator: "/"))
  }

  /// The upper-case names a module has bound so far (what an include could change).
  static func upperCaseNames(in module: PythonModule) -> [String] {
    module.namespace.keys.filter { $0.first?.isUppercase == true }.sorted()
  }
}
