import Testing

@testable import ParapetPython

@Suite("Python grammar: statements")
struct PythonStatementGrammarTests {
  @Test func functionsKeepDecoratorsAsyncAnnotationsAndParameters() throws {
    let statements = parsePython("""
      @app.route("/x")
      @(lambda f: f)
      async def handler[T: int, *Ts, **P](a: int, /, b=1, *args: *Ts, c, d: str = "x", **kw) -> T:
          return a
      """)
    guard case .function(let name, let parameters, let body, let info, let position)? = statements.first else {
      Issue.record("not a function")
      return
    }
    #expect(name == "handler")
    #expect(position == Position(line: 1, column: 1))
    #expect(info.isAsync)
    #expect(info.decorators.count == 2)
    #expect(info.returns?.nameText == "T")
    #expect(info.typeParameters.map(\.name) == ["T", "Ts", "P"])
    #expect(info.typeParameters.map(\.kind) == [.typeVar, .typeVarTuple, .paramSpec])
    #expect(info.typeParameters[0].bound?.nameText == "int")
    #expect(parameters.map(\.name) == ["a", "b", "args", "c", "d", "kw"])
    #expect(parameters.map(\.kind) == [.positionalOnly, .normal, .varPositional, .keywordOnly, .keywordOnly, .varKeyword])
    #expect(parameters[0].annotation?.nameText == "int")
    #expect(parameters[1].defaultValue?.integerValue == 1)
    if case .starred(.name("Ts", _), _)? = parameters[2].annotation {} else { Issue.record("*args: *Ts") }
    #expect(body.count == 1)
  }

  @Test func classesKeepBasesKeywordsDecoratorsAndTypeParameters() {
    let statements = parsePython("""
      @dataclass(frozen=True)
      class Point[T = int](Base, *mixins, metaclass=Meta, **options):
          x: T
      """)
    guard case .classDef(let name, let body, let info, _)? = statements.first else {
      Issue.record("not a class")
      return
    }
    #expect(name == "Point")
    #expect(info.decorators.count == 1)
    #expect(info.typeParameters.first?.defaultValue?.nameText == "int")
    #expect(info.arguments.count == 4)
    if case .keyword("metaclass", .name("Meta", _)) = info.arguments[2] {} else { Issue.record("metaclass") }
    if case .star = info.arguments[1] {} else { Issue.record("*mixins") }
    if case .annotatedAssign(.name("x", _), _, nil, _)? = body.first {} else { Issue.record("annotation body") }
  }

  @Test func typeAliasStatement() {
    let statements = parsePython("type Pairs[K, V = str] = list[tuple[K, V]]\n")
    guard case .typeAlias(let name, let parameters, let value, _)? = statements.first else {
      Issue.record("not a type alias")
      return
    }
    #expect(name == "Pairs")
    #expect(parameters.map(\.name) == ["K", "V"])
    #expect(parameters[1].defaultValue?.nameText == "str")
    if case .subscription(.name("list", _), _, _) = value {} else { Issue.record("value") }
  }

  @Test func asyncForAndWithAndAwait() {
    let statements = parsePython("""
      async def main():
          async for item in stream():
              await item
          async with lock as held, (yield) as sent:
              pass
          return [x async for x in aiter() if await x]
      """)
    guard case .function(_, _, let body, _, _)? = statements.first, body.count == 3 else {
      Issue.record("shape")
      return
    }
    if case .forLoop(_, _, let loopBody, _, true, _) = body[0] {
      if case .expression(.await(.name("item", _), _), _)? = loopBody.first {} else { Issue.record("await") }
    } else {
      Issue.record("async for")
    }
    if case .with(let items, _, true, _) = body[1] {
      #expect(items.count == 2)
      if case .yield(nil, false, _) = items[1].0 {} else { Issue.record("(yield)") }
    } else {
      Issue.record("async with")
    }
    if case .returnValue(.comprehension(.list, _, let clauses, _)?, _) = body[2] {
      #expect(clauses.first?.isAsync == true)
    } else {
      Issue.record("async comprehension")
    }
  }

