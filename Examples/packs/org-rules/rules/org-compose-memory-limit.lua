-- e: every compose service has a memory limit.
local raw = import("raw")
local compose = import("compose")

local function present(node)
  if node == nil then return false end
  local kind = fact.kind(node)
  if kind == "null" then return false end
  if kind == "string" then return fact.value(node) ~= "" end
  return true
end

-- The service's own memory limit node: `mem_limit`, or `deploy.resources.limits.memory`.
local function own_limit(service)
  local mem_limit = raw.child(service, "mem_limit")
  if present(mem_limit) then return mem_limit end
  local memory = raw.child(raw.child(raw.child(raw.child(service, "deploy"), "resources"), "limits"), "memory")
  if present(memory) then return memory end
  return nil
end

-- Follows `extends: {service: base}` (or `extends: base`) inside the same file. Returns the limit
-- node, or nil and the extended file when the base lives in another file.
local function limit_of(services, service, depth)
  local found = own_limit(service)
  if found or depth > 10 then return found end
  local extends = raw.child(service, "extends")
  local base_name, base_file
  if extends ~= nil and fact.kind(extends) == "string" then
    base_name = fact.value(extends)
  elseif raw.is_map(extends) then
    base_name = raw.text(raw.child(extends, "service"))
    base_file = raw.text(fact.get(extends, "file"))
  end
  if base_name == nil then return nil end
  if base_file ~= nil then return nil, base_file end
  local base = services[base_name]
  if not raw.is_map(base) then return nil end
  return limit_of(services, base, depth + 1)
end

return {
  id = "org-compose-memory-limit",
  title = "Every compose service has a memory limit",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:770" },
  rationale = "A container without a memory limit can use all of the host's memory: one leak or "
    .. "one oversized request takes every other service on the host down with it.",
  remediation = "Set `mem_limit: 512m` or `deploy: {resources: {limits: {memory: 512M}}}` on every "
    .. "service (development override files are not checked).",
  docs = "https://docs.docker.com/reference/compose-file/deploy/#resources",
  evidence = { "raw.compose" },
  check = function(facts, report)
    local services = compose.services(facts)
    if #services == 0 then
      return report.not_applicable{ message = "no production compose service in the evidence" }
    end
    for _, s in ipairs(services) do
      local limit, elsewhere = limit_of(s.services, s.service, 0)
      -- A map is located at its first key: the finding lands on the service's first line.
      local anchor = s.service
      if elsewhere ~= nil then
        report.unknown{ message = s.path .. " service " .. s.name .. " extends a service of " .. elsewhere
          .. ", which may set its memory limit; scan that file too", at = anchor, target = s.path }
      elseif limit == nil then
        report.fail{ message = s.path .. " service " .. s.name
          .. " has no memory limit (mem_limit or deploy.resources.limits.memory)", at = anchor, target = s.path }
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = [[
x-limits: &limits
  deploy:
    resources:
      limits:
        memory: 256M
services:
  web:
    image: shop
    mem_limit: 512m
  worker:
    image: shop
    <<: *limits
  beat:
    extends: worker
]] } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = [[
services:
  web:
    image: shop
    mem_limit: 512m
  worker:
↓    image: shop
    deploy:
      resources:
        limits:
          cpus: "0.5"
]] }, expect = { message = "service worker" } },
    },
  },
}
