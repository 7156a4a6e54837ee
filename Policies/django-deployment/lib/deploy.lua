-- Shared helpers for the django-deployment pack: environment booleans, deployment roles,
-- safe iteration over optional fact nodes, Django version comparison (through the engine's
-- pep440 built-in) and the security headers the proxy rules care about. Facts are described in
-- docs/facts/deployment.md.

local M = {}

-- Values Django projects read as true from the environment (django-environ's set, which is a
-- superset of python-decouple's and of `== "True"` comparisons).
local TRUE_WORDS = { ["true"] = true, ["1"] = true, ["yes"] = true, ["y"] = true, ["on"] = true,
  ["ok"] = true, ["t"] = true }

--- True when an environment value reads as true.
function M.truthy(value)
  if value == true then return true end
  if type(value) ~= "string" then return false end
  return TRUE_WORDS[string.lower(value)] == true
end

--- True unless a role node says the file is for development. `default` counts as production:
--- a file that does not say otherwise may well be what runs.
function M.production(role)
  if role == nil then return true end
  return fact.value(role) ~= "development"
end

--- The children of a list or map node, or an empty table when the node is missing.
function M.children(node)
  if node == nil or (fact.kind(node) ~= "list" and fact.kind(node) ~= "map") then return {} end
  local out = {}
  for key, child in pairs(node) do out[#out + 1] = { key = key, node = child } end
  if fact.kind(node) == "map" then
    table.sort(out, function(a, b) return tostring(a.key) < tostring(b.key) end)
  end
  return out
end

--- The files of a namespace (`docker.files`, `compose.files`, …) as { path, node } pairs.
function M.files(facts, namespace)
  local root = facts[namespace]
  return M.children(root and root.files)
end

--- -1, 0 or 1 comparing two release numbers (strings), in PEP 440's order; nil when either is
--- not a PEP 440 version. The engine's pep440 built-in is the one PEP 440 implementation.
function M.compare(a, b)
  if type(a) ~= "string" or type(b) ~= "string" then return nil end
  return (pep440.compare(a, b))
end

--- `major.minor` of a release number (nil when it is not a PEP 440 version).
function M.series(text)
  if type(text) ~= "string" then return nil end
  local version = pep440.parse(text)
  if version == nil then return nil end
  return tostring(version.release[1]) .. "." .. tostring(version.release[2] or 0)
end

--- Response headers whose loss weakens a site (lower-case names).
M.SECURITY_HEADERS = {
  ["strict-transport-security"] = true,
  ["content-security-policy"] = true,
  ["x-frame-options"] = true,
  ["x-content-type-options"] = true,
  ["referrer-policy"] = true,
  ["permissions-policy"] = true,
  ["cross-origin-opener-policy"] = true,
}

--- A Django setting node and whether it is known (nil when the settings do not assign it).
function M.setting(facts, name)
  local settings = facts.django and facts.django.settings
  return settings and settings[name]
end

--- The fact the environment collector chose for a variable, or nil.
function M.env(facts, name)
  local environment = facts.deploy and facts.deploy.environment
  local variables = environment and environment.vars
  return variables and variables[name]
end

return M
