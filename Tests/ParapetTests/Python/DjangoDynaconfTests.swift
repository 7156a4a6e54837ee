import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// dynaconf's DjangoDynaconf model where the recorded cases (LibraryModelConformanceTests) do not
/// reach: what stays unknown, and why.
@Suite("DjangoDynaconf")
struct DjangoDynaconfTests {
  static let head = "import os\nfrom dynaconf import DjangoDynaconf, Validator\nDEBUG = False\nSECRET_KEY = 'module'\n"

  /// A preload list Parapet cannot know: the settings no later source sets are unknown, those
  /// the settings file and the variables set are known.
  @Test func anUnknownPreloadKeepsOnlyLaterSourcesKnown() {
    let result = PythonEvaluation.run(
      [
        "mysite/settings.py": Self.head + "from plugins import names\nsettings = DjangoDynaconf(__name__, PRELOAD_FOR_DYNACONF=names, ENVVAR_FOR_DYNACONF='APP_SETTINGS')\n",
        "prod.py": "SECRET_KEY = 'from-file'\n",
      ], environment: ["APP_SETTINGS": "prod.py", "DJANGO_ALLOWED_HOSTS": "['a.example']"])
    #expect(result.value("DEBUG")?.unknownReason?.contains("PRELOAD_FOR_DYNACONF") == true)
    #expect(result.value("SECRET_KEY")?.stringValue == "from-file")
    #expect(result.value("ALLOWED_HOSTS")?.elements?.first?.stringValue == "a.example")
    #expect(result.module?.degraded == true)
  }

  /// With an unknown preload list, a hook asking whether a setting exists gets no answer for a
  /// setting the known sources do not hold (a preloaded module may set it).
  @Test func anUnknownPreloadLeavesMembershipUnknownInHooks() {
    let result = PythonEvaluation.settings(
      Self.head + "from plugins import names\ndef hook(settings):\n    return {'HAS_SECRET': 'SECRET_KEY' in settings, 'HAS_OTHER': 'OTHER' in settings}\n"
        + "settings = DjangoDynaconf(__name__, PRELOAD_FOR_DYNACONF=names, post_hooks=[hook])\n",
      environment: ["DJANGO_SECRET_KEY": "from-variable"])
    #expect(result.value("HAS_SECRET")?.boolValue == true)
    #expect(result.value("HAS_OTHER")?.isUnknown == true)
    #expect(result.value("SECRET_KEY")?.stringValue == "from-variable")
  }

  /// A hook whose result Parapet cannot read may set any setting.
  @Test func aHookWithAnUnknownResultMakesEverySettingUnknown() {
    let result = PythonEvaluation.settings(
      Self.head + "from elsewhere import compute\ndef hook(settings):\n    return compute(settings)\nsettings = DjangoDynaconf(__name__, post_hooks=[hook])\n")
    #expect(result.value("DEBUG")?.unknownReason?.contains("post hook hook()") == true)
    #expect(result.value("SECRET_KEY")?.isUnknown == true)
  }

  /// Loaders that are not modelled name themselves: a YAML settings file, a dynaconf_hooks.py,
  /// a `*_FOR_DYNACONF` variable.
  @Test func unmodelledLoadersKeepTheSettingsUnknownWithTheFeature() {
    let yaml = PythonEvaluation.run(
      ["mysite/settings.py": Self.head + "settings = DjangoDynaconf(__name__, settings_files=['app.yaml'])\n", "mysite/app.yaml": "default:\n  debug: true\n"])
    #expect(yaml.value("DEBUG")?.unknownReason?.contains("YAML") == true)
    let hooks = PythonEvaluation.run(
      ["mysite/settings.py": Self.head + "settings = DjangoDynaconf(__name__)\n", "mysite/dynaconf_hooks.py": "def post(settings):\n    return {'DEBUG': True}\n"])
    #expect(hooks.value("DEBUG")?.unknownReason?.contains("dynaconf_hooks.py") == true)
    let variable = PythonEvaluation.settings(Self.head + "settings = DjangoDynaconf(__name__)\n", environment: ["INCLUDES_FOR_DYNACONF": "x.toml"])
    #expect(variable.value("DEBUG")?.unknownReason?.contains("INCLUDES_FOR_DYNACONF") == true)
  }

  /// A settings file named by the variable but absent from the scanned files may exist where
  /// Django runs (dynaconf searches the folders above and the working directory).
  @Test func aNamedSettingsFileOutsideTheEvidenceIsUnknown() {
    let result = PythonEvaluation.settings(
      Self.head + "settings = DjangoDynaconf(__name__, ENVVAR_FOR_DYNACONF='APP_SETTINGS')\n", environment: ["APP_SETTINGS": "/etc/app/settings.py"])
    #expect(result.value("SECRET_KEY")?.unknownReason?.contains("/etc/app/settings.py") == true)
  }

  /// Validators: a failing one stops the load with ValidationError; one Parapet cannot decide
  /// is a possible load error, and the settings stay known.
  @Test func validatorsRaiseOrLeaveAPossibleLoadError() {
    let failing = PythonEvaluation.settings(
      Self.head + "settings = DjangoDynaconf(__name__, validators=[Validator('SECRET_KEY', len_min=20)])\n")
    #expect(failing.loadErrors.first?.type == "ValidationError")
    let gated = PythonEvaluation.settings(
      Self.head + "settings = DjangoDynaconf(__name__, validators=[Validator('X', must_exist=True, when=Validator('DEBUG', eq=True))])\n")
    #expect(gated.loadErrors.isEmpty)
    #expect(gated.evaluator.possibleLoadErrors.isEmpty)
    let undecided = PythonEvaluation.settings(
      Self.head + "from elsewhere import check\nsettings = DjangoDynaconf(__name__, validators=[Validator('SECRET_KEY', condition=check)])\n")
    #expect(undecided.loadErrors.isEmpty)
    #expect(undecided.evaluator.possibleLoadErrors.first?.type == "ValidationError")
    #expect(undecided.value("SECRET_KEY")?.stringValue == "module")
  }

  /// A nested variable sets one key inside the existing dict; the other keys stay.
  @Test func aNestedVariableSetsOneKeyOfTheDict() {
    let result = PythonEvaluation.settings(
      Self.head + "CACHES = {'default': {'BACKEND': 'locmem', 'LOCATION': 'a'}}\nsettings = DjangoDynaconf(__name__)\n",
      environment: ["DJANGO_CACHES__default__LOCATION": "b"])
    guard case .dict(let caches)? = result.value("CACHES")?.kind, case .dict(let inner)? = caches.entries[.string("default")]?.value.kind else {
      Issue.record("CACHES must stay a known dict")
      return
    }
    #expect(inner.entries[.string("BACKEND")]?.value.stringValue == "locmem")
    #expect(inner.entries[.string("LOCATION")]?.value.stringValue == "b")
  }
}
