local svc = import("svc")

return {
  id = "BENCH-010",
  title = "Images are pinned",
  severity = "low",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.containers, function(container)
      local image = fact.value(container.image)
      if string.sub(image, -7) == ":latest" then report.fail{ message = "image " .. image .. " uses :latest", at = container.image } end
    end)
  end,
}
