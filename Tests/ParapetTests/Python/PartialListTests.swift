import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// Lists extended with what Parapet cannot know keep their known items and hold one unknown
/// part ("zero or more items", `manyItems`) where the unknown items were added: membership of
/// a known item is True, while counts, positions, absence and equality stay unknown.
@Suite("Lists with partly known items")
struct PartialListTests {
  /// `importlib.metadata.entry_points()` is what real projects extend their lists with: the
  /// packages installed where Django runs, which no scanned file lists.
  static let prelude = """
  from importlib import metadata
  PLUGINS = [ep.value for ep in metadata.entry_points(group="app.plugins")]
  BASE = ["django.contrib.admin", "django.contrib.sessions"]

  """

  func run(_ code: String) -> PythonEvaluation.Result {
    PythonEvaluation.settings(Self.prelude + code)
  }

  func shape(_ value: PythonValue?) -> [String] { PythonEvaluation.shape(value) }

  @Test(arguments: [
    "L = list(BASE)\nL += PLUGINS",
    "L = list(BASE)\nL.extend(PLUGINS)",
    "L = BASE + PLUGINS",
    "L = [*BASE, *PLUGINS]",
    "L = list(BASE)\nL += [p for p in PLUGINS]",
    "L = list(BASE)\nfor ep in metadata.entry_points(group='x'):\n    L.append(ep.module)",
  ])
  func theKnownItemsStayAndTheUnknownPartFollowsThem(code: String) {
    let result = run(code)
    #expect(shape(result.value("L")) == ["django.contrib.admin", "django.contrib.sessions", "*"])
  }

  @Test func anUnknownPartKeepsItsPlaceAndItsReason() {
    let result = run("L = [*PLUGINS, 'last']\nT = ('a',) + tuple(PLUGINS)\nU = ('a',) + metadata.entry_points()")
    #expect(shape(result.value("L")) == ["*", "last"])
    #expect(shape(result.value("T")) == ["a", "*"])
    #expect(shape(result.value("U")) == ["a", "*"])
    guard case .list(let list)? = result.value("L")?.kind else { Issue.record("not a list"); return }
    #expect(list.items[0].unknownReason?.contains("*PLUGINS") == true)
    #expect(list.items[0].location?.line == 4)
  }

  @Test func membershipOfAKnownItemIsTrueAndOfAnyOtherUnknown() {
    let result = run("""
    L = BASE + PLUGINS
    A = "django.contrib.admin" in L
    B = "debug_toolbar" in L
    C = "debug_toolbar" not in L
    """)
    #expect(result.value("A")?.boolValue == true)
    #expect(result.value("B")?.isUnknown == true)
    #expect(result.value("C")?.isUnknown == true)
  }

  /// An index the known items alone do not reach may be past the end: Python may raise
  /// IndexError (a possible load error); one the known items reach never raises.
  @Test func anIndexPastTheKnownItemsMayRaise() {
    let short = run("FIRST = PLUGINS[0]\n")
    #expect(short.value("FIRST")?.isUnknown == true)
    #expect(short.evaluator.possibleLoadErrors.contains { $0.type == "IndexError" })
    let long = run("L = PLUGINS + BASE\nLAST = L[-1]\nSECOND = L[1]\n")
    #expect(long.value("LAST")?.stringValue == "django.contrib.sessions")
    #expect(long.value("SECOND")?.isUnknown == true)
    #expect(long.evaluator.possibleLoadErrors.contains { $0.type == "IndexError" } == false)
  }

  @Test func countsPositionsAndEqualityAreUnknown() {
    let result = run("""
    L = BASE + PLUGINS
    N = len(L)
    FIRST = L[0]
    LAST = L[-1]
    HEAD = L[:2]
    TAIL = L[1:]
    S = sorted(L)
    EQ = L == ["django.contrib.admin", "django.contrib.sessions"]
    B = bool(L)
    E = bool(PLUGINS + [])
    """)
    #expect(result.value("N")?.isUnknown == true)
    #expect(result.value("FIRST")?.stringValue == "django.contrib.admin")
    #expect(result.value("LAST")?.isUnknown == true)
    #expect(shape(result.value("HEAD")) == ["django.contrib.admin", "django.contrib.sessions"])
    #expect(result.value("TAIL")?.isUnknown == true)
    #expect(result.value("S")?.isUnknown == true)
    #expect(result.value("EQ")?.isUnknown == true)
    // A known item makes the list true; an unknown part alone does not decide it.
    #expect(result.value("B")?.boolValue == true)
    #expect(result.value("E")?.isUnknown == true)
  }

