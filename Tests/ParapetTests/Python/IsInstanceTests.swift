import Testing

@testable import ParapetPython

/// `isinstance` with the abstract base classes settings helpers test against
/// (`isinstance(value, Mapping)` in authentik's config loader). Expectations were checked by
/// running the same code under CPython 3.11.
@Suite("isinstance")
struct IsInstanceTests {
  @Test func abstractBaseClassesConcreteClassesAndTuples() {
    let result = PythonEvaluation.settings("""
      import pathlib, numbers, typing
      from collections.abc import Mapping, Sequence, Iterable, Hashable, MutableMapping
      from typing import Dict, List
      class Plain: pass
      R = [
       isinstance({}, Mapping), isinstance({}, MutableMapping), isinstance([], Mapping), isinstance("a", Sequence),
       isinstance([], Hashable), isinstance((), Hashable), isinstance({}, Dict), isinstance([], List),
       isinstance(True, int), isinstance(1, numbers.Integral), isinstance(1.5, numbers.Integral),
       isinstance(pathlib.Path("/x"), pathlib.PurePath), isinstance(None, object), isinstance(Plain(), object),
       isinstance(Plain(), dict), isinstance("x", (int, (list, str))), isinstance(3, (Plain, str)),
      ]
      """)
    #expect(result.loadErrors.isEmpty)
    let verdicts = result.value("R")?.elements?.map(\.boolValue)
    #expect(verdicts == [
      true, true, false, true, false, true, true, true, true, true, false, true, true, true, false, true, false,
    ])
  }

  @Test func aBaseParapetCannotSeeOrAClassItDoesNotKnowLeavesItUnknown() {
    let result = PythonEvaluation.settings("""
      from collections.abc import Mapping
      from somelib import Special
      class MyDict(dict):
          def __init__(self):
              pass
      EXACT = isinstance(MyDict(), dict)
      ABSTRACT = isinstance(MyDict(), Mapping)
      LIBRARY = isinstance({}, Special)
      """)
    #expect(result.value("EXACT")?.boolValue == true)
    #expect(result.value("ABSTRACT")?.isUnknown == true)
    #expect(result.value("LIBRARY")?.isUnknown == true)
  }

  @Test func aSettingsObjectIsAMappingOnlyByInheritance() {
    let result = PythonEvaluation.settings("""
      from collections.abc import Mapping, Iterable
      class Attr:
          def __init__(self, value):
              self.value = value
      MAPPING = isinstance(Attr(1), Mapping)
      ITERABLE = isinstance(Attr(1), Iterable)
      """)
    #expect(result.value("MAPPING")?.boolValue == false)
    // Iterable has a __subclasshook__: a class with __iter__ is one, so it is not decided here.
    #expect(result.value("ITERABLE")?.isUnknown == true)
  }
}
