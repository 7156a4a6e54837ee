local svc = import("svc")

return {
  id = "BENCH-011",
  title = "No open ingress except web ports",
  severity = "high",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.ingress, function(rule)
      local port = fact.value(rule.port)
      if fact.value(rule.source) == "0.0.0.0/0" and port ~= 80 and port ~= 443 then
        report.fail{ message = "port " .. port .. " open to the world", at = rule }
      end
    end)
  end,
}