  @Test func aForLoopOverItIsALoopOverUnknownValues() {
    let result = run("""
    L = BASE + PLUGINS
    FOUND = False
    for app in L:
        if app == "django.contrib.admin":
            FOUND = True
    COPY = [app for app in L]
    """)
    #expect(result.value("FOUND")?.isUnknown == true)
    // A comprehension keeps the known items and the unknown part (see the filter test).
    #expect(shape(result.value("COPY")) == ["django.contrib.admin", "django.contrib.sessions", "*"])
  }

  @Test func aFilterOverAPartlyKnownListKeepsTheKnownItemsItDecides() {
    let result = run("""
    import somewhere_unseen
    undecided = somewhere_unseen.compute()
    L = BASE + PLUGINS + ["watson", "x"]
    KEPT = tuple(app for app in L if app != "watson")
    UPPER = [app.upper() for app in L if app != undecided]
    """)
    #expect(shape(result.value("KEPT")) == ["django.contrib.admin", "django.contrib.sessions", "*", "x"])
    #expect(shape(result.value("UPPER")) == ["*", "*", "*", "*", "*"])
    // A list comprehension over values Parapet does not know is a list of zero or more items.
    #expect(shape(result.value("PLUGINS")) == ["*"])
  }

  @Test func insertingAndRemovingKeepWhatIsCertain() {
    let result = run("""
    L = BASE + PLUGINS
    L.insert(0, "first")
    L.insert(-1, "nowhere")
    L.remove("django.contrib.sessions")
    L.append("last")
    """)
    // "nowhere" goes before the last item, which may be in the unknown part: its place is
    // not known, so it is one more unknown part (at the end, behind the first one).
    #expect(shape(result.value("L")) == ["first", "django.contrib.admin", "*", "*", "last"])
  }

  @Test func removingWhatOnlyTheUnknownPartMayHoldIsAPossibleLoadError() {
    let result = run("L = BASE + PLUGINS\nL.remove('missing')")
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.contains { $0.type == "ValueError" })
    #expect(shape(result.value("L")) == ["django.contrib.admin", "django.contrib.sessions", "*"])
  }

  @Test func anAppendUnderAnUndecidableConditionBecomesAnUnknownPart() {
    let result = PythonEvaluation.settings("""
    import os
    import somewhere_unseen
    undecided_name = somewhere_unseen.compute()
    INSTALLED_APPS = ["django.contrib.admin", "django.contrib.sessions"]
    MIDDLEWARE = ["a", "b"]
    if os.environ.get("DEBUG_TOOLBAR") == undecided_name:
        INSTALLED_APPS.append("debug_toolbar")
        MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
    """)
    #expect(shape(result.value("INSTALLED_APPS")) == ["django.contrib.admin", "django.contrib.sessions", "*"])
    #expect(shape(result.value("MIDDLEWARE")) == ["*", "a", "b"])
  }

  @Test func branchesThatSetItemsDifferentlyKeepTheCount() {
    let result = PythonEvaluation.settings("""
    import os
    import somewhere_unseen
    undecided_name = somewhere_unseen.compute()
    TEMPLATES = [{"OPTIONS": {"context_processors": ["a"]}}]
    HOSTS = ["x", "y"]
    if os.environ.get("MODE") == undecided_name:
        TEMPLATES[0]["OPTIONS"]["context_processors"].append("b")
        HOSTS[1] = "z"
    """)
    #expect(shape(result.value("HOSTS")) == ["x", "?"])
    guard case .list(let templates)? = result.value("TEMPLATES")?.kind, case .dict(let engine) = templates.items[0].kind,
      case .dict(let options)? = engine.entries[.string("OPTIONS")]?.value.kind
    else { Issue.record("TEMPLATES is not kept"); return }
    #expect(shape(options.entries[.string("context_processors")]?.value) == ["a", "*"])
  }

  @Test func aLoopThatDoesMoreThanAppendLeavesTheListUnknown() {
    let result = run("""
    L = list(BASE)
    for ep in metadata.entry_points(group="x"):
        L.append(ep.value)
        L = L[1:]
    """)
    #expect(result.value("L")?.isUnknown == true)
  }
}
