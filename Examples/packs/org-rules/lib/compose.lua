-- Compose files from the raw layer (`raw.compose`, as written) for the org-rules pack, with the
-- curated `compose.files` view for what the raw layer leaves to it: a file's role and
-- interpolated values (docs/facts/deployment.md).

local raw = import("raw")

local M = {}

--- The curated role of a compose file: "production", "development" or "default".
function M.role(facts, path)
  local files = facts.compose and facts.compose.files
  local entry = files and files[path]
  return raw.text(entry and entry.role) or "default"
end

--- Every service of every non-development compose file: { path =, name =, service =,
--- name_node =, services = (the file's services map) }, in file and service order.
function M.services(facts)
  local out = {}
  for _, entry in ipairs(raw.documents(facts, "compose")) do
    if M.role(facts, entry.path) ~= "development" then
      local services = raw.child(entry.doc, "services")
      if raw.is_map(services) then
        local names = {}
        for name in pairs(services) do names[#names + 1] = name end
        table.sort(names, function(a, b)
          local la, lb = fact.line(services[a]) or 0, fact.line(services[b]) or 0
          if la ~= lb then return la < lb end
          return a < b
        end)
        for _, name in ipairs(names) do
          local service = services[name]
          if raw.is_map(service) then
            out[#out + 1] = { path = entry.path, name = name, service = service, services = services }
          end
        end
      end
    end
  end
  return out
end

--- The interpolated value of a service's key from the curated view (nil when absent).
function M.interpolated(facts, path, service, key)
  local files = facts.compose and facts.compose.files
  local entry = files and files[path]
  local services = entry and entry.services
  local node = services and services[service]
  if node == nil then return nil end
  return fact.get(node, key)
end

return M
