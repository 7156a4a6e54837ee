/// Names of libraries Parapet does not model: `somelib.flag`, `from somelib import default_mode`.
///
/// Such a name is kept as a callable (`somelib.setup()` is a call Parapet does not model, whose
/// result is unknown), but it may as well be a string, a number or None: comparing it, testing
/// its truth, its identity or its type is unknown, never the answer a function would give
/// (`os.environ.get("MODE", default_mode) == "dev"` is not certainly False).
extension PythonValue {
  /// Top-level packages whose functions Parapet models by name (beside the standard library,
  /// `PythonLibraries.modelled` and Django): an attribute of one is what the model says.
  static let modelledThirdParty: Set<String> = [
    "environ", "environs", "decouple", "dj_database_url", "dotenv", "dynaconf", "configurations", "split_settings",
    "redis", "yaml", "toml", "tomli", "lasuite", "importlib_metadata", "pkg_resources", "everett",
  ]

  /// Receiver-less method names the evaluator builds for values it models (`str.strip`).
  static let modelledTypePrefixes: Set<String> = [
    "str", "bytes", "list", "dict", "set", "tuple", "number", "environ", "Env", "Path", "globals", "file",
  ]

  /// True for a name from a library Parapet does not model, whose value may be anything.
  package var isUnmodelledLibraryName: Bool {
    guard case .builtin(let name, let receiver) = kind, receiver.isEmpty, let dot = name.firstIndex(of: ".") else { return false }
    let top = String(name[..<dot])
    if StandardLibrary.alwaysPresent.contains(top) || ["zoneinfo", "tomllib", "graphlib", "django"].contains(top) { return false }
    if Self.modelledThirdParty.contains(top) || Self.modelledTypePrefixes.contains(top) { return false }
    if PythonLibraries.modelled.contains(top) { return false }
    return true
  }
}
