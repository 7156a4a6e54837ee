local observatory = import("observatory")
local examples = import("examples")

local RESULTS = {
  ["same-origin"] = "coop-implemented-with-same-origin",
  ["same-origin-allow-popups"] = "coop-implemented-with-same-origin-allow-popups",
  ["noopener-allow-popups"] = "coop-implemented-with-noopener-allow-popups",
  ["unsafe-none"] = "coop-implemented-with-unsafe-none",
}

return {
  id = "cross-origin-opener-policy",
  title = "Cross-Origin-Opener-Policy should isolate the browsing context",
  severity = "low",
  references = { "mozilla:cross-origin-opener-policy", "owasp:A05:2021", "cwe:346" },
  rationale = "COOP keeps cross-origin windows from holding a reference to the page, which "
    .. "blocks cross-window attacks and is required for cross-origin isolation.",
  remediation = "Send `Cross-Origin-Opener-Policy: same-origin` once (a bare token, not quoted).",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Opener-Policy",
  evidence = { "http.sites" },
  -- Only algorithm 6 (MDN main) has this test.
  applies = function(_facts, options)
    return observatory.algorithm(options) >= 6
  end,
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local header = site.coop or {}
      local at = site_node.coop or site_node.final
      local result = "coop-not-implemented"
      if header.present and header.value ~= "" then
        result = RESULTS[header.sf_token or ""] or "coop-header-invalid"
      end
      observatory.report(site_report, "cross-origin-opener-policy", result, {
        at = at, target = host, options = options, data = { value = header.value },
        message = host .. ": " .. result .. (header.value and (" (" .. header.value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ coop = { present = true, value = "same-origin", sf_item = true, sf_token = "same-origin" } },
        options = { algorithm = 6 }, expect = { result = "coop-implemented-with-same-origin" } },
    },
    failing = {
      { facts = examples.site{ coop = { present = true, value = "Same-Origin", sf_item = true, sf_token = "Same-Origin" } },
        options = { algorithm = 6 }, expect = { result = "coop-header-invalid" } },
    },
  },
}
