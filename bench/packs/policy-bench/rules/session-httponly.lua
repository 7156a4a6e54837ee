local svc = import("svc")

return {
  id = "BENCH-005",
  title = "Session cookies are HttpOnly",
  severity = "medium",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    svc.each(s.cookies, function(cookie)
      local name = string.lower(fact.value(cookie.name))
      if string.find(name, "sess", 1, true) and fact.value(cookie.httponly) ~= true then
        report.fail{ message = "session cookie " .. fact.value(cookie.name) .. " without HttpOnly", at = cookie }
      end
    end)
  end,
}
