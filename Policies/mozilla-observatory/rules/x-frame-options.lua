local observatory = import("observatory")
local csp = import("csp")
local examples = import("examples")
local text = import("text")

return {
  id = "x-frame-options",
  title = "Framing must be restricted (X-Frame-Options or CSP frame-ancestors)",
  severity = "medium",
  references = { "mozilla:x-frame-options", "owasp:A05:2021", "cwe:1021" },
  rationale = "A page that other sites may frame can be overlaid with decoys to trick users into "
    .. "clicking (clickjacking).",
  remediation = "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self'), and "
    .. "`X-Frame-Options: DENY` (or SAMEORIGIN) for older browsers, once per response.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Frame-Options",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local value = observatory.header(site, "x-frame-options")
      local at = site_node.headers and fact.get(site_node.headers, "x-frame-options") or site_node.final
      local result
      if value ~= nil and value ~= "" then
        local xfo = text.lower(text.trim(text.head(value, 1024)))
        if xfo == "deny" or xfo == "sameorigin" then
          result = "x-frame-options-sameorigin-or-deny"
        elseif text.starts_with(xfo, "allow-from") then
          result = "x-frame-options-allow-from-origin"
        else
          result = "x-frame-options-header-invalid"
        end
      else
        result = "x-frame-options-not-implemented"
      end
      -- CSP frame-ancestors wins, whatever its value and even from a <meta> tag (as upstream).
      local policy = csp.analyze(site_node)
      if policy.data and policy.data["frame-ancestors"] then
        result = "x-frame-options-implemented-via-csp"
        at = policy.at
      end
      observatory.report(site_report, "x-frame-options", result, {
        at = at, target = host, options = options, data = { value = value },
        message = host .. ": " .. result .. (value and (" (" .. value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ headers = { ["x-frame-options"] = "DENY" } },
        expect = { result = "x-frame-options-sameorigin-or-deny" } },
      { facts = examples.csp({ ["default-src"] = { "'self'" }, ["frame-ancestors"] = { "'none'" } }),
        expect = { result = "x-frame-options-implemented-via-csp" } },
    },
    failing = {
      { facts = examples.site{ headers = { ["x-frame-options"] = "ALLOWALL" } },
        expect = { result = "x-frame-options-header-invalid" } },
      { facts = examples.site{}, expect = { result = "x-frame-options-not-implemented" } },
    },
  },
}
