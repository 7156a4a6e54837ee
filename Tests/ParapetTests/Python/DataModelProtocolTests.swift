import ParapetFacts
import Testing

@testable import ParapetPython

/// Python's data model on instances of classes the settings define (`__getitem__`,
/// `__contains__`, `__iter__` as a generator, `__len__`, `__bool__`, `__str__`) and the mixins
/// of `collections.abc.Mapping`/`Sequence`, after zentral's `ConfigDict`. Every expectation is
/// what CPython 3.13 printed for the same source.
@Suite("Special methods and collections.abc mixins of settings classes")
struct DataModelProtocolTests {
  @Test func aMappingSubclassAnswersLikeADict() {
    let result = PythonEvaluation.settings("""
      import collections.abc
      from collections.abc import Mapping, Sequence

      class D(Mapping):
          def __init__(self, d):
              self._d = dict(d)
          def __getitem__(self, k):
              return self._d[k]
          def __iter__(self):
              yield from self._d
          def __len__(self):
              return len(self._d)

      class L(Sequence):
          def __init__(self, items):
              self._c = list(items)
          def __getitem__(self, i):
              return self._c[i]
          def __len__(self):
              return len(self._c)

      d = D({"a": 1, "b": [1, 2]})
      A = d["a"]
      B = d.get("zz", 5)
      C = "a" in d
      C2 = "q" in d
      K = list(d)
      KS = d.keys()
      IT = d.items()
      V = d.values()
      N = len(d)
      T = bool(D({}))
      l = L(["x", "y"])
      LL = list(l)
      LC = "y" in l
      LI = l.index("y")
      LN = l.count("x")
      ISM = isinstance(d, collections.abc.Mapping)
      ISS = isinstance(d, collections.abc.Sized)
      ISQ = isinstance(d, collections.abc.Sequence)
      ISD = isinstance(d, dict)
      F = [k for k in d]
      try:
          d["zz"]
          E = "no"
      except KeyError:
          E = "keyerror"
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(Self.integer(result.value("A")) == 1)
    #expect(Self.integer(result.value("B")) == 5)
    #expect(result.value("C")?.boolValue == true)
    #expect(result.value("C2")?.boolValue == false)
    #expect(result.value("K")?.elements?.map(\.stringValue) == ["a", "b"])
    #expect(result.value("KS")?.elements?.map(\.stringValue) == ["a", "b"])
    #expect(result.value("IT")?.elements?.count == 2)
    #expect(Self.integer(result.value("V")?.elements?.first) == 1)
    #expect(Self.integer(result.value("N")) == 2)
    #expect(result.value("T")?.boolValue == false)
    #expect(result.value("LL")?.elements?.map(\.stringValue) == ["x", "y"])
    #expect(result.value("LC")?.boolValue == true)
    #expect(Self.integer(result.value("LI")) == 1)
    #expect(Self.integer(result.value("LN")) == 1)
    #expect(result.value("ISM")?.boolValue == true)
    #expect(result.value("ISS")?.boolValue == true)
    #expect(result.value("ISQ")?.boolValue == false)
    #expect(result.value("ISD")?.boolValue == false)
    #expect(result.value("F")?.elements?.map(\.stringValue) == ["a", "b"])
    #expect(result.value("E")?.stringValue == "keyerror")
  }

  /// `__len__`/`__bool__` for truth, `__str__`, Python's TypeError and ValueError where a
  /// method is missing or returns a bad length, ABCMeta's refusal, the old `__getitem__`
  /// iteration protocol, and a generator that nothing consumes (CPython 3.13).
  @Test func specialMethodsDecideTruthLengthTextAndErrors() {
    let result = PythonEvaluation.settings("""
      class Box:
          def __init__(self, n):
              self.n = n
          def __len__(self):
              return self.n
          def __str__(self):
              return "box-%d" % self.n

      class Flag:
          def __bool__(self):
              return False

      def gen():
          yield 1

      g = gen()
      EMPTY = "yes" if Box(0) else "no"
      FULL = "yes" if Box(2) else "no"
      NOT_FLAG = not Flag()
      LEN = len(Box(3))
      TEXT = str(Box(4))
      try:
          Box(1)[0]
      except TypeError as e:
          SUB = "TypeError"
      try:
          len(Box(-1))
      except ValueError as e:
          NEG = "ValueError"
      try:
          list(Box(1))
      except TypeError as e:
          NOITER = "TypeError"

      from collections.abc import Mapping
      class Half(Mapping):
          def __getitem__(self, k):
              return 1
          def __len__(self):
              return 0
      try:
          Half()
      except TypeError as e:
          ABSTRACT = "TypeError"

      class Steps:
          def __getitem__(self, i):
              if i < 3:
                  return i * 10
              raise IndexError(i)
      OLD = list(Steps())
      IN_OLD = 20 in Steps()
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("EMPTY")?.stringValue == "no")
    #expect(result.value("FULL")?.stringValue == "yes")
    #expect(result.value("NOT_FLAG")?.boolValue == true)
    #expect(Self.integer(result.value("LEN")) == 3)
    #expect(result.value("TEXT")?.stringValue == "box-4")
    #expect(result.value("SUB")?.stringValue == "TypeError")
    #expect(result.value("NEG")?.stringValue == "ValueError")
    #expect(result.value("NOITER")?.stringValue == "TypeError")
    #expect(result.value("ABSTRACT")?.stringValue == "TypeError")
    #expect(result.value("OLD")?.elements?.compactMap { Self.integer($0) } == [0, 10, 20])
    #expect(result.value("IN_OLD")?.boolValue == true)
    // Python runs none of a generator's body until it is iterated: a generator object.
    #expect(result.value("g")?.typeName == "generator")
  }

