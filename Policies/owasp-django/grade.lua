-- The owasp-django grade.
--
-- Score: start at 100 and subtract, once per rule that failed (a rule failing at three
-- places counts once), the penalty of its worst failing severity:
--   critical 40, high 20, medium 8, low 3, info 0.
-- The score never goes below 0. Grade: A >= grade_a (90), B >= grade_b (80), C >= grade_c (70),
-- D >= grade_d (60), else F; then capped: a failing critical rule caps the grade at D, a
-- failing high rule at C.
--
-- A rule the evidence could not decide (unknown or error) may fail or pass: the score is then
-- a range. Its low end counts each such rule as failing at its severity (penalty and cap), its
-- high end as passing. `score` and `grade` are the low end, so a project whose settings could
-- not be evaluated never looks better than it may be and a gate never passes on a guess;
-- `score_range` and `grade_range` give both ends, and details.unknown says how many rules
-- could not be decided.
--
-- details.categories gives, per OWASP Top 10 2021 category named in the rules' references,
-- how many rules checked it, how many failed and how many were unknown: the project's
-- coverage of the Top 10, not only a list of findings.

local PENALTY = { critical = 40, high = 20, medium = 8, low = 3, info = 0 }
local RANK = { info = 0, low = 1, medium = 2, high = 3, critical = 4 }
local CAP = { critical = "D", high = "C" }
local ORDER = { "A", "B", "C", "D", "F" }

local function worse(a, b)
  for _, letter in ipairs(ORDER) do
    if letter == a or letter == b then
      if letter == a then return b end
      return a
    end
  end
  return a
end

return function(results, options)
  local rules = {}
  for _, result in ipairs(results) do
    local rule = rules[result.rule]
    if not rule then
      rule = { status = "pass", severity = nil, references = result.references or {} }
      rules[result.rule] = rule
    end
    local status = result.status
    if status == "fail" and not result.waived then
      if rule.status ~= "fail" or RANK[result.severity] > RANK[rule.severity] then
        rule.severity = result.severity
      end
      rule.status = "fail"
    elseif status == "unknown" and rule.status ~= "fail" then
      rule.status = "unknown"
      if rule.severity == nil or RANK[result.severity] > RANK[rule.severity] then
        rule.severity = result.severity
      end
    elseif status == "error" and rule.status == "pass" then
      rule.status = "error"
      rule.severity = result.severity
    elseif status == "not_applicable" and rule.status == "pass" and rule.seen == nil then
      rule.status = "not_applicable"
    end
    if status == "pass" and rule.status == "not_applicable" then rule.status = "pass" end
    rule.seen = true
  end

  local score = 100
  local low = 100
  local worst, worst_low
  local failed, unknown, passed = 0, 0, 0
  local categories = {}
  local names = {}
  for name in pairs(rules) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local rule = rules[name]
    if rule.status == "fail" then
      failed = failed + 1
      score = score - (PENALTY[rule.severity] or 0)
      low = low - (PENALTY[rule.severity] or 0)
      if worst == nil or RANK[rule.severity] > RANK[worst] then worst = rule.severity end
      if worst_low == nil or RANK[rule.severity] > RANK[worst_low] then worst_low = rule.severity end
    elseif rule.status == "unknown" or rule.status == "error" then
      unknown = unknown + 1
      local severity = rule.severity or "info"
      low = low - (PENALTY[severity] or 0)
      if worst_low == nil or RANK[severity] > RANK[worst_low] then worst_low = severity end
    elseif rule.status == "pass" then
      passed = passed + 1
    end
    if rule.status ~= "not_applicable" then
      for _, reference in ipairs(rule.references) do
        local category = string.match(reference, "^owasp:(A%d%d:%d%d%d%d)$")
        if category then
          local entry = categories[category] or { checked = 0, failed = 0, unknown = 0, failing_rules = {} }
          entry.checked = entry.checked + 1
          if rule.status == "fail" then
            entry.failed = entry.failed + 1
            entry.failing_rules[#entry.failing_rules + 1] = name
          elseif rule.status == "unknown" or rule.status == "error" then
            entry.unknown = entry.unknown + 1
          end
          categories[category] = entry
        end
      end
    end
  end
  if score < 0 then score = 0 end
  if low < 0 then low = 0 end

  local bounds = {
    { "A", options.grade_a or 90 }, { "B", options.grade_b or 80 },
    { "C", options.grade_c or 70 }, { "D", options.grade_d or 60 },
  }
  local function grade_for(points, severity)
    local letter = "F"
    for _, bound in ipairs(bounds) do
      if points >= bound[2] then
        letter = bound[1]
        break
      end
    end
    if severity and CAP[severity] then letter = worse(letter, CAP[severity]) end
    return letter
  end
  local best = grade_for(score, worst)
  local lowest = grade_for(low, worst_low)

  local summary = string.format("%d rules failed, %d passed, %d could not be decided", failed, passed, unknown)
  return {
    score = low,
    grade = lowest,
    score_range = { low, score },
    grade_range = { lowest, best },
    exact = low == score and lowest == best,
    summary = summary,
    details = { categories = categories, failed = failed, passed = passed, unknown = unknown },
  }
end
