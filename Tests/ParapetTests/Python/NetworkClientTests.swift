import Testing

@testable import ParapetPython

/// A search or database client's requests at import time (IntelOwl's `Elasticsearch(...).info()`)
/// depend on a server the scan cannot reach: the load is in doubt unless a handler catches it.
@Suite("Network clients built by the settings")
struct NetworkClientTests {
  @Test func aRequestMakesTheLoadADoubt() {
    let result = PythonEvaluation.settings("""
      from elasticsearch import Elasticsearch
      CLIENT = Elasticsearch(hosts="http://search:9200")
      if not CLIENT.ping():
          print(CLIENT.info())
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.map(\.type) == ["elastic_transport.ConnectionError"])
  }

  @Test func pingAloneOrACaughtRequestIsNoDoubt() {
    let ping = PythonEvaluation.settings("""
      from elasticsearch import Elasticsearch
      UP = Elasticsearch(hosts="http://search:9200").ping()
      """)
    #expect(ping.evaluator.possibleLoadErrors.isEmpty)
    let caught = PythonEvaluation.settings("""
      from elasticsearch import Elasticsearch
      try:
          INFO = Elasticsearch(hosts="http://search:9200").info()
      except Exception:
          INFO = None
      """)
    #expect(caught.evaluator.possibleLoadErrors.isEmpty)
  }
}
