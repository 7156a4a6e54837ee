import OrderedCollections
import ParapetEngine
import ParapetFacts
import Testing

/// What a rule sees of facts: nodes with values, kinds, unknowns and locations.
@Suite struct FactNodeTests {
  static let location = SourceLocation(file: "app/settings.py", line: 7, column: 1)

  static var facts: FactTree {
    var tree = FactTree()
    tree.set(["django", "settings", "DEBUG"], .bool(true, at: location))
    tree.set(
      ["django", "settings", "ALLOWED_HOSTS"],
      .list([.string("a.example"), .string("b.example")], at: location))
    tree.set(
      ["django", "settings", "SECURE_SSL_REDIRECT"],
      .unknown("depends on environment variable SSL_REDIRECT", dependsOn: ["SSL_REDIRECT"], at: location))
    tree.set(["django", "settings", "SECRET_KEY"], .secret("django-insecure-abc", at: location))
    tree.set(["k8s", "env"], .map(["value": .string("x"), "name": .string("DEBUG")]))
    tree.set(
      ["k8s", "object"],
      .map([
        "kind": .string("Deployment", at: SourceLocation(file: "deploy/app.yaml", line: 2, column: 7)),
        "file": .string("f"), "line": .integer(3), "where": .string("w"), "known": .bool(false),
        "get": .string("g"), "lookup": .string("l"),
      ], at: SourceLocation(file: "deploy/app.yaml", line: 1, column: 1)))
    return tree
  }

  func check(_ body: String) throws -> [Finding] {
    let pack = try TestPack.make(rules: ["r.lua": TestPack.rule(id: "R", body)])
    return try TestPack.run(pack, facts: Self.facts)
  }

  @Test func scalarsHaveValueKindAndLocation() throws {
    let findings = try check("""
      local d = facts.django.settings.DEBUG
      assert(fact.value(d) == true and fact.kind(d) == "bool" and fact.known(d))
      assert(fact.file(d) == "app/settings.py" and fact.line(d) == 7 and fact.column(d) == 1)
      assert(fact.where(d) == "app/settings.py:7:1")
      report.fail{ message = "debug", at = d, result = "debug-on", score_modifier = -5 }
      """)
    let finding = try #require(findings.first)
    #expect(finding.status == .fail)
    #expect(finding.location == Self.location)
    #expect(finding.result == "debug-on")
    #expect(finding.scoreModifier == -5)
    #expect(finding.references == ["cwe:1"])
  }

  @Test func listsIterateAndConvert() throws {
    let findings = try check("""
      local hosts = facts.django.settings.ALLOWED_HOSTS
      assert(#hosts == 2, "length")
      local seen = {}
      for i, host in ipairs(hosts) do seen[#seen + 1] = i .. "=" .. fact.value(host) end
      assert(table.concat(seen, ",") == "1=a.example,2=b.example", table.concat(seen, ","))
      assert(fact.value(hosts)[2] == "b.example")
      assert(hosts[3] == nil)
      """)
    #expect(findings.first?.status == .pass, "\(findings)")
  }

  @Test func mapsIterateInOrderAndIndexingReadsOnlyTheDocument() throws {
    let findings = try check("""
      local env = facts.k8s.env
      local keys = {}
      for k, v in pairs(env) do keys[#keys + 1] = k end
      assert(table.concat(keys, ",") == "value,name", table.concat(keys, ","))
      -- `value` is the document's key: a child node, read twice the same (memoized).
      assert(fact.is(env.value) and fact.value(env.value) == "x" and env.value == env["value"])
      assert(fact.value(env.value) == "x" and fact.kind(env.value) == "string")
      -- Old metadata names that are not keys are simply absent.
      assert(env.kind == nil and env.known == nil and env.where == nil and env.get == nil)
      assert(fact.value(env.name) == "DEBUG")
      assert(fact.value(fact.lookup(facts, "k8s.env.value")) == "x")
      assert(facts.nothing == nil)
      """)
    #expect(findings.first?.status == .pass, "\(findings)")
  }

  @Test func aKubernetesObjectsKindIsItsKindKey() throws {
    let findings = try check("""
      local object = facts.k8s.object
      assert(fact.kind(object) == "map" and fact.line(object) == 1)
      assert(fact.value(object.kind) == "Deployment", tostring(fact.value(object.kind)))
      assert(fact.where(object.kind) == "deploy/app.yaml:2:7", tostring(fact.where(object.kind)))
      assert(fact.value(object.file) == "f" and fact.value(object.line) == 3)
      assert(fact.value(object.where) == "w" and fact.value(object.known) == false)
      assert(fact.value(object.get) == "g" and fact.value(object.lookup) == "l")
      assert(fact.value(object).kind == "Deployment")
      assert(not pcall(function() return object:get("kind") end), "the old method syntax is gone")
      report.fail{ message = "kind " .. fact.value(object.kind), at = object.kind }
      """)
    let finding = try #require(findings.first)
    #expect(finding.status == .fail, "\(findings)")
    #expect(finding.message == "kind Deployment")
    #expect(finding.location == SourceLocation(file: "deploy/app.yaml", line: 2, column: 7))
  }

