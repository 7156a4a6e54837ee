/// One token of Python source, with the 1-based line and column where it starts.
package struct PythonToken: Sendable, Equatable {
  package enum Kind: Sendable, Equatable {
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

  package var kind: Kind
  package var text: String
  package var line: Int
  package var column: Int

  package var isName: Bool { kind == .name }

  package func isOp(_ symbol: String) -> Bool { kind == .op && text == symbol }

  package func isKeyword(_ word: String) -> Bool { kind == .name && text == word }
}

/// A syntax problem in Python source: what was expected and where.
package struct PythonSyntaxError: Error, Sendable, Equatable {
  package var message: String
  package var line: Int
  package var column: Int
}
