local observatory = import("observatory")
local hsts = import("hsts")
local examples = import("examples")
local text = import("text")

-- Worse-of order, best to worst.
local ORDER = {
  "cookies-without-secure-flag-but-protected-by-hsts",
  "cookies-without-secure-flag",
  "cookies-session-without-secure-flag-but-protected-by-hsts",
  "cookies-samesite-flag-invalid",
  "cookies-anticsrf-without-samesite-flag",
  "cookies-session-without-httponly-flag",
  "cookies-session-without-secure-flag",
}
local VALID_SAMESITE = { lax = true, strict = true, none = true }

return {
  id = "cookies",
  title = "Cookies must be Secure, session cookies HttpOnly, and SameSite set",
  severity = "high",
  references = { "mozilla:cookies", "owasp:A05:2021", "owasp:A07:2021", "cwe:614", "cwe:1004", "cwe:1275" },
  rationale = "A cookie without Secure can leak over plain HTTP; a session cookie readable by "
    .. "scripts can be stolen through XSS; SameSite limits cross-site request forgery.",
  remediation = "Set every cookie with `Secure` and `SameSite=Lax` (or Strict); add `HttpOnly` to "
    .. "session and login cookies. In Django: SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Cookies",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, _site, host, site_report)
      local cookies_node = site_node.cookies
      if cookies_node == nil or not fact.known(cookies_node) then
        return observatory.unknown(site_report, {
          target = host, at = cookies_node or site_node,
          message = cookies_node and fact.reason(cookies_node) or "no cookie evidence",
          needs = observatory.needs(site_node, "cookies"),
        })
      end
      local cookies = fact.value(cookies_node)
      local hsts_outcome = hsts.evaluate(site_node, options)
      local protected = hsts_outcome.pass == true
      local result
      local at = cookies_node
      -- The raw Set-Cookie strings of the final response: a bad SameSite value.
      for index, raw in ipairs(cookies.final_set_cookie or {}) do
        for _, value in ipairs(raw.samesite_values or {}) do
          if value == "" or not VALID_SAMESITE[text.lower(text.trim(value))] then
            result = observatory.worse("cookies-samesite-flag-invalid", result, ORDER)
            at = cookies_node.final_set_cookie[index]
          end
        end
      end
      local jar = {}
      for index, cookie in ipairs(cookies.jar or {}) do
        if cookie.name ~= nil and cookie.name ~= "" and cookie.name ~= "heroku-session-affinity" then
          jar[#jar + 1] = { cookie = cookie, node = cookies_node.jar[index] }
        end
      end
      local missing_samesite = false
      local names = {}
      if #jar == 0 then
        result = "cookies-not-found"
      else
        local function worse(new, node)
          local before = result
          result = observatory.worse(new, result, ORDER)
          if result ~= before then at = node end
        end
        for _, item in ipairs(jar) do
          local cookie = item.cookie
          local name = text.lower(cookie.name)
          names[#names + 1] = cookie.name
          local session = string.find(name, "login", 1, true) or string.find(name, "sess", 1, true)
          local anticsrf = string.find(name, "csrf", 1, true)
          if not cookie.secure and cookie.samesite == "none" then
            worse("cookies-samesite-flag-invalid", item.node)
          end
          if not cookie.secure then
            worse(protected and "cookies-without-secure-flag-but-protected-by-hsts"
              or "cookies-without-secure-flag", item.node)
          end
          if anticsrf and not cookie.samesite then
            worse("cookies-anticsrf-without-samesite-flag", item.node)
          end
          if session and not cookie.secure then
            worse(protected and "cookies-session-without-secure-flag-but-protected-by-hsts"
              or "cookies-session-without-secure-flag", item.node)
          end
          if session and not cookie.httponly then
            worse("cookies-session-without-httponly-flag", item.node)
          end
          if not cookie.samesite then missing_samesite = true end
        end
        if result == nil then
          result = missing_samesite and "cookies-secure-with-httponly-sessions"
            or "cookies-secure-with-httponly-sessions-and-samesite"
        end
      end
      observatory.report(site_report, "cookies", result, {
        at = at, target = host, options = options, data = { cookies = names },
        message = host .. ": " .. result .. (#names > 0 and (" (" .. table.concat(names, ", ") .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ cookies = { jar = {
          { name = "sessionid", secure = true, httponly = true, samesite = "lax" } } } },
        expect = { result = "cookies-secure-with-httponly-sessions-and-samesite" } },
      { facts = examples.site{}, expect = { result = "cookies-not-found" } },
    },
    failing = {
      { facts = examples.site{ cookies = { jar = {
          { name = "sessionid", secure = false, httponly = true, samesite = "lax" } } } },
        expect = { result = "cookies-session-without-secure-flag" } },
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n"
          .. "↓set-cookie: csrftoken=abc; Path=/; Secure\n\n<p>hi</p>\n" },
        expect = { result = "cookies-anticsrf-without-samesite-flag", line = 4 } },
    },
  },
}
