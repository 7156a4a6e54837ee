import ParapetFacts

/// A submodule of a scanned package that the scan does not hold (`horizon.utils.functions` when
/// only `horizon/utils/__init__.py` was copied). It is certainly missing where Django runs only
/// when the evidence says so, as for folders (`ScannedFolders`) and files: the scanned folder
/// is a git checkout, or git ignores the module's file. Otherwise the scan may be a partial copy
/// of the project: the import is a possible load error (or a path to a handler that catches
/// it), and what the module would define is unknown, with what to do about it.
extension PythonEvaluator {
  /// Why the module `name` (a submodule of a scanned package) may exist although the scan lacks
  /// it, or nil when its absence is certain.
  func partialScanReason(_ name: String, parent: PythonModule?) -> String? {
    if resolver.directories.contains(".git") || resolver.files[".git"] != nil { return nil }
    let last = String(name.split(separator: ".").last ?? "")
    guard let parentFile = parent?.path, parentFile.hasSuffix("/__init__.py") || parentFile == "__init__.py" else {
      // A parent that is not a package of the scan (a module, a library): nothing to say.
      return nil
    }
    let folder = PythonModuleResolver.dirname(parentFile)
    let candidate = (folder.isEmpty ? "" : folder + "/") + last
    for path in [candidate + ".py", candidate] {
      if resolver.ignoredAbsence(of: PythonModuleResolver.virtualPath(path)) != nil { return nil }
    }
    return "\(candidate).py is not in the scanned files, and the scan may be a partial copy: scan the whole "
      + "checkout (with its .git folder or .gitignore files) to decide"
  }

  /// The module Python may import where Django runs, unseen: its names are unknown, and the
  /// import fails there unless the file exists.
  // Kept out of line: importModule recurses once per nested import, and its frame must stay small.
  @inline(never)
  func partiallyScannedModule(_ name: String, reason: String, parts: [String], at location: SourceLocation?) -> PythonModule {
    let module = PythonModule(name: name, path: nil)
    module.unseenReason = reason
    module.hasOpaqueImports = true
    module.finished = true
    modules[name] = module
    if !unseenModuleReasons.contains(reason) { unseenModuleReasons.append(reason) }
    let site = location ?? SourceLocation(file: name)
    if let parent = parts.count > 1 ? modules[parts.dropLast().joined(separator: ".")] : nil {
      parent.namespace[parts.last!] = PythonBinding(value: PythonValue(.module(module)), location: site, history: [])
    }
    let raised = PythonException(type: "ModuleNotFoundError", message: "No module named '\(name)'", location: site)
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, raised) } }) {
      noteUncertain(guarding.module, raising: raised)
    } else {
      let message = "No module named '\(name)' unless it exists where Django runs (\(reason))"
      if !possibleLoadErrors.contains(where: { $0.message == message }) {
        possibleLoadErrors.append(PythonException(type: "ModuleNotFoundError", message: message, location: site))
      }
    }
    return module
  }
}
