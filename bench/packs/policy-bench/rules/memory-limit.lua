local svc = import("svc")

return {
  id = "BENCH-012",
  title = "Containers have a memory limit",
  severity = "low",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.containers, function(container)
      if fact.value(container.memory_limit_mb) == 0 then report.fail{ message = "container " .. fact.value(container.name) .. " has no memory limit", at = container } end
    end)
  end,
}
