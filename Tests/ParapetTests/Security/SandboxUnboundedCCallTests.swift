import Foundation
import ParapetEngine
import ParapetFacts
import Testing

/// Issue #15, class "unbounded C calls": a library function that loops inside one C call never
/// lets the count hook run. Each must charge the instruction budget and stop at the deadline.
/// `.timeLimit` only guards against a hang (a broken watchdog would otherwise stall the run);
/// no test asserts how long anything takes: timing belongs to `make bench`.
@Suite(.timeLimit(.minutes(5))) struct SandboxUnboundedCCallTests {
  static let attacks = [
    "local t = {} table.move(t, 1, 1 << 40, 2)",
    "local t = setmetatable({}, { __len = function() return 1 << 40 end }) table.insert(t, 1, 'x')",
    "local t = setmetatable({}, { __len = function() return 1 << 40 end }) table.remove(t, 1)",
    "local t = setmetatable({}, { __len = function() return 1 << 40 end, __index = function() return '' end }) table.concat(t)",
    // every element read through the host: no VM instruction runs between them
    "local list = facts.django.settings.ALLOWED_HOSTS table.move(list, 1, 1 << 40, 1, {})",
    "local list = facts.django.settings.ALLOWED_HOSTS while true do table.unpack(list, 1, 900000) end",
    "for i = 1, math.huge do string.rep('', math.maxinteger) end",
    "local t = {} for i = 1, 1000000 do t[i] = (i * 7919) % 1000003 end for i = 1, 100 do table.sort(t) table.sort(t, function(a, b) return a > b end) end",
    "while true do pcall(table.move, {}, 1, 1 << 40, 2) end",
    // each next() scans a million emptied slots inside one VM instruction
    "local t = {} for i = 1, 1000000 do t[i] = i end for i = 1, 1000000 do t[i] = nil end while true do next(t) end",
    "local t = {} for i = 1, 1000000 do t[i] = i end for i = 1, 1000000 do t[i] = nil end while true do for _ in pairs(t) do end end",
  ]

  static let facts: FactTree = {
    var tree = TestPack.debugFacts(true)
    tree.set(
      ["django", "settings", "ALLOWED_HOSTS"],
      .list([.string("a", at: nil), .string("b", at: nil)], at: SourceLocation(file: "settings.py", line: 4)))
    return tree
  }()

  @Test(arguments: attacks)
  func everyLoopingLibraryCallIsStoppedByTheBudget(_ body: String) throws {
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.budget, facts: Self.facts)
    // Which limit comes first depends on the machine: either is a clean stop.
    #expect(outcome.finding.message.contains("instruction limit") || outcome.finding.message.contains("time limit"))
    SandboxAttack.expectStopped(outcome, by: "limit exceeded", body)
  }

  @Test(arguments: attacks)
  func everyLoopingLibraryCallIsStoppedByTheDeadlineAlone(_ body: String) throws {
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.deadlineOnly, facts: Self.facts)
    SandboxAttack.expectStopped(outcome, by: "time limit exceeded", body)
  }

  @Test func tableFunctionsReallyReadFactListsThroughTheHost() throws {
    // Guards the fact-list attacks above against testing nothing.
    let pack = try TestPack.make(rules: [
      "r.lua": TestPack.rule(
        id: "R",
        """
        local copy = table.move(facts.django.settings.ALLOWED_HOSTS, 1, 3, 1, {})
        report.fail(#copy .. ' ' .. fact.value(copy[2]) .. ' ' .. select('#', table.unpack(facts.django.settings.ALLOWED_HOSTS)))
        """)
    ])
    let findings = try TestPack.run(pack, facts: Self.facts)
    #expect(findings.first?.message == "2 b 2", "\(findings)")
  }

  @Test func repOfTheEmptyStringAnswersAtOnce() throws {
    // Stock Lua loops math.maxinteger times doing nothing; the result is "" either way.
    let pack = try TestPack.make(rules: [
      "r.lua": TestPack.rule(
        id: "R", "report.fail(string.rep('', math.maxinteger) .. '|' .. ('x'):rep(3, ',') .. '|' .. string.rep('', 1 << 62, ''))")
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.first?.message == "|x,x,x|")
  }

  @Test func wrappedFunctionsBehaveLikeStockLuaForOrdinaryInputs() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": TestPack.rule(
        id: "R",
        """
        local t = { 5, 3, 9, 1 }
        table.insert(t, 2, 7) table.insert(t, 4)
        local removed = table.remove(t, 1)
        table.sort(t)
        local moved = table.move({ 1, 2, 3 }, 1, 3, 2)
        local ok, err = pcall(function() table.insert({}, 5, 1) end)
        report.fail(table.concat(t, ',') .. ' ' .. removed .. ' ' .. table.concat(moved, ',')
          .. ' ' .. select('#', table.unpack({ 1, 2, 3 }, 2)) .. ' ' .. tostring(ok) .. ' ' .. err:gsub('^.-: ', ''))
        """)
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.first?.message == "1,3,4,7,9 5 1,1,2,3 2 false bad argument #2 to 'insert' (position out of bounds)")
  }
}
