import Testing

@testable import ParapetPython

/// The source model of maykin-common's `config()` against the real library: maykin-common 0.20.0
/// (python-decouple 3.8) on Python 3.12, run once on these inputs (each with only the given
/// variables set); the values and exception types below are what it returned or raised.
@Suite("maykin_common.config.config, as the library behaves")
struct MaykinCommonConfigModelTests {
  static func read(_ call: String, _ environment: [String: String] = [:]) -> PythonEvaluation.Result {
    PythonEvaluation.settings("from maykin_common.config import config\nVALUE = \(call)\n", environment: environment)
  }

  @Test func theCastComesFromTheDefault() {
    #expect(Self.read("config('A', default=False)").value("VALUE")?.boolValue == false)
    #expect(Self.read("config('A', default=False)", ["A": "yes"]).value("VALUE")?.boolValue == true)
    #expect(Self.read("config('A', default=False)", ["A": "maybe"]).loadErrors.map(\.type) == ["ValueError"])
    #expect(Self.read("config('B', default=80)", ["B": "8000"]).value("VALUE").flatMap(PythonEvaluator.integer) == 8000)
    #expect(Self.read("config('B', default=80)").value("VALUE").flatMap(PythonEvaluator.integer) == 80)
    #expect(Self.read("config('C', default=None)").value("VALUE").map(PythonEvaluator.isNone) == true)
    #expect(Self.read("config('H', default='fallback')", ["H": ""]).value("VALUE")?.stringValue == "")
  }

  @Test func aRequiredVariableAndAnExplicitCast() {
    #expect(Self.read("config('E')").loadErrors.map(\.type) == ["UndefinedValueError"])
    #expect(Self.read("config('F', cast=int)", ["F": "5"]).value("VALUE").flatMap(PythonEvaluator.integer) == 5)
    #expect(Self.read("config('G', default=1, cast=int)").loadErrors.map(\.type) == ["TypeError"])
  }

  @Test func splitReadsACommaSeparatedList() {
    func items(_ result: PythonEvaluation.Result) -> [String]? { result.value("VALUE")?.elements?.compactMap(\.stringValue) }
    #expect(items(Self.read("config('D', split=True, default=[])", ["D": "a.example, b.example"])) == ["a.example", "b.example"])
    #expect(items(Self.read("config('D', split=True, default=['x', 'y'])")) == ["x", "y"])
    #expect(items(Self.read("config('D', split=True, default=[])")) == [])
    #expect(items(Self.read("config('I', split=True, default='q,r')")) == ["q", "r"])
  }
}
