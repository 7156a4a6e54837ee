-- c: every namespace that runs a Deployment has at least one NetworkPolicy.
local raw = import("raw")

return {
  id = "org-k8s-network-policy",
  title = "Every namespace with a Deployment has a NetworkPolicy",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:923", "cis-kubernetes:5.3.2" },
  rationale = "Without a NetworkPolicy every pod accepts traffic from every other pod in the "
    .. "cluster: one compromised pod reaches the database and the application directly.",
  remediation = "Add a NetworkPolicy to the namespace (start with a default deny: "
    .. "`podSelector: {}` with `policyTypes: [Ingress]`, then allow what the app needs).",
  docs = "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  evidence = { "raw.kubernetes" },
  check = function(facts, report)
    local objects = raw.kubernetes_objects(facts)
    local protected = {}
    for _, object in ipairs(objects) do
      if object.kind == "NetworkPolicy" then protected[object.namespace] = true end
    end
    local seen, any = {}, false
    for _, object in ipairs(objects) do
      if object.kind == "Deployment" then
        any = true
        if not protected[object.namespace] and not seen[object.namespace] then
          seen[object.namespace] = true
          report.fail{
            message = "namespace " .. object.namespace .. " runs Deployment " .. (object.name or "?")
              .. " but no NetworkPolicy in the evidence applies to it",
            at = object.kind_node, target = "namespace " .. object.namespace,
          }
        end
      end
    end
    if not any then
      return report.not_applicable{ message = "no Deployment in the evidence" }
    end
  end,
  examples = {
    passing = {
      { files = {
        ["k8s/web.yaml"] = [[
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop
]],
        ["k8s/netpol.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
]],
      } },
    },
    failing = {
      -- the policy is in another namespace
      { files = {
        ["k8s/web.yaml"] = [[
apiVersion: apps/v1
↓kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop
]],
        ["k8s/netpol.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: payments
spec:
  podSelector: {}
]],
      }, expect = { message = "namespace shop" } },
      -- no namespace: the Deployment is in `default`, which has no policy
      { files = { ["k8s/all.yaml"] = [[
apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: apps/v1
↓kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop
]] }, expect = { message = "namespace default" } },
    },
  },
}
