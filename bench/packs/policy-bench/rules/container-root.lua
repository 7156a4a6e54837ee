local svc = import("svc")

return {
  id = "BENCH-009",
  title = "Containers run unprivileged",
  severity = "high",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.containers, function(container)
      if fact.value(container.user) == 0 or fact.value(container.privileged) == true then
        report.fail{ message = "container " .. fact.value(container.name) .. " runs as root or privileged", at = container }
      end
    end)
  end,
}
