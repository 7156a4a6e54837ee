import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Attacking packs, beyond the basic ones in Engine/SandboxTests: every removed function
/// reached another way, resource exhaustion in every form, tampering, forging, stale nodes.
/// Each attack must end as a clean `error` finding of the attacking rule (or be harmless),
/// while a well-behaved rule evaluated after it still reports.
/// `.timeLimit` only guards against a hang (a broken watchdog would otherwise stall the run);
/// no test asserts how long anything takes: timing belongs to `make bench`.
@Suite(.timeLimit(.minutes(5))) struct HostilePackTests {
  /// Runs `body` as rule EVIL next to a victim rule in the same pack and returns EVIL's finding.
  func attack(_ body: String, limits: SandboxLimits = TestPack.limits) throws -> Finding {
    let pack = try TestPack.make(rules: [
      "a-evil.lua": TestPack.rule(id: "EVIL", body),
      "b-victim.lua": TestPack.rule(
        id: "VICTIM", "report.fail{ message = 'debug on', at = facts.django.settings.DEBUG }"),
    ])
    let findings = try TestPack.run(pack, facts: TestPack.debugFacts(true), limits: limits)
    let victim = try #require(findings.first { $0.ruleID == "VICTIM" })
    #expect(victim.status == .fail, "the victim rule must still report after \(body)")
    #expect(victim.message == "debug on")
    #expect(victim.location?.line == 3)
    return try #require(findings.first { $0.ruleID == "EVIL" })
  }

  /// The attack either fails cleanly, naming the rule, or does nothing.
  func expectContained(_ finding: Finding, _ why: String = "") {
    #expect(finding.status == .error || finding.status == .pass, "\(why): \(finding.message)")
    if finding.status == .error {
      #expect(finding.message.hasPrefix("rule EVIL failed"), "\(finding.message)")
      #expect(finding.location?.file == "test/rules/a-evil.lua")
    }
  }

  // MARK: Escaping the sandbox

  static let removed = [
    "load", "loadstring", "loadfile", "dofile", "require", "module", "collectgarbage", "rawset",
    "io", "os", "debug", "package", "coroutine", "print", "warn", "_G", "setfenv", "getfenv",
    "newproxy", "gcinfo",
  ]

  @Test func removedFunctionsAreUnreachableThroughEveryTable() throws {
    let names = Self.removed.map { "'\($0)'" }.joined(separator: ", ")
    let finding = try attack(
      """
      local found = {}
      local function probe(where, t)
        for _, name in ipairs({ \(names), 'dump', 'random', 'randomseed', 'execute', 'getenv' }) do
          local ok, v = pcall(function() return t[name] end)
          if ok and v ~= nil then found[#found + 1] = where .. '.' .. name end
          local ok2, r = pcall(rawget, t, name)
          if ok2 and r ~= nil then found[#found + 1] = 'rawget ' .. where .. '.' .. name end
        end
      end
      probe('_ENV', _ENV)
      for _, lib in ipairs({ 'string', 'table', 'math', 'utf8' }) do probe(lib, _ENV[lib]) end
      probe('("")', setmetatable({}, { __index = function(_, k) return ("")[k] end }))
      if #found > 0 then error('reachable: ' .. table.concat(found, ', ')) end
      """)
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func theStringMetatableIsHidden() throws {
    let finding = try attack(
      """
      if getmetatable('') ~= false then error('string metatable exposed') end
      if getmetatable(string) ~= false then error('library metatable exposed') end
      if getmetatable(facts) ~= false then error('fact metatable exposed') end
      if getmetatable(report) ~= false then error('report metatable exposed') end
      if getmetatable(_ENV) ~= false then error('environment metatable exposed') end
      """)
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func envTricksStayInsideTheRule() throws {
    // Replacing _ENV, or writing globals, changes nothing outside this rule's chunk.
    let finding = try attack(
      """
      string = { format = function() return 'pwned' end }
      _ENV.report = nil
      local _ENV = { error = error }
      if load ~= nil then error('load reachable') end
      """)
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func coroutinesCannotBeMadeFromIterators() throws {
    // No coroutine library; gmatch iterators are plain C closures, not threads.
    let finding = try attack(
      """
      local it = string.gmatch('abc', '.')
      if type(it) ~= 'function' then error('iterator is ' .. type(it)) end
      if coroutine ~= nil or _ENV.coroutine ~= nil then error('coroutine reachable') end
      """)
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func tostringMetamethodsRunUnderTheLimits() throws {
    let looping = try attack(
      "local s = string.format('%s', setmetatable({}, { __tostring = function() while true do end end }))")
    #expect(looping.status == .error)
    #expect(looping.message.contains("limit exceeded"))
    let notAString = try attack(
      "local s = tostring(setmetatable({}, { __tostring = function() return {} end }))")
    #expect(notAString.status == .error)
    let viaConcat = try attack(
      "local s = 'x' .. setmetatable({}, { __concat = function() while true do end end })")
    #expect(viaConcat.status == .error)
    #expect(viaConcat.message.contains("limit exceeded"))
  }

  @Test func closeHandlersRunUnderTheLimits() throws {
    let finding = try attack(
      """
      local guard <close> = setmetatable({}, { __close = function() while true do end end })
      """)
    #expect(finding.status == .error)
    #expect(finding.message.contains("limit exceeded"))
    let throwing = try attack(
      """
      local guard <close> = setmetatable({}, { __close = function() error('from close') end })
      error('first')
      """)
    #expect(throwing.status == .error)
  }

  @Test func gcAddedAfterSetmetatableNeverRuns() throws {
    // Lua marks an object for finalization only when __gc is present at setmetatable; the
    // guarded setmetatable refuses that, and adding __gc later (or through __index) is inert.
    let finding = try attack(
      """
      for i = 1, 2000 do
        local mt = {}
        setmetatable({}, mt)
        mt.__gc = function() while true do end end
        setmetatable({}, setmetatable({}, { __index = { __gc = function() while true do end end } }))
      end
      local junk = {}
      for i = 1, 50000 do junk[i] = { i } end
      """)
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func errorObjectsOfEveryKindAreDescribedWithoutRunningThem() throws {
    for object in [
      "setmetatable({}, { __index = function() while true do end end, __name = 'x' })",
      "setmetatable({}, { __concat = function() while true do end end })",
      "setmetatable({}, { __eq = function() while true do end end, __len = function() while true do end end })",
      "facts.django.settings.DEBUG",
      "function() end",
      "nil",
      "12.5",
      "string.rep('\\n', 10000) .. '\\27[2J'",
    ] {
      let finding = try attack("error(\(object))")
      #expect(finding.status == .error, "error(\(object))")
      #expect(!finding.message.contains("\u{1B}"), "an escape from error(\(object)) reached the message")
    }
  }

  @Test func selectAndUnpackTricksAreErrors() throws {
    expectContained(try attack("local n = select('#', table.unpack({}, 1, 1e7))"), "unpack 1e7")
    expectContained(try attack("local v = select(-5, 1, 2)"), "select negative")
    expectContained(try attack("local v = select(2^53, 1)"), "select huge")
    expectContained(try attack("local v = table.unpack({}, math.mininteger, math.maxinteger)"), "unpack range")
    expectContained(try attack("local s = string.char(table.unpack({}, 1, 300))"), "char")
  }

  @Test func proxiesCannotBeIteratedIntoTheirRealTables() throws {
    // `pairs` on a read-only library proxy must not hand out the real table, or a rule could
    // rewrite string.format (or report.fail) for every rule and pack evaluated after it.
    let finding = try attack(
      """
      for _, lib in ipairs({ string, table, math, utf8, report }) do
        local iterator, state = pairs(lib)
        if rawequal(state, lib) == false and type(state) == 'table' then
          local ok = pcall(function() state.fail = function() end; state.format = state.fail end)
          if ok then error('got a writable real table through pairs') end
        end
        for k, v in pairs(lib) do if k == 'dump' then error('dump listed') end end
        if next(lib) ~= nil then error('next sees into a proxy') end
        if rawget(lib, 'fail') ~= nil or rawget(lib, 'format') ~= nil then error('rawget sees into a proxy') end
      end
      """)
    expectContained(finding, "pairs on proxies")
    #expect(finding.status == .pass, "\(finding.message)")
  }

  @Test func iteratorsOfProxiesRefuseForeignTables() throws {
    for target in ["{}", "setmetatable({}, {})", "'x'", "facts", "nil"] {
      let finding = try attack("local f = pairs(string); local a, b = f(\(target), nil)")
      expectContained(finding, "pairs iterator over \(target)")
    }
  }

  @Test func factIteratorsSurviveHostileControlValues() throws {
    // The `next` of a fact node gets whatever key the rule passes back.
    let facts = TestPack.debugFacts(true)
    var tree = facts
    tree.set(["list"], .list([.string("a"), .string("b")]))
    for key in ["math.maxinteger", "math.mininteger", "-1", "0/0", "1e308", "'nope'", "{}", "facts"] {
      let pack = try TestPack.make(rules: [
        "a.lua": TestPack.rule(
          id: "EVIL",
          """
          local f = pairs(facts.list)
          local a, b = f(facts.list, \(key))
          local g = pairs(facts.django)
          local c, d = g(facts.django, \(key))
          """),
        "b.lua": TestPack.rule(id: "VICTIM", "report.fail{ message = 'ok', at = facts.django.settings.DEBUG }"),
      ])
      let findings = try TestPack.run(pack, facts: tree)
      #expect(findings.first { $0.ruleID == "VICTIM" }?.status == .fail, "after key \(key)")
      let evil = try #require(findings.first { $0.ruleID == "EVIL" })
      #expect(evil.status == .pass || evil.status == .error, "key \(key)")
    }
  }

  @Test func factNodesRefuseOddKeys() throws {
    for key in ["0/0", "math.huge", "-math.huge", "math.maxinteger", "math.mininteger", "{}", "true", "print"] {
      let finding = try attack(
        "local v = facts[\(key)]; local w = fact.get(facts.django, \(key)); local x = facts.django.settings[\(key)]")
      expectContained(finding, "facts[\(key)]")
    }
    expectContained(try attack("local v = fact.lookup(facts, string.rep('a.', 100000))"), "long lookup")
    expectContained(try attack("local v = fact.get(facts.django)"), "get without key")
    expectContained(try attack("local v = fact.get(nil, 'x')"), "get on nil")
    expectContained(try attack("local v = fact.get({}, 'x')"), "get on table")
    expectContained(try attack("local v = fact.lookup(facts, nil)"), "lookup without a path")
    expectContained(try attack("local v = fact.kind(facts.django, 'extra'), fact.value()"), "metadata of nothing")
  }

  // MARK: Resource exhaustion

  @Test func everyFormOfExhaustionIsStopped() throws {
    let attacks = [
      "local t = {} for i = 1, 1e7 do t[#t + 1] = string.rep('x', 100) .. i end",
      "local s = string.rep('abc', 1e9, ',')",
      "local parts = {} for i = 1, 64 do parts[i] = string.rep('x', 1 << 20) end local s = table.concat(parts) .. table.concat(parts)",
      "local t = {} for i = 1, 1e6 do table.insert(t, 1, i) end",
      "local s = ('x'):rep(1e6); s:gsub('.', function(c) return s:gsub('.', c) end)",
      "local s = string.rep('a', 1e6); for i = 1, 1e6 do s = s:sub(2) .. s:sub(1, 1) end",
      "local function f() return string.gsub('x', 'x', f) end f()",
      "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k .. 'x'] end local v = t.a",
      "local t t = setmetatable({}, { __index = function(_, k) return t[k] end }) local v = t.x",
      "local s = string.format('%s', string.rep('x', 1e9))",
      "local n = 0 for w in string.gmatch(string.rep('a', 1e7), 'a*') do n = n + 1 end",
      "local s = string.rep('a', 30) string.find(s, string.rep('a?', 30) .. string.rep('a', 30))",
      "local t = {} for i = 1, 1e6 do t[i] = {} end table.sort(t, function(a, b) return true end)",
      "local s = utf8.char(table.unpack((function() local t = {} for i = 1, 1e6 do t[i] = 0x10FFFF end return t end)()))",
      "local x = string.pack('i16', 1) local y = string.rep(x, 1e9)",
      "while true do local ok = pcall(error, {}) end",
      "local function f(...) return f(1, ...) end f()",
    ]
    for body in attacks {
      let finding = try attack(body)
      #expect(finding.status == .error, "not stopped: \(body)")
    }
  }

  @Test func findingFloodsAreCapped() throws {
    let flood = try attack("for i = 1, 20000 do report.fail{ message = 'x' .. i } end")
    #expect(flood.status == .error)
    #expect(flood.message.contains("more than"))
  }

  @Test func hugeFindingTextIsBoundedInTheHost() throws {
    // The Lua memory cap does not cover what the host copies out of a report: a rule must not
    // make Parapet hold gigabytes by reporting one big string many times.
    let pack = try TestPack.make(rules: [
      "flood.lua": TestPack.rule(
        id: "EVIL",
        """
        local big = string.rep('y', 1 << 20)
        for i = 1, 200 do
          report.fail{ message = big, target = big, result = big, data = { big, big, big, big } }
        end
        """)
    ])
    let findings = try TestPack.run(pack)
    var hostBytes = 0
    for finding in findings {
      hostBytes += finding.message.utf8.count + (finding.target?.utf8.count ?? 0)
        + (finding.result?.utf8.count ?? 0)
      if let data = finding.data { hostBytes += data.serialized(pretty: false).utf8.count }
    }
    #expect(hostBytes < 64 << 20, "the findings of one rule hold \(hostBytes) bytes in the host")
    #expect(findings.allSatisfy { $0.ruleID == "EVIL" })
  }

  @Test func hugeMessagesAreTruncated() throws {
    let finding = try attack("report.fail{ message = string.rep('m', 1e6) }")
    #expect(finding.status == .fail)
    #expect(finding.message.count <= 4_001)
  }

  @Test func deeplyNestedLocatedValuesInFindingDataAreBounded() throws {
    let finding = try attack(
      """
      local v = 'leaf'
      for i = 1, 5000 do v = located(v, i) end
      report.fail{ message = 'deep', data = v }
      """)
    // Either refused or kept with the data cut at a bounded depth; never a crash.
    #expect(finding.status == .fail || finding.status == .error, "\(finding.message)")
    let nested = try attack(
      """
      local v = {}
      for i = 1, 5000 do v = { v } end
      report.fail{ message = 'deep', data = v }
      """)
    #expect(nested.status == .fail || nested.status == .error)
  }

  // MARK: Tampering and forging

  @Test func findingsCannotNameAnotherRuleOrPack() throws {
    let evil = try TestPack.make(
      name: "evil",
      rules: [
        "a.lua": TestPack.rule(id: "EVIL", "report.fail{ message = 'x', rule = 'GOOD', pack = 'victim' }"),
        "b.lua": TestPack.rule(id: "EVIL2", "report.pass{ message = 'pass from evil', id = 'GOOD' }"),
      ])
    let victim = try TestPack.make(
      name: "victim",
      rules: ["good.lua": TestPack.rule(id: "GOOD", "report.fail{ message = 'real failure' }")])
    let engine = try PolicyEngine(packs: [evil, victim], limits: TestPack.limits)
    let evaluations = engine.evaluate(FactTree())
    let evilFindings = try #require(evaluations.first { $0.name == "evil" }).findings
    let victimFindings = try #require(evaluations.first { $0.name == "victim" }).findings
    #expect(evilFindings.allSatisfy { $0.pack == "evil" && $0.ruleID.hasPrefix("EVIL") })
    #expect(evilFindings.allSatisfy { $0.status == .error })
    #expect(evilFindings.contains { $0.message.contains("unknown field 'rule'") || $0.message.contains("unknown field 'pack'") })
    #expect(victimFindings.count == 1)
    #expect(victimFindings.first?.status == .fail)
    #expect(victimFindings.first?.message == "real failure")
  }

  @Test func aStashedReportFunctionIsAttributedToTheRuleBeingEvaluated() throws {
    // A lib module keeps state for every rule of its pack. Rule A stashes its `report`; rule B
    // calls A's report: the finding is B's (the engine attributes findings by the evaluating
    // rule, never by the function used). Outside any check, the stashed report refuses.
    let pack = try TestPack.make(
      name: "evil",
      rules: [
        "a.lua": TestPack.rule(id: "A", "import('stash').put(report)"),
        "b.lua": TestPack.rule(id: "B", "import('stash').get().fail{ message = 'forged as A' }"),
      ],
      libs: [
        "stash.lua": "local M = {} local saved function M.put(r) saved = r end function M.get() return saved end return M"
      ],
      grade: "return function(results, options) require_missing = import('stash').get().fail{ message = 'from grade' } return { score = 0 } end")
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    var evaluation = try #require(engine.evaluate(FactTree()).first)
    let forged = try #require(evaluation.findings.first { $0.message == "forged as A" })
    #expect(forged.ruleID == "B")
    #expect(evaluation.findings.first { $0.ruleID == "A" }?.status == .pass)
    engine.grade(&evaluation)
    #expect(evaluation.grade?.summary?.contains("outside the rule's check") == true, "\(String(describing: evaluation.grade))")
    #expect(!evaluation.findings.contains { $0.message == "from grade" })
  }

  @Test func libraryModulesAreReadOnlyForEveryRule() throws {
    let pack = try TestPack.make(
      rules: [
        "a.lua": TestPack.rule(
          id: "A",
          """
          local lib = import('shared')
          local ok1 = pcall(function() lib.threshold = 0 end)
          local ok2 = pcall(function() local _, real = pairs(lib); if type(real) == 'table' and not rawequal(real, lib) then real.threshold = 0 end end)
          """),
        "b.lua": TestPack.rule(id: "B", "report.fail{ message = 'threshold ' .. import('shared').threshold }"),
      ],
      libs: ["shared.lua": "return { threshold = 42 }"])
    let findings = try TestPack.run(pack)
    #expect(findings.first { $0.ruleID == "B" }?.message == "threshold 42")
  }

  @Test func staleFactNodesFromAnEarlierBundleAreRefused() throws {
    let pack = try TestPack.make(
      rules: [
        "a.lua": TestPack.rule(
          id: "A",
          """
          local store = import('store')
          local old = store.get()
          if old ~= nil then report.fail{ message = 'old value ' .. tostring(fact.value(old)), at = old } end
          store.put(facts.django.settings.DEBUG)
          """)
      ],
      libs: ["store.lua": "local M = {} local saved function M.put(v) saved = v end function M.get() return saved end return M"])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    _ = engine.evaluate(TestPack.debugFacts(true))
    let second = engine.evaluate(TestPack.debugFacts(false)).flatMap(\.findings)
    let finding = try #require(second.first)
    #expect(finding.status == .error)
    #expect(finding.message.contains("earlier bundle"))
    #expect(!second.contains { $0.message.contains("old value") })
  }

  @Test func optionsAreFreshForEveryRule() throws {
    let pack = try TestPack.make(
      rules: [
        "a.lua": TestPack.rule(id: "A", "options.level = 'tampered'"),
        "b.lua": TestPack.rule(id: "B", "report.fail{ message = 'level ' .. tostring(options.level) }"),
      ],
      manifestExtra: "[options]\nlevel = \"strict\"\n")
    let findings = try TestPack.run(pack)
    #expect(findings.first { $0.ruleID == "B" }?.message == "level strict")
  }

  @Test func aRuleCannotChangeTheLibrariesOfAnotherPack() throws {
    let evil = try TestPack.make(
      name: "evil",
      rules: [
        "a.lua": TestPack.rule(
          id: "EVIL",
          """
          pcall(function() string.format = function() return 'pwned' end end)
          pcall(function() local _, real = pairs(string); real.format = function() return 'pwned' end end)
          pcall(function() local _, real = pairs(report); real.fail = function() end end)
          pcall(function() ('').format = nil end)
          """)
      ])
    let victim = try TestPack.make(
      name: "victim",
      rules: ["v.lua": TestPack.rule(id: "VICTIM", "report.fail{ message = string.format('%d-%s', 7, 'ok') }")])
    let engine = try PolicyEngine(packs: [evil, victim], limits: TestPack.limits)
    for _ in 0..<2 {
      let findings = engine.evaluate(FactTree()).flatMap(\.findings)
      let victimFinding = try #require(findings.first { $0.ruleID == "VICTIM" })
      #expect(victimFinding.status == .fail)
      #expect(victimFinding.message == "7-ok")
    }
  }

  @Test func theReportNamesTheMisbehavingRuleForEveryLimit() throws {
    let pack = try TestPack.make(rules: [
      "loop.lua": TestPack.rule(id: "LOOP", "while true do end"),
      "mem.lua": TestPack.rule(id: "MEM", "local t = {} for i = 1, 1e9 do t[i] = i end"),
      "pattern.lua": TestPack.rule(id: "PATTERN", "string.find(('a'):rep(100000), '.-.-.-.-b')"),
      "stack.lua": TestPack.rule(id: "STACK", "local function f() return 1 + f() end f()"),
      "ok.lua": TestPack.rule(id: "OK", "report.pass('fine')"),
    ])
    let findings = try TestPack.run(pack)
    for id in ["LOOP", "MEM", "PATTERN", "STACK"] {
      let finding = try #require(findings.first { $0.ruleID == id })
      #expect(finding.status == .error)
      #expect(finding.message.hasPrefix("rule \(id) failed"), "\(finding.message)")
      #expect(finding.location?.file.hasPrefix("test/rules/") == true)
    }
    #expect(findings.first { $0.ruleID == "OK" }?.status == .pass)
  }
}
