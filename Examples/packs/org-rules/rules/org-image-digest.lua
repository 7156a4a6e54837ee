-- d: every image Kubernetes or compose pulls is pinned by digest.
local raw = import("raw")
local compose = import("compose")

-- name[:tag]@sha256:<64 hex>
local function pinned(image)
  local digest = image:match("@sha256:(%x+)$")
  return digest ~= nil and #digest == 64 and digest:lower() == digest
end

local function judge(report, image_node, image, what, target)
  if image == nil then return end
  if not pinned(image) then
    report.fail{ message = what .. " uses image " .. image .. ", which is not pinned by digest (@sha256:…)",
      at = image_node, target = target }
  end
end

return {
  id = "org-image-digest",
  title = "Images are pinned by digest",
  severity = "medium",
  references = { "owasp:A08:2021", "cwe:494", "slsa:build" },
  rationale = "A tag can be moved to another image at any time (by the publisher, or by whoever "
    .. "compromises the registry); a digest names exactly the image that was reviewed and scanned.",
  remediation = "Reference images as name@sha256:<digest> (keep the tag for readers: "
    .. "name:1.4@sha256:<digest>); let a bot such as Renovate update the digests.",
  docs = "https://kubernetes.io/docs/concepts/containers/images/#image-names",
  -- Either kind of file will do: `any` makes the rule not applicable only when neither is there
  -- (check() also says so when they pull no image).
  evidence = { any = { "raw.kubernetes", "raw.compose" } },
  check = function(facts, report)
    local any = false
    for _, c in ipairs(raw.containers(facts)) do
      local node = raw.child(c.container, "image")
      if node ~= nil then
        any = true
        judge(report, node, raw.text(node), raw.describe_container(c), c.object.path)
      end
    end
    for _, s in ipairs(compose.services(facts)) do
      local node = raw.child(s.service, "image")
      -- A service with `build:` runs the image compose builds from the project; only pulled
      -- images are pinned here.
      if node ~= nil and raw.child(s.service, "build") == nil then
        any = true
        local what = s.path .. " service " .. s.name
        local image = raw.text(node)
        if image ~= nil and image:find("$", 1, true) then
          -- Interpolated (`${TAG}`): the curated view holds the value compose would use.
          local value = compose.interpolated(facts, s.path, s.name, "image")
          if value ~= nil and not fact.known(value) then
            local variables = fact.variables(value) or {}
            report.unknown{ message = "cannot verify the image of " .. what .. ": " .. tostring(fact.reason(value))
              .. (#variables > 0 and (" (set $" .. table.concat(variables, ", $") .. ")") or ""),
              at = node, target = s.path }
            image = nil
          else
            image = raw.text(value)
          end
        end
        judge(report, node, image, what, s.path)
      end
    end
    if not any then
      return report.not_applicable{ message = "no Kubernetes container or compose service pulls an image" }
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
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example/shop:1.4@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
]],
        ["docker-compose.yml"] = [[
services:
  web:
    build: .
    image: shop:latest
  db:
    image: postgres:16@sha256:60303ed2b0a4cb5b56e4e5ac1b4e1bd1e5e49bc4ad7a1b4ee0e7fa7c5dd0b1ab
]],
      } },
    },
    failing = {
      -- a tag in Kubernetes
      { files = { ["k8s/web.yaml"] = [[
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
↓          image: registry.example/shop:1.4
]] }, expect = { message = "not pinned by digest" } },
      -- a tag in compose
      { files = { ["docker-compose.yml"] = [[
services:
  web:
    image: registry.example/shop@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
  redis:
↓    image: redis:7-alpine
]] }, expect = { message = "service redis" } },
    },
  },
}
