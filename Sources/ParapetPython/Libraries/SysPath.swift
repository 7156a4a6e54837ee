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
/// The evaluator's own imports do not follow them: the search path is fixed before it starts.
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
    case "sys.path.append" where positional.count == 1:
      sysPathChanges.append(SysPathChange(index: nil, folder: positional[0], location: location, certain: certain))
    default:
      return nil
    }
    return PythonValue(.none, at: location)
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
