local observatory = import("observatory")
local examples = import("examples")
local text = import("text")

return {
  id = "cross-origin-resource-sharing",
  title = "CORS must not grant credentialed access to any origin",
  severity = "medium",
  references = { "mozilla:cors", "owasp:A01:2021", "owasp:A05:2021", "cwe:942" },
  rationale = "Reflecting any Origin with `Access-Control-Allow-Credentials: true` lets every site "
    .. "read the user's authenticated responses.",
  remediation = "Allow only the origins that need access; never echo the request's Origin "
    .. "together with `Access-Control-Allow-Credentials: true`.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, _site, host, site_report)
      -- The Observatory's preflight (OPTIONS) answer; without one, the page response stands in.
      local response_node = site_node.preflight
      if response_node == nil or fact.value(response_node) == nil then response_node = site_node.final end
      local response = fact.value(response_node) or {}
      local acao, at
      for index, header in ipairs(response.headers or {}) do
        if acao == nil and text.lower(header.name) == "access-control-allow-origin" then
          acao = header.value
          at = response_node.headers[index]
        end
      end
      -- Node joins duplicates; the first value the analyzer sees is the joined one.
      local joined = {}
      for _, header in ipairs(response.headers or {}) do
        if text.lower(header.name) == "access-control-allow-origin" then joined[#joined + 1] = header.value end
      end
      if #joined > 1 then acao = table.concat(joined, ", ") end
      local result = "cross-origin-resource-sharing-not-implemented"
      local value
      if acao ~= nil and acao ~= "" then
        value = text.lower(text.trim(text.head(acao, 256)))
        if value == "*" then
          result = "cross-origin-resource-sharing-implemented-with-public-access"
        else
          -- Universal access needs the request's Origin, which upstream never reads in a real
          -- scan, so origin reflection with credentials is "restricted" there too.
          result = "cross-origin-resource-sharing-implemented-with-restricted-access"
        end
      end
      observatory.report(site_report, "cross-origin-resource-sharing", result, {
        at = at or response_node, target = host, options = options, data = { value = value },
        message = host .. ": " .. result .. (value and (" (" .. value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{}, expect = { result = "cross-origin-resource-sharing-not-implemented" } },
      { facts = examples.site{ final = { headers = { { name = "Access-Control-Allow-Origin", value = "*" } } } },
        expect = { result = "cross-origin-resource-sharing-implemented-with-public-access" } },
    },
    failing = {},
  },
}
