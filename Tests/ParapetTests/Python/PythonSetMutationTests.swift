import Testing

@testable import ParapetEvidence
@testable import ParapetPython

/// Methods that change a set in place write the changed set back where it is held (a name in
/// the scope Python finds it in, an attribute, an item). Expectations from CPython 3.11.
@Suite("Python evaluator: sets changed in place")
struct PythonSetMutationTests {
  @Test func addDiscardUpdateAndClearChangeTheHeldSet() {
    let result = PythonEvaluation.settings("""
      HOSTS = set()
      HOSTS.add("a.example")
      HOSTS.add("a.example")
      HOSTS.update(["b.example", "c.example"], ("d.example",))
      HOSTS.discard("c.example")
      HOSTS.discard("absent")
      HOSTS.difference_update({"d.example"})
      COUNT = len(HOSTS)
      SORTED = sorted(HOSTS)
      EMPTIED = {1, 2}
      EMPTIED.clear()
      KEPT = {1, 2, 3}
      KEPT.intersection_update([2, 3, 4])
      FLIPPED = {1, 2}
      FLIPPED.symmetric_difference_update([2, 3])
      ONE = {"x"}
      POPPED = ONE.pop()
      try:
          ONE.remove("x")
          MISSING = "no"
      except KeyError:
          MISSING = "raised"
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("COUNT")?.integerValue == 2)
    #expect(result.value("SORTED")?.elements?.compactMap(\.stringValue) == ["a.example", "b.example"])
    #expect(result.value("EMPTIED")?.elements?.isEmpty == true)
    #expect(result.value("KEPT")?.elements?.compactMap(\.integerValue).sorted() == [2, 3])
    #expect(result.value("FLIPPED")?.elements?.compactMap(\.integerValue).sorted() == [1, 3])
    #expect(result.value("POPPED")?.stringValue == "x")
    #expect(result.value("MISSING")?.stringValue == "raised")
  }

  /// Takahē's `State.transitions_to`: an attribute set of objects, filled from a method; a
  /// module-level set changed inside a function is the module's (no new local).
  @Test func attributeSetsAndGlobalSetsChangeWhereTheyLive() {
    let result = PythonEvaluation.settings("""
      class State:
          def __init__(self):
              self.children = set()
          def to(self, other):
              self.children.add(other)
          @property
          def terminal(self):
              return not self.children
      first, second, third = State(), State(), State()
      first.to(second)
      first.to(third)
      FIRST_TERMINAL = first.terminal
      SECOND_TERMINAL = second.terminal
      SEEN = set()
      def note(name):
          SEEN.add(name)
      note("one")
      SEEN_COUNT = len(SEEN)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("FIRST_TERMINAL")?.boolValue == false)
    #expect(result.value("SECOND_TERMINAL")?.boolValue == true)
    #expect(result.value("SEEN_COUNT")?.integerValue == 1)
  }
}
