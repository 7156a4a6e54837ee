-- b: every Ingress terminates TLS for all its hosts and forces the redirect to HTTPS.
local raw = import("raw")

local ANNOTATION = "nginx.ingress.kubernetes.io/force-ssl-redirect"

-- ingress-nginx reads boolean annotations with Go's strconv.ParseBool.
local TRUE = { ["1"] = true, t = true, T = true, ["true"] = true, ["TRUE"] = true, ["True"] = true }

-- The hosts a TLS entry covers (exact names and `*.example.com` wildcards).
local function covered(tls_hosts, host)
  if tls_hosts[host] then return true end
  local parent = host:match("^[^.]+(%..+)$")
  return parent ~= nil and tls_hosts["*" .. parent] == true
end

local function check_ingress(object, report)
  local spec = raw.child(object.doc, "spec")
  local what = "Ingress " .. object.namespace .. "/" .. (object.name or "?")
  local anchor = object.name_node or object.kind_node
  local failed = false

  local tls = raw.child(spec, "tls")
  local tls_hosts = {}
  if not raw.is_list(tls) or #tls == 0 then
    failed = true
    report.fail{ message = what .. " has no spec.tls: it serves plain HTTP", at = anchor,
      target = object.path }
  else
    for _, entry in ipairs(tls) do
      local hosts = raw.child(entry, "hosts")
      if raw.is_list(hosts) then
        for _, host in ipairs(hosts) do
          local name = raw.text(host)
          if name then tls_hosts[name:lower()] = true end
        end
      end
    end
    local rules = raw.child(spec, "rules")
    if raw.is_list(rules) then
      for _, rule in ipairs(rules) do
        local host_node = raw.child(rule, "host")
        local host = raw.text(host_node)
        if host and not covered(tls_hosts, host:lower()) then
          failed = true
          report.fail{ message = what .. " serves " .. host .. " without TLS (not in any spec.tls[].hosts)",
            at = host_node, target = object.path }
        end
      end
    end
  end

  local annotations = raw.child(object.metadata, "annotations")
  local redirect = raw.child(annotations, ANNOTATION)
  if redirect == nil then
    failed = true
    report.fail{ message = what .. ' lacks the annotation ' .. ANNOTATION .. ': "true"',
      at = anchor, target = object.path }
  elseif fact.kind(redirect) ~= "string" then
    failed = true
    report.fail{ message = what .. ": " .. ANNOTATION .. " must be the string \"true\" (annotation values are "
      .. "strings; the API server refuses a YAML " .. fact.kind(redirect) .. ")", at = redirect,
      target = object.path }
  elseif not TRUE[fact.value(redirect)] then
    failed = true
    report.fail{ message = what .. ": " .. ANNOTATION .. " is \"" .. fact.value(redirect) .. "\", not \"true\"",
      at = redirect, target = object.path }
  end
  return failed
end

return {
  id = "org-k8s-ingress-tls",
  title = "Ingresses terminate TLS for every host and force the HTTPS redirect",
  severity = "high",
  references = { "owasp:A02:2021", "cwe:319", "mozilla:tls" },
  rationale = "An Ingress without spec.tls (or with a host missing from it) serves that host over "
    .. "plain HTTP. ingress-nginx only redirects HTTP to HTTPS for hosts with TLS, and behind a "
    .. "load balancer that terminates TLS it needs force-ssl-redirect to redirect at all.",
  remediation = "Add spec.tls with every host of spec.rules and a certificate secret, and the "
    .. "annotation `nginx.ingress.kubernetes.io/force-ssl-redirect: \"true\"`.",
  docs = "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#server-side-https-enforcement-through-redirect",
  evidence = { "raw.kubernetes" },
  check = function(facts, report)
    local found = false
    for _, object in ipairs(raw.kubernetes_objects(facts)) do
      if object.kind == "Ingress" then
        found = true
        check_ingress(object, report)
      end
    end
    if not found then
      return report.not_applicable{ message = "no Ingress in the evidence" }
    end
  end,
  examples = {
    passing = {
      { files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.example.com, "*.api.example.com"]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 8000}}}
    - host: v2.api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: api, port: {number: 8000}}}
]] } },
    },
    failing = {
      -- no TLS section: points at the Ingress's name
      { files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
↓  name: shop
  annotations:
    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
spec:
  rules:
    - host: shop.example.com
]] }, expect = { message = "no spec.tls" } },
      -- a host outside spec.tls: points at that host
      { files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
↓    - host: admin.example.com
]] }, expect = { message = "admin.example.com without TLS" } },
      -- the redirect annotation turned off
      { files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
↓    nginx.ingress.kubernetes.io/force-ssl-redirect: "false"
spec:
  tls:
    - hosts: [shop.example.com]
  rules:
    - host: shop.example.com
]] }, expect = { message = "not \"true\"" } },
      -- no annotations at all: points at the Ingress's name
      { files = { ["k8s/ingress.yaml"] = [[
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
↓  name: shop
spec:
  tls:
    - hosts: [shop.example.com]
  rules:
    - host: shop.example.com
]] }, expect = { message = "lacks the annotation" } },
    },
  },
}
