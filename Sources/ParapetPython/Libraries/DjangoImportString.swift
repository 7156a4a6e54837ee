import ParapetFacts

/// `django.utils.module_loading.import_string(dotted_path)`, as Django 3.2 to 6.1 write it:
/// the path splits at its last dot (none: ImportError "… doesn't look like a module path"),
/// the module imports (its errors propagate), and a name it lacks is an ImportError
/// `Module "m" does not define a "n" attribute/class`, not the AttributeError getattr raised
/// (Argus catches AttributeError around it, so a wrong logging dict name stops its settings).
/// A module of a scanned package that the scan lacks is a possible ImportError, not a certain
/// one: the string names code a minimal copy of the project may leave out.
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
    let imported: PythonModule
    do throws(PythonException) {
      imported = try importModule(moduleName, at: location)
    } catch where error.type == "ModuleNotFoundError" && resolver.hasTopLevel(moduleName) {
      // A module of the project named only in a string (NetBox's PROXY_ROUTERS): a minimal
      // copy of the project may lack it although the checkout Django runs has it, so its
      // absence is a doubt here, not a certain ImportError.
      notePossibleRaise(
        SkippedRaise(
          type: "ImportError", location: location,
          message: "import_string(\"\(path)\"): \(moduleName) is not in the scanned files"),
        because: "import_string() imports a module of the project the scan does not hold; scan the whole checkout to decide",
        at: location)
      return .unknown("import_string(\"\(path)\"): \(moduleName) is not in the scanned files", at: location).merging([given])
    }
    let module = PythonValue(.module(imported), at: location)
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
