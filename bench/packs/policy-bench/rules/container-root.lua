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
      if container.user.value == 0 or container.privileged.value == true then
        report.fail{ message = "container " .. container.name.value .. " runs as root or privileged", at = container }
      end
    end)
  end,
}