  /// A KeyError from `__getitem__` that nothing catches is a certain load error.
  @Test func aKeyErrorFromGetitemStopsTheLoad() {
    let result = PythonEvaluation.settings("""
      from collections.abc import Mapping
      class D(Mapping):
          def __getitem__(self, k):
              return {}[k]
          def __iter__(self):
              yield from ()
          def __len__(self):
              return 0
      DEBUG = D()["DEBUG"]
      """)
    #expect(result.loadErrors.first?.type == "KeyError")
  }

  /// A yield under a condition Parapet cannot decide leaves the items unknown, never a guess.
  @Test func aGeneratorWithAnUndecidedYieldIsUnknown() {
    let result = PythonEvaluation.settings("""
      import os
      class C:
          def __iter__(self):
              yield "a"
              if os.path.exists("/etc/app/extra"):
                  yield "b"
      ITEMS = list(C())
      """)
    #expect(result.value("ITEMS")?.elements == nil)
  }

  static func integer(_ value: PythonValue?) -> Int? {
    guard let value else { return nil }
    return PythonEvaluator.integer(value)
  }

  // CPython 3.12: ['/etc/app', '/srv/app'] ['/etc/app/a.conf', '/srv/app/a.conf'] '/etc/app', and
  // a loop that stops early never reaches the raise (NAV's configuration search path).
  @Test func aGeneratorFunctionIteratedByALoopIsConsumedWhole() {
    let result = PythonEvaluation.settings("""
      import os


      def locations():
          if "APP_DIR" in os.environ:
              yield os.environ["APP_DIR"]
          yield "/srv/app"


      def stops_late():
          yield "/etc/app"
          raise RuntimeError("never reached by a loop that returns first")


      def first():
          for location in stops_late():
              return location


      FOUND = [location for location in locations()]
      FILES = []
      for location in locations():
          FILES.append(os.path.join(location, "a.conf"))
      FIRST = first()
      """, environment: ["APP_DIR": "/etc/app"])
    #expect(result.loadErrors.isEmpty)
    guard case .list(let found)? = result.value("FOUND")?.kind, case .list(let files)? = result.value("FILES")?.kind else {
      Issue.record("FOUND or FILES is not a list")
      return
    }
    #expect(found.items.compactMap(\.stringValue) == ["/etc/app", "/srv/app"])
    #expect(files.items.compactMap(\.stringValue) == ["/etc/app/a.conf", "/srv/app/a.conf"])
    // Run whole, the generator raises: the loop's items are unknown, never that error.
    #expect(result.value("FIRST")?.isUnknown == true)
  }

}
