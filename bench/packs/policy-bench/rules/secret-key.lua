local svc = import("svc")

return {
  id = "BENCH-002",
  title = "The secret key is long",
  severity = "high",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    if #fact.value(s.secret_key) < 50 then report.fail{ message = "secret key shorter than 50", at = s.secret_key } end
  end,
}
