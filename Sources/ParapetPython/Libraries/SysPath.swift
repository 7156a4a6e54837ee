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
