import Foundation
import Testing

@testable import ParapetPython

/// `filter()`, `map()` and module-level `locals()`, common in settings
/// (`list(filter(None, os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")))`,
/// `if "DATABASES" not in locals():`).
@Suite("filter, map and locals() at module level")
struct FilterMapLocalsTests {
  @Test func filterNoneDropsFalsyItems() {
    let result = PythonEvaluation.settings("""
      import os
      ORIGINS = list(filter(None, os.environ.get("ORIGINS", "").split(",")))
      HOSTS = list(filter(None, os.environ.get("HOSTS", "").split(",")))
      """, environment: ["ORIGINS": "https://a.example,,https://b.example,"])
    #expect(ReflectiveLoaderTests.strings(result.value("ORIGINS")) == ["https://a.example", "https://b.example"])
    #expect(ReflectiveLoaderTests.strings(result.value("HOSTS")) == [])
  }

  @Test func filterAndMapCallTheFunction() {
    let result = PythonEvaluation.settings("""
      RAW = " a , b ,, c "
      ITEMS = list(map(lambda item: item.strip(), RAW.split(",")))
      KEPT = list(filter(lambda item: item.strip(), RAW.split(",")))
      PAIRS = list(map(lambda a, b: a + b, ["x", "y"], ["1", "2", "3"]))
      """)
    #expect(ReflectiveLoaderTests.strings(result.value("ITEMS")) == ["a", "b", "", "c"])
    #expect(ReflectiveLoaderTests.strings(result.value("KEPT")) == [" a ", " b ", " c "])
    #expect(ReflectiveLoaderTests.strings(result.value("PAIRS")) == ["x1", "y2"])
  }

  @Test func methodsCalledThroughTheirClass() {
    let result = PythonEvaluation.settings("""
      import os
      HOSTS = list(map(str.strip, os.environ.get("HOSTS", "").split(",")))
      DIGITS = list(filter(str.isdigit, ["1", "a", "22"]))
      """, environment: ["HOSTS": " a.example , b.example "])
    #expect(ReflectiveLoaderTests.strings(result.value("HOSTS")) == ["a.example", "b.example"])
    #expect(ReflectiveLoaderTests.strings(result.value("DIGITS")) == ["1", "22"])
  }

  @Test func filterOverUnknownItemsIsUnknown() {
    let result = PythonEvaluation.settings("""
      from somewhere_unseen import hosts
      HOSTS = list(filter(None, hosts()))
      """)
    #expect(result.value("HOSTS")?.isUnknown == true)
  }

  @Test func localsAtModuleLevelIsTheModule() {
    let result = PythonEvaluation.settings("""
      import os
      if os.environ.get("DATABASE_URL"):
          DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
      if "DATABASES" not in locals():
          DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
      DEBUG = False
      """)
    #expect(result.module?.degraded == false)
    #expect(result.value("DEBUG")?.boolValue == false)
    guard case .dict(let databases)? = result.value("DATABASES")?.kind else {
      Issue.record("DATABASES is not a dict")
      return
    }
    #expect(databases.entries.count == 1)
  }
}
