import ParapetFacts

/// A change a module made to `sys.path` (`sys.path.insert(0, …)`, `sys.path.append(…)`).
package struct SysPathChange: Sendable {
  /// The list position for `insert`; nil for `append`.
  package var index: Int?
  /// The folder as evaluated (a virtual absolute path, a relative path, or unknown).
  package var folder: PythonValue
  package var location: SourceLocation
  /// False when the call ran in a branch Parapet could not decide (it may not run at all).
  package var certain: Bool
}

/// `sys.path.insert` and `sys.path.append`: recorded in order, so a reader can rebuild the
/// module search path an entry point (`manage.py`) leaves before Django imports the settings.
/// A certain change that adds a folder of the scan also widens the evaluator's own search path
/// from that call on (imports before it do not see the folder, as in Python); `sys.path.pop()`
/// and `sys.path.remove()` of a folder added so take it off again.
extension PythonEvaluator {
  func sysPathCall(_ name: String, _ positional: [PythonValue], at location: SourceLocation) -> PythonValue? {
    let certain = undecidedBranchDepth == 0
    switch name {
    case "sys.path.insert" where positional.count == 2:
      guard let index = Self.integer(positional[0]) else {
        sysPathChanges.append(SysPathChange(index: nil, folder: .unknown("sys.path.insert() at a position that is not known", at: location), location: location, certain: false))
        return PythonValue(.none, at: location)
      }
      sysPathChanges.append(SysPathChange(index: index, folder: positional[1], location: location, certain: certain))
      if certain { widenSearchPath(positional[1], at: index) }
    case "sys.path.append" where positional.count == 1:
      sysPathChanges.append(SysPathChange(index: nil, folder: positional[0], location: location, certain: certain))
      if certain { widenSearchPath(positional[0], at: nil) }
    case "sys.path.remove" where positional.count == 1:
      guard certain, let folder = searchFolder(positional[0]), let added = addedSearchFolders.lastIndex(of: folder) else {
        return .unknown("sys.path.remove() of an entry Parapet did not see added", at: location)
      }
      addedSearchFolders.remove(at: added)
      resolver.removeSearchFolder(folder)
    case "sys.path.pop" where positional.count <= 1:
      // Only the entry the settings put first (or last) is known.
      let index = positional.first.flatMap(Self.integer) ?? -1
      guard certain, let last = addedSearchFolders.last,
        (index == 0 && resolver.roots.first == last) || (index == -1 && resolver.roots.last == last)
      else {
        return .unknown("sys.path.pop() of an entry Parapet did not see added", at: location)
      }
      addedSearchFolders.removeLast()
      resolver.removeSearchFolder(last)
      return PythonValue(.string(PythonModuleResolver.virtualPath(last)), at: location)
    default:
      return nil
    }
    return PythonValue(.none, at: location)
  }

  /// The bundle folder `value` names (a virtual absolute path, or a path relative to the folder
  /// Django runs in), when it is a folder of the scan.
  private func searchFolder(_ value: PythonValue) -> String? {
    let text: String
    switch value.kind {
    case .string(let string), .path(let string): text = string
    default: return nil
    }
    let absolute = PythonModuleResolver.normalize(
      text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([PythonModuleResolver.virtualPath(resolver.workingRoot), text]))
    guard resolver.directoryExists(absolute) else { return nil }
    return resolver.visiblePath(absolute)
  }

  /// Adds the folder to the search path of the imports that follow. A folder Parapet already
  /// searches (the scan root, searched last as a guess) keeps its place, but is now certainly
  /// on the path.
  private func widenSearchPath(_ value: PythonValue, at index: Int?) {
    guard let folder = searchFolder(value) else { return }
    guard !resolver.roots.contains(folder) else {
      resolver.pathRoots?.insert(folder)
      return
    }
    resolver.addSearchFolder(folder, at: index)
    addedSearchFolders.append(folder)
  }

  /// `sys.path` after `changes`, starting from `initial` (Python's list semantics for
  /// `insert`: a position past either end clamps, a negative one counts from the end). Each
  /// entry keeps where it was put on the path (nil for the initial entries without one).
  package static func applySysPath(
    _ initial: [(folder: PythonValue, location: SourceLocation?)], _ changes: [SysPathChange]
  ) -> [(folder: PythonValue, location: SourceLocation?)] {
    var path = initial
    for change in changes where change.certain {
      let entry = (folder: change.folder, location: Optional(change.location))
      guard let index = change.index else {
        path.append(entry)
        continue
      }
      let position = index < 0 ? max(0, path.count + index) : min(index, path.count)
      path.insert(entry, at: position)
    }
    return path
  }
}

