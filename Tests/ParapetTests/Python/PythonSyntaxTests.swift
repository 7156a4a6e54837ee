import Testing

@testable import ParapetEvidence
@testable import ParapetPython

@Suite("Python tokenizer and parser")
struct PythonSyntaxTests {
  @Test func tokensCarryLinesAndColumns() throws {
    let tokens = try PythonTokenizer.tokenize("A = 1\nif A:\n    B = 'x'\n")
    let names = tokens.filter { $0.kind == .name }.map { "\($0.text)@\($0.line):\($0.column)" }
    #expect(names == ["A@1:1", "if@2:1", "A@2:4", "B@3:5"])
    #expect(tokens.contains { $0.kind == .indent })
    #expect(tokens.contains { $0.kind == .dedent })
  }

  @Test func implicitJoiningAndContinuation() throws {
    let statements = try PythonParser.parseModule("X = [\n  1,\n  2,\n]\nY = 1 + \\\n  2\n")
    #expect(statements.count == 2)
  }

  @Test func stringPrefixesAndEscapes() throws {
    let tokens = try PythonTokenizer.tokenize(#"a = r"\d" b"x" 'it\'s' """tri"ple""" "\x41\n""#)
    let strings = tokens.compactMap { token -> String? in
      if case .string = token.kind { return token.text }
      return nil
    }
    #expect(strings == [#"\d"#, "x", "it's", #"tri"ple"#, "A\n"])
  }

  @Test func numbers() {
    #expect(PythonParser.number("0o777") == .integer(0o777))
    #expect(PythonParser.number("1_000") == .integer(1000))
    #expect(PythonParser.number("0x1F") == .integer(31))
    #expect(PythonParser.number("2.5") == .float(2.5))
    #expect(PythonParser.number("99999999999999999999999") == .bigInteger("99999999999999999999999"))
  }

  @Test func fStringFields() throws {
    let expression = try PythonParser.parseExpression(#"f"https://{host}:{port!r:>5}/{{x}}""#)
    guard case .formatString(let parts, _) = expression else {
      Issue.record("not an f-string")
      return
    }
    #expect(parts.count == 5)
  }

  @Test func everyStatementForm() throws {
    let source = """
      import os, sys as system
      from .base import *
      from x.y import (a, b as c,)
      @decorator
      def f(a, b=1, *args, c, d=2, **kw) -> int:
          global G
          return a
      class K(Base):
          pass
      try:
          from .local import *
      except (ImportError, KeyError) as error:
          pass
      else:
          pass
      finally:
          pass
      for i, j in enumerate(x):
          continue
      while False:
          break
      with open("f") as handle, other():
          pass
      A = B = [x for x in y if x] + [*z]
      A += 1; del A
      D: dict = {**e, "k": lambda v: v}
      assert True, "message"
      raise ValueError("x") from None
      """
    let statements = try PythonParser.parseModule(source)
    #expect(statements.count == 15)
  }

  @Test func errorsHaveLineAndColumn() {
    func failure(_ source: String) -> PythonSyntaxError? {
      do {
        _ = try PythonParser.parseModule(source)
        return nil
      } catch {
        return error
      }
    }
    #expect(failure("A = (1,\nB = 2\n")?.message == "'(' was never closed")
    #expect(failure("A = 'unterminated\n")?.line == 1)
    #expect(failure("if x:\nB = 1\n")?.line == 2)
    #expect(failure("A = 1\n  B = 2\n")?.message == "unexpected indent")
    #expect(failure("A = ]\n")?.column == 5)
    #expect(failure("1 = A\n") != nil)
  }

  @Test func hostileInputEndsWithAnError() {
    let deep = String(repeating: "(", count: 5000) + String(repeating: ")", count: 5000)
    #expect(throws: PythonSyntaxError.self) { try PythonParser.parseModule("A = " + deep) }
    let garbage = String(decoding: (0..<2000).map { UInt8(($0 * 7919) % 256) }, as: UTF8.self)
    _ = try? PythonParser.parseModule(garbage)
  }
}
