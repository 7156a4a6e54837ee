-- g: TLS servers prefer the server's cipher order and offer no RC4 or 3DES suite.
local nginx = import("nginx")
local ciphers = import("ciphers")

local NAMES = { ssl_ciphers = true, ssl_prefer_server_ciphers = true, ssl = true }
local DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5" -- nginx's default ssl_ciphers

return {
  id = "org-nginx-tls-ciphers",
  title = "nginx prefers its own cipher order and offers no RC4 or 3DES",
  severity = "high",
  references = { "owasp:A02:2021", "cwe:327", "mozilla:tls" },
  rationale = "RC4 is broken (RFC 7465 forbids it) and 3DES falls to Sweet32 (CVE-2016-2183). "
    .. "With ssl_prefer_server_ciphers off (nginx's default), the client picks the suite, so an "
    .. "old or downgraded client can choose the weakest one the server allows. Values a server "
    .. "inherits from `http` count. Broad selectors (ALL, DEFAULT, MEDIUM, RSA, ECDHE, …) must be "
    .. "paired with !RC4 and !3DES because what they contain differs between OpenSSL builds; "
    .. "nginx's default (HIGH:!aNULL:!MD5) has neither on OpenSSL 1.1.0 and later.",
  remediation = "In `http` (or each TLS server): `ssl_prefer_server_ciphers on;` and an explicit "
    .. "list such as Mozilla's intermediate ciphers, or append `:!RC4:!3DES` to the list.",
  docs = "https://ssl-config.mozilla.org/",
  evidence = { "raw.nginx" },
  check = function(facts, report)
    local any = false
    for _, server in ipairs(nginx.servers(facts, NAMES)) do
      if nginx.is_tls(server) then
        any = true
        local what = nginx.describe(server)
        local prefer = server.effective.ssl_prefer_server_ciphers
        local inherited = function(name)
          if server.own[name] == nil then return " (inherited from http at " .. nginx.at(server.effective[name]) .. ")" end
          return ""
        end
        if prefer == nil then
          report.fail{ message = what .. " does not set ssl_prefer_server_ciphers (nginx's default is off)",
            at = server.directive }
        elseif nginx.args(prefer)[1] ~= "on" then
          report.fail{ message = what .. ": ssl_prefer_server_ciphers is " .. tostring(nginx.args(prefer)[1])
            .. inherited("ssl_prefer_server_ciphers"), at = nginx.value_node(prefer) }
        end
        local directive = server.effective.ssl_ciphers
        local text = directive and nginx.args(directive)[1] or DEFAULT_CIPHERS
        if directive and not text then
          report.unknown{ message = what .. ": cannot read ssl_ciphers", at = directive }
        else
          local weak = ciphers.weak(text)
          for _, family in ipairs(ciphers.FAMILIES) do
            if weak[family] then
              report.fail{
                message = what .. ": ssl_ciphers can enable " .. family .. " (through '" .. weak[family]
                  .. "'; add !" .. family .. ")" .. (directive and inherited("ssl_ciphers") or ""),
                at = directive and nginx.value_node(directive) or server.directive,
              }
            end
          end
        end
      end
    end
    if not any then
      return report.not_applicable{ message = "no nginx server accepts TLS in the evidence" }
    end
  end,
  examples = {
    passing = {
      { files = { ["nginx/nginx.conf"] = [[
events {}
http {
    ssl_prefer_server_ciphers on;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305;
    server {
        listen 443 ssl;
        server_name shop.example.com;
    }
    server {
        listen 80;
        return 301 https://$host$request_uri;
    }
}
]] } },
      -- nginx's default cipher list, preference set in the server
      { files = { ["nginx/shop.conf"] = [[
server {
    listen 443 ssl http2;
    ssl_prefer_server_ciphers on;
}
]] } },
    },
    failing = {
      -- preference left at nginx's default (off): points at the server
      { files = { ["nginx/shop.conf"] = [[
↓server {
    listen 443 ssl;
    server_name shop.example.com;
}
]] }, expect = { message = "ssl_prefer_server_ciphers" } },
      -- 3DES named in the list inherited from http
      { files = { ["nginx/nginx.conf"] = [[
events {}
http {
    ssl_prefer_server_ciphers on;
↓    ssl_ciphers "ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA";
    server {
        listen 443 ssl;
        server_name shop.example.com;
    }
}
]] }, expect = { message = "enable 3DES" } },
      -- a broad selector without !RC4
      { files = { ["nginx/shop.conf"] = [[
server {
    listen 443 ssl;
    ssl_prefer_server_ciphers on;
↓    ssl_ciphers ALL:!aNULL:!3DES;
}
]] }, expect = { message = "enable RC4" } },
      -- preference turned off explicitly
      { files = { ["nginx/shop.conf"] = [[
server {
    listen 443 ssl;
↓    ssl_prefer_server_ciphers off;
}
]] }, expect = { message = "is off" } },
    },
  },
}