extension PythonEvaluator {
  /// True for `if X not in sys.path:` whose body only adds `X` to `sys.path` (`append(X)`,
  /// `insert(i, X)`): the idiom that leaves `X` on the search path whether or not it was there.
  static func isSysPathGuard(_ condition: PythonExpr, _ body: [PythonStmt]) -> Bool {
    guard case .compare(let folder, let comparisons, _) = condition, comparisons.count == 1,
      comparisons[0].op == "not in", case .attribute(.name("sys", _), "path", _) = comparisons[0].right,
      !body.isEmpty
    else { return false }
    let wanted = folder.summary
    return body.allSatisfy { statement in
      guard case .expression(.call(.attribute(.attribute(.name("sys", _), "path", _), let method, _), let arguments, _), _) = statement else {
        return false
      }
      switch (method, arguments.count) {
      case ("append", 1):
        if case .positional(let added) = arguments[0] { return added.summary == wanted }
      case ("insert", 2):
        if case .positional(let added) = arguments[1] { return added.summary == wanted }
      default: break
      }
      return false
    }
  }
}

extension PythonEvaluator {
  /// Why the top-level module `name`, which no folder of the scan holds, may still be
  /// importable: a folder the settings put on `sys.path` before this import that Parapet cannot
  /// place. Its path is not known (NAV appends `<config dir>/python`, whose config dir comes
  /// from a search of the server), it lies outside the scanned tree and the user said nothing
  /// of it, or it was added in a branch Parapet could not decide and holds the module. Nil when
  /// every folder added so far is known.
  func unplacedSearchFolder(for name: String) -> String? {
    for change in sysPathChanges {
      let text: String
      switch change.folder.kind {
      case .string(let string), .path(let string): text = string
      default:
        let why = change.folder.unknownReason ?? change.folder.typeName
        return "\(change.location) puts a folder on sys.path that Parapet cannot evaluate (\(why)), which may hold \(name)"
      }
      let absolute = PythonModuleResolver.normalize(
        text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([PythonModuleResolver.virtualPath(resolver.workingRoot), text]))
      if resolver.declaredAbsent(absolute) { continue }
      guard let inside = resolver.visiblePath(absolute) else {
        return "\(change.location) puts \(text) on sys.path, a folder outside the scanned tree that may hold \(name) "
          + "(\(ServerFolders.folderHint(absolute)))"
      }
      // A folder of the scan: searched from a certain change on; one added in an undecided
      // branch matters only when it holds the module.
      guard !change.certain else { continue }
      let base = inside.isEmpty ? name : inside + "/" + name
      if resolver.file(base + ".py") != nil || resolver.directories.contains(base) {
        return "\(change.location) may put \(text), which holds \(name), on sys.path (in a branch Parapet cannot decide)"
      }
    }
    return nil
  }

  /// A top-level module the scan does not hold, imported after the settings put a folder
  /// Parapet cannot place on `sys.path` (`unplacedSearchFolder`): it may be there. Its names
  /// are unknown (a star import of it may rebind any setting), and the import itself may fail:
  /// a `try` that catches ModuleNotFoundError may take either path; outside one, it is a
  /// possible load error.
  // Kept out of line: importModule recurses once per nested import, and its frame must stay small.
  @inline(never)
  func unplacedModule(_ name: String, why: String, at location: SourceLocation?) -> PythonModule {
    let module = PythonModule(name: name, path: nil)
    module.unseenReason = why
    module.hasOpaqueImports = true
    module.finished = true
    registerModule(module)
    unseenModuleReasons.append(why)
    let error = PythonException(type: "ModuleNotFoundError", message: "No module named '\(name)' unless it is in that folder: \(why)", location: location)
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, "ModuleNotFoundError") } }) {
      noteUncertain(guarding.module, raising: error)
      uncertainReasons[guarding.module] = "it imports \(name), which a folder Parapet cannot place may hold (\(why))"
    } else if !possibleLoadErrors.contains(where: { $0.message == error.message }) {
      possibleLoadErrors.append(error)
    }
    return module
  }
}
