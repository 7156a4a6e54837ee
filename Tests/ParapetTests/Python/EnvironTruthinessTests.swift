import Testing

@testable import ParapetPython

/// `bool(os.environ)` is True when the process holds any variable. Parapet evaluates the settings
/// under an environment whose variables are set in the process (the given ones, the entry
/// point's DJANGO_SETTINGS_MODULE), whole or open, so the mapping is true whenever that holds
/// one; an environment holding none is not known to be empty. ArchiveBox's loader tests
/// `if env_vars:` with `env_vars = env_vars or os.environ`. CPython 3.12 under
/// `env -i DJANGO_SETTINGS_MODULE=mysite.settings DEBUG=…`: DEBUG=True gives True, DEBUG=on
/// is rejected (ValueError), DEBUG=no gives False; `bool(os.environ)` is True, `not os.environ`
/// False, `os.environ and "yes"` is "yes".
@Suite("Truthiness of os.environ")
struct EnvironTruthinessTests {
  static let code = """
    import os

    def load_bool(key, env_vars=None):
        env_vars = env_vars or os.environ
        val = None
        if env_vars:
            val = env_vars.get(key)
        if val is None:
            return False
        if val.lower() in ('true', 'yes', '1'):
            return True
        if val.lower() in ('false', 'no', '0'):
            return False
        raise ValueError(f'Invalid configuration option {key}={val}')

    try:
        DEBUG = load_bool('DEBUG')
    except Exception:
        DEBUG = 'rejected'
    HAS_ENV = bool(os.environ)
    EMPTY = not os.environ
    PICKED = "environ" if (os.environ and "yes") else "no"
    """

  @Test func theEnvironmentIsTrueWhenItHoldsAVariable() {
    let result = PythonEvaluation.settings(Self.code, environment: ["DEBUG": "True"])
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("HAS_ENV")?.boolValue == true)
    #expect(result.value("EMPTY")?.boolValue == false)
    #expect(result.value("PICKED")?.stringValue == "environ")
  }

  @Test func aRejectedValueIsDecided() {
    #expect(PythonEvaluation.settings(Self.code, environment: ["DEBUG": "on"]).value("DEBUG")?.stringValue == "rejected")
    #expect(PythonEvaluation.settings(Self.code, environment: ["DEBUG": "no"]).value("DEBUG")?.boolValue == false)
  }

  @Test func anOpenEnvironmentHoldingAVariableIsTrueToo() {
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: PythonEvaluation.files(["mysite/settings.py": Self.code]), preferredRoot: nil),
      environment: ["DJANGO_SETTINGS_MODULE": "mysite.settings"], unsetIsUnknown: true)
    let module = try? evaluator.importModule("mysite.settings", at: nil)
    #expect(module?.namespace["HAS_ENV"]?.value.boolValue == true)
    // DEBUG itself is not known there: the environment may set it.
    #expect(module?.namespace["DEBUG"]?.value.isUnknown == true)
  }

  @Test func anEnvironmentHoldingNothingIsNotKnownToBeEmpty() {
    let evaluator = PythonEvaluator(
      resolver: PythonModuleResolver(files: PythonEvaluation.files(["mysite/settings.py": Self.code]), preferredRoot: nil),
      environment: [:])
    let module = try? evaluator.importModule("mysite.settings", at: nil)
    #expect(module?.namespace["HAS_ENV"]?.value.isUnknown == true)
  }
}
