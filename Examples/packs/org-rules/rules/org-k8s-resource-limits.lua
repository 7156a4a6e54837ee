-- a: every Kubernetes container declares memory and CPU limits.
local raw = import("raw")

local WANTED = { "memory", "cpu" }

-- A limit is declared when the key is there with a non-empty value (a quantity: 512Mi, 500m, 1).
local function declared(node)
  if node == nil then return false end
  local kind = fact.kind(node)
  if kind == "null" then return false end
  if kind == "string" then return fact.value(node) ~= "" end
  return true
end

-- Default limits a LimitRange gives the containers of its namespace at admission:
-- { [namespace] = { memory = node, cpu = node } } from `spec.limits[]` of type Container.
local function limit_ranges(facts)
  local out = {}
  for _, object in ipairs(raw.kubernetes_objects(facts)) do
    if object.kind == "LimitRange" then
      local limits = raw.child(raw.child(object.doc, "spec"), "limits")
      if raw.is_list(limits) then
        for _, entry in ipairs(limits) do
          if raw.text(fact.get(entry, "type")) == "Container" then
            local defaults = raw.child(entry, "default")
            for _, name in ipairs(WANTED) do
              if declared(raw.child(defaults, name)) then
                out[object.namespace] = out[object.namespace] or {}
                out[object.namespace][name] = raw.child(defaults, name)
              end
            end
          end
        end
      end
    end
  end
  return out
end

return {
  id = "org-k8s-resource-limits",
  title = "Every Kubernetes container has memory and CPU limits",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:770", "cis-kubernetes:5.7" },
  rationale = "A container without a memory limit can take its node's memory and get other pods "
    .. "evicted; without a CPU limit one busy pod starves its neighbours. Init containers count: "
    .. "they run on the same node with the same budget. A LimitRange of the namespace with "
    .. "default limits for containers counts too: admission gives them to every container.",
  remediation = "Set resources.limits.memory and resources.limits.cpu on every container and init "
    .. "container (for example `limits: {memory: 512Mi, cpu: 500m}`).",
  docs = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  evidence = { "raw.kubernetes" },
  check = function(facts, report)
    local containers = raw.containers(facts)
    if #containers == 0 then
      return report.not_applicable{ message = "no Kubernetes workload with containers in the evidence" }
    end
    local defaults = limit_ranges(facts)
    for _, c in ipairs(containers) do
      local resources = raw.child(c.container, "resources")
      local limits = raw.child(resources, "limits")
      local namespace_defaults = defaults[c.object.namespace] or {}
      local missing = {}
      for _, name in ipairs(WANTED) do
        if not declared(raw.child(limits, name)) and namespace_defaults[name] == nil then
          missing[#missing + 1] = name
        end
      end
      if #missing > 0 then
                report.fail{
          message = raw.describe_container(c) .. " has no " .. table.concat(missing, " and ")
            .. " limit (resources.limits." .. table.concat(missing, ", resources.limits.") .. ")",
          at = raw.container_anchor(c),
          target = c.object.path,
        }
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["k8s/web.yaml"] = [[
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: registry.example/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          resources:
            limits: {memory: 256Mi, cpu: 250m}
      containers:
        - name: app
          image: registry.example/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          resources:
            limits:
              memory: 512Mi
              cpu: "1"
]] } },
    },
    failing = {
      -- no resources at all: the finding points at the container's name
      { files = { ["k8s/web.yaml"] = [[
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
↓        - name: app
          image: registry.example/shop:1.4
]] }, expect = { message = "memory and cpu" } },
      -- a CPU limit only, in an init container of a CronJob: points at the container's name
      { files = { ["k8s/cron.yaml"] = [[
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
↓            - name: wait
              image: busybox:1.36
              resources:
                limits:
                  cpu: 100m
          containers:
            - name: job
              image: registry.example/shop:1.4
              resources:
                limits: {memory: 128Mi, cpu: 100m}
]] }, expect = { message = "no memory limit" } },
      -- the second document of a multi-document file, a StatefulSet with requests but no limits
      { files = { ["k8s/db.yaml"] = [[
apiVersion: v1
kind: Service
metadata:
  name: db
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
↓        - name: postgres
          image: postgres:16
          resources:
            requests:
              memory: 1Gi
]] } },
    },
  },
}
