import ParapetFacts

/// `assert condition, message`: Python raises `AssertionError` when the condition is false
/// (Kuma's settings assert that `WELCOME_EMAIL_FROM` holds one `@`; Django then runs no check),
/// unless it runs optimized (`PYTHONOPTIMIZE` set to a non-zero value, or `-O`), which drops
/// every assert. A condition Parapet cannot decide is a possible raise: the path of a `try`
/// that catches it, else a possible load error.
extension PythonEvaluator {
  /// Out of line: `execute` recurses once per nested block and import, and its frame must stay small.
  @inline(never)
  func executeAssert(_ condition: PythonExpr, _ message: PythonExpr?, _ frame: Frame, location: SourceLocation) throws(PythonException) -> Flow {
    if Self.optimized(environment["PYTHONOPTIMIZE"]) { return .next }
    let value = try evaluate(condition, frame)
    switch value.truthiness {
    case true?:
      return .next
    case false?:
      var text = ""
      if let message, let shown = try? evaluate(message, frame), let known = Self.shownMessage(shown) { text = known + " " }
      throw PythonException(
        type: "AssertionError", message: "\(text)(the assert at \(location) is false)", location: location, uses: value.uses)
    case nil:
      let reason = "the assert's condition is not known: \(value.unknownReason ?? "it depends on what Parapet cannot evaluate")"
      notePossibleRaise(SkippedRaise(type: "AssertionError", location: location, message: "the assert at \(location)"), because: reason, at: location)
      return .next
    }
  }

  /// The text of an exception's message as Parapet may show it (`raise X("…")`, `assert c,
  /// "…"`): a known, short text, never one that may hold a secret (a value from a secret
  /// variable or file).
  static func shownMessage(_ value: PythonValue) -> String? {
    guard let text = value.pythonString, !value.fromSecretVariable,
      !value.uses.contains(where: { SecretNames.isSecret($0.variable) }), text.count <= 300
    else { return nil }
    return text
  }

  /// Whether `PYTHONOPTIMIZE` makes Python drop asserts: an integer above 0, or any other
  /// non-empty text (CPython reads it as an integer when it is one).
  static func optimized(_ value: String?) -> Bool {
    guard let value, !value.isEmpty else { return false }
    if let level = Int(value) { return level > 0 }
    return true
  }
}
