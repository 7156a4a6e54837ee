local svc = import("svc")

return {
  id = "BENCH-006",
  title = "HSTS lasts a year",
  severity = "medium",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    if fact.value(s.tls.hsts_max_age) < 31536000 then report.fail{ message = "HSTS max-age below one year", at = s.tls.hsts_max_age } end
  end,
}
