import Testing

@testable import ParapetPython

@Suite("Python grammar: strings, f-strings and t-strings")
struct PythonStringGrammarTests {
  private func parts(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> [PythonExpr.FormatPart] {
    guard case .formatString(let parts, _)? = parsePythonExpression(source, sourceLocation: sourceLocation) else {
      Issue.record("not an f-string", sourceLocation: sourceLocation)
      return []
    }
    return parts
  }

  @Test func nestedSameQuotesAndNestedFStrings() {
    let fields = parts(#"x = f"{d["key"]} and {f"{f"{1}"}"}""# + "\n")
    #expect(fields.count == 3)
    guard case .field(.subscription(.name("d", _), .constant(.string("key"), _), _), nil, let format)? = fields.first, format.isEmpty else {
      Issue.record("d[\"key\"]")
      return
    }
    guard case .field(.formatString(let inner, _), _, _) = fields[2],
      case .field(.formatString(let innermost, _), _, _)? = inner.first,
      case .field(let one, _, _)? = innermost.first
    else {
      Issue.record("nested f-strings")
      return
    }
    #expect(one.integerValue == 1)
  }

  @Test func selfDocumentingFieldsBecomeTextAndRepr() {
    let fields = parts("x = f\"{value = }|{value=!s}|{value=:>4}\"\n")
    guard fields.count == 8 else {
      Issue.record("parts: \(fields.count)")
      return
    }
    if case .text("value = ") = fields[0] {} else { Issue.record("debug text keeps spaces") }
    if case .field(.name("value", _), "r", let format) = fields[1], format.isEmpty {} else { Issue.record("default !r") }
    if case .field(_, "s", let format) = fields[4], format.isEmpty {} else { Issue.record("explicit !s") }
    if case .field(_, nil, let format) = fields[7], case .text(">4")? = format.first {} else {
      Issue.record("format spec keeps no conversion")
    }
  }

  @Test func selfDocumentingTextKeepsLineContinuations() {
    let fields = parts("x = f\"\"\"{value =\\\n}\"\"\"\n")
    if case .text("value =\\\n")? = fields.first {} else { Issue.record("debug text: \(fields)") }
    if case .field(.name("value", _), "r", _)? = fields.last {} else { Issue.record("field") }
  }

  @Test func formatSpecsWithNestedFields() {
    let fields = parts("x = f'{amount:{width}.{precision}f}|{when:%H:%M}|{n:=10}'\n")
    guard case .field(.name("amount", _), nil, let spec)? = fields.first else {
      Issue.record("shape")
      return
    }
    #expect(spec.count == 4)
    if case .field(.name("width", _), nil, let format) = spec[0], format.isEmpty {} else { Issue.record("nested width") }
    if case .text(".") = spec[1] {} else { Issue.record("spec text") }
    if case .field(_, nil, let timeSpec) = fields[2], case .text("%H:%M")? = timeSpec.first {} else {
      Issue.record("colons inside a spec")
    }
    if case .field(.name("n", _), nil, let fill) = fields[4], case .text("=10")? = fill.first {} else {
      Issue.record("':=' at the top of a field starts a spec")
    }
  }

  @Test func backslashesCommentsAndLineBreaksInFields() {
    let source = """
      x = f"{'\\n'.join(rows)} {
          value  # a comment inside the field
          + 1
      }"
      y = f'''{
      a!r}'''

      """
    let statements = parsePython(source)
    #expect(statements.count == 2)
    guard case .assign(_, .formatString(let fields, _), _)? = statements.first,
      case .field(.call(.attribute(.constant(.string("\n"), _), "join", _), _, _), _, _)? = fields.first,
      case .field(.binary("+", _, _, let plus), _, _)? = fields.last
    else {
      Issue.record("fields")
      return
    }
    #expect(plus.line == 3)
  }

  @Test func escapedBracesAndNamedEscapes() {
    let fields = parts(#"x = f"{{literal}} \N{BULLET} {x}""# + "\n")
    if case .text("{literal} \\N{BULLET} ")? = fields.first {} else { Issue.record("text: \(fields)") }
    #expect(fields.count == 2)
  }

  @Test func templateStrings() {
    guard case .templateString(let fields, _)? = parsePythonExpression("x = t\"Hello {name!r}\" t'{{}}' rt\"\\d{n}\"\n") else {
      Issue.record("not a t-string")
      return
    }
    if case .text("Hello ") = fields[0] {} else { Issue.record("text") }
    if case .field(.name("name", _), "r", let format) = fields[1], format.isEmpty {} else { Issue.record("field") }
    if case .text("\\d") = fields[3] {} else { Issue.record("raw t-string text: \(fields)") }
    #expect(pythonSyntaxError("x = t'a' 'b'\n")?.message == "cannot mix t-string literals with string or bytes literals")
  }

  @Test func implicitConcatenationAcrossPrefixes() {
    guard case .formatString(let fields, _)? = parsePythonExpression("x = 'a' r'\\d' f'{b}' u'c' F\"{d!a}\"\n") else {
      Issue.record("not an f-string")
      return
    }
    if case .text("a\\d") = fields[0] {} else { Issue.record("plain prefix text") }
    #expect(fields.count == 4)
    if case .constant(.bytes("xy"), _)? = parsePythonExpression("x = b'x' Rb'y'\n") {} else { Issue.record("bytes") }
    #expect(pythonSyntaxError("x = b'x' 'y'\n")?.message == "cannot mix bytes and nonbytes literals")
  }

  @Test func numberLiteralForms() {
    #expect(PythonParser.number("1_000") == .integer(1000))
    #expect(PythonParser.number("0x_FF") == .integer(255))
    #expect(PythonParser.number("0o17") == .integer(15))
    #expect(PythonParser.number("0b1010") == .integer(10))
    #expect(PythonParser.number("1_000.5e-3") == .float(1.0005))
    #expect(PythonParser.number("1e1_0") == .float(1e10))
    #expect(PythonParser.number("3.j") == .imaginary("3.j"))
    guard case .tuple(let items, _)? = parsePythonExpression("x = 1_000.5e-3, .5j, 0x_ff, 1if y else 2, 1.e5\n") else {
      Issue.record("tuple")
      return
    }
    #expect(items.count == 5)
    if case .ifElse = items[3] {} else { Issue.record("1if y else 2") }
  }
}
