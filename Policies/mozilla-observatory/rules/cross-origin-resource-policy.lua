local observatory = import("observatory")
local examples = import("examples")
local text = import("text")

local RESULTS = {
  ["same-site"] = "corp-implemented-with-same-site",
  ["same-origin"] = "corp-implemented-with-same-origin",
  ["cross-origin"] = "corp-implemented-with-cross-origin",
}

return {
  id = "cross-origin-resource-policy",
  title = "Cross-Origin-Resource-Policy should limit who may load the resource",
  severity = "low",
  references = { "mozilla:cross-origin-resource-policy", "owasp:A05:2021", "cwe:346" },
  rationale = "CORP stops other sites from embedding the response, which blocks some "
    .. "side-channel (Spectre-style) leaks of its content.",
  remediation = "Send `Cross-Origin-Resource-Policy: same-origin` (or same-site) once.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Resource-Policy",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local value = observatory.header(site, "cross-origin-resource-policy")
      local at = site_node.headers and fact.get(site_node.headers, "cross-origin-resource-policy") or site_node.final
      local result = "corp-not-implemented"
      if value ~= nil and value ~= "" then
        result = RESULTS[text.lower(text.trim(text.head(value, 256)))] or "corp-header-invalid"
      end
      observatory.report(site_report, "cross-origin-resource-policy", result, {
        at = at, target = host, options = options, data = { value = value },
        message = host .. ": " .. result .. (value and (" (" .. value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ headers = { ["cross-origin-resource-policy"] = "Same-Origin" } },
        expect = { result = "corp-implemented-with-same-origin" } },
      { facts = examples.site{}, expect = { result = "corp-not-implemented" } },
    },
    failing = {
      { facts = examples.site{ headers = { ["cross-origin-resource-policy"] = "same-origin, same-origin" } },
        expect = { result = "corp-header-invalid" } },
    },
  },
}