  @Test func theFactLibraryReadsMetadataThatKeysNeverShadow() throws {
    let findings = try check("""
      local d = facts.django.settings.DEBUG
      assert(fact.value(d) == true and fact.kind(d) == "bool" and fact.known(d))
      assert(fact.file(d) == "app/settings.py" and fact.line(d) == 7 and fact.column(d) == 1)
      assert(fact.where(d) == "app/settings.py:7:1" and fact.path(d) == nil)
      assert(fact.is(d) and not fact.is({}) and not fact.is(nil))
      local env = facts.k8s.env
      -- A document key named like metadata is just a key for fact.*.
      assert(fact.kind(env) == "map", tostring(fact.kind(env)))
      assert(fact.value(fact.get(env, "value")) == "x")
      assert(fact.value(fact.lookup(facts, "k8s.env.name")) == "DEBUG")
      local v = facts.django.settings.SECURE_SSL_REDIRECT
      assert(not fact.known(v) and fact.value(v) == nil and fact.kind(v) == "unknown")
      assert(fact.variables(v)[1] == "SSL_REDIRECT" and fact.reason(v):find("SSL_REDIRECT"))
      -- Plain values pass through, so helpers can take either.
      assert(fact.value(5) == 5 and fact.known(false) and not fact.known(nil))
      assert(fact.kind("x") == nil and fact.get({ a = 1 }, "a") == nil)
      assert(not pcall(function() fact.kind = nil end), "fact is read-only")
      """)
    #expect(findings.first?.status == .pass, "\(findings)")
  }

  @Test func aPackWrittenForTheOldNodeNamesIsRefusedWithAPointerToTheMigration() throws {
    func load(_ requires: String) throws -> Pack {
      try Pack.load(from: TestPack.folder([
        "pack.toml": "name = \"old\"\nversion = \"1.0.0\"\nrequires = \"\(requires)\"\n",
        "rules/r.lua": TestPack.rule(id: "R", "report.pass()"),
      ]))
    }
    for requires in [">=0.1", ">=0.3", ">=0.2, <1.0", ">0.3.9", "<2.0"] {
      do {
        _ = try load(requires)
        Issue.record("requires = \"\(requires)\" was accepted")
      } catch {
        let text = "\(error)"
        #expect(text.contains("requires Parapet \(requires)") && text.contains("fact.value(node)"), "\(text)")
        #expect(text.contains("Migrating to the fact library") && text.contains("requires = \">=0.4\""), "\(text)")
        #expect(!text.contains("\n"), "one line: \(text)")
      }
    }
    for requires in [">=0.4", "^0.4", ">=0.4.0, <1.0", "~0.4", ">0.3.99, >=0.4"] {
      #expect(try load(requires).manifest.name == "old", "requires = \"\(requires)\"")
    }
  }

  @Test func unknownsCarryTheirReason() throws {
    let findings = try check("""
      local v = facts.django.settings.SECURE_SSL_REDIRECT
      assert(not fact.known(v) and fact.value(v) == nil and fact.kind(v) == "unknown")
      assert(fact.variables(v)[1] == "SSL_REDIRECT")
      report.unknown{ message = "cannot verify: " .. fact.reason(v), at = v }
      """)
    let finding = try #require(findings.first)
    #expect(finding.status == .unknown)
    #expect(finding.message == "cannot verify: depends on environment variable SSL_REDIRECT")
  }

  @Test func secretsNeverReachPolicies() throws {
    let findings = try check("""
      local key = facts.django.settings.SECRET_KEY
      assert(fact.kind(key) == "secret")
      local v = fact.value(key)
      -- Measurements only: strength is judged by the packs (owasp-django key_is_strong).
      assert(v.secret == true and v.length == 19 and v.insecure_prefix == true and v.strength == nil)
      for k, x in pairs(v) do assert(type(x) ~= "string" or not x:find("abc"), k) end
      """)
    #expect(findings.first?.status == .pass, "\(findings)")
  }

  @Test func reportRejectsUnknownFieldsAndBadLocations() throws {
    let typo = try check("report.fail{ mesage = 'typo' }")
    #expect(typo.first?.status == .error)
    #expect(typo.first?.message.contains("unknown field 'mesage'") == true)
    let badAt = try check("report.fail{ message = 'x', at = 'settings.py:1' }")
    #expect(badAt.first?.message.contains("'at' must be a fact node") == true)
  }

