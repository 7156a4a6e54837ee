import ParapetFacts

/// Loading a Python file by its path, as configuration loaders do: `importlib.util
/// .spec_from_file_location(name, path)` with `module_from_spec(spec)` and
/// `spec.loader.exec_module(module)`, `importlib.machinery.SourceFileLoader(name, path)` with
/// `exec_module`/`load_module()`, and `imp.load_source(name, path)` (Python before 3.12).
/// MobSF runs `~/.MobSF/config.py` so, then copies the module's names into its settings.
///
/// The file is read as `open(path).read()` is (a file of the scan, one the settings wrote, or
/// unknown with the path in the reason) and run in the module's own namespace, as `exec()`
/// would: what it raises, the loader raises.
extension PythonEvaluator {
  static let moduleSpecPrefix = "importlib.ModuleSpec "
  static let sourceLoaderPrefix = "importlib.SourceFileLoader "

  /// The calls that make specs, loaders and modules, or nil for any other name.
  func importlibFileCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    func argument(_ position: Int, _ keyword: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
    }
    switch name {
    case "importlib.util.spec_from_file_location", "importlib.machinery.SourceFileLoader", "imp.load_source":
      let pathKeyword = name.hasSuffix("SourceFileLoader") ? "path" : name == "imp.load_source" ? "pathname" : "location"
      guard let moduleName = argument(0, "name")?.stringValue, let pathValue = argument(1, pathKeyword),
        let path = pathValue.stringValue ?? { if case .path(let path) = pathValue.kind { return path } else { return nil } }()
      else {
        return .unknown("\(name)() of a module name or path that is not known", at: location)
          .merging(positional + keywords.map(\.1))
      }
      let payload = moduleName + "\u{1F}" + path
      if name == "imp.load_source" {
        let module = newFileModule(moduleName, path, at: location)
        try execFile(path, into: module, origin: pathValue, at: location)
        return PythonValue(.module(module), at: location)
      }
      let prefix = name.hasSuffix("SourceFileLoader") ? Self.sourceLoaderPrefix : Self.moduleSpecPrefix
      return PythonValue(.opaque(prefix + payload), at: location).merging([pathValue])
    case "importlib.util.module_from_spec":
      guard let spec = argument(0, "spec"), case .opaque(let type) = spec.kind, type.hasPrefix(Self.moduleSpecPrefix),
        let (moduleName, path) = Self.fileModulePayload(type, prefix: Self.moduleSpecPrefix)
      else { return nil }
      return PythonValue(.module(newFileModule(moduleName, path, at: location)), at: location).merging([spec])
    default:
      return nil
    }
  }

  static func isFileModuleObject(_ type: String) -> Bool {
    type.hasPrefix(moduleSpecPrefix) || type.hasPrefix(sourceLoaderPrefix)
  }

  /// `spec.loader`, `spec.name`, `spec.origin`; a loader's methods.
  func fileModuleAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    if type.hasPrefix(Self.moduleSpecPrefix), let (moduleName, path) = Self.fileModulePayload(type, prefix: Self.moduleSpecPrefix) {
      switch name {
      case "loader": return PythonValue(.opaque(Self.sourceLoaderPrefix + moduleName + "\u{1F}" + path), at: location).merging([base])
      case "name": return PythonValue(.string(moduleName), at: location).merging([base])
      case "origin": return PythonValue(.string(path), at: location).merging([base])
      default: return .unknown("attribute \(name) of a module spec", at: location)
      }
    }
    if type.hasPrefix(Self.sourceLoaderPrefix) {
      return PythonValue(.builtin("importlib.loader." + name, receiver: [base]), at: location)
    }
    return nil
  }

  /// `loader.exec_module(module)` and `loader.load_module()`.
  func fileModuleMethod(
    _ type: String, _ name: String, _ positional: [PythonValue], at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let (moduleName, path) = Self.fileModulePayload(type, prefix: Self.sourceLoaderPrefix) else {
      return .unknown("a loader Parapet lost track of", at: location)
    }
    switch String(name.dropFirst("importlib.loader.".count)) {
    case "exec_module":
      guard let given = positional.first, case .module(let module) = given.kind else {
        return .unknown("exec_module() of a value that is not a module", at: location)
      }
      try execFile(path, into: module, origin: nil, at: location)
      return PythonValue(.none, at: location)
    case "load_module":
      let module = newFileModule(positional.first?.stringValue ?? moduleName, path, at: location)
      try execFile(path, into: module, origin: nil, at: location)
      return PythonValue(.module(module), at: location)
    default:
      return .unknown("\(name)() of a source file loader, which Parapet does not model", at: location)
    }
  }

  private static func fileModulePayload(_ type: String, prefix: String) -> (String, String)? {
    let parts = type.dropFirst(prefix.count).split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    return (String(parts[0]), String(parts[1]))
  }

  func newFileModule(_ name: String, _ path: String, at location: SourceLocation) -> PythonModule {
    let module = PythonModule(name: name, path: path)
    module.namespace["__name__"] = PythonBinding(value: PythonValue(.string(name), at: location), location: location, history: [])
    module.namespace["__file__"] = PythonBinding(value: PythonValue(.string(path), at: location), location: location, history: [])
    module.namespace["__doc__"] = PythonBinding(value: PythonValue(.none, at: location), location: location, history: [])
    module.finished = true
    return module
  }

  /// Reads the file as `open(path).read()` and runs it in `module`, as `exec(code, vars(module))`.
  func execFile(_ path: String, into module: PythonModule, origin: PythonValue?, at location: SourceLocation) throws(PythonException) {
    let code = try readFile(origin ?? PythonValue(.string(path), at: location), method: "read_text", at: location)
    let namespace = PythonValue(.object(.namespace(module)), at: location)
    _ = try execCall([code, namespace], [], Frame(module: module, scope: nil, file: location.file), at: location)
  }
}
