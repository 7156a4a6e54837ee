import Testing

@testable import ParapetPython

@Suite("Python grammar: match statements and patterns")
struct PythonPatternGrammarTests {
  private func cases(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> [PythonStmt.MatchCase] {
    let statements = parsePython("match subject:\n" + body, sourceLocation: sourceLocation)
    guard case .match(.name("subject", _), let cases, _)? = statements.first else {
      Issue.record("not a match statement", sourceLocation: sourceLocation)
      return []
    }
    return cases
  }

  @Test func everyPatternKind() {
    let all = cases("""
        case 1 | -2 | 3 + 4j | "a" "b" | b"x" | None | True:
          pass
        case Color.RED:
          pass
        case name:
          pass
        case _:
          pass
        case (inner):
          pass
        case [first, *rest] | (first, *_):
          pass
        case {"key": value, Status.OK: ok, **others}:
          pass
        case Point(0, y=0) | Point():
          pass
        case [Point(x=x), *_] as whole if whole:
          pass
        case head, *tail:
          pass
        case ():
          pass

      """)
    guard all.count == 11 else {
      Issue.record("cases: \(all.count)")
      return
    }
    if case .or(let literals, _) = all[0].pattern {
      #expect(literals.count == 7)
      if case .value(.unary("-", _, _), _) = literals[1] {} else { Issue.record("-2") }
      if case .value(.binary("+", _, .constant(.imaginary("4j"), _), _), _) = literals[2] {} else { Issue.record("3 + 4j") }
      if case .value(.constant(.string("ab"), _), _) = literals[3] {} else { Issue.record("concatenated strings") }
    } else {
      Issue.record("or of literals")
    }
    if case .value(.attribute(.name("Color", _), "RED", _), _) = all[1].pattern {} else { Issue.record("value pattern") }
    if case .capture("name", _) = all[2].pattern {} else { Issue.record("capture") }
    if case .wildcard = all[3].pattern {} else { Issue.record("wildcard") }
    if case .capture("inner", _) = all[4].pattern {} else { Issue.record("group is its pattern") }
    if case .or(let sequences, _) = all[5].pattern, case .sequence(let items, _) = sequences[0],
      case .star("rest", _) = items[1], case .sequence(let tuple, _) = sequences[1], case .star(nil, _) = tuple[1]
    {
    } else {
      Issue.record("sequence patterns with stars")
    }
    if case .mapping(let keys, let values, "others", _) = all[6].pattern {
      #expect(keys.count == 2)
      if case .capture("ok", _) = values[1] {} else { Issue.record("mapping value") }
    } else {
      Issue.record("mapping pattern")
    }
    if case .or(let classes, _) = all[7].pattern, case .classPattern(.name("Point", _), let positional, let keywords, _) = classes[0] {
      #expect(positional.count == 1)
      #expect(keywords.map(\.name) == ["y"])
    } else {
      Issue.record("class pattern")
    }
    if case .capturing(.sequence, "whole", _) = all[8].pattern {} else { Issue.record("as pattern") }
    #expect(all[8].guardCondition?.nameText == "whole")
    #expect(all[8].pattern.boundNames == ["x", "whole"])
    if case .sequence(let open, _) = all[9].pattern { #expect(open.count == 2) } else { Issue.record("open sequence") }
    if case .sequence(let empty, _) = all[10].pattern { #expect(empty.isEmpty) } else { Issue.record("()") }
  }

  @Test func tupleAndStarredSubjects() {
    let statements = parsePython("match a, *b:\n    case _:\n        pass\n")
    if case .match(.tuple(let items, _), _, _)? = statements.first { #expect(items.count == 2) } else { Issue.record("tuple subject") }
  }

  @Test func patternErrors() {
    #expect(pythonSyntaxError("match x:\n    case 1 + 1:\n        pass\n")?.message == "imaginary number required in complex literal")
    #expect(pythonSyntaxError("match x:\n    case a as _:\n        pass\n")?.message == "cannot use '_' as a target")
    let missingColon = pythonSyntaxError("match x:\n    case 1\n        pass\n")
    #expect(missingColon?.line == 2)
    #expect(missingColon?.message == "expected ':' to start a block, found end of line")
  }
}

@Suite("Python grammar: soft keywords")
struct PythonSoftKeywordTests {
  @Test func matchCaseTypeAndUnderscoreStayNames() {
    let statements = parsePython("""
      match = 1
      match(x)
      match[0] = 2
      match.attribute = 3
      match -x
      case = match
      type = 4
      type(x)
      print(type, match, case)
      _ = type.mro
      def match(case, type=_): return case
      """)
    #expect(statements.count == 11)
    if case .assign(let targets, _, _)? = statements.first { #expect(targets.first?.nameText == "match") } else { Issue.record("match = 1") }
    if case .expression(.call(.name("match", _), _, _), _) = statements[1] {} else { Issue.record("match(x)") }
    if case .expression(.binary("-", .name("match", _), _, _), _) = statements[4] {} else { Issue.record("match -x is a subtraction") }
    if case .expression(.call(.name("type", _), _, _), _) = statements[7] {} else { Issue.record("type(x)") }
    if case .function("match", let parameters, _, _, _) = statements[10] {
      #expect(parameters.map(\.name) == ["case", "type"])
    } else {
      Issue.record("def match")
    }
  }

  @Test func matchWithParenthesizedSubjectIsAStatement() {
    let statements = parsePython("match (x):\n    case [match]:\n        type = match\n")
    guard case .match(.name("x", _), let cases, _)? = statements.first else {
      Issue.record("match (x): is a match statement")
      return
    }
    #expect(cases.first?.pattern.boundNames == ["match"])
  }
}
