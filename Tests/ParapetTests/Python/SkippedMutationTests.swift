import Testing

@testable import ParapetPython

/// What code Parapet does not run may change in place: a dict, list or object that lives on
/// outside the skipped block loses its certainty instead of keeping a state Python never had.
@Suite("Mutations in skipped code")
struct SkippedMutationTests {
  @Test func aLoopOverUnknownItemsThatFillsADictOfAnObject() {
    let result = PythonEvaluation.settings("""
      from somelib import sources

      class Loader:
          def __init__(self):
              self.config = {"debug": False}
              for source in sources:
                  self.read(source)

          def read(self, source):
              self.config[source.name] = source.value

      LOADER = Loader()
      DEBUG = LOADER.config.get("debug")
      SECRET = LOADER.config.get("secret_key")
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("DEBUG")?.isUnknown == true)
    #expect(result.value("SECRET")?.isUnknown == true)
  }

  @Test func aListOnlyGrownGetsAnUnknownPartAndReadOnlyCallsChangeNothing() {
    let result = PythonEvaluation.settings("""
      from somelib import extra

      APPS = ["django.contrib.admin"]
      HOSTS = {"a": 1}
      for name in extra:
          APPS.append(name)
          print(HOSTS.get(name), len(HOSTS))
      FIRST = APPS[0]
      HOST_A = HOSTS["a"]
      """)
    #expect(result.value("FIRST")?.stringValue == "django.contrib.admin")
    #expect(result.value("HOST_A")?.integerValue == 1)
  }

  @Test func anUndecidedBranchChangingAnObject() {
    let result = PythonEvaluation.settings("""
      from somelib import flag

      class Holder:
          def __init__(self):
              self.value = 0
      HOLDER = Holder()
      if flag:
          HOLDER.value = 1
      else:
          HOLDER.value = 2
      VALUE = HOLDER.value
      """)
    #expect(result.value("VALUE")?.isUnknown == true)
  }

  @Test func aTryWhoseHandlersCatchNothingTheUnknownCallsRaiseStaysCertain() {
    let result = PythonEvaluation.settings("""
      import json
      from time import time

      class Loader:
          def __init__(self):
              self.config = {}
              try:
                  self.config["debug"] = False
                  print(json.dumps({"event": "loaded", "at": time()}))
              except PermissionError:
                  pass

      DEBUG = Loader().config["debug"]
      try:
          LOGGED = json.dumps({"at": time()})
          SECRET_KEY = "a"
      except TypeError:
          SECRET_KEY = "b"
      """)
    #expect(result.value("DEBUG")?.boolValue == false)
    // json.dumps may raise TypeError: that handler may run.
    #expect(result.value("SECRET_KEY")?.isUnknown == true)
  }
}
