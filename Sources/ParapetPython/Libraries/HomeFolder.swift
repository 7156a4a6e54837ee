import ParapetFacts

/// `~` in paths: `os.path.expanduser`, `Path.expanduser()` and `Path.home()` read `$HOME`
/// when it is set (CPython's posixpath: `os.environ['HOME']`, trailing slashes dropped, `/`
/// when empty), and only otherwise ask the password database, which the evidence does not hold.
/// MobSF keeps its configuration and secret under `Path.home() / '.MobSF'`.
extension PythonEvaluator {
  /// `path` with a leading `~` or `~/` expanded, or nil when the path does not start so.
  /// `~user` forms and an unset `HOME` give an unknown value that says what to set.
  func expandHome(_ path: String, at location: SourceLocation) -> PythonValue? {
    guard path == "~" || path.hasPrefix("~/") || path.hasPrefix("~") else { return nil }
    guard path == "~" || path.hasPrefix("~/") else {
      return .unknown("a path in the home folder of another user (\(path.prefix(while: { $0 != "/" })))", at: location)
    }
    let home = homeFolder(at: location)
    guard case .string(let folder) = home.kind else { return home }
    var trimmed = folder
    while trimmed.hasSuffix("/") { trimmed.removeLast() }
    let expanded = trimmed + path.dropFirst()
    return PythonValue(.string(expanded.isEmpty ? "/" : expanded), at: location).merging([home])
  }

  /// `Path.home()`: `$HOME`, else unknown with the variable to set.
  func homeFolder(at location: SourceLocation) -> PythonValue {
    let home = environmentValue("HOME", accessor: "os.path.expanduser", defaultValue: nil, at: location)
    if home.isUnsetMarker {
      var value = PythonValue.unknown(
        "the home folder of the user Django runs as: $HOME is not set in the given environment (set it with --env HOME=…)", at: location)
      value.uses = home.uses
      return value
    }
    return home
  }
}
