import Testing

@testable import ParapetPython

/// A call whose `*args` or `**kwargs` Parapet cannot know is not made: its value is unknown,
/// and what it would raise may reach an enclosing `try`. libretime's configuration loader calls
/// pydantic's `super().__init__(**values)` with values merged from a YAML file and the
/// environment, and turns a `ValidationError` into `sys.exit(1)`: with the values unknown the
/// exit is possible, not ruled out. CPython 3.12: `f(**d)` runs `f`'s body, so `raise` in it
/// reaches the handler.
@Suite("Calls with unknown *args or **kwargs")
struct UnknownCallArgumentsTests {
  static func code(_ call: String) -> String {
    """
    import sys
    from elsewhere import validate, values

    def load():
        try:
            \(call)
        except ValueError:
            sys.exit(1)
        return 'loaded'

    STATE = load()
    """
  }

  @Test func keywordArgumentsNotKnownMayRaiseIntoTheTry() {
    let result = PythonEvaluation.settings(Self.code("validate(**values)"))
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.contains { $0.type == "SystemExit" })
  }

  @Test func positionalArgumentsNotKnownMayRaiseIntoTheTry() {
    let result = PythonEvaluation.settings(Self.code("validate(*values)"))
    #expect(result.evaluator.possibleLoadErrors.contains { $0.type == "SystemExit" })
  }

  @Test func knownArgumentsOfAFunctionThatCannotRaiseLeaveNoDoubt() {
    let result = PythonEvaluation.settings(Self.code("len(*['ab'])"))
    #expect(result.value("STATE")?.stringValue == "loaded")
    #expect(result.evaluator.possibleLoadErrors.isEmpty)
  }
}
