import Foundation
import ParapetEngine
import Testing

/// Issue #15, class "xpcall handlers ran with no limit": the hook raises with hooks disabled, so
/// a message handler called for that error ran unbounded. Handlers, pcall chains and __close
/// handlers must all stay inside the limits.
/// `.timeLimit` only guards against a hang (a broken watchdog would otherwise stall the run);
/// no test asserts how long anything takes: timing belongs to `make bench`.
@Suite(.timeLimit(.minutes(5))) struct SandboxErrorHandlerTests {
  static let attacks = [
    "xpcall(function() while true do end end, function() while true do end end)",
    "xpcall(function() error('ordinary') end, function() while true do end end)",
    "xpcall(function() table.move({}, 1, 1 << 40, 2) end, function() while true do end end)",
    "xpcall(function() while true do end end, function() local t = {} table.move(t, 1, 1 << 40, 2) end)",
    "pcall(pcall, function() while true do end end) while true do end",
    "xpcall(xpcall, function() while true do end end, function() while true do end end, function() while true do end end)",
    "local function h() return select(2, xpcall(function() while true do end end, h)) end xpcall(function() while true do end end, h)",
    "do local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end",
    "while true do local ok = xpcall(error, function(m) return m end, {}) end",
  ]

  @Test(arguments: attacks)
  func handlersAndClosersRunInsideTheBudget(_ body: String) throws {
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.budget)
    SandboxAttack.expectStopped(outcome, by: "limit exceeded", body)
  }

  @Test(arguments: attacks)
  func handlersAndClosersStopAtTheDeadline(_ body: String) throws {
    let outcome = try SandboxAttack.run(body, limits: SandboxAttack.deadlineOnly)
    SandboxAttack.expectStopped(outcome, by: "time limit exceeded", body)
  }

  @Test func anOrdinaryErrorStillReachesTheHandler() throws {
    let pack = try TestPack.make(rules: [
      "r.lua": TestPack.rule(
        id: "R",
        """
        local ok, a, b = xpcall(function() error({ code = 7 }) end, function(e) return 'handled ' .. e.code, 2 end)
        local ok2, x, y = xpcall(function(p, q) return p + q, 'z' end, error, 1, 2)
        report.fail(tostring(ok) .. ' ' .. tostring(a) .. ' ' .. tostring(b) .. ' ' .. tostring(ok2) .. ' ' .. x .. y)
        """)
    ])
    let findings = try TestPack.run(pack)
    #expect(findings.first?.message == "false handled 7 nil true 3z")
  }
}
