-- l: the final response sends a Permissions-Policy that disables camera, microphone and geolocation.
local sfv = import("sfv")

local FEATURES = { "camera", "microphone", "geolocation" }

local function site_name(site)
  local host = site.host
  if host ~= nil and fact.known(host) and fact.kind(host) == "string" then return fact.value(host) end
  return "the captured site"
end

local function check_site(site, report)
  local name = site_name(site)
  local final = site.final
  if final == nil or not fact.known(final) then
    return report.unknown{ message = name .. ": the capture has no final response"
      .. (final and (": " .. tostring(fact.reason(final))) or ""), at = final, target = name }
  end
  local headers = final.headers
  local values, first = {}, nil
  if headers ~= nil and fact.kind(headers) == "list" then
    for _, header in ipairs(headers) do
      local header_name = fact.value(header.name)
      if type(header_name) == "string" and header_name:lower() == "permissions-policy" then
        local value = fact.get(header, "value")
        if value ~= nil and not fact.known(value) then
          return report.unknown{ message = name .. ": cannot read Permissions-Policy: " .. tostring(fact.reason(value)),
            at = value, target = name }
        end
        first = first or value
        values[#values + 1] = tostring(fact.value(value) or "")
      end
    end
  end
  if first == nil then
    return report.fail{ message = name .. ": the final response (" .. tostring(fact.value(final.url) or "?")
      .. ") has no Permissions-Policy header", at = final.status or final, target = name }
  end
  -- Several field lines are one field, joined with commas (RFC 9110 §5.3).
  local text = table.concat(values, ", ")
  local dictionary, problem = sfv.dictionary(text)
  if dictionary == nil then
    return report.fail{ message = name .. ": Permissions-Policy is not a structured-field dictionary (" .. problem
      .. "), so browsers ignore it", at = first, target = name }
  end
  local open = {}
  for _, feature in ipairs(FEATURES) do
    local member = dictionary.index[feature]
    if member == nil then
      open[#open + 1] = feature .. " (not listed)"
    elseif member.value.type ~= "inner" or #member.value.items > 0 then
      open[#open + 1] = feature .. " (not ())"
    end
  end
  if #open > 0 then
    return report.fail{ message = name .. ": Permissions-Policy does not disable " .. table.concat(open, ", "),
      at = first, target = name }
  end
  report.pass{ message = name .. ": camera, microphone and geolocation are disabled", target = name }
end

return {
  id = "org-permissions-policy",
  title = "Responses disable camera, microphone and geolocation with Permissions-Policy",
  severity = "low",
  references = { "owasp:A05:2021", "mozilla:permissions-policy" },
  rationale = "The shop never needs the camera, the microphone or the location: disabling them "
    .. "means an injected script or a framed third party cannot ask for them either. The header "
    .. "is a structured-field dictionary; a value that does not parse is ignored by browsers.",
  remediation = "Send `Permissions-Policy: camera=(), microphone=(), geolocation=()` on every "
    .. "response (nginx: `add_header Permissions-Policy \"camera=(), microphone=(), geolocation=()\" always;`).",
  docs = "https://www.w3.org/TR/permissions-policy/#permissions-policy-http-header-field",
  evidence = { "http.sites" },
  check = function(facts, report)
    local sites = facts.http.sites
    if #sites == 0 then return report.not_applicable{ message = "no captured site" } end
    for _, site in ipairs(sites) do check_site(site, report) end
  end,
  examples = {
    passing = {
      { files = { ["captures/shop.http"] = [[
# url: https://shop.example.com/
HTTP/2 200
content-type: text/html
permissions-policy: camera=(), microphone=()
permissions-policy: geolocation=(), fullscreen=(self)
]] } },
    },
    failing = {
      -- microphone allowed for the page's own origin
      { files = { ["captures/shop.http"] = [[
# url: https://shop.example.com/
HTTP/2 200
content-type: text/html
↓permissions-policy: camera=(), microphone=(self), geolocation=()
]] }, expect = { message = "microphone (not ())" } },
      -- the redirect carries the header, the final response does not
      { files = { ["captures/shop.http"] = [[
# url: http://shop.example.com/
HTTP/1.1 301 Moved Permanently
location: https://shop.example.com/
permissions-policy: camera=(), microphone=(), geolocation=()

↓HTTP/2 200
content-type: text/html
]] }, expect = { message = "no Permissions-Policy" } },
      -- Feature-Policy syntax is not a dictionary: browsers ignore the header
      { files = { ["captures/shop.http"] = [[
# url: https://shop.example.com/
HTTP/2 200
↓permissions-policy: camera 'none'; microphone 'none'; geolocation 'none'
]] }, expect = { message = "not a structured-field dictionary" } },
    },
  },
}
