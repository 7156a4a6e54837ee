import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetPython
import Testing

/// The sandbox's host functions: `parse.*` gives located, read-only fact nodes from the readers'
/// own parsers, bounded by the rule's limits; `pep440.*` is the project's one PEP 440.
@Suite struct HostFunctionTests {
  /// Runs `body` as a rule's check; the rule passes unless it reports otherwise.
  func check(_ body: String, limits: SandboxLimits = TestPack.limits) throws -> Finding {
    let pack = try TestPack.make(rules: ["r.lua": TestPack.rule(id: "R", body)])
    let findings = try TestPack.run(pack, limits: limits)
    return try #require(findings.first)
  }

  /// Expects the rule to finish without an error and report nothing (a pass).
  func expectPasses(_ body: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let finding = try check(body)
    #expect(finding.status == .pass, "\(finding.message)", sourceLocation: sourceLocation)
  }

  // MARK: parse.*

  @Test func yamlGivesEveryDocumentWithKindsLinesAndColumns() throws {
    try expectPasses(#"""
      local docs, err = parse.yaml("kind: Deployment\nspec:\n  replicas: 3\n  ratio: 0.5\n"
        .. "  on: true\n  tags: [a, 'b']\n  none: ~\n---\nkind: Service\n", "deploy/app.yaml")
      assert(docs, err)
      assert(fact.kind(docs) == "list" and #docs == 2, "two documents")
      local first = docs[1]
      -- A document key named like metadata is just a key.
      assert(fact.value(fact.get(first, "kind")) == "Deployment", "kind key")
      assert(fact.kind(first) == "map")
      local replicas = first.spec.replicas
      assert(fact.kind(replicas) == "integer" and fact.value(replicas) == 3)
      assert(fact.file(replicas) == "deploy/app.yaml", fact.file(replicas))
      assert(fact.line(replicas) == 3 and fact.column(replicas) == 13, fact.where(replicas))
      assert(fact.where(replicas) == "deploy/app.yaml:3:13", fact.where(replicas))
      assert(fact.kind(first.spec.ratio) == "number" and fact.value(first.spec.ratio) == 0.5)
      assert(fact.kind(first.spec.on) == "bool")
      assert(fact.value(first.spec.tags)[2] == "b" and fact.kind(first.spec.tags[2]) == "string")
      assert(fact.kind(first.spec.none) == "null")
      local service = fact.get(docs[2], "kind")
      assert(fact.value(service) == "Service" and fact.line(service) == 9, fact.where(service))
      """#)
  }

  @Test func yamlAnchorsAndMergeKeysAreResolved() throws {
    try expectPasses(#"""
      local docs = assert(parse.yaml("base: &b\n  image: web:1\n  mem: 256Mi\n"
        .. "svc:\n  <<: *b\n  mem: 512Mi\nalias: *b\n"))
      local doc = docs[1]
      assert(fact.value(doc.svc.image) == "web:1", "merged key")
      assert(fact.value(doc.svc.mem) == "512Mi", "own key wins")
      assert(fact.value(doc.alias.image) == "web:1", "alias")
      assert(fact.line(doc.svc.image) == 2, "merged value keeps its own line")
      assert(fact.file(doc) == "<string>", "default name")
      """#)
  }

  @Test func jsonTomlAndIniAreLocated() throws {
    try expectPasses(#"""
      local j = assert(parse.json('{\n  "a": [1, 2.5, null],\n  "b": {"c": "x"}\n}', "p.json"))
      assert(fact.kind(j) == "map" and fact.kind(j.a[1]) == "integer" and fact.kind(j.a[3]) == "null")
      assert(fact.value(j.a[2]) == 2.5)
      assert(fact.where(j.b.c) == "p.json:3:14", fact.where(j.b.c))

      local t = assert(parse.toml('[tool.app]\nname = "shop"\nports = [80, 443]\n\n[[server]]\nhost = "a"\n', "app.toml"))
      assert(fact.value(t.tool.app.name) == "shop" and fact.line(t.tool.app.name) == 2)
      assert(fact.value(t.tool.app.ports[2]) == 443 and fact.kind(t.tool.app.ports[2]) == "integer")
      assert(fact.value(t.server[1].host) == "a" and fact.line(t.server[1].host) == 6)

      local i = assert(parse.ini("[DEFAULT]\nlevel = info\n\n[uwsgi]\nHTTP = :8000\nmodule = app.wsgi\n"
        .. "env = A=1\n  B=2\n", "uwsgi.ini"))
      assert(fact.value(i.uwsgi.http) == ":8000", "keys lower-cased")
      assert(fact.where(i.uwsgi.http) == "uwsgi.ini:5:8", fact.where(i.uwsgi.http))
      assert(fact.value(i.uwsgi.env) == "A=1\nB=2", "continuation lines")
      assert(fact.value(i.DEFAULT.level) == "info" and i.uwsgi.level == nil)
      assert(fact.line(i.uwsgi) == 4)
      """#)
  }

  @Test func badInputIsNilAndAMessageWithTheLine() throws {
    try expectPasses(#"""
      local function bad(result, message, pattern)
        assert(result == nil, "no result")
        assert(type(message) == "string" and message:find(pattern), message)
      end
      local r, m = parse.yaml("a: 1\nb: [1, 2\n", "x.yaml")
      bad(r, m, "^x%.yaml:%d+:%d+: invalid YAML")
      r, m = parse.json('{\n  "a": 1,\n  "b" 2\n}', "p.json")
      bad(r, m, "^p%.json:3:7: expected ':' after object key")
      r, m = parse.toml('a = 1\nb = \n', "c.toml")
      bad(r, m, "^c%.toml:2: ")
      r, m = parse.ini("no header = 1\n", "x.ini")
      bad(r, m, "^x%.ini:1:1: File contains no section headers")
      r, m = parse.ini("[a]\nk = 1\nk = 2\n", "x.ini")
      bad(r, m, "^x%.ini:3:1: option 'k' in section 'a' already exists")
      -- A wrong argument type is the rule's bug: an error it can catch.
      local ok, err = pcall(parse.json, 42)
      assert(not ok and tostring(err):find("parse.json expects the text to parse"), tostring(err))
      """#)
  }

  @Test func secretKeysComeBackAsSecrets() throws {
    try expectPasses(#"""
      local doc = assert(parse.yaml("env:\n  DB_PASSWORD: hunter2hunter2\n  DEBUG: 'false'\n"))[1]
      assert(fact.kind(doc.env.DB_PASSWORD) == "secret", fact.kind(doc.env.DB_PASSWORD))
      local shown = fact.value(doc.env.DB_PASSWORD)
      assert(type(shown) == "table" and shown.fingerprint ~= nil, "strength and fingerprint only")
      for _, v in pairs(shown) do assert(v ~= "hunter2hunter2") end
      assert(fact.value(doc.env.DEBUG) == "false")
      local j = assert(parse.json('{"api_key": "sk_live_0123456789abcdefghijklmn"}'))
      assert(fact.kind(j.api_key) == "secret")
      local i = assert(parse.ini("[app]\nsecret_key = s3cr3t-value-here\n"))
      assert(fact.kind(i.app.secret_key) == "secret")
      """#)
  }

  @Test func nodesAreReadOnlyAndReportable() throws {
    let finding = try check(#"""
      local doc = assert(parse.yaml("a:\n  b: 1\n", "conf/app.yaml"))[1]
      local ok = pcall(function() doc.a = 2 end)
      assert(not ok, "read-only")
      report.fail{ message = "found", at = doc.a.b }
      """#)
    #expect(finding.status == .fail)
    #expect(finding.location == ParapetFacts.SourceLocation(file: "conf/app.yaml", line: 2, column: 6))
  }

  @Test func aHugeInputIsRefusedByTheBudgetWithAClearError() throws {
    // Under the test budget (5e6 units, 32 per byte) 1 MB cannot be paid for: refused before
    // the parser runs, as an error finding, and a pcall cannot swallow it.
    let budget = try check(#"""
      local text = "[" .. string.rep("1,", 500000) .. "1]"
      pcall(parse.json, text)
      report.pass("the budget was not enforced")
      """#)
    #expect(budget.status == .error)
    #expect(budget.message.contains("instruction limit exceeded"), "\(budget.message)")
    // More than 1/16 of the memory cap (32 MiB) is refused by size, naming the function.
    let size = try check(#"""
      local text = string.rep("a: 1\n", 500000)
      local ok, err = pcall(parse.yaml, text)
      assert(not ok)
      error(err, 0)
      """#)
    #expect(size.status == .error)
    #expect(size.message.contains("parse.yaml: the input is 2500000 bytes, more than the 2097152 bytes"), "\(size.message)")
  }

  @Test func parsedNodesCountAgainstTheMemoryCap() throws {
    // Each parse adds an arena held until the bundle ends; a loop of parses runs into the cap.
    let finding = try check(#"""
      local text = "[" .. string.rep('"abcdefghijklmnopqrstuvwxyz",', 4000) .. "1]"
      local kept = {}
      for i = 1, 100000 do
        local ok, result = pcall(parse.json, text)
        if not ok then return report.fail{ message = tostring(result) .. " after " .. i } end
        kept[i] = result
      end
      """#, limits: SandboxLimits(instructions: 0, memoryBytes: 8 << 20, timeoutMilliseconds: 20_000, patternSteps: 2_000_000))
    // The host's arenas, not Lua's own tables (a few hundred bytes here), hit the cap.
    #expect(finding.status == .fail)
    #expect(finding.message.contains("not enough memory: the result of parse.json needs about"), "\(finding.message)")
  }

  @Test func parsingWorksWithoutAMemoryCapOrBudget() throws {
    let finding = try check(
      #"""
      local doc = assert(parse.json('{"a": [1, 2, 3]}'))
      assert(#doc.a == 3)
      """#, limits: SandboxLimits(instructions: 0, memoryBytes: 0, timeoutMilliseconds: 10_000, patternSteps: 0))
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func nodesFromAnEarlierBundleAreRefused() throws {
    let pack = try TestPack.make(
      rules: [
        "a.lua": TestPack.rule(
          id: "A",
          #"""
            local keep = import("keep")
            local old = keep.get()
            if old == nil then
              keep.save(assert(parse.json('{"a": 1}', "x.json")))
              return report.pass("saved")
            end
            local ok, err = pcall(function() return fact.value(old.a) end)
            if ok then return report.fail("a parsed node outlived its bundle") end
            report.pass(tostring(err))
            """#)
      ],
      libs: ["keep.lua": "local saved\nreturn { save = function(n) saved = n end, get = function() return saved end }\n"])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    let first = engine.evaluate(FactTree()).flatMap(\.findings)
    #expect(first.first?.message == "saved")
    let second = try #require(engine.evaluate(FactTree()).flatMap(\.findings).first)
    #expect(second.status == .pass)
    #expect(second.message.contains("belongs to an earlier bundle"), "\(second.message)")
  }

  @Test func aPluginReturnsParsedNodesWithTheirLocations() throws {
    let source = #"""
      return {
        name = "appconf",
        claims = { names = { "*.appconf" } },
        parse = function(file)
          local docs, err = parse.yaml(file.text, file.path)
          if not docs then return { errors = { err } } end
          return { documents = docs }
        end,
      }
      """#
    let plugin = try PluginReader(source: source, path: "appconf.lua")
    let file = EvidenceFile(
      path: "deploy/site.appconf", url: URL(fileURLWithPath: "/dev/null"),
      data: Data("site:\n  tls: true\n".utf8))
    var facts = FactTree()
    try plugin.read(file, into: &facts, context: ScanContext())
    let tls = try #require(facts.root["appconf"]?["deploy/site.appconf"]?["documents"]?.lookup("1.site.tls"))
    #expect(tls.value == .bool(true))
    #expect(tls.location == ParapetFacts.SourceLocation(file: "deploy/site.appconf", line: 2, column: 8))
  }

  // MARK: pep440.*

  @Test func compareFollowsPEP440Ordering() throws {
    try expectPasses(#"""
      -- Each version sorts strictly before the next (PEP 440's own examples and more).
      local ordered = {
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
        "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
        "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
        "1!0.1",
      }
      for i = 1, #ordered - 1 do
        local a, b = ordered[i], ordered[i + 1]
        assert(pep440.compare(a, b) == -1, a .. " < " .. b)
        assert(pep440.compare(b, a) == 1, b .. " > " .. a)
      end
      -- Equal after normalization.
      for _, pair in ipairs({ { "1.0", "1.0.0" }, { "1.0alpha1", "1.0a1" }, { "1.0-1", "1.0.post1" },
          { "v1.0", "1.0" }, { "1.0c1", "1.0rc1" }, { "1.0.DEV1", "1.0.dev1" }, { "1.0+Ubuntu-1", "1.0+ubuntu.1" } }) do
        assert(pep440.compare(pair[1], pair[2]) == 0, pair[1] .. " == " .. pair[2])
      end
      local r, err = pep440.compare("1.0", "not a version")
      assert(r == nil and err:find("'not a version' is not a valid PEP 440 version"), tostring(err))
      assert(pep440.compare(nil, "1.0") == nil)
      """#)
  }

  @Test func validAndParse() throws {
    try expectPasses(#"""
      for _, v in ipairs({ "1", "1.0", "2!1.0rc2.post3.dev4+local.7", "1.0-1", " 1.0 ", "v2.3" }) do
        assert(pep440.valid(v), v)
      end
      for _, v in ipairs({ "", "abc", "1.0+", "1.0+a..b", "1.0-", "1.0.x", "1..0", "1.0a1b2",
          "1.0+a b", "99999999999999999999999" }) do
        assert(not pep440.valid(v), v)
      end
      assert(pep440.valid(5) == false)
      local p = assert(pep440.parse("1!2.3.4rc5.post6.dev7+Ab-8"))
      assert(p.epoch == 1 and #p.release == 3 and p.release[3] == 4)
      assert(p.pre[1] == "rc" and p.pre[2] == 5 and p.post == 6 and p.dev == 7)
      assert(p["local"] == "ab.8", p["local"])
      assert(p.public == "1!2.3.4rc5.post6.dev7", p.public)
      assert(p.normalized == "1!2.3.4rc5.post6.dev7+ab.8", p.normalized)
      local none, err = pep440.parse("x")
      assert(none == nil and err:find("not a valid PEP 440 version"))
      """#)
  }

  @Test func satisfiesFullSpecifierSets() throws {
    try expectPasses(#"""
      local cases = {
        { "4.2.7", ">=4.2,<5.0", true }, { "5.0", ">=4.2,<5.0", false }, { "4.2.7", "", true },
        -- ~=: compatible release
        { "2.2.5", "~=2.2", true }, { "3.0", "~=2.2", false }, { "1.4.9", "~=1.4.5", true },
        { "1.5.0", "~=1.4.5", false }, { "1.4.4", "~=1.4.5", false }, { "2.3.post1", "~=2.2.post3", true },
        -- wildcards
        { "1.1.5", "==1.1.*", true }, { "1.1", "==1.1.*", true }, { "1.1a1", "==1.1.*", true },
        { "1.2", "==1.1.*", false }, { "1.2", "!=1.1.*", true }, { "1.1.0.post1", "!=1.1.*", false },
        -- local labels: ignored unless the specifier has one
        { "1.0+ubuntu1", "==1.0", true }, { "1.0+ubuntu1", "==1.0+ubuntu1", true },
        { "1.0+ubuntu2", "==1.0+ubuntu1", false }, { "1.0", "==1.0+ubuntu1", false },
        { "1.0+local", ">=1.0", true }, { "1.0+local", "<=1.0", true },
        -- exclusive comparisons leave out V's own pre-, post- and local releases
        { "1.7.post1", ">1.7", false }, { "1.7.1", ">1.7", true }, { "1.7+local", ">1.7", false },
        { "1.7.post2", ">1.7.post1", true }, { "1.7.0rc1", "<1.7", false }, { "1.6.9", "<1.7", true },
        { "1.7.0a1", "<1.7.0b1", true }, { "1.6rc1", "<1.7", true },
        -- epochs
        { "1!1.0", ">=2.0", true }, { "2.0", "<1!0.1", true }, { "2!2.3", "~=1!2.2", false },
        -- ===: arbitrary equality, even outside PEP 440
        { "1.0", "===1.0", true }, { "1.0.0", "===1.0", false }, { "foobar", "===FooBar", true },
        -- pre-releases already chosen are matched
        { "5.0rc1", ">=4.2", true },
      }
      for _, case in ipairs(cases) do
        local got, err = pep440.satisfies(case[1], case[2])
        assert(got == case[3], case[1] .. " " .. case[2] .. " expected " .. tostring(case[3]) .. " " .. tostring(err))
      end
      for _, spec in ipairs({ "~=1", ">=1.0.*", "==1.0a1.*", ">=1.0+local", "=>1.0", ">=", "1.0" }) do
        local got, err = pep440.satisfies("1.0", spec)
        assert(got == nil and err:find("not a valid PEP 440 specifier set"), spec .. ": " .. tostring(err))
      end
      local got, err = pep440.satisfies("nope", ">=1.0")
      assert(got == nil and err:find("'nope' is not a valid PEP 440 version"), tostring(err))
      """#)
  }

  @Test func theHostLibrariesAreReadOnly() throws {
    try expectPasses(#"""
      assert(not pcall(function() parse.yaml = nil end))
      assert(not pcall(function() pep440.compare = function() return 0 end end))
      assert(pep440.compare("1.0", "2.0") == -1)
      """#)
  }
}
