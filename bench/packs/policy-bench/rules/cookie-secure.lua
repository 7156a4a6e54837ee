local svc = import("svc")

return {
  id = "BENCH-004",
  title = "Cookies are Secure",
  severity = "medium",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.cookies, function(cookie)
      if fact.value(cookie.secure) ~= true then report.fail{ message = "cookie " .. fact.value(cookie.name) .. " without Secure", at = cookie } end
    end)
  end,
}
