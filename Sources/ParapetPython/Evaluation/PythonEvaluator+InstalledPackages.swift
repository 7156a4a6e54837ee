/// Reading modules of installed packages (`--site-packages`, `InstalledPackages`).
///
/// Parapet models the libraries settings call (django-environ, decouple, dynaconf, …) and treats
/// any other installed package as code it does not see, which keeps the evaluation of a call
/// into a large library cheap and honest. One use of an installed package is different: `from
/// package.settings import *` copies every name the module sets into the settings, and without
/// its source each setting the project does not assign itself is unknown. So when the user gives
/// the installed packages, the package a star import reads from is read from them, whole: its
/// own imports of itself resolve there too, as on the server.
extension PythonEvaluator {
  /// Lets the evaluation read the top-level package of `name` from the installed packages when
  /// `from name import *` is about to run and neither the scan, the standard library nor one of
  /// Parapet's models provides it.
  func readInstalledPackage(forStarImportOf name: String) {
    let top = String(name.split(separator: ".").first ?? "")
    guard !resolver.installedTopLevels.contains(top), resolver.readFromInstalledPackages(name) else { return }
    notes.append("'from \(name) import *' reads the package \(top) from the installed packages (--site-packages)")
  }

  /// What the user can do about `from name import *` of a module Parapet did not read.
  func unseenStarImportRemedy(_ name: String) -> String {
    let top = String(name.split(separator: ".").first ?? "")
    guard resolver.installed != nil else {
      return "give the installed packages with --site-packages DIR (a virtualenv's lib/pythonX.Y/site-packages) "
        + "if an installed package provides it, or scan it with the project if it is the project's own; "
        + "until then any setting it may set is unknown"
    }
    if resolver.installedTopLevels.contains(top) {
      return "the installed packages given with --site-packages have \(top) but not this module; any setting it may set is unknown"
    }
    return "the installed packages given with --site-packages do not have \(top) either: scan it with the project, "
      + "or any setting it may set is unknown"
  }
}
