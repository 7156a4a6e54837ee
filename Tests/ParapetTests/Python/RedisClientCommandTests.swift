import Testing

@testable import ParapetPython

/// A redis-py client's commands connect to the server (Tube Archivist reads a key while its
/// settings load): redis-py's ConnectionError is not a ValueError, so `except ValueError` does
/// not make the load certain.
@Suite("redis-py client commands")
struct RedisClientCommandTests {
  @Test func aCommandAtImportMakesTheLoadADoubtUnlessCaught() {
    let narrow = PythonEvaluation.settings("""
      import redis
      client = redis.from_url("redis://cache:6379/0")
      try:
          STARTED = client.execute_command("GET", "started")
      except ValueError:
          STARTED = None
      """)
    #expect(narrow.loadErrors.isEmpty)
    #expect(narrow.evaluator.possibleLoadErrors.map(\.type) == ["redis.exceptions.ConnectionError"])

    let building = PythonEvaluation.settings("""
      import redis
      client = redis.from_url("redis://cache:6379/0")
      pipe = client.pipeline()
      """)
    #expect(building.evaluator.possibleLoadErrors.isEmpty)
  }
}
