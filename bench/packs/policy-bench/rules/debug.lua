local svc = import("svc")

return {
  id = "BENCH-001",
  title = "DEBUG is off",
  severity = "high",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    if fact.value(s.debug) == true then report.fail{ message = "debug is on", at = s.debug } end
  end,
}
