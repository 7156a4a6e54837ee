local svc = import("svc")

return {
  id = "BENCH-007",
  title = "CSP is strict",
  severity = "medium",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    local csp = fact.value(s.csp)
    if csp == "" or string.find(csp, "unsafe-inline", 1, true) or string.find(csp, "unsafe-eval", 1, true) then
      report.fail{ message = "weak or missing CSP", at = s.csp }
    end
  end,
}
