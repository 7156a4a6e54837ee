local observatory = import("observatory")
local examples = import("examples")
local text = import("text")

return {
  id = "x-content-type-options",
  title = "X-Content-Type-Options must be nosniff",
  severity = "low",
  references = { "mozilla:x-content-type-options", "owasp:A05:2021", "cwe:693" },
  rationale = "Without `X-Content-Type-Options: nosniff` browsers may guess a response's type "
    .. "and run an uploaded file as a script or stylesheet.",
  remediation = "Send `X-Content-Type-Options: nosniff` once on every response.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Content-Type-Options",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local value = observatory.header(site, "x-content-type-options")
      local at = site_node.headers and fact.get(site_node.headers, "x-content-type-options") or site_node.final
      local result
      if value ~= nil and value ~= "" then
        if text.lower(text.trim(text.head(value, 256))) == "nosniff" then
          result = "x-content-type-options-nosniff"
        else
          result = "x-content-type-options-header-invalid"
        end
      else
        result = "x-content-type-options-not-implemented"
      end
      observatory.report(site_report, "x-content-type-options", result, {
        at = at, target = host, options = options, data = { value = value },
        message = host .. ": " .. result .. (value and (" (" .. value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ headers = { ["x-content-type-options"] = "nosniff" } },
        expect = { result = "x-content-type-options-nosniff" } },
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n"
          .. "x-content-type-options: NoSniff\n\n<p>hi</p>\n" } },
    },
    failing = {
      { facts = examples.site{}, expect = { result = "x-content-type-options-not-implemented" } },
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n"
          .. "↓x-content-type-options: nosniff\nx-content-type-options: nosniff\n\n<p>hi</p>\n" },
        expect = { result = "x-content-type-options-header-invalid", line = 4 } },
    },
  },
}
