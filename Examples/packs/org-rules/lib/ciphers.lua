-- OpenSSL cipher strings (the `ssl_ciphers` of nginx) for the org-rules pack: can a string
-- enable an RC4 or a 3DES cipher suite? The model follows OpenSSL's list syntax (items split on
-- `:`, `,` or spaces; `!` removes for good, `-` removes, `+` only moves; `A+B` is the
-- intersection of A and B) with OpenSSL 1.1.0+ semantics (3DES no longer in HIGH). It is
-- deliberately strict where OpenSSL versions differ: a broad selector (ALL, DEFAULT, MEDIUM,
-- RSA, ECDHE, SHA1, …) may bring RC4 or 3DES back on some builds, so it must be paired with
-- `!RC4` / `!3DES` (or `-…` after it).

local M = {}

M.FAMILIES = { "RC4", "3DES" }

-- Selectors that narrow to ciphers other than RC4 and 3DES.
local OTHER = {}
for _, name in ipairs({
  "HIGH", "AES", "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8", "CHACHA20", "CAMELLIA",
  "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "SEED", "IDEA", "NULL",
  "eNULL", "SHA256", "SHA384", "TLSv1.2", "GCM", "CCM", "AEAD", "DES", "LOW", "EXPORT", "EXP",
  "SUITEB128", "SUITEB128ONLY", "SUITEB192", "CBC",
}) do OTHER[name] = true end

-- Which family a single selector names: "RC4", "3DES", "other" (neither) or "broad" (may hold
-- both).
local function classify(component)
  if component:find("RC4", 1, true) then return "RC4" end
  if component == "3DES" or component:find("DES-CBC3", 1, true) or component:find("DES_EDE3", 1, true)
    or component:find("3DES", 1, true) then
    return "3DES"
  end
  if OTHER[component] then return "other" end
  -- A full suite name (ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_128_GCM_SHA256) that names neither.
  if component:find("-", 1, true) or component:find("^TLS_") then return "other" end
  return "broad"
end

-- The families an item (A+B+…) may select: a set { RC4 = true, ["3DES"] = true }.
local function covers(item)
  local named, broad = nil, true
  for component in item:gmatch("[^+]+") do
    local class = classify(component)
    if class == "other" then return {} end
    if class ~= "broad" then
      if named ~= nil and named ~= class then return {} end
      named, broad = class, false
    end
  end
  if broad then return { RC4 = true, ["3DES"] = true } end
  return { [named] = true }
end

--- Judges a cipher string. Returns a table family → the item that enables it (families the
--- string can leave enabled), empty when it can enable neither.
function M.weak(text)
  local state = { RC4 = nil, ["3DES"] = nil } -- nil absent, item text present, false banned
  local banned = {}
  for item in text:gmatch("[^:, ]+") do
    local op = item:sub(1, 1)
    local body = item
    if op == "!" or op == "-" or op == "+" then body = item:sub(2) else op = "" end
    if body:sub(1, 1) ~= "@" and body ~= "" then
      local families = covers(body)
      local whole = body == "RC4" or body == "3DES"
      for _, family in ipairs(M.FAMILIES) do
        if families[family] then
          if op == "!" then
            -- Only the family's own alias removes all of it; `!ECDHE-RSA-RC4-SHA` leaves others.
            if whole then banned[family] = true end
          elseif op == "-" then
            if whole then state[family] = nil end
          elseif op == "" and not banned[family] then
            state[family] = state[family] or item
          end
        end
      end
    end
  end
  local out = {}
  for _, family in ipairs(M.FAMILIES) do
    if state[family] and not banned[family] then out[family] = state[family] end
  end
  return out
end

return M
