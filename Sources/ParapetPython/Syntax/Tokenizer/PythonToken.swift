/// One token of Python source, with the 1-based line and column where it starts.
package struct PythonToken: Sendable, Equatable {
  package enum Kind: Sendable, Equatable {
    /// An identifier or keyword (`import`, `True`, `DEBUG`), NFKC-normalized as Python does.
    case name
    /// A number as written (`60`, `0o777`, `1_000`, `2.5`, `1e3`, `3j`).
    case number
    /// A string or bytes literal, its value decoded. `prefix` is lower-cased (`""`, `r`, `b`,
    /// `rb`, …).
    case string(prefix: String)
    /// The start of an f-string or t-string (PEP 701 tokens); `prefix` is lower-cased and
    /// contains `f` or `t`. Literal text follows as `fstringMiddle`, replacement fields as
    /// ordinary tokens between `{` and `}` ops, and `fstringEnd` closes it.
    case fstringStart(prefix: String)
    /// Literal text of an f-string or of a format spec, escapes decoded (unless raw).
    case fstringMiddle
    case fstringEnd
    /// The `=` of a self-documenting field `{expr = }`; `text` is the source from after `{`
    /// through the `=` and the spaces after it, which Python prints verbatim.
    case fstringDebug
    /// An operator or delimiter (`(`, `**=`, `->`, `.`, and `!` inside an f-string field).
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
