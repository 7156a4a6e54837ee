local svc = import("svc")

return {
  id = "BENCH-003",
  title = "No wildcard host",
  severity = "medium",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.allowed_hosts, function(host)
      if fact.value(host) == "*" then report.fail{ message = "wildcard in allowed_hosts", at = host } end
    end)
  end,
}
