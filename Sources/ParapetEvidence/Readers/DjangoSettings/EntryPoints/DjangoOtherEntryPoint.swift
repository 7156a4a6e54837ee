import ParapetPython

extension DjangoSettingsReader {
  /// Why the settings module may not be importable where Django runs although the scan holds
  /// it: it is only in the folder of another `manage.py` than the one Parapet takes as the entry
  /// point, and that one is a working entry point itself (the module its own `setdefault` names
  /// is on its path). Which of the two Django runs from decides: Modoboa's `instance/manage.py`
  /// cannot import `test_project.settings`, which `test_project/manage.py` can. Nil when the
  /// module is on the entry point's path, when Parapet does not know every folder of that path,
  /// or when the entry point could not run its own default either (tabbycat's root `manage.py`
  /// names `settings`, which only `tabbycat/manage.py` finds: that one is what runs).
  static func otherEntryPointDoubt(
    _ choice: DjangoSettingsSelector.Choice, candidates: [DjangoSettingsSelector.Choice], resolver: PythonModuleResolver
  ) -> String? {
    guard let pathRoots = resolver.pathRoots, let working = choice.root, resolver.moduleFiles[choice.module] == nil,
      let index = resolver.rootIndex(of: choice.module)
    else { return nil }
    let folder = resolver.roots[index]
    guard folder != working, !pathRoots.contains(folder), resolver.managerFolders.contains(folder) else { return nil }
    let ownDefaults = candidates.filter { $0.source == "manage.py" && $0.root == working }
    let entryWorks = ownDefaults.contains { candidate in
      resolver.rootIndex(of: candidate.module).map { pathRoots.contains(resolver.roots[$0]) } ?? false
    }
    guard entryWorks else { return nil }
    let entry = working.isEmpty ? "manage.py" : working + "/manage.py"
    return "settings module '\(choice.module)' is not on the sys.path of \(entry), the entry point Parapet takes, "
      + "but in \(folder)/, the folder of another manage.py: Python finds it only if Django runs from "
      + "\(folder)/manage.py (scan \(folder)/ alone to read it so) or with PYTHONPATH naming \(folder) "
      + "(say so with --env PYTHONPATH=\(PythonModuleResolver.relativePath(from: working, to: folder)))"
  }
}
