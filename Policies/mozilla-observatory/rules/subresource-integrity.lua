local observatory = import("observatory")
local examples = import("examples")
local text = import("text")

-- Worse-of order, best to worst (note -5 ranks below -20, as upstream).
local ORDER = {
  "sri-implemented-and-all-scripts-loaded-securely",
  "sri-implemented-and-external-scripts-loaded-securely",
  "sri-implemented-but-external-scripts-not-loaded-securely",
  "sri-not-implemented-but-external-scripts-loaded-securely",
  "sri-not-implemented-and-external-scripts-not-loaded-securely",
  "sri-not-implemented-response-not-html",
}

return {
  id = "subresource-integrity",
  title = "Third-party scripts must use Subresource Integrity over HTTPS",
  severity = "medium",
  references = { "mozilla:sri", "owasp:A08:2021", "cwe:353", "cwe:829" },
  rationale = "A script from another host runs with the page's privileges; if that host (or the "
    .. "network, over HTTP) is compromised, so is the page. `integrity` pins the exact file.",
  remediation = "Load third-party scripts over https:// with `integrity=\"sha384-…\"` and "
    .. "`crossorigin=\"anonymous\"`, or host them yourself.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/SRI",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local content_type = site.content_type or {}
      local media = content_type.media_type or ""
      local result
      local at = site_node.final
      local foreign_sources = {}
      if media ~= "" and media ~= "text/html" and media ~= "application/xhtml+xml" then
        result = "sri-not-implemented-response-not-html"
        at = site_node.content_type
      else
        local html_node = site_node.html
        if html_node == nil or not fact.known(html_node) then
          return observatory.unknown(site_report, {
            target = host, at = html_node or site_node,
            message = html_node and fact.reason(html_node) or "no response body captured",
            needs = "body",
          })
        end
        -- The Observatory's client JSON-parses bodies; an object, a non-empty array, `true` or
        -- a non-zero number reaches the HTML parser as a non-string and it throws.
        if fact.value(html_node).parseable == false then
          result = "html-not-parseable"
          at = html_node
        end
        local scripts = fact.value(html_node).scripts or {}
        if result then scripts = {} end
        -- Whether an absolute script URL is the page's own origin depends on the page's URL.
        if observatory.url_missing(site_node) then
          for index, script in ipairs(scripts) do
            if script.src and string.match(text.lower(script.src), "^https?://") then
              return observatory.unknown(site_report, {
                target = host, at = html_node.scripts[index], needs = "url",
                message = "whether " .. script.src .. " is another site's script depends on the "
                  .. "page's URL, which the capture does not give",
              })
            end
          end
        end
        local foreign = false
        local https = observatory.scan_is_https(site)
        for index, script in ipairs(scripts) do
          local src = script.src
          if src ~= nil and src ~= "" then
            local integrity = script.integrity
            if integrity == "" then integrity = nil end
            local relative_origin, relative_protocol, same = false, false, true
            if string.match(src, "^//[^/]") then
              relative_protocol = true
            elseif string.match(src, "^https?://") then
              same = script.registrable_domain == site.registrable_domain
            else
              relative_origin = true
            end
            local secure_origin = relative_origin or (same and not relative_protocol)
            local scheme
            if not relative_origin and not relative_protocol then
              scheme = text.lower(string.match(src, "^([%a][%w+.-]*):") or "")
            end
            local secure_scheme = scheme == "https" or (relative_origin and https)
            local function worse(new)
              local before = result
              result = observatory.worse(new, result, ORDER)
              if result ~= before then at = html_node.scripts[index] end
            end
            if not secure_origin then
              foreign = true
              foreign_sources[#foreign_sources + 1] = src
              if integrity and not secure_scheme then
                worse("sri-implemented-but-external-scripts-not-loaded-securely")
              elseif not integrity and secure_scheme then
                worse("sri-not-implemented-but-external-scripts-loaded-securely")
              elseif not integrity then
                worse("sri-not-implemented-and-external-scripts-not-loaded-securely")
              end
            elseif integrity and secure_scheme and result == nil then
              result = "sri-implemented-and-all-scripts-loaded-securely"
            end
          end
        end
        -- html-not-parseable: upstream returns at once, nothing else to classify.
        if result ~= "html-not-parseable" and #scripts == 0 then
          result = "sri-not-implemented-but-no-scripts-loaded"
        elseif result == nil then
          result = foreign and "sri-implemented-and-external-scripts-loaded-securely"
            or "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        end
      end
      observatory.report(site_report, "subresource-integrity", result, {
        at = at, target = host, options = options, data = { external = foreign_sources },
        message = host .. ": " .. result
          .. (#foreign_sources > 0 and (" (" .. table.concat(foreign_sources, ", ") .. ")") or ""),
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ html = { scripts = { { src = "/static/app.js", line = 3 } } } },
        expect = { result = "sri-not-implemented-but-all-scripts-loaded-from-secure-origin" } },
      { facts = examples.site{ html = { scripts = { {
          src = "https://cdn.other.example/lib.js", host = "cdn.other.example",
          registrable_domain = "other.example", integrity = "sha384-abc", crossorigin = "anonymous", line = 3 } } } },
        expect = { result = "sri-implemented-and-external-scripts-loaded-securely" } },
    },
    failing = {
      { facts = examples.site{ html = { scripts = { { src = "//cdn.other.example/lib.js", line = 3 } } } },
        expect = { result = "sri-not-implemented-and-external-scripts-not-loaded-securely" } },
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n\n"
          .. "<html><head>\n↓<script src=\"https://cdn.other.example/lib.js\"></script>\n</head></html>\n" },
        expect = { result = "sri-not-implemented-but-external-scripts-loaded-securely", line = 6 } },
      -- JSON served as HTML: the Observatory's client parses it, and the HTML parser throws.
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n\n"
          .. "{\"items\": [1, 2]}\n" },
        expect = { result = "html-not-parseable" } },
    },
  },
}
