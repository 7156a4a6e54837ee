extension PythonModuleResolver {
  /// From now on finds the top-level package of module `name` in the installed packages
  /// (`--site-packages`) when the bundle does not have it, nor the standard library, nor a
  /// library Parapet models (Django itself, django-environ, …: their models stand for them), and
  /// an installed folder does. Returns whether the package is read from there.
  ///
  /// Which packages are read this way is the caller's decision (`PythonEvaluator`'s star
  /// imports, the Django reader's INSTALLED_APPS); see `InstalledPackages`.
  @discardableResult
  package mutating func readFromInstalledPackages(_ name: String) -> Bool {
    guard let installed else { return false }
    let top = String(name.split(separator: ".").first ?? "")
    if installedTopLevels.contains(top) { return true }
    guard !top.isEmpty, top != "django", !StandardLibrary.contains(top), locate(top) == nil, link(top) == nil,
      PythonLibraries.module(top) == nil, PythonLibraries.module(name) == nil,
      PythonSourceModels.sources[top] == nil, PythonSourceModels.sources[name] == nil
    else { return false }
    guard installedLocation(of: top) != nil else { return false }
    installedTopLevels.insert(top)
    return true
  }

  /// Where the installed packages hold the top-level package or module of `name` (a bundle
  /// path: the package's folder, or the module's file), whether or not it is read; nil when
  /// they do not, or none were given.
  package func installedLocation(of name: String) -> String? {
    guard let installed else { return nil }
    let top = String(name.split(separator: ".").first ?? "")
    guard !top.isEmpty else { return nil }
    for root in installed.roots {
      let base = root + "/" + top
      if installed.isDirectory(base) { return base }
      if installed.file(base + ".py") != nil { return base + ".py" }
    }
    return nil
  }
}
