/// One token of Python source, with the 1-based line and column where it starts.
struct PythonToken: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// An identifier or keyword (`import`, `True`, `DEBUG`).
    case name
    /// A number as written (`60`, `0o777`, `1_000`, `2.5`, `1e3`, `3j`).
    case number
    /// A string literal, its value decoded. `prefix` is lower-cased (`""`, `r`, `b`, `f`, `rb`, …).
    /// For f-strings `text` holds the raw body (escapes still decoded) so `{…}` parts can be
    /// parsed later.
    case string(prefix: String)
    /// An operator or delimiter (`(`, `**=`, `->`, `.`).
    case op
    case newline
    case indent
    case dedent
    case end
  }

  var kind: Kind
  var text: String
  var line: Int
  var column: Int

  var isName: Bool { kind == .name }

  func isOp(_ symbol: String) -> Bool { kind == .op && text == symbol }

  func isKeyword(_ word: String) -> Bool { kind == .name && text == word }
}

/// A syntax problem in Python source: what was expected and where.
struct PythonSyntaxError: Error, Sendable, Equatable {
  var message: String
  var line: Int
  var column: Int
}
