-- The Observatory's strict-transport-security test, shared with the cookies test (which asks
-- whether HSTS "passes"). It reads the final response of the HTTPS chain only.
local observatory = import("observatory")
local preload = import("preload")
local text = import("text")

local hsts = {}

local SIX_MONTHS = 15552000
local NAN = 0 / 0

-- Returns { result =, pass =, at =, data =, unknown = reason }.
function hsts.evaluate(site_node, options)
  local chain = site_node.https_chain
  local outcome = { data = {} }
  if chain == nil or not fact.known(chain) then
    if observatory.url_missing(site_node) then
      outcome.unknown = "the capture does not say which URL was requested"
      outcome.needs = "url"
    else
      outcome.unknown = "the capture has no request to https://" .. tostring(fact.value(site_node.host)) .. "/"
      outcome.needs = "https"
    end
    return outcome
  end
  local has_response = fact.value(chain.reachable) == true
  if not has_response then
    outcome.result = "hsts-not-implemented-no-https"
    outcome.at = chain
  else
    local valid = observatory.certificate_valid(chain.cert_valid, options)
    if valid == nil then
      outcome.unknown = "certificate validity is not recorded: " .. tostring(fact.reason(chain.cert_valid))
      outcome.needs = "certificate"
      return outcome
    end
    local header = site_node.hsts and fact.value(site_node.hsts) or {}
    if valid == false then
      outcome.result = "hsts-invalid-cert"
      outcome.at = chain.cert_valid
    elseif header.present then
      outcome.at = fact.get(site_node.hsts, "value")
      local value = text.head(header.value, 1024)
      local max_age
      for _, part in ipairs(text.split(value, ";")) do
        local parameter = text.lower(text.trim(part))
        if text.starts_with(parameter, "max-age=") then
          max_age = text.parse_int(string.sub(parameter, 9, 128)) or NAN
        end
      end
      outcome.data.max_age = max_age
      if string.find(value, ",", 1, true) then
        outcome.result = "hsts-header-invalid"
      elseif max_age == nil then
        outcome.result = "hsts-header-invalid"
      elseif max_age < SIX_MONTHS then
        outcome.result = "hsts-implemented-max-age-less-than-six-months"
      else
        -- A non-numeric max-age is NaN upstream, and NaN is not below six months.
        outcome.result = "hsts-implemented-max-age-at-least-six-months"
      end
    else
      outcome.result = "hsts-not-implemented"
      outcome.at = site_node.final
    end
  end
  -- Preloaded hosts win over everything once any HTTPS response exists.
  if has_response and preload.is_preloaded(fact.value(site_node).hostname, options) then
    outcome.result = "hsts-preloaded"
    outcome.data.preloaded = true
  end
  outcome.pass = outcome.result == "hsts-implemented-max-age-at-least-six-months"
    or outcome.result == "hsts-preloaded"
  return outcome
end

return hsts
