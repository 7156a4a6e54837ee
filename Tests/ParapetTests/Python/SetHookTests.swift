import ParapetFacts
import Testing

@testable import ParapetPython

/// Assignments Python routes through a class's `__setattr__`/`__setitem__`, and writes through
/// objects made from the module's own names (baserow's `AttrDict(vars())`). Expectations
/// checked with CPython 3.12.
@Suite("Writes through __setattr__, __setitem__ and vars()")
struct SetHookTests {
  @Test func aClassHookRunsInsteadOfTheStore() {
    let result = PythonEvaluation.settings("""
      class Upper:
          def __setattr__(self, name, value):
              super().__setattr__(name, value.upper())
      class Globals:
          def __setattr__(self, name, value):
              globals()[name] = value
          def __setitem__(self, key, value):
              globals()[key] = value
      u = Upper()
      u.x = "hi"
      SHOUT = u.x
      g = Globals()
      g.SESSION_COOKIE_SECURE = True
      g["CSRF_COOKIE_SECURE"] = True
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SHOUT")?.stringValue == "HI")
    #expect(result.value("SESSION_COOKIE_SECURE")?.boolValue == true)
    #expect(result.value("CSRF_COOKIE_SECURE")?.boolValue == true)
  }

  /// A dict subclass Parapet cannot build, made from the module's names: what is set through
  /// it may be a setting, so those settings are no longer known.
  @Test func writesThroughAnObjectMadeFromVarsMakeThoseSettingsUnknown() {
    let result = PythonEvaluation.settings("""
      SESSION_COOKIE_SECURE = False
      DEBUG = False
      class AttrDict(dict):
          def __getattr__(self, item):
              return super().__getitem__(item)
          def __setattr__(self, item, value):
              globals()[item] = value
      def setup(settings):
          settings.SESSION_COOKIE_SECURE = True
          settings["CSRF_COOKIE_SECURE"] = True
          settings.lower_case = 1
      setup(AttrDict(vars()))
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SESSION_COOKIE_SECURE")?.isUnknown == true)
    #expect(result.value("CSRF_COOKIE_SECURE")?.isUnknown == true)
    #expect(result.value("SESSION_COOKIE_SECURE")?.unknownReason?.contains("through an object made from the module's names") == true)
    // Names nobody wrote stay as they were.
    #expect(result.value("DEBUG")?.boolValue == false)
  }
}