  @Test func exceptStarAndUnparenthesizedExceptTuples() {
    let statements = parsePython("""
      try:
          pass
      except* (ValueError, TypeError) as group:
          pass
      try:
          pass
      except KeyError, IndexError:
          pass
      """)
    guard statements.count == 2,
      case .tryBlock(_, let groupHandlers, _, _, _) = statements[0],
      case .tryBlock(_, let plainHandlers, _, _, _) = statements[1]
    else {
      Issue.record("shape")
      return
    }
    #expect(groupHandlers.first?.isGroup == true)
    #expect(groupHandlers.first?.types == ["ValueError", "TypeError"])
    #expect(groupHandlers.first?.name == "group")
    #expect(plainHandlers.first?.isGroup == false)
    #expect(plainHandlers.first?.types == ["KeyError", "IndexError"])
    #expect(pythonSyntaxError("try:\n  pass\nexcept A, B as e:\n  pass\n")?.message
      == "multiple exception types must be parenthesized when using 'as'")
    #expect(pythonSyntaxError("try:\n  pass\nexcept A, :\n  pass\n") == nil)
    #expect(pythonSyntaxError("try:\n  pass\nexcept* A:\n  pass\nexcept B:\n  pass\n")?.message
      == "cannot have both 'except' and 'except*' on the same 'try'")
  }

  @Test func globalNonlocalDeleteAssertAndParenthesizedWith() {
    let statements = parsePython("""
      def outer():
          x = 1
          def inner():
              nonlocal x
              global G, H
              del x, G[0], (a, b)
              assert x, "message"
      with (open("a") as first, open("b") as second,):
          pass
      with (a, b):
          pass
      """)
    guard case .function(_, _, let outerBody, _, _)? = statements.first,
      case .function(_, _, let innerBody, _, _)? = outerBody.last
    else {
      Issue.record("shape")
      return
    }
    if case .nonlocal(["x"], _) = innerBody[0] {} else { Issue.record("nonlocal") }
    if case .global(["G", "H"], _) = innerBody[1] {} else { Issue.record("global") }
    if case .delete(let targets, _) = innerBody[2] { #expect(targets.count == 3) } else { Issue.record("del") }
    if case .assertion = innerBody[3] {} else { Issue.record("assert") }
    if case .with(let items, _, false, _) = statements[1] {
      #expect(items.map { $0.1?.nameText } == ["first", "second"])
    } else {
      Issue.record("parenthesized with")
    }
    if case .with(let items, _, _, _) = statements[2] { #expect(items.count == 2) } else { Issue.record("with (a, b)") }
  }

  @Test func starTargetsAndStarExpressionsWhereverAllowed() {
    let statements = parsePython("""
      def f():
          return *a, b
      for x in *a, b:
          pass
      first, *rest = items
      [p, [q, *r]] = nested
      value = matrix[*indices]
      other = matrix[*i, j]
      """)
    #expect(statements.count == 6)
    guard case .function(_, _, let body, _, _)? = statements.first,
      case .returnValue(.tuple(let returned, _)?, _)? = body.first
    else {
      Issue.record("return *a, b")
      return
    }
    if case .starred = returned[0] {} else { Issue.record("starred return item") }
    if case .forLoop(_, .tuple(let iterated, _), _, _, _, _) = statements[1] {
      #expect(iterated.count == 2)
    } else {
      Issue.record("for over *a, b")
    }
    if case .assign(let assigned, _, _) = statements[2], case .tuple(let targets, _)? = assigned.first {
      if case .starred(.name("rest", _), _) = targets[1] {} else { Issue.record("*rest") }
    } else {
      Issue.record("star target")
    }
    if case .assign(_, .subscription(_, .tuple(let index, _), _), _) = statements[4] {
      #expect(index.count == 1)
    } else {
      Issue.record("a[*b] is a tuple subscript")
    }
  }

  @Test func lambdasWithFullParameterLists() {
    guard case .lambda(let parameters, let body, _)? =
      parsePythonExpression("f = lambda a, /, b=2, *args, c, d=lambda: 0, **kw: a + b\n")
    else {
      Issue.record("not a lambda")
      return
    }
    #expect(parameters.map(\.name) == ["a", "b", "args", "c", "d", "kw"])
    #expect(parameters.map(\.kind) == [.positionalOnly, .normal, .varPositional, .keywordOnly, .keywordOnly, .varKeyword])
    if case .lambda = parameters[4].defaultValue {} else { Issue.record("nested lambda default") }
    if case .binary("+", _, _, _) = body {} else { Issue.record("body") }
  }

  @Test func yieldForms() {
    let statements = parsePython("""
      def gen():
          yield
          x = yield 1, 2
          y = yield from other()
          z = (yield)
      """)
    guard case .function(_, _, let body, _, _)? = statements.first else {
      Issue.record("shape")
      return
    }
    if case .expression(.yield(nil, false, _), _) = body[0] {} else { Issue.record("bare yield") }
    if case .assign(_, .yield(.tuple(let items, _)?, false, _), _) = body[1] { #expect(items.count == 2) } else { Issue.record("yield 1, 2") }
    if case .assign(_, .yield(let value, true, _), _) = body[2], case .call? = value {} else { Issue.record("yield from") }
    if case .assign(_, .yield(nil, false, _), _) = body[3] {} else { Issue.record("(yield)") }
  }

  @Test func walrusEverywhereTheGrammarAllows() {
    let statements = parsePython("""
      if (n := len(a)) > 10:
          pass
      while chunk := read():
          pass
      values = [y for x in data if (y := f(x))]
      item = table[key := 1]
      call(arg := 2)
      """)
    #expect(statements.count == 5)
    if case .whileLoop(.named("chunk", _, _), _, _, _) = statements[1] {} else { Issue.record("while :=") }
    if case .assign(_, .comprehension(.list, _, let clauses, _), _) = statements[2] {
      if case .named("y", _, _)? = clauses.first?.conditions.first {} else { Issue.record("walrus in filter") }
    } else {
      Issue.record("comprehension")
    }
    if case .assign(_, .subscription(_, .named("key", _, _), _), _) = statements[3] {} else { Issue.record("subscript :=") }
  }

  @Test func layoutEdgeCases() {
    // Tabs and form feeds in indentation, CRLF, semicolons, continuations, no final newline.
    let source = "\u{0C}if a:\r\n\tx = 1; y = 2;\r\n\tz = 1 + \\\r\n  2\r\nelse:\r\n    pass  # type: ignore"
    let statements = parsePython(source)
    guard case .ifChain(let branches, let otherwise, _)? = statements.first else {
      Issue.record("shape")
      return
    }
    #expect(branches.first?.body.count == 3)
    #expect(otherwise?.count == 1)
    #expect(statements.count == 1)
  }

  @Test func unicodeIdentifiersAreNFKCNormalized() {
    let statements = parsePython("ℌello = 1\nñ = ℌello\n")
    if case .assign(let targets, _, _)? = statements.first { #expect(targets.first?.nameText == "Hello") } else { Issue.record("NFKC") }
    if case .assign(let targets, .name("Hello", _), _)? = statements.last { #expect(targets.first?.nameText == "ñ") } else { Issue.record("ñ") }
  }
}
