-- The HSTS preload lookup, as the Observatory does it: a host is preloaded when it has its own
-- force-https entry (includeSubDomains does not matter), or a parent domain up to the TLD has a
-- force-https entry with includeSubDomains. The list is pack data (option `hsts_preload`),
-- changed per host by the option `hsts_preload_overrides`.
local preload = {}

local function list(options)
  local name = (options and options.hsts_preload) or "hsts-preload"
  local document = data(name)
  if document == nil then error("pack data file data/" .. name .. ".json is missing") end
  return fact.get(document, "hosts")
end

-- The entry for exactly `name`: "include-subdomains", "force-https" or nil.
local function entry(hosts, overrides, name)
  local override = overrides and overrides[name]
  if override ~= nil then
    if override == "none" or override == false then return nil end
    return override
  end
  local node = fact.get(hosts, name)
  if node == nil then return nil end
  if fact.value(node) == true then return "include-subdomains" end
  return "force-https"
end

-- Returns "exact", "parent" or nil.
function preload.lookup(hostname, options)
  if hostname == nil then return nil end
  local hosts = list(options)
  local overrides = options and options.hsts_preload_overrides
  local name = string.lower(hostname)
  if entry(hosts, overrides, name) ~= nil then return "exact" end
  local rest = name
  while true do
    local dot = string.find(rest, ".", 1, true)
    if dot == nil then return nil end
    rest = string.sub(rest, dot + 1)
    if rest == "" then return nil end
    if entry(hosts, overrides, rest) == "include-subdomains" then return "parent" end
  end
end

function preload.is_preloaded(hostname, options)
  return preload.lookup(hostname, options) ~= nil
end

return preload
