import Testing

@testable import ParapetPython

/// `match` on a known subject runs the case Python runs (paperless switches its database
/// settings on `PAPERLESS_DBENGINE` and raises `NotImplementedError` in `case _`): a raise in a
/// case that cannot match is no possible load error; what cannot be decided stays unknown.
@Suite("match statements")
struct PythonMatchStatementTests {
  static let engineSwitch = """
    import os
    ENGINE = os.environ.get("ENGINE", "sqlite")
    match ENGINE:
        case "sqlite" | "sqlite3":
            NAME = "django.db.backends.sqlite3"
        case "postgresql" as chosen if chosen.startswith("post"):
            NAME = "django.db.backends." + chosen
        case None:
            NAME = "none"
        case _:
            raise NotImplementedError(ENGINE)
    DEBUG = False
    """

  @Test func theMatchingCaseRunsAndOthersCannotRaise() {
    let sqlite = PythonEvaluation.settings(Self.engineSwitch)
    #expect(sqlite.loadErrors.isEmpty)
    #expect(sqlite.evaluator.possibleLoadErrors.isEmpty, "\(sqlite.evaluator.possibleLoadErrors)")
    #expect(sqlite.value("NAME")?.stringValue == "django.db.backends.sqlite3")

    let alias = PythonEvaluation.settings(Self.engineSwitch, environment: ["ENGINE": "sqlite3"])
    #expect(alias.value("NAME")?.stringValue == "django.db.backends.sqlite3")

    let postgres = PythonEvaluation.settings(Self.engineSwitch, environment: ["ENGINE": "postgresql"])
    #expect(postgres.value("NAME")?.stringValue == "django.db.backends.postgresql")
    #expect(postgres.value("chosen")?.stringValue == "postgresql")
  }

  @Test func noMatchingCaseRunsTheWildcardAndItsRaiseIsCertain() {
    let bogus = PythonEvaluation.settings(Self.engineSwitch, environment: ["ENGINE": "oracle"])
    #expect(bogus.loadErrors.map(\.type) == ["NotImplementedError"])
    #expect(bogus.loadErrors.first?.location?.line == 11)
  }

  @Test func singletonsMatchByIdentityAndNoCaseMeansNothingRuns() {
    let result = PythonEvaluation.settings("""
      FLAG = 1
      match FLAG:
          case True:
              KIND = "bool"
          case 1:
              KIND = "int"
      match "other":
          case "x":
              UNSET = 1
      """)
    #expect(result.value("KIND")?.stringValue == "int")
    #expect(result.value("UNSET") == nil)
  }

  @Test func anUnknownSubjectOrAnUndecidedPatternLeavesTheNamesUnknown() {
    let unknownSubject = PythonEvaluation.settings("""
      import something_unseen
      match something_unseen.MODE:
          case "a":
              MODE = 1
          case _:
              MODE = 2
      """)
    #expect(unknownSubject.value("MODE")?.isUnknown == true)

    // A sequence pattern before the matching case is not decided.
    let sequence = PythonEvaluation.settings("""
      VALUE = ["prod", "eu"]
      match VALUE:
          case [first, *_]:
              MODE = first
          case _:
              MODE = "dev"
      """)
    #expect(sequence.value("MODE")?.isUnknown == true)

    // An undecided guard is not decided either.
    let guarded = PythonEvaluation.settings("""
      import something_unseen
      match "a":
          case "a" if something_unseen.ENABLED:
              MODE = 1
          case _:
              MODE = 2
      """)
    #expect(guarded.value("MODE")?.isUnknown == true)
  }
}
