-- What every Observatory rule shares: the result table (modifier and pass flag of each result),
-- the site model read from the `http.sites` facts, the "worse-of" rule and the reporting call.
local text = import("text")
local results_text = import("results")

local observatory = {}

-- Each result: its score modifier and whether the Observatory counts it as passed.
-- (Restated from the Observatory's score table, algorithm 5 and 6.)
observatory.results = {
  ["content-security-policy"] = {
    ["csp-implemented-with-no-unsafe-default-src-none"] = { 10, true },
    ["csp-implemented-with-no-unsafe"] = { 5, true },
    ["csp-implemented-with-unsafe-inline-in-style-src-only"] = { 0, true },
    ["csp-implemented-but-duplicate-directives"] = { 0, true },
    ["csp-implemented-with-insecure-scheme-in-passive-content-only"] = { -10, true },
    ["csp-implemented-with-unsafe-eval"] = { -10, false },
    ["csp-implemented-with-unsafe-inline"] = { -20, false },
    ["csp-implemented-with-insecure-scheme"] = { -20, false },
    ["csp-header-invalid"] = { -25, false },
    ["csp-not-implemented"] = { -25, false },
    ["csp-not-implemented-but-reporting-enabled"] = { -25, false },
  },
  ["cookies"] = {
    ["cookies-secure-with-httponly-sessions-and-samesite"] = { 5, true },
    ["cookies-secure-with-httponly-sessions"] = { 0, true },
    ["cookies-not-found"] = { 0, true },
    ["cookies-without-secure-flag-but-protected-by-hsts"] = { -5, false },
    ["cookies-session-without-secure-flag-but-protected-by-hsts"] = { -10, false },
    ["cookies-without-secure-flag"] = { -20, false },
    ["cookies-samesite-flag-invalid"] = { -20, false },
    ["cookies-anticsrf-without-samesite-flag"] = { -20, false },
    ["cookies-session-without-httponly-flag"] = { -30, false },
    ["cookies-session-without-secure-flag"] = { -40, false },
  },
  ["cross-origin-resource-sharing"] = {
    ["cross-origin-resource-sharing-not-implemented"] = { 0, true },
    ["cross-origin-resource-sharing-implemented-with-public-access"] = { 0, true },
    ["cross-origin-resource-sharing-implemented-with-restricted-access"] = { 0, true },
    ["cross-origin-resource-sharing-implemented-with-universal-access"] = { -50, false },
  },
  ["redirection"] = {
    ["redirection-all-redirects-preloaded"] = { 0, true },
    ["redirection-to-https"] = { 0, true },
    ["redirection-not-needed-no-http"] = { 0, true },
    ["redirection-off-host-from-http"] = { -5, false },
    ["redirection-not-to-https-on-initial-redirection"] = { -10, false },
    ["redirection-not-to-https"] = { -20, false },
    ["redirection-missing"] = { -20, false },
    ["redirection-invalid-cert"] = { -20, false },
  },
  ["referrer-policy"] = {
    ["referrer-policy-private"] = { 5, true },
    ["referrer-policy-not-implemented"] = { 0, true },
    ["referrer-policy-unsafe"] = { -5, false },
    ["referrer-policy-header-invalid"] = { -5, false },
  },
  ["strict-transport-security"] = {
    ["hsts-preloaded"] = { 5, true },
    ["hsts-implemented-max-age-at-least-six-months"] = { 0, true },
    ["hsts-implemented-max-age-less-than-six-months"] = { -10, false },
    ["hsts-not-implemented"] = { -20, false },
    ["hsts-header-invalid"] = { -20, false },
    ["hsts-not-implemented-no-https"] = { -20, false },
    ["hsts-invalid-cert"] = { -20, false },
  },
  ["subresource-integrity"] = {
    ["sri-implemented-and-all-scripts-loaded-securely"] = { 5, true },
    ["sri-implemented-and-external-scripts-loaded-securely"] = { 5, true },
    ["sri-not-implemented-response-not-html"] = { 0, true },
    ["sri-not-implemented-but-no-scripts-loaded"] = { 0, true },
    ["sri-not-implemented-but-all-scripts-loaded-from-secure-origin"] = { 0, true },
    ["sri-not-implemented-but-external-scripts-loaded-securely"] = { -5, false },
    ["sri-implemented-but-external-scripts-not-loaded-securely"] = { -20, false },
    ["sri-not-implemented-and-external-scripts-not-loaded-securely"] = { -50, false },
    ["html-not-parseable"] = { -20, false },
  },
  ["x-content-type-options"] = {
    ["x-content-type-options-nosniff"] = { 0, true },
    ["x-content-type-options-not-implemented"] = { -5, false },
    ["x-content-type-options-header-invalid"] = { -5, false },
  },
  ["x-frame-options"] = {
    ["x-frame-options-implemented-via-csp"] = { 5, true },
    ["x-frame-options-sameorigin-or-deny"] = { 5, true },
    ["x-frame-options-allow-from-origin"] = { 0, true },
    ["x-frame-options-not-implemented"] = { -20, false },
    ["x-frame-options-header-invalid"] = { -20, false },
  },
  ["cross-origin-resource-policy"] = {
    ["corp-implemented-with-same-site"] = { 10, true },
    ["corp-implemented-with-same-origin"] = { 10, true },
    ["corp-implemented-with-cross-origin"] = { 0, true },
    ["corp-not-implemented"] = { 0, true },
    ["corp-header-invalid"] = { -5, false },
  },
  ["cross-origin-opener-policy"] = {
    ["coop-implemented-with-same-origin"] = { 10, true },
    ["coop-implemented-with-same-origin-allow-popups"] = { 10, true },
    ["coop-implemented-with-noopener-allow-popups"] = { 10, true },
    ["coop-implemented-with-unsafe-none"] = { 0, true },
    ["coop-not-implemented"] = { 0, true },
    ["coop-header-invalid"] = { -5, false },
  },
  ["cross-origin-embedder-policy"] = {
    ["coep-implemented-with-require-corp"] = { 10, true },
    ["coep-implemented-with-credentialless"] = { 10, true },
    ["coep-implemented-with-unsafe-none"] = { 0, true },
    ["coep-not-implemented"] = { 0, true },
    ["coep-header-invalid"] = { -5, false },
  },
}

-- Before algorithm 5, X-Frame-Options DENY/SAMEORIGIN scored 0.
function observatory.modifier(test, result, options)
  local entry = observatory.results[test][result]
  if result == "x-frame-options-sameorigin-or-deny" and observatory.algorithm(options) < 5 then
    return 0
  end
  return entry[1]
end

function observatory.algorithm(options)
  return tonumber(options and options.algorithm) or 5
end

-- The tests of an algorithm version, in the Observatory's output order.
function observatory.tests(options)
  local tests = { "content-security-policy", "cookies" }
  if observatory.algorithm(options) >= 6 then
    tests[#tests + 1] = "cross-origin-embedder-policy"
    tests[#tests + 1] = "cross-origin-opener-policy"
  end
  for _, name in ipairs({
    "cross-origin-resource-sharing", "redirection", "referrer-policy",
    "strict-transport-security", "subresource-integrity", "x-content-type-options",
    "x-frame-options", "cross-origin-resource-policy",
  }) do
    tests[#tests + 1] = name
  end
  return tests
end

-- Keeps whichever result comes later in `order` (worse), as the Observatory's onlyIfWorse.
function observatory.worse(new, old, order)
  if old == nil then return new end
  local new_at, old_at = 0, 0
  for index, name in ipairs(order) do
    if name == new then new_at = index end
    if name == old then old_at = index end
  end
  if new_at > old_at then return new end
  return old
end

-- The merged (Node-style) value of a response header, or nil.
function observatory.header(site, name)
  local headers = site.headers
  if headers == nil then return nil end
  return headers[name]
end

-- Why the Observatory would refuse to grade this site, or nil.
function observatory.gate(site)
  if not site.reachable then return "The site seems to be down." end
  local status = site.status
  if status == nil then return nil end
  if status < 200 or (status >= 400 and status ~= 401 and status ~= 403) then
    return "Site did respond with an unexpected HTTP status code " .. status .. "."
  end
  return nil
end

-- Whether the scan URL is https (the chain the Observatory graded).
function observatory.scan_is_https(site)
  return site.scheme == "https"
end

-- True when the HTML's <meta> tags count: an exact HTML media type and a non-empty body.
function observatory.meta_applies(site)
  local content_type = site.content_type
  if content_type == nil or not content_type.is_html then return false end
  local html = site.html
  return html ~= nil and (html.body_length or 0) > 0
end

-- A certificate flag that may be unknown: `node` is the fact node of `cert_valid`.
function observatory.certificate_valid(node, options)
  if node == nil then return true end
  if fact.known(node) then return fact.value(node) end
  if options and options.assume_valid_certificate == false then return nil end
  return true
end

-- Calls `fn(site_node, site)` for each graded site; reports a gated site as not applicable.
-- A site's plain value, converted field by field as a rule reads it: most rules read a few
-- fields, and converting the whole site (chains, headers, body, HTML) for each of them was most
-- of a scan's cost. Each rule still gets its own tables, so no rule sees another's changes.
function observatory.lazy_value(node)
  return setmetatable({}, {
    __index = function(cache, key)
      local child = fact.get(node, key)
      if child == nil then return nil end
      local value = fact.value(child)
      cache[key] = value
      return value
    end,
  })
end

-- Findings about the page a capture was made for carry `data.capture_page`, so the grade can
-- headline that page rather than another site the browser went to.
local function page_report(report)
  local function mark(fn)
    return function(finding)
      local data = finding.data or {}
      data.capture_page = true
      finding.data = data
      return fn(finding)
    end
  end
  return {
    pass = mark(report.pass), fail = mark(report.fail), unknown = mark(report.unknown),
    not_applicable = mark(report.not_applicable), error = report.error,
  }
end

-- Results that a test decides from a header's absence (or, for cookies and the HSTS bonus
-- cookies may draw on, from the whole set of headers). A `304 Not Modified` need not repeat the
-- page's headers (RFC 9110 §15.4.5): the browser keeps the cached response's and updates them
-- with the 304's (RFC 9111 §4.3.4). On a 304 page these results are therefore unknown, while a
-- header the 304 does carry is what the browser uses and still decides its test.
local ABSENCE_RESULTS = {
  ["csp-not-implemented"] = true,
  ["csp-not-implemented-but-reporting-enabled"] = true,
  ["cross-origin-resource-sharing-not-implemented"] = true,
  ["referrer-policy-not-implemented"] = true,
  ["hsts-not-implemented"] = true,
  ["sri-not-implemented-response-not-html"] = true,
  ["x-content-type-options-not-implemented"] = true,
  ["x-frame-options-not-implemented"] = true,
  ["corp-not-implemented"] = true,
  ["coop-not-implemented"] = true,
  ["coep-not-implemented"] = true,
}

function observatory.decided_by_absence(result)
  if result == nil then return false end
  return ABSENCE_RESULTS[result] == true or result:sub(1, 8) == "cookies-"
end

-- Wraps `report` for a site whose page was answered 304 Not Modified: a result that rests on
-- a header being absent becomes unknown, with the capture to make instead.
local function not_modified_report(report, host)
  local function guard(fn)
    return function(finding)
      if not observatory.decided_by_absence(finding.result) then return fn(finding) end
      return report.unknown{
        message = host .. ": the page was answered 304 Not Modified, which need not repeat the "
          .. "page's headers; what the capture shows (" .. results_text.describe(finding.result)
          .. ") may not be what the full page sends",
        at = finding.at, target = finding.target,
        data = {
          evidence_needed = "capture the page with the browser cache disabled (DevTools: \"Disable "
            .. "cache\"), or capture with `parapet capture " .. tostring(host) .. "`",
          result_if_complete = finding.result,
        },
      }
    end
  end
  return {
    pass = guard(report.pass), fail = guard(report.fail), unknown = report.unknown,
    not_applicable = report.not_applicable, error = report.error,
  }
end

function observatory.each_site(facts, report, fn)
  local http = facts.http
  if http == nil or http.sites == nil then
    return report.not_applicable{ message = "no HTTP evidence (HAR file or curl dump)" }
  end
  for _, site_node in ipairs(http.sites) do
    local site = observatory.lazy_value(site_node)
    local host = site.host or "(capture without URL)"
    local gate = observatory.gate(site)
    local site_report = site.capture_page and page_report(report) or report
    if site.status == 304 then site_report = not_modified_report(site_report, host) end
    if gate then
      site_report.not_applicable{ message = host .. ": " .. gate, target = host, result = "scan-error" }
    else
      fn(site_node, site, host, site_report)
    end
  end
end

-- What to add to the evidence so that an unknown test is decided, as an action for the user.
local ACTIONS = {
  http = "capture http://%s/ too (`parapet capture %s`), or export a HAR that starts at http://%s/",
  https = "capture https://%s/ too (`parapet capture %s`)",
  body = "export the HAR with content (Chrome: \"Save all as HAR with content\"), or capture "
    .. "with `parapet capture %s`",
  cookies = "export the HAR with cookies and sensitive data, or capture with `parapet capture %s`",
  certificate = "set the option assume_valid_certificate = true, or capture with `parapet capture %s`",
  url = "give the URL: add a `# url: https://%s/` line at the top of the dump, or pass --url",
}

-- True when the capture does not say which URL the site was fetched from (a curl dump without
-- a `# url:` line): every test that needs the URL is then unknown.
function observatory.url_missing(site_node)
  local host = site_node.host
  return host == nil or not fact.known(host)
end

-- `kind`, or "url" when the capture has no URL at all.
function observatory.needs(site_node, kind)
  if observatory.url_missing(site_node) then return "url" end
  return kind
end

function observatory.action(kind, host)
  local template = ACTIONS[kind] or "capture the site with `parapet capture %s`"
  local name = tostring(host)
  return (template:gsub("%%s", function() return name end))
end

-- Reports one test result: pass or fail by the Observatory's pass flag, with its modifier.
function observatory.report(report, test, result, args)
  local entry = observatory.results[test][result]
  if entry == nil then error("unknown result " .. tostring(result) .. " for " .. test) end
  -- The message says the result in words; the identifier stays in `result`.
  local message = args.message or result
  local first, last = message:find(result, 1, true)
  if first then
    message = message:sub(1, first - 1) .. results_text.describe(result) .. message:sub(last + 1)
  end
  local finding = {
    result = result,
    score_modifier = observatory.modifier(test, result, args.options),
    message = message,
    at = args.at,
    target = args.target,
    data = args.data,
  }
  if entry[2] then
    report.pass(finding)
  else
    report.fail(finding)
  end
end

-- Reports that the evidence cannot decide the test; `args.needs` names the missing evidence
-- (a key of ACTIONS), which becomes the finding's `data.evidence_needed` action.
function observatory.unknown(report, args)
  local data
  if args.needs then data = { evidence_needed = observatory.action(args.needs, args.target) } end
  report.unknown{
    message = args.target .. ": " .. args.message, at = args.at, target = args.target, data = data,
  }
end

observatory.text = text
return observatory
