import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetPython
import Testing

/// Django's defaults and the secret-key strength judgement each have one owner, and that owner
/// serves every former caller: the Python evaluator's `global_settings`, owasp-django's
/// `django.default` / `django.setting`, and rules W009 and W025 (docs/facts/views.md).
@Suite struct OneOwnerJudgementTests {
  /// owasp-django's own library, loaded into a test pack as `lib/django.lua`.
  static var djangoLibrary: String {
    get throws {
      try String(contentsOf: CLI.root.appendingPathComponent("Policies/owasp-django/lib/django.lua"), encoding: .utf8)
    }
  }

  static func facts(series: String?, settings: [String: Fact] = [:]) -> FactTree {
    var tree = FactTree()
    let at = SourceLocation(file: "app/settings.py", line: 1)
    tree.set(["django", "settings_file"], .string("app/settings.py", at: at))
    for (name, value) in settings { tree.set(["django", "settings", name], value) }
    if let series { tree.set(["django", "version", "series"], .string(series, at: at)) }
    return tree
  }

  func run(_ body: String, _ facts: FactTree) throws -> Finding {
    let pack = try TestPack.make(
      rules: ["r.lua": "local django = import(\"django\")\n" + TestPack.rule(id: "R", body)],
      libs: ["django.lua": try Self.djangoLibrary])
    let findings = try TestPack.run(pack, facts: facts)
    return try #require(findings.first)
  }

  @Test func theBuiltinDataSetIsTheTableTheEvaluatorUses() throws {
    let data = DjangoGlobalSettings.dataSet()
    #expect(data.lookup("series")?.value == .string(DjangoGlobalSettings.series))
    for entry in DjangoGlobalSettings.entries {
      let node = try #require(data.lookup("settings.\(entry.name).default"), "\(entry.name)")
      #expect(FactJSON.plain(node) == entry.value, "\(entry.name)")
      #expect(DjangoGlobalSettings.value(entry.name) != nil, "\(entry.name)")
    }
    #expect(DjangoGlobalSettings.value("NOT_A_SETTING") == nil)
  }

  @Test func settingsFilesExtendTheSameDefaults() throws {
    let result = DeploymentFixtures.load(files: [
      "app/settings.py": """
        from django.conf import global_settings
        PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "app.hashers.Custom"]
        X_FRAME_OPTIONS = global_settings.X_FRAME_OPTIONS
        """
    ])
    let hashers = try #require(result.facts.at("django", "settings", "PASSWORD_HASHERS")?.items)
    #expect(hashers.count == 6)
    #expect(hashers.first?.text == "django.contrib.auth.hashers.PBKDF2PasswordHasher")
    #expect(result.facts.at("django", "settings", "X_FRAME_OPTIONS")?.text == "DENY")
  }

  @Test func packsReadDefaultsByVersionFromTheBuiltinDataSet() throws {
    let body = """
      local x = django.setting(facts, "X_FRAME_OPTIONS")
      local r = django.setting(facts, "SECURE_REFERRER_POLICY")
      local c = django.setting(facts, "CACHES")
      local p = django.setting(facts, "SECURE_PROXY_SSL_HEADER")
      local u = django.setting(facts, "NOT_A_SETTING")
      assert(not x.assigned and x.kind == "string" and c.kind == "map" and p.kind == "null" and p.value == nil)
      assert(u.kind == "null" and u.value == nil)
      assert(c.value.default.BACKEND == "django.core.cache.backends.locmem.LocMemCache")
      report.pass{ message = x.value .. " " .. tostring(r.value) .. " " .. r.kind }
      """
    #expect(try run(body, Self.facts(series: "6.1")).message == "DENY same-origin string")
    #expect(try run(body, Self.facts(series: "3.0")).message == "DENY nil null")
    #expect(try run(body, Self.facts(series: "2.2")).message == "SAMEORIGIN nil null")
  }

  @Test func oneSecretStrengthJudgementForEveryCaller() throws {
    let random = "k3J9vQ2xP7mZ4tW8yR1nB6cD5fG0hL-" + String(repeating: "aZ9", count: 10)
    let insecure = "django-insecure-" + random
    let settings: [String: Fact] = [
      "SECRET_KEY": .secret(insecure, at: SourceLocation(file: "app/settings.py", line: 2)),
      "SECRET_KEY_FALLBACKS": .list([.string(insecure), .secret(random), .secret("short")]),
    ]
    let body = """
      local key = django.setting(facts, "SECRET_KEY")
      local items = {}
      for _, item in ipairs(facts.django.settings.SECRET_KEY_FALLBACKS) do
        items[#items + 1] = tostring(django.key_is_strong(facts, fact.kind(item), fact.value(item)))
      end
      report.pass{ message = tostring(django.key_is_strong(facts, key.kind, key.value)) .. " "
        .. table.concat(items, ",") .. " " .. tostring(django.key_measures_strong(facts, 50, nil, false))
        .. " " .. tostring(django.key_measures_strong(facts, 49, nil, false)) }
      """
    // From Django 3.2 the django-insecure- prefix is weak, for secrets and plain strings alike.
    #expect(try run(body, Self.facts(series: "6.1", settings: settings)).message == "false false,true,false true false")
    #expect(try run(body, Self.facts(series: "3.1", settings: settings)).message == "true true,true,false true false")
  }
}
