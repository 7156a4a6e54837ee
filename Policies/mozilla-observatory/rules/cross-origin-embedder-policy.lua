local observatory = import("observatory")
local examples = import("examples")

local RESULTS = {
  ["require-corp"] = "coep-implemented-with-require-corp",
  ["credentialless"] = "coep-implemented-with-credentialless",
  ["unsafe-none"] = "coep-implemented-with-unsafe-none",
}

return {
  id = "cross-origin-embedder-policy",
  title = "Cross-Origin-Embedder-Policy should require opted-in subresources",
  severity = "low",
  references = { "mozilla:cross-origin-embedder-policy", "owasp:A05:2021", "cwe:346" },
  rationale = "COEP lets the page load only cross-origin resources that opted in (CORP or CORS); "
    .. "with COOP it gives cross-origin isolation.",
  remediation = "Send `Cross-Origin-Embedder-Policy: require-corp` (or credentialless) once, as a bare token.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Embedder-Policy",
  evidence = { "http.sites" },
  -- Only algorithm 6 (MDN main) has this test.
  applies = function(_facts, options)
    return observatory.algorithm(options) >= 6
  end,
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local header = site.coep or {}
      local at = site_node.coep or site_node.final
      local result = "coep-not-implemented"
      if header.present and header.value ~= "" then
        result = RESULTS[header.sf_token or ""] or "coep-header-invalid"
      end
      observatory.report(site_report, "cross-origin-embedder-policy", result, {
        at = at, target = host, options = options, data = { value = header.value },
        message = host .. ": " .. result .. (header.value and (" (" .. header.value .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ coep = { present = true, value = "require-corp", sf_item = true, sf_token = "require-corp" } },
        options = { algorithm = 6 }, expect = { result = "coep-implemented-with-require-corp" } },
    },
    failing = {
      { facts = examples.site{ coep = { present = true, value = "\"require-corp\"", sf_item = true } },
        options = { algorithm = 6 }, expect = { result = "coep-header-invalid" } },
    },
  },
}
