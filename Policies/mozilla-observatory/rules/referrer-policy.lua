local observatory = import("observatory")
local examples = import("examples")
local text = import("text")

local PRIVATE = {
  ["no-referrer"] = true, ["same-origin"] = true, ["strict-origin"] = true,
  ["strict-origin-when-cross-origin"] = true,
}
local UNSAFE = {
  ["origin"] = true, ["origin-when-cross-origin"] = true, ["unsafe-url"] = true,
  ["no-referrer-when-downgrade"] = true,
}

return {
  id = "referrer-policy",
  title = "Referrer-Policy should keep URLs private",
  severity = "low",
  references = { "mozilla:referrer-policy", "owasp:A01:2021", "cwe:200" },
  rationale = "Without a strict Referrer-Policy, full URLs (with paths and query strings that may "
    .. "hold tokens) are sent to other sites.",
  remediation = "Send `Referrer-Policy: strict-origin-when-cross-origin` (or no-referrer, "
    .. "same-origin, strict-origin). Django's SecurityMiddleware sends same-origin by default.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Referrer-Policy",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local parts = {}
      local at = site_node.final
      local header = observatory.header(site, "referrer-policy")
      if header ~= nil then
        parts[#parts + 1] = header
        at = fact.get(site_node.headers, "referrer-policy")
      end
      if observatory.meta_applies(site) and site.html.meta_referrer ~= nil then
        parts[#parts + 1] = site.html.meta_referrer
        at = site_node.html.meta_referrer
      end
      local result
      local value
      if #parts == 0 then
        result = "referrer-policy-not-implemented"
      else
        value = table.concat(parts, ", ")
        -- The last valid token wins, so a <meta> (which comes last) beats the header.
        local policy = ""
        for _, token in ipairs(text.split(value, ",")) do
          local name = text.lower(text.trim(token))
          if PRIVATE[name] or UNSAFE[name] then policy = name end
        end
        if PRIVATE[policy] then
          result = "referrer-policy-private"
        elseif UNSAFE[policy] then
          result = "referrer-policy-unsafe"
        else
          result = "referrer-policy-header-invalid"
        end
      end
      observatory.report(site_report, "referrer-policy", result, {
        at = at, target = host, options = options, data = { value = value },
        message = host .. ": " .. result .. (value and (" (" .. value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ headers = { ["referrer-policy"] = "same-origin" } },
        expect = { result = "referrer-policy-private" } },
      { facts = examples.site{}, expect = { result = "referrer-policy-not-implemented" } },
    },
    failing = {
      { facts = examples.site{ headers = { ["referrer-policy"] = "no-referrer-when-downgrade" } },
        expect = { result = "referrer-policy-unsafe" } },
      { facts = examples.site{ headers = { ["referrer-policy"] = "" } },
        expect = { result = "referrer-policy-header-invalid" } },
    },
  },
}
