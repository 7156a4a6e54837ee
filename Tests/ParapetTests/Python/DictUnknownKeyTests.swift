import ParapetFacts
import Testing

@testable import ParapetPython

/// A dict given an entry under a key Parapet cannot evaluate is no longer known whole
/// (authentik's config loader: `config[key.replace(prefix, "", 1)] = value` with an unknown
/// key); a dict known whole keeps every method. Checked with CPython 3.12.
@Suite("Dicts with keys Parapet cannot name")
struct DictUnknownKeyTests {
  @Test func aKnownDictKeepsItsMethods() {
    let result = PythonEvaluation.settings("""
      d = {"a": 1, "b": 2}
      KEYS = list(d.keys())
      VALUES = list(d.values())
      ITEMS = [k for k, v in d.items()]
      MISSING = d.get("c", 3)
      COUNT = len(d)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("KEYS")?.elements?.compactMap(\.stringValue) == ["a", "b"])
    #expect(result.value("VALUES")?.elements?.count == 2)
    #expect(result.value("ITEMS")?.elements?.compactMap(\.stringValue) == ["a", "b"])
    #expect(result.value("MISSING")?.integerValue == 3)
    #expect(result.value("COUNT")?.integerValue == 2)
  }

  @Test func anEntryUnderAnUnknownKeyMakesTheRestUnknown() {
    let result = PythonEvaluation.settings("""
      import os
      d = {"debug": False}
      d[os.environ["PREFIX"].lower()] = True
      DEBUG = d.get("debug")
      SECRET = d.get("secret_key", "")
      KEYS = d.keys()
      COUNT = len(d)
      HAS = "x" in d
      """, environment: ["PREFIX": "DEBUG"])
    // The key is known here (the environment is given): the entry is set exactly.
    #expect(result.value("DEBUG")?.boolValue == true)
    let unknown = PythonEvaluation.settings("""
      d = {"debug": False}
      d[unknown_function()] = True
      DEBUG = d.get("debug")
      SECRET = d.get("secret_key", "")
      KEYS = d.keys()
      COUNT = len(d)
      HAS = "x" in d
      """)
    for name in ["DEBUG", "SECRET", "KEYS", "COUNT", "HAS"] {
      #expect(unknown.value(name)?.isUnknown == true, "\(name)")
    }
  }

  /// `collections.OrderedDict` is a dict for what settings do with it (authentik's
  /// `OrderedDict.fromkeys` keeps the first of each app name).
  @Test func anOrderedDictIsADict() {
    let result = PythonEvaluation.settings("""
      from collections import OrderedDict
      APPS = list(OrderedDict.fromkeys(["a", "b", "a"]))
      VALUE = OrderedDict([("k", 1)])["k"]
      """)
    #expect(result.value("APPS")?.elements?.compactMap(\.stringValue) == ["a", "b"])
    #expect(result.value("VALUE")?.integerValue == 1)
  }
}
