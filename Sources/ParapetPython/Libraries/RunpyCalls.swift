import ParapetFacts

/// `runpy.run_module(name, run_name=...)` and `runpy.run_path(path, run_name=...)`: running a
/// module's or a file's code as a script, as `python -m` does. EvaP's `manage.py` is
/// `runpy.run_module("evap", run_name="__main__")`: the package is imported, then its
/// `__main__.py` runs under `__name__ == "__main__"`, and that file names the settings module
/// and creates the data folder before Django starts.
///
/// The code runs in a fresh module that is not put in `sys.modules` (`alter_sys` is not
/// modelled), and the call returns that module's globals; what the code raises, the call raises.
extension PythonEvaluator {
  /// The runpy calls, or nil for any other name.
  func runpyCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard name == "runpy.run_module" || name == "runpy.run_path" else { return nil }
    func argument(_ position: Int, _ keyword: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
    }
    let arguments = positional + keywords.map(\.1)
    guard argument(1, "init_globals").map({ if case .none = $0.kind { true } else { false } }) ?? true else {
      return .unknown("\(name)() with init_globals, which Parapet does not model", at: location).merging(arguments)
    }
    let runName = argument(2, "run_name")
    if let runName, runName.stringValue == nil, !{ if case .none = runName.kind { true } else { false } }() {
      return .unknown("\(name)() with a run_name that is not known", at: location).merging(arguments)
    }
    if name == "runpy.run_module" {
      guard let moduleName = argument(0, "mod_name")?.stringValue else {
        return .unknown("runpy.run_module() of a module name that is not known", at: location).merging(arguments)
      }
      return try runModule(moduleName, as: runName?.stringValue ?? moduleName, at: location)
    }
    guard let pathValue = argument(0, "path_name"), let path = pathValue.stringValue ?? { if case .path(let path) = pathValue.kind { return path } else { return nil } }() else {
      return .unknown("runpy.run_path() of a path that is not known", at: location).merging(arguments)
    }
    let module = newFileModule(runName?.stringValue ?? "<run_path>", path, at: location)
    try execFile(path, into: module, origin: pathValue, at: location)
    return PythonValue(.object(.namespace(module)), at: location)
  }

  /// `run_module`: imports the module's package (a package runs its `__main__` submodule), then
  /// runs the module's file in a fresh namespace named `runName`.
  private func runModule(_ moduleName: String, as runName: String, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let found = resolver.locate(moduleName) else {
      // A partial scan may lack the module: not a certain ImportError.
      return .unknown("runpy.run_module('\(moduleName)'): no file of the scan is that module", at: location)
    }
    var scriptName = moduleName
    var file = found.path
    if found.isPackage {
      _ = try importModule(moduleName, at: location)
      scriptName = moduleName + ".__main__"
      guard let main = resolver.locate(scriptName), !main.isPackage else {
        return .unknown("runpy.run_module('\(moduleName)'): the package's __main__.py is not a file of the scan", at: location)
      }
      file = main.path
    } else if let dot = moduleName.lastIndex(of: ".") {
      _ = try importModule(String(moduleName[..<dot]), at: location)
    }
    guard let file else {
      return .unknown("runpy.run_module('\(moduleName)'): its code is not a file of the scan", at: location)
    }
    let virtual = PythonModuleResolver.virtualPath(file)
    let module = newFileModule(runName, virtual, at: location)
    let package = scriptName.lastIndex(of: ".").map { String(scriptName[..<$0]) } ?? ""
    module.namespace["__package__"] = PythonBinding(value: PythonValue(.string(package), at: location), location: location, history: [])
    try execFile(virtual, into: module, origin: nil, at: location)
    return PythonValue(.object(.namespace(module)), at: location)
  }
}
