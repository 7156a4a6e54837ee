import ParapetFacts

/// django-split-settings (`from split_settings.tools import include, optional`): `include()`
/// runs settings files into the calling module's namespace, in order.
///
/// Each argument is a path or glob pattern relative to the calling file's folder; a pattern
/// that matches nothing raises `OSError("No such file: …")` unless wrapped in `optional()`.
/// Files run with the caller's globals, so later files see and override earlier names; a file
/// already being included is skipped, as the library does. `glob.glob` returns files in
/// directory order; Parapet runs several matches of one pattern in sorted order.
extension PythonEvaluator {
  static let splitSettingsOptionalPrefix = "split_settings.optional:"

  /// Handles `include()` and `optional()`; nil for any other call.
  func splitSettingsCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    switch name {
    case "split_settings.tools.optional", "split_settings.optional":
      guard let pattern = positional.first?.stringValue else {
        return .unknown("optional() of a path that is not known", at: location).merging(positional)
      }
      return PythonValue(.opaque(Self.splitSettingsOptionalPrefix + pattern), at: location)
    case "split_settings.tools.include", "split_settings.include":
      if !keywords.isEmpty { return .unknown("include(scope=…) is not modelled", at: location) }
      for argument in positional {
        var pattern = argument.stringValue
        var optional = false
        if case .opaque(let marker) = argument.kind, marker.hasPrefix(Self.splitSettingsOptionalPrefix) {
          pattern = String(marker.dropFirst(Self.splitSettingsOptionalPrefix.count))
          optional = true
        }
        guard let pattern else {
          markUnknown(
            Self.upperCaseNames(in: frame.module), reason: "include() of a file that is not known, at \(location)",
            frame, location: location)
          continue
        }
        let folder = PythonModuleResolver.dirname(frame.file)
        let joined = pattern.hasPrefix("/")
          ? PythonModuleResolver.bundlePath(pattern) ?? ""
          : PythonModuleResolver.normalize(folder.isEmpty ? pattern : folder + "/" + pattern)
        let matches = resolver.files.keys.filter { PythonGlob.matches(joined, $0) }.sorted()
        if matches.isEmpty {
          if optional { continue }
          throw PythonException(type: "OSError", message: "No such file: \(pattern)", location: location)
        }
        for path in matches where !includedFiles.contains(path) {
          guard let statements = parse(path) else {
            throw PythonException(type: "SyntaxError", message: "\(path) has a syntax error", location: location)
          }
          includedFiles.insert(path)
          defer { includedFiles.remove(path) }
          let included = Frame(module: frame.module, scope: frame.scope, file: path, function: frame.function)
          _ = try run(statements, included)
        }
      }
      return PythonValue(.none, at: location)
    default:
      return nil
    }
  }

  /// The upper-case names a module has bound so far (what an include could change).
  static func upperCaseNames(in module: PythonModule) -> [String] {
    module.namespace.keys.filter { $0.first?.isUppercase == true }.sorted()
  }
}
