import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// A generator a call makes runs where it is consumed, as Python runs the body at iteration:
/// a helper that returns `setup.values()` and a `globals().update(...)` of it (Shuup's
/// workbench settings) sets the module's names. A generator is consumed once; an instance's
/// `__dict__` is its own attributes, never its class's namespace.
@Suite("Generator objects consumed where they are iterated")
struct GeneratorObjectTests {
  func shape(_ value: PythonValue?) -> [String] { PythonEvaluation.shape(value) }

  @Test func aReturnedGeneratorSetsNamesThroughGlobalsUpdate() {
    let result = PythonEvaluation.settings("""
      class Setup:
          def __init__(self):
              self.items = {}

          def commit(self, source):
              for key, value in source.items():
                  if key == key.upper():
                      self.items[key] = value

          def values(self):
              for key, value in self.items.items():
                  yield (key, value)

          @classmethod
          def configure(cls, configure):
              setup = cls()
              configure(setup)
              return setup.values()

      def configure(setup):
          setup.commit({"SECRET_KEY": "k" * 60, "DEBUG": False, "lower": 1})

      globals().update(Setup.configure(configure))
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.boolValue == false)
    #expect(result.value("SECRET_KEY")?.isUnknown == false)
    #expect(result.value("lower") == nil)
  }

  @Test func aGeneratorIsConsumedOnce() {
    let result = PythonEvaluation.settings("""
      def numbers():
          yield 1
          yield 2

      g = numbers()
      FIRST = [str(n) for n in g]
      SECOND = list(g)
      FRESH = [str(n) for n in sorted(numbers())]
      """)
    #expect(shape(result.value("FIRST")) == ["1", "2"])
    #expect(shape(result.value("SECOND")) == [])
    #expect(shape(result.value("FRESH")) == ["1", "2"])
  }

  /// Before, `obj.__dict__` gave the class's namespace (its methods), a wrong value.
  @Test func anInstanceDictIsNotItsClassNamespace() {
    let result = PythonEvaluation.settings("""
      class Box:
          def method(self):
              return 1

      box = Box()
      box.SECRET_KEY = "k"
      FIELDS = dict(box.__dict__)
      """)
    #expect(result.value("FIELDS")?.isUnknown == true)
  }
}
