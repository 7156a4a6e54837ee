import ParapetFacts

/// django-environ's `environ.Path`: `Path(start, *parts, is_file=, required=)` holds an
/// absolute root; calling it joins parts and gives a `str` (`root("static")`), `.path(...)` gives
/// another Path, `- n` goes n folders up (`Path(__file__) - 3`), `- "suffix"` strips characters
/// as `str.rstrip` does (the library's own quirk), `+` joins, `.root` and `str()` give the root.
/// Represented as `.opaque(environPathPrefix + root)`.
extension PythonEvaluator {
  package static let environPathPrefix = "environ.Path:"

  /// The root of an `environ.Path` value, or nil.
  static func environPathRoot(_ value: PythonValue) -> String? {
    guard case .opaque(let type) = value.kind, type.hasPrefix(environPathPrefix) else { return nil }
    return String(type.dropFirst(environPathPrefix.count))
  }

  /// `os.path.abspath(os.path.join(base, *parts))` under the evaluator's working directory, or
  /// nil when a part is not a known string or path.
  private func environAbsoluteJoin(_ parts: [PythonValue]) -> String? {
    var texts: [String] = []
    for part in parts {
      if let root = Self.environPathRoot(part) { texts.append(root); continue }
      switch part.kind {
      case .string(let text), .path(let text): texts.append(text)
      default: return nil
      }
    }
    let joined = PythonModuleResolver.joinPaths(texts)
    let absolute = joined.hasPrefix("/") ? joined : PythonModuleResolver.joinPaths([workingDirectory, joined])
    return PythonModuleResolver.normalize(absolute)
  }

  private func environPath(_ root: String, _ sources: [PythonValue], at location: SourceLocation) -> PythonValue {
    PythonValue(.opaque(Self.environPathPrefix + root), at: location).merging(sources)
  }

  /// `environ.Path(start, *parts, **kwargs)`.
  func newEnvironPath(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    var parts = positional.isEmpty ? [PythonValue(.string(""))] : positional
    if keywords.contains(where: { $0.0 == "is_file" && $0.1.truthiness == true }), let first = parts.first?.stringValue {
      parts[0] = PythonValue(.string(PythonModuleResolver.dirname(first)))
    }
    return try environPathJoin(parts, keywords, sources: positional, at: location, asPath: true)
  }

  private func environPathJoin(_ parts: [PythonValue], _ keywords: [(String, PythonValue)], sources: [PythonValue], at location: SourceLocation, asPath: Bool) throws(PythonException) -> PythonValue {
    if let unknown = parts.first(where: \.isUnknown) { return unknown.merging(sources) }
    guard let root = environAbsoluteJoin(parts) else {
      return .unknown("environ.Path of parts that are not known", at: location).merging(sources)
    }
    if keywords.contains(where: { $0.0 == "required" && $0.1.truthiness == true }),
      !resolver.fileExists(root) && !resolver.directoryExists(root)
    {
      if resolver.visiblePath(root) == nil && !resolver.declaredAbsent(root) {
        return .unknown("environ.Path(required=True) of \(root), outside the scanned files", at: location)
      }
      throw PythonException(type: "ImproperlyConfigured", message: "Create required path: \(root)", location: location)
    }
    return asPath ? environPath(root, sources, at: location) : PythonValue(.string(root), at: location).merging(sources)
  }

  /// An attribute of an `environ.Path`: `root`, or a method bound to it.
  func environPathAttribute(_ base: PythonValue, _ root: String, _ name: String, at location: SourceLocation) -> PythonValue {
    if name == "root" { return PythonValue(.string(root), at: location).merging([base]) }
    return PythonValue(.builtin("environ.Path." + name, receiver: [base]), at: location)
  }

  /// `path(...)` called, or one of its methods (`path`, `file`).
  func environPathCall(_ receiver: PythonValue, _ root: String, method: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    let parts = [PythonValue(.string(root))] + positional
    switch method {
    case "__call__": return try environPathJoin(parts, keywords, sources: [receiver] + positional, at: location, asPath: false)
    case "path": return try environPathJoin(parts, keywords, sources: [receiver] + positional, at: location, asPath: true)
    case "file":
      let file = try environPathJoin(Array(parts.prefix(2)), [], sources: [receiver] + positional, at: location, asPath: false)
      return try openFile([file] + positional.dropFirst(), keywords, at: location)
    default: return .unknown("environ.Path.\(method)() is not modelled", at: location)
    }
  }

  /// `path - 3`, `path - "suffix"`, `path + "part"`, `path + other`; nil for other operators.
  func environPathBinary(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard let root = Self.environPathRoot(left) else { return nil }
    switch (op, right.kind) {
    case ("-", .integer(let count)):
      guard count >= 0, count < 1_000 else { return .unknown("environ.Path - \(count)", at: location) }
      return try environPathJoin([PythonValue(.string(root)), PythonValue(.string(String(repeating: "../", count: count)))], [], sources: [left, right], at: location, asPath: true)
    case ("-", .string(let suffix)):
      guard root.hasSuffix(suffix) else {
        throw PythonException(type: "TypeError", message: "Cannot subtract \(suffix) from environ.Path", location: location)
      }
      // The library strips with `str.rstrip(suffix)`: every trailing character found in it.
      let characters = Set(suffix)
      var stripped = Substring(root)
      while let last = stripped.last, characters.contains(last) { stripped = stripped.dropLast() }
      return try environPathJoin([PythonValue(.string(String(stripped)))], [], sources: [left, right], at: location, asPath: true)
    case ("+", _):
      return try environPathJoin([PythonValue(.string(root)), right], [], sources: [left, right], at: location, asPath: true)
    default:
      return nil
    }
  }
}
