/// The search path as the settings change it while they run: `sys.path.insert(0, CONF_DIR)`
/// followed by `import seahub_settings`, or a settings package's `__init__` that puts the
/// repository root on the path before the settings import from it (zentral).
extension PythonModuleResolver {
  /// Puts bundle folder `folder` on the search path at `index` (nil: appended), with Python's
  /// list semantics for the position: it comes before the folders after it, so a module in
  /// it is found first. An entry already on the path earlier stays where it is for lookups.
  package mutating func addSearchFolder(_ folder: String, at index: Int?) {
    if let index {
      let position = index < 0 ? max(0, roots.count + index) : min(index, roots.count)
      roots.insert(folder, at: position)
    } else {
      roots.append(folder)
    }
    var seen: Set<String> = []
    roots = roots.filter { seen.insert($0).inserted }
    pathRoots?.insert(folder)
  }

  /// Takes bundle folder `folder` off the search path again (`sys.path.remove(folder)`, or a
  /// `sys.path.pop()` of the entry the settings added).
  package mutating func removeSearchFolder(_ folder: String) {
    roots.removeAll { $0 == folder }
    pathRoots?.remove(folder)
  }
}
