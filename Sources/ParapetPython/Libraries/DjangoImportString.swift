import ParapetFacts

/// `django.utils.module_loading.import_string(dotted_path)`, as Django 3.2 to 6.1 write it:
/// the path splits at its last dot (none: ImportError "… doesn't look like a module path"),
/// the module imports (its errors propagate), and a name it lacks is an ImportError
/// `Module "m" does not define a "n" attribute/class`, not the AttributeError getattr raised
/// (Argus catches AttributeError around it, so a wrong logging dict name stops its settings).
extension PythonEvaluator {
  static let importStringNames: Set<String> = ["django.utils.module_loading.import_string"]

  func djangoImportString(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let given = positional.first ?? keywords.first(where: { $0.0 == "dotted_path" })?.1 else {
      throw PythonException(type: "TypeError", message: "import_string() missing 1 required positional argument: 'dotted_path'", location: location)
    }
    guard let path = given.stringValue else {
      return .unknown("import_string() of a path that is not known", at: location).merging([given])
    }
    guard let dot = path.lastIndex(of: ".") else {
      throw PythonException(type: "ImportError", message: "\(path) doesn't look like a module path", location: location, uses: given.uses)
    }
    let moduleName = String(path[..<dot])
    let name = String(path[path.index(after: dot)...])
    let module = PythonValue(.module(try importModule(moduleName, at: location)), at: location)
    do throws(PythonException) {
      return try attribute(module, name, at: location).merging([given])
    } catch {
      guard error.type == "AttributeError" else { throw error }
      throw PythonException(
        type: "ImportError", message: "Module \"\(moduleName)\" does not define a \"\(name)\" attribute/class",
        location: location, uses: given.uses)
    }
  }
}