  @Test func aRuleCoveringSeveralDjangoChecksNamesOnePerFinding() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": """
        return { id = "R", title = "t", severity = "low",
          references = { "django:fields.W903", "django:fields.W904", "owasp:A06:2021" },
          check = function(facts, report)
            report.fail{ message = "nb", django_check = "fields.W903" }
            report.fail{ message = "json", django_check = "fields.W904" }
            report.unknown{ message = "all of them" }
          end }
        """,
      "one.lua": """
        return { id = "ONE", title = "t", severity = "low", references = { "django:security.W018" },
          check = function(facts, report) report.fail{ message = "debug" } end }
        """,
      "bad.lua": """
        return { id = "BAD", title = "t", severity = "low", references = { "django:fields.W903" },
          check = function(facts, report) report.fail{ message = "x", django_check = "fields.E904" } end }
        """,
    ])
    let findings = try TestPack.run(pack, facts: Self.facts)
    let rule = findings.filter { $0.ruleID == "R" }
    #expect(rule.first { $0.message == "nb" }?.djangoCheck == "fields.W903")
    #expect(rule.first { $0.message == "json" }?.djangoCheck == "fields.W904")
    // A finding about every check the rule covers names none: its references list them.
    #expect(rule.first { $0.status == .unknown }.map { $0.djangoCheck == nil } == true)
    #expect(findings.first { $0.ruleID == "ONE" }?.djangoCheck == "security.W018")
    let bad = findings.first { $0.ruleID == "BAD" }
    #expect(bad?.status == .error)
    #expect(bad?.message.contains("'django_check' fields.E904 is not among the rule's django: references (fields.W903)") == true)
  }

  @Test func nodesFromAnEarlierBundleAreRefused() throws {
    let pack = try TestPack.make(
      rules: [
        "r.lua": TestPack.rule(
          id: "R",
          """
          local keep = import("keep")
          if keep.node then local _ = fact.value(keep.node) end
          """)
      ],
      libs: ["keep.lua": "return {}"])
    let findings = try TestPack.run(pack, facts: Self.facts)
    #expect(findings.first?.status == .pass)
  }

  @Test func evidencePathsDecideApplicability() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": """
        return { id = "R", title = "t", severity = "low", evidence = { "http.sites" },
          check = function(facts, report) report.fail("should not run") end }
        """
    ])
    let findings = try TestPack.run(pack, facts: Self.facts)
    #expect(findings.first?.status == .notApplicable)
  }

  @Test func appliesFunctionDecidesApplicability() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": """
        return { id = "R", title = "t", severity = "low",
          applies = function(facts) return facts.http ~= nil end,
          check = function(facts, report) report.fail("should not run") end }
        """
    ])
    #expect(try TestPack.run(pack, facts: Self.facts).first?.status == .notApplicable)
  }

  @Test func libsAreSharedReadOnlyAndDataIsAFactNode() throws {
    let folder = TestPack.folder([
      "pack.toml": "name = \"p\"\nversion = \"1.2.3\"\n[options]\nlevel = 3\n",
      "lib/util.lua": "local M = {} function M.double(x) return 2 * x end return M",
      "data/hosts.json": "{\"preloaded\": [\"example.com\"]}",
      "rules/r.lua": TestPack.rule(
        id: "R",
        """
        local util = import("util")
        assert(util.double(options.level) == 6)
        assert(fact.value(data("hosts").preloaded[1]) == "example.com")
        local ok = pcall(function() util.double = nil end)
        assert(not ok, "libs must be read-only")
        """),
    ])
    let pack = try Pack.load(from: folder)
    let findings = try TestPack.run(pack)
    #expect(findings.first?.status == .pass, "\(findings)")
  }

  @Test func gradeLuaComputesTheScore() throws {
    let pack = try TestPack.make(
      rules: [
        "a.lua": TestPack.rule(id: "A", "report.fail{ message = 'x', score_modifier = -20 }"),
        "b.lua": TestPack.rule(id: "B", "report.pass{ score_modifier = 5 }"),
      ],
      grade: """
        return function(results, options)
          local score = 100
          for _, r in ipairs(results) do score = score + (r.score_modifier or 0) end
          return { score = score, grade = score >= 90 and "A" or "B", summary = #results .. " results" }
        end
        """)
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    var evaluation = try #require(engine.evaluate(FactTree()).first)
    engine.grade(&evaluation)
    #expect(evaluation.grade?.score == 85)
    #expect(evaluation.grade?.grade == "B")
    #expect(evaluation.grade?.summary == "2 results")
  }

  @Test func brokenRuleFilesBecomeErrorsAndOthersRun() throws {
    let pack = try TestPack.make(rules: [
      "a.lua": "return { id = 'A', title = 't', severity = 'urgent', check = function() end }",
      "b.lua": "return {",
      "c.lua": TestPack.rule(id: "C", "report.pass()"),
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.filter { $0.status == .error }.count == 2)
    #expect(findings.contains { $0.message.contains("severity 'urgent'") })
    #expect(findings.first { $0.ruleID == "C" }?.status == .pass)
  }
}
