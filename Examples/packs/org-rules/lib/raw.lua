-- Reading the raw layer (`raw.<namespace>[<path>]`, docs/facts/) for the org-rules pack:
-- files in a stable order, YAML documents, Kubernetes objects and their pod specs.
-- Metadata is read only through the `fact` library; indexing a node reads the document.

local M = {}

--- The entries of `raw.<namespace>` as a list of { path =, entry = }, sorted by path so that
--- findings come out in the same order on every run.
function M.files(facts, namespace)
  local raw = facts.raw
  local files = raw and raw[namespace]
  local list = {}
  if files == nil then return list end
  for path, entry in pairs(files) do
    list[#list + 1] = { path = path, entry = entry }
  end
  table.sort(list, function(a, b) return a.path < b.path end)
  return list
end

--- The plain string a node holds, or nil (unknown, secret, another kind, or no node).
function M.text(node)
  if node == nil then return nil end
  if fact.is(node) then
    if fact.kind(node) ~= "string" then return nil end
    return fact.value(node)
  end
  if type(node) == "string" then return node end
  return nil
end

--- True when the node is a map (the only nodes whose keys are document keys).
function M.is_map(node)
  return node ~= nil and fact.is(node) and fact.kind(node) == "map"
end

--- True when the node is a list.
function M.is_list(node)
  return node ~= nil and fact.is(node) and fact.kind(node) == "list"
end

--- The child `key` of a map node (nil for anything else). `fact.get` also reads keys that share
--- a name with node metadata (`kind`, `value`, `path`, …).
function M.child(node, key)
  if not M.is_map(node) then return nil end
  return fact.get(node, key)
end

--- Every YAML document of `raw.<namespace>`: a list of { path =, doc = }, in file order.
function M.documents(facts, namespace)
  local out = {}
  for _, file in ipairs(M.files(facts, namespace)) do
    local documents = M.child(file.entry, "documents")
    if M.is_list(documents) then
      for _, doc in ipairs(documents) do
        if M.is_map(doc) then out[#out + 1] = { path = file.path, doc = doc } end
      end
    end
  end
  return out
end

--- Every Kubernetes object of the scan: { path =, doc =, kind = "Deployment", kind_node =,
--- name =, namespace = }, with the items of `kind: List` objects (kubectl's lists) expanded.
--- An object without a namespace is in `default` (kubectl's namespace unless `-n` says otherwise).
function M.kubernetes_objects(facts)
  local out = {}
  local function add(path, doc)
    local kind_node = M.child(doc, "kind")
    local kind = M.text(kind_node)
    if kind == nil then return end
    if kind == "List" or (kind:sub(-4) == "List" and M.is_list(M.child(doc, "items"))) then
      local items = M.child(doc, "items")
      if M.is_list(items) then
        for _, item in ipairs(items) do
          if M.is_map(item) then add(path, item) end
        end
      end
      return
    end
    local metadata = M.child(doc, "metadata")
    out[#out + 1] = {
      path = path, doc = doc, kind = kind, kind_node = kind_node,
      name = M.text(M.child(metadata, "name")),
      name_node = M.child(metadata, "name"),
      namespace = M.text(M.child(metadata, "namespace")) or "default",
      metadata = metadata,
    }
  end
  for _, entry in ipairs(M.documents(facts, "kubernetes")) do
    add(entry.path, entry.doc)
  end
  return out
end

-- Where each workload kind keeps its pod spec (a list of keys from the object).
local POD_SPEC_PATHS = {
  Pod = { "spec" },
  Deployment = { "spec", "template", "spec" },
  StatefulSet = { "spec", "template", "spec" },
  DaemonSet = { "spec", "template", "spec" },
  ReplicaSet = { "spec", "template", "spec" },
  ReplicationController = { "spec", "template", "spec" },
  Job = { "spec", "template", "spec" },
  CronJob = { "spec", "jobTemplate", "spec", "template", "spec" },
  PodTemplate = { "template", "spec" },
}
M.WORKLOAD_KINDS = POD_SPEC_PATHS

--- The pod spec node of a workload object, or nil.
function M.pod_spec(object)
  local keys = POD_SPEC_PATHS[object.kind]
  if keys == nil then return nil end
  local node = object.doc
  for _, key in ipairs(keys) do
    node = M.child(node, key)
    if node == nil then return nil end
  end
  if M.is_map(node) then return node end
  return nil
end

--- Every container and init container of every workload: { object =, container =, name =,
--- init = bool, field = "containers" | "initContainers" }.
function M.containers(facts)
  local out = {}
  for _, object in ipairs(M.kubernetes_objects(facts)) do
    local spec = M.pod_spec(object)
    if spec ~= nil then
      for _, field in ipairs({ "initContainers", "containers" }) do
        local list = M.child(spec, field)
        if M.is_list(list) then
          for _, container in ipairs(list) do
            if M.is_map(container) then
              out[#out + 1] = {
                object = object, container = container, field = field,
                init = field == "initContainers",
                name = M.text(M.child(container, "name")) or "?",
              }
            end
          end
        end
      end
    end
  end
  return out
end

--- "Deployment shop/web container app" for messages.
function M.describe_container(c)
  local object = c.object
  return string.format("%s %s/%s %s %s", object.kind, object.namespace, object.name or "?",
    c.init and "init container" or "container", c.name)
end

--- The node a container finding points at: its `name`, else the container itself.
function M.container_anchor(c)
  return M.child(c.container, "name") or c.container
end

return M
