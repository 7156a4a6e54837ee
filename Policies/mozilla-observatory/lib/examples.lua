-- Builds the fact tables used by the rules' `examples`: one site with sensible defaults (a
-- plain HTTPS page, HTTP redirecting to it), overridden per example.
local examples = {}

local function copy(value)
  if type(value) ~= "table" then return value end
  local out = {}
  for key, item in pairs(value) do out[key] = copy(item) end
  return out
end

local function merge(base, changes)
  for key, value in pairs(changes) do
    if type(value) == "table" and type(base[key]) == "table" and value[1] == nil then
      merge(base[key], value)
    else
      base[key] = copy(value)
    end
  end
  return base
end

local DEFAULT = {
  host = "example.com",
  hostname = "example.com",
  registrable_domain = "example.com",
  reachable = true,
  scan_url = "https://example.com/",
  scheme = "https",
  status = 200,
  headers = { ["content-type"] = "text/html; charset=utf-8" },
  content_type = {
    present = true, value = "text/html; charset=utf-8", media_type = "text/html", is_html = true,
  },
  html = { body_length = 40, meta_csp = {}, scripts = {} },
  csp = {
    header_policies = {}, meta_policies = {}, meta_known = true, policies = {},
    combined = { valid = true, directives = {}, duplicate_warnings = {} },
    header_only = { valid = true, directives = {}, duplicate_warnings = {} },
    meta_only = { valid = true, directives = {}, duplicate_warnings = {} },
  },
  cookies = { jar = {}, rejected = {}, final_set_cookie = {} },
  hsts = { present = false },
  coop = { present = false },
  coep = { present = false },
  https_chain = {
    url = "https://example.com/", reachable = true, cert_valid = true, redirects = 0,
    hops = { { url = "https://example.com/", hostname = "example.com", scheme = "https", status = 200, headers = {} } },
  },
  http_chain = {
    url = "http://example.com/", reachable = true, cert_valid = true, redirects = 1,
    hops = {
      { url = "http://example.com/", hostname = "example.com", scheme = "http", status = 301, headers = {} },
      { url = "https://example.com/", hostname = "example.com", scheme = "https", status = 200, headers = {} },
    },
  },
  final = { url = "https://example.com/", status = 200, headers = {} },
}

-- The facts of a bundle with one site: the defaults changed by `changes`.
function examples.site(changes)
  local site = merge(copy(DEFAULT), changes or {})
  return { http = { sites = { site } } }
end

-- A CSP site: `directives` as the Observatory parser leaves them (lower-case, sorted).
function examples.csp(directives, extra)
  local parse = { valid = true, directives = directives, duplicate_warnings = {} }
  return examples.site(merge({
    csp = { combined = parse, header_only = parse },
  }, extra or {}))
end

return examples
