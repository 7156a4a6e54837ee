import Testing

@testable import ParapetPython

@Suite("Python syntax errors and limits")
struct PythonSyntaxErrorTests {
  @Test func errorsNameWhatWasExpectedWithLineAndColumn() {
    let cases: [(source: String, message: String, line: Int, column: Int)] = [
      ("x = 1 +\n", "expected an expression, found end of line", 1, 8),
      ("for in x:\n    pass\n", "expected an expression, found 'in'", 1, 5),
      ("print 'x'\n", "expected end of line, found string", 1, 7),
      ("def f(a=1, b):\n    pass\n", "parameter without a default follows parameter with a default", 1, 12),
      ("def f(*):\n    pass\n", "named parameters must follow bare '*'", 1, 7),
      ("f() = 1\n", "cannot assign to function call", 1, 2),
      ("x = 1 = 2\n", "cannot assign to literal", 1, 5),
      ("x = f'{}'\n", "f-string: valid expression required before '}'", 1, 8),
      ("x = f'}'\n", "f-string: single '}' is not allowed", 1, 7),
      ("x = f'{a!z}'\n", "f-string: invalid conversion character 'z': expected 's', 'r', or 'a'", 1, 10),
      ("x = f'{a\n", "unterminated f-string literal", 1, 5),
      ("x = 'abc\n", "unterminated string literal", 1, 5),
      ("if x:\npass\n", "expected an indented block, found 'pass'", 2, 1),
      ("async x = 1\n", "expected 'def', 'for' or 'with' after 'async', found 'x'", 1, 7),
      ("class\n", "expected a name after 'class', found end of line", 1, 6),
      ("type X[] = int\n", "type parameter list cannot be empty", 1, 8),
    ]
    for item in cases {
      let error = pythonSyntaxError(item.source)
      #expect(error?.message == item.message, "\(item.source)")
      #expect(error?.line == item.line, "\(item.source)")
      #expect(error?.column == item.column, "\(item.source)")
    }
  }

  @Test func longOperatorChainsParseWithoutRecursionPerTerm() {
    let sum = "x = " + Array(repeating: "1", count: 2_000).joined(separator: " + ") + "\n"
    guard case .assign(_, .binary("+", _, let last, _), _)? = parsePython(sum).first else {
      Issue.record("sum")
      return
    }
    #expect(last.integerValue == 1)
    let power = "x = " + Array(repeating: "2", count: 2_000).joined(separator: " ** ") + "\n"
    // `**` is right-associative: the top node's left operand is the first 2.
    if case .assign(_, .binary("**", let left, .binary("**", _, _, _), _), _)? = parsePython(power).first {
      #expect(left.integerValue == 2)
    } else {
      Issue.record("power chain")
    }
    let other = "x = " + String(repeating: "not ", count: 2_000) + String(repeating: "- ~", count: 2_000) + " y if a else " + Array(repeating: "b if c", count: 2_000).joined(separator: " else ") + " else d\n"
    #expect(parsePython(other).count == 1)
    let attributes = "x = a" + String(repeating: ".b(c)[d]", count: 2_000) + "\n"
    #expect(parsePython(attributes).count == 1)
  }

  @Test func nestingUpToTheLimitParsesAndBeyondIsAnError() {
    let limit = PythonTokenizer.maximumBrackets
    let deep = "x = " + String(repeating: "(", count: limit) + "1" + String(repeating: ")", count: limit) + "\n"
    if case .assign(_, let value, _)? = parsePython(deep).first {
      #expect(value.integerValue == 1)
    } else {
      Issue.record("\(limit) nested parentheses")
    }
    let mixed = "x = " + String(repeating: "[{(", count: limit / 3) + "1" + String(repeating: ")}]", count: limit / 3) + "\n"
    #expect(parsePython(mixed).count == 1)
    let tooDeep = "x = " + String(repeating: "(", count: limit + 1) + "1" + String(repeating: ")", count: limit + 1) + "\n"
    let error = pythonSyntaxError(tooDeep)
    #expect(error?.message == "too many nested parentheses (the limit is \(limit))")
    #expect(error?.column == 5 + limit)
    let hostile = String(repeating: "(", count: 100_000)
    #expect(pythonSyntaxError(hostile)?.message == "too many nested parentheses (the limit is \(limit))")
  }

  @Test func nestedFStringsAndLambdasAreBounded() {
    var nested = "1"
    for _ in 0..<90 { nested = "f'{" + nested + "}'" }
    #expect(parsePython("x = " + nested + "\n").count == 1)
    let lambdas = "x = " + String(repeating: "lambda: ", count: PythonParser.maximumDepth + 1) + "0\n"
    #expect(pythonSyntaxError(lambdas)?.message == "nesting deeper than \(PythonParser.maximumDepth) levels")
  }

  @Test func indentationDepthIsBounded() {
    var source = ""
    for level in 0...PythonTokenizer.maximumIndentation {
      source += String(repeating: " ", count: level) + "if x:\n"
    }
    source += String(repeating: " ", count: PythonTokenizer.maximumIndentation + 1) + "pass\n"
    #expect(pythonSyntaxError(source)?.message == "too many levels of indentation (the limit is \(PythonTokenizer.maximumIndentation))")
  }
}
