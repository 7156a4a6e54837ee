-- The Observatory's content-security-policy analysis, over the policies the HTTP reader parsed
-- with the Observatory's own parser (facts `csp.combined`, `csp.header_only`, `csp.meta_only`).
-- Shared with x-frame-options, which only asks whether `frame-ancestors` was seen.
local observatory = import("observatory")
local text = import("text")

local csp = {}

local BROAD = {
  ["ftp:"] = true, ["http:"] = true, ["https:"] = true, ["*"] = true,
  ["http://*"] = true, ["http://*.*"] = true, ["https://*"] = true, ["https://*.*"] = true,
}
local BROAD_PREFIXES = { "ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*" }
local NONCE_HASH = { "'sha256-", "'sha384-", "'sha512-", "'nonce-" }

-- A small ordered set: the upstream code mutates shared sets, so fallbacks must alias.
local function new_set(items)
  local set = { list = {}, has = {} }
  for _, item in ipairs(items or {}) do
    if not set.has[item] then
      set.has[item] = true
      set.list[#set.list + 1] = item
    end
  end
  return set
end

local function delete(set, item)
  if not set.has[item] then return end
  set.has[item] = nil
  for index, value in ipairs(set.list) do
    if value == item then
      table.remove(set.list, index)
      return
    end
  end
end

local function size(set) return #set.list end

local function any(set, predicate)
  for _, item in ipairs(set.list) do
    if predicate(item) then return true end
  end
  return false
end

local function has_nonce_or_hash(set)
  return any(set, function(source)
    for _, prefix in ipairs(NONCE_HASH) do
      if text.starts_with(source, prefix) then return true end
    end
    return false
  end)
end

local function broad_or_inline(source)
  return BROAD[source] or source == "'unsafe-inline'" or source == "data:"
end

local function insecure(source)
  return text.starts_with(source, "http:") or text.starts_with(source, "ftp:")
end

-- Number of entries of a parse, counting the duplicate-warning entry as upstream does.
local function parse_size(parse)
  if parse == nil or not parse.valid then return 0 end
  local count = 0
  for _ in pairs(parse.directives or {}) do count = count + 1 end
  if parse.duplicate_warnings and #parse.duplicate_warnings > 0 then count = count + 1 end
  return count
end

-- Returns { result =, pass =, data = (directive map or nil), policy = flags, at = node }.
-- `scheme` overrides the site's scheme: a capture without its URL is analysed once as HTTPS and
-- once as HTTP, and the result counts only when both agree.
function csp.analyze(site_node, scheme)
  local site = fact.value(site_node)
  if scheme then site.scheme = scheme end
  local facts = site.csp or {}
  local node = site_node.csp
  local at = node and (node.combined or node) or site_node.final
  local outcome = { at = at, policy = {} }
  local combined = facts.combined
  if combined == nil or not combined.valid then
    outcome.result = "csp-header-invalid"
    outcome.detail = combined and combined.error
    return outcome
  end
  if parse_size(facts.header_only) + parse_size(facts.meta_only) == 0 then
    local report_only = observatory.header(site, "content-security-policy-report-only")
    if report_only ~= nil and report_only ~= "" then
      outcome.result = "csp-not-implemented-but-reporting-enabled"
    else
      outcome.result = "csp-not-implemented"
    end
    outcome.at = site_node.final
    return outcome
  end
  local sets = {}
  for name, sources in pairs(combined.directives or {}) do sets[name] = new_set(sources) end
  local header_only = (facts.header_only and facts.header_only.valid and facts.header_only.directives) or {}
  local script_src = sets["script-src"] or sets["default-src"] or new_set({ "*" })
  local style_src = sets["style-src"] or sets["default-src"] or new_set({ "*" })
  local object_src = sets["object-src"] or sets["default-src"] or new_set({ "*" })
  local frame_ancestors = new_set(header_only["frame-ancestors"] or { "*" })
  local base_uri = sets["base-uri"] or new_set({ "*" })
  local form_action = sets["form-action"] or new_set({ "*" })

  -- A nonce or hash disables 'unsafe-inline' in that list.
  for _, list in ipairs({ script_src, style_src }) do
    if has_nonce_or_hash(list) then delete(list, "'unsafe-inline'") end
  end
  local result
  if has_nonce_or_hash(script_src) and script_src.has["'strict-dynamic'"] then
    local doomed = {}
    for _, source in ipairs(script_src.list) do
      local broad = false
      for _, prefix in ipairs(BROAD_PREFIXES) do
        if text.starts_with(source, prefix) then broad = true end
      end
      if broad or source == "'self'" or source == "'unsafe-inline'" then doomed[#doomed + 1] = source end
    end
    for _, source in ipairs(doomed) do delete(script_src, source) end
    outcome.policy.strictDynamic = true
  elseif script_src.has["'strict-dynamic'"] then
    result = "csp-header-invalid"
  end

  local https = observatory.scan_is_https(site)
  local active = {}
  for name, set in pairs(sets) do
    if name ~= "img-src" and name ~= "media-src" and name ~= "script-src" then
      for _, source in ipairs(set.list) do active[#active + 1] = source end
    end
  end
  for _, source in ipairs(script_src.list) do active[#active + 1] = source end
  local passive = {}
  for _, name in ipairs({ "img-src", "media-src" }) do
    local set = sets[name] or sets["default-src"] or new_set({})
    for _, source in ipairs(set.list) do passive[#passive + 1] = source end
  end
  local function list_any(list, predicate)
    for _, item in ipairs(list) do
      if predicate(item) then return true end
    end
    return false
  end

  if any(script_src, broad_or_inline) or any(object_src, function(s) return BROAD[s] end) then
    result = result or "csp-implemented-with-unsafe-inline"
    outcome.policy.unsafeInline = true
  end
  if https and list_any(active, insecure) then
    result = result or "csp-implemented-with-insecure-scheme"
    outcome.policy.insecureSchemeActive = true
  end
  if script_src.has["'unsafe-eval'"] or style_src.has["'unsafe-eval'"] then
    result = result or "csp-implemented-with-unsafe-eval"
    outcome.policy.unsafeEval = true
  end
  if https and list_any(passive, insecure) then
    result = result or "csp-implemented-with-insecure-scheme-in-passive-content-only"
    outcome.policy.insecureSchemePassive = true
  end
  if any(style_src, broad_or_inline) then
    result = result or "csp-implemented-with-unsafe-inline-in-style-src-only"
    outcome.policy.unsafeInlineStyle = true
  end
  local default_src = sets["default-src"]
  if default_src and default_src.has["'none'"] and size(default_src) == 1 then
    result = result or "csp-implemented-with-no-unsafe-default-src-none"
    outcome.policy.defaultNone = true
  else
    result = result or "csp-implemented-with-no-unsafe"
  end
  outcome.policy.antiClickjacking = not any(frame_ancestors, function(s) return BROAD[s] end)
  outcome.policy.insecureBaseUri = any(base_uri, broad_or_inline)
  outcome.policy.insecureFormAction = any(form_action, function(s) return BROAD[s] end)
  outcome.policy.unsafeObjects = any(object_src, function(s) return BROAD[s] end)

  outcome.pass = result == "csp-implemented-with-no-unsafe"
    or result == "csp-implemented-with-no-unsafe-default-src-none"
    or result == "csp-implemented-with-unsafe-inline-in-style-src-only"
    or result == "csp-implemented-with-insecure-scheme-in-passive-content-only"
  if outcome.pass and combined.duplicate_warnings and #combined.duplicate_warnings > 0 then
    result = "csp-implemented-but-duplicate-directives"
  end
  outcome.result = result
  outcome.data = {}
  for name, set in pairs(sets) do outcome.data[name] = set.list end
  return outcome
end

return csp
