local observatory = import("observatory")
local preload = import("preload")
local examples = import("examples")

return {
  id = "redirection",
  title = "HTTP must redirect to HTTPS on the same host first",
  severity = "medium",
  references = { "mozilla:redirection", "owasp:A02:2021", "cwe:319" },
  rationale = "Visitors who type the bare host arrive over plain HTTP; an immediate redirect to "
    .. "HTTPS on the same host lets HSTS take over from the first visit on.",
  remediation = "Answer `http://host/` with a 301 (or 308) to `https://host/` (same host), then "
    .. "redirect further on HTTPS if needed.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/TLS#http_redirections",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, _site, host, site_report)
      local chain_node = site_node.http_chain
      if chain_node == nil or not fact.known(chain_node) then
        return observatory.unknown(site_report, {
          target = host, at = chain_node or site_node,
          message = observatory.url_missing(site_node) and "the capture does not say which URL was requested"
            or chain_node and fact.reason(chain_node) or "no http:// request in the capture",
          needs = observatory.needs(site_node, "http"),
        })
      end
      local chain = fact.value(chain_node)
      local route = chain.hops or {}
      local result
      local at = chain_node
      if not chain.reachable then
        result = "redirection-not-needed-no-http"
      else
        local valid = observatory.certificate_valid(chain_node.cert_valid, options)
        if valid == nil then
          return observatory.unknown(site_report, {
            target = host, at = chain_node.cert_valid,
            message = "certificate validity is not recorded: " .. tostring(fact.reason(chain_node.cert_valid)),
            needs = "certificate",
          })
        end
        local all_preloaded = true
        for _, hop in ipairs(route) do
          if not preload.is_preloaded(hop.hostname, options) then all_preloaded = false end
        end
        local first, second, last = route[1], route[2], route[#route]
        if valid == false then
          result = "redirection-invalid-cert"
        elseif all_preloaded then
          result = "redirection-all-redirects-preloaded"
        elseif #route == 1 then
          result = "redirection-missing"
          at = chain_node.hops[1]
        elseif last.scheme ~= "https" then
          result = "redirection-not-to-https"
          at = chain_node.hops[#route]
        elseif second.scheme == "http" then
          result = "redirection-not-to-https-on-initial-redirection"
          at = chain_node.hops[1]
        elseif first.scheme == "http" and second.scheme == "https" and first.hostname ~= second.hostname then
          result = "redirection-off-host-from-http"
          at = chain_node.hops[1]
        else
          result = "redirection-to-https"
        end
      end
      local urls = {}
      for _, hop in ipairs(route) do urls[#urls + 1] = hop.url end
      observatory.report(site_report, "redirection", result, {
        at = at, target = host, options = options, data = { route = urls },
        message = host .. ": " .. result .. (#urls > 0 and (" (" .. table.concat(urls, " -> ") .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{}, expect = { result = "redirection-to-https" } },
      { facts = examples.site{ http_chain = { reachable = false, hops = {} } },
        expect = { result = "redirection-not-needed-no-http" } },
    },
    failing = {
      { facts = examples.site{ http_chain = { hops = {
          { url = "http://example.com/", hostname = "example.com", scheme = "http", status = 200 } } } },
        expect = { result = "redirection-missing" } },
      { files = { ["site.http"] = "# url: http://example.com/\n↓HTTP/1.1 301 Moved Permanently\n"
          .. "location: https://www.example.com/\n\nHTTP/2 200\ncontent-type: text/html\n\n<p>hi</p>\n" },
        expect = { result = "redirection-off-host-from-http", line = 2 } },
    },
  },
}
