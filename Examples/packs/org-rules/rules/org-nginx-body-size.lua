-- f: nginx accepts request bodies of at most 10m in every server (and every location).
local nginx = import("nginx")

local NAMES = { client_max_body_size = true }
local DEFAULT = "1m" -- nginx's default when no level sets it

local function judge(report, what, directive, inherited_from, limit, limit_text)
  local text = nginx.args(directive)[1]
  local size = nginx.size(text or nil)
  local where = inherited_from and (" (inherited from " .. inherited_from .. " at " .. nginx.at(directive) .. ")") or ""
  if size == nil then
    report.fail{ message = what .. ": client_max_body_size " .. tostring(text or "?")
      .. " is not a size nginx accepts" .. where, at = nginx.value_node(directive) }
  elseif size == 0 then
    report.fail{ message = what .. ": client_max_body_size 0 turns the limit off" .. where,
      at = nginx.value_node(directive) }
  elseif size > limit then
    report.fail{ message = what .. ": client_max_body_size " .. text .. " is above " .. limit_text .. where,
      at = nginx.value_node(directive) }
  end
end

return {
  id = "org-nginx-body-size",
  title = "nginx accepts request bodies of at most 10m",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:770" },
  rationale = "Every byte of a request body is buffered by nginx and read by the application: "
    .. "a large client_max_body_size lets a few clients fill disks and memory. The value a server "
    .. "inherits from `http` counts, and so does a location that raises it again; nginx's own "
    .. "default (1m) passes.",
  remediation = "Set `client_max_body_size 10m;` (or less) in `http` and do not raise it in "
    .. "servers or locations; give an upload endpoint its own reviewed exception (a waiver).",
  docs = "https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size",
  evidence = { "raw.nginx" },
  check = function(facts, report, options)
    local limit_text = tostring(options.max_body_size or "10m")
    local limit = nginx.size(limit_text)
    if limit == nil then error("option max_body_size must be an nginx size such as 10m, not " .. limit_text) end
    local servers = nginx.servers(facts, NAMES)
    if #servers == 0 then
      return report.not_applicable{ message = "no nginx server in the evidence" }
    end
    for _, server in ipairs(servers) do
      local what = nginx.describe(server)
      local own = server.own.client_max_body_size
      local effective = server.effective.client_max_body_size
      if effective ~= nil then
        judge(report, what, effective, own == nil and "http" or nil, limit, limit_text)
      elseif nginx.size(DEFAULT) > limit then
        report.fail{ message = what .. ": nginx's default client_max_body_size (1m) is above " .. limit_text,
          at = server.directive }
      end
      for _, location in ipairs(server.locations) do
        local set = location.own.client_max_body_size
        if set ~= nil then judge(report, what .. " location " .. location.path, set, nil, limit, limit_text) end
      end
    end
  end,
  examples = {
    passing = {
      -- unset everywhere: nginx's default 1m
      { files = { ["nginx/nginx.conf"] = [[
events {}
http {
    server {
        listen 80;
        server_name shop.example.com;
        location / { proxy_pass http://web:8000; }
    }
}
]] } },
      -- 8m in http, inherited; 10M in one location
      { files = { ["nginx/nginx.conf"] = [[
events {}
http {
    client_max_body_size 8m;
    include conf.d/*.conf;
}
]], ["nginx/conf.d/shop.conf"] = [[
server {
    listen 80;
    server_name shop.example.com;
    location /upload { client_max_body_size 10M; }
}
]] } },
    },
    failing = {
      -- inherited from http through an include: the finding points at the http-level value
      { files = { ["nginx/nginx.conf"] = [[
events {}
http {
↓    client_max_body_size 50m;
    include conf.d/*.conf;
}
]], ["nginx/conf.d/shop.conf"] = [[
server {
    listen 80;
    server_name shop.example.com;
}
]] }, expect = { message = "inherited from http" } },
      -- a server's own value, in 1g
      { files = { ["nginx/shop.conf"] = [[
server {
    listen 80;
    server_name shop.example.com;
↓    client_max_body_size 1g;
}
]] }, expect = { message = "above 10m" } },
      -- 0 turns the limit off, in a location
      { files = { ["nginx/shop.conf"] = [[
server {
    listen 80;
    client_max_body_size 5m;
    location /api/ {
↓        client_max_body_size 0;
        proxy_pass http://web:8000;
    }
}
]] }, expect = { message = "turns the limit off" } },
    },
  },
}
