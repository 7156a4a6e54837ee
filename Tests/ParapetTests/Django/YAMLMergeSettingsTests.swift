import Foundation
import ParapetEvidence
import ParapetFacts
import Testing

/// course-discovery's production settings: `yaml.safe_load` of a file whose mappings use merge
/// keys, spread into the module with `vars().update(...)` (twice). The merged values are
/// PyYAML's (recorded with PyYAML 6.0.3: `{<<: *hsts}` is `{'SECURE_HSTS_SECONDS': 31536000}`),
/// and where the value is not known the unseen settings' reason names why.
@Suite("YAML merge keys in settings")
struct YAMLMergeSettingsTests {
  static let settings = """
    import os
    import yaml
    with open(os.environ['CFG'], encoding='utf-8') as f:
        config_from_yaml = yaml.safe_load(f)
        vars().update(config_from_yaml)
        MEDIA_STORAGE_BACKEND = config_from_yaml.get("MEDIA_STORAGE_BACKEND", {})
        vars().update(MEDIA_STORAGE_BACKEND)
    """

  func reason(_ facts: FactTree, _ path: String) -> String? {
    guard case .unknown(let unknown)? = facts.value(path) else { return nil }
    return unknown.reason
  }

  @Test func mergedMappingSpreadsIntoTheModule() {
    let (facts, errors) = DjangoFixture.read(
      [
        "mysite/settings.py": Self.settings,
        "conf.yml": "x-hsts: &hsts\n  SECURE_HSTS_SECONDS: 31536000\nMEDIA_STORAGE_BACKEND:\n  <<: *hsts\n  DEBUG: false\n",
      ],
      environment: ["CFG": "conf.yml"])
    #expect(errors.isEmpty)
    #expect(facts.value("django.settings.SECURE_HSTS_SECONDS") == .integer(31_536_000))
    #expect(facts.value("django.settings.DEBUG") == .bool(false))
    #expect(facts.lookup("django.unseen_settings") == nil)
  }

  @Test func mergeOfAScalarFailsTheImport() {
    let (facts, _) = DjangoFixture.read(
      ["mysite/settings.py": Self.settings, "conf.yml": "x: &x 3\nMEDIA_STORAGE_BACKEND:\n  <<: *x\n"],
      environment: ["CFG": "conf.yml"])
    // PyYAML: "expected a mapping or list of mappings for merging, but found scalar".
    let errors = "\(facts.value("django.load_errors").map { "\($0)" } ?? "")"
    #expect(errors.contains("ConstructorError"))
    #expect(errors.contains("expected a mapping or list of mappings for merging, but found scalar"))
  }

  @Test func unknownUpdateNamesItsCause() {
    // A mapping under an application tag is not modelled by the full loader (PyYAML needs a
    // constructor for it): the reason for the unseen settings is the value's own.
    let (facts, _) = DjangoFixture.read(
      ["mysite/settings.py": Self.settings.replacingOccurrences(of: "yaml.safe_load(f)", with: "yaml.load(f, Loader=yaml.Loader)"),
       "conf.yml": "!custom\nDEBUG: false\n"],
      environment: ["CFG": "conf.yml"])
    let why = reason(facts, "django.unseen_settings")
    #expect(why?.contains("globals().update() at mysite/settings.py:5") == true)
    #expect(why?.contains("a YAML value tagged !custom") == true)
  }

  /// PyYAML 6.0.3: SafeLoader has no constructor for an application tag or a `!!python/…` one,
  /// and the whole load raises ConstructorError (mapit's bare `except:` then uses `{}`).
  @Test func theSafeLoaderRefusesTagsItCannotConstruct() {
    for document in ["!custom\nDEBUG: false\n", "DEBUG: false\nIPS: !!python/tuple [127.0.0.1]\n"] {
      let (facts, _) = DjangoFixture.read(
        ["mysite/settings.py": Self.settings, "conf.yml": document], environment: ["CFG": "conf.yml"])
      guard case .list(let errors)? = facts.value("django.load_errors") else {
        Issue.record("no load errors for \(document)")
        continue
      }
      #expect(errors.first?.lookup("type")?.value == .string("yaml.constructor.ConstructorError"))
    }
  }
}
