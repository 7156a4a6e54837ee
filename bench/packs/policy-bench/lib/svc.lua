-- The service description of a policy-bench bundle: json["service.json"].service.
local svc = {}

function svc.of(facts)
  local json = facts.json
  local file = json and json["service.json"]
  return file and file.service
end

-- Calls fn(node, position) for every item of a list node.
function svc.each(list, fn)
  if list == nil then return end
  for position = 1, #list do fn(list[position], position) end
end

return svc
