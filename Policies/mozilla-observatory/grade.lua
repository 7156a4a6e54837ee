-- The Observatory's score and grade, per scanned site (finding target):
--   start at 100; add every modifier to "with extra credit", and only the negative ones to
--   "uncurved"; bonuses count only when uncurved >= 90; floor at 0, no upper cap; the grade
--   comes from the score rounded down to a multiple of 5 (capped at 100 for the lookup).
-- Sites the Observatory refuses to grade (status below 200, or 400+ other than 401/403, or no
-- answer) get no grade. Unknown tests are left out and make the grade provisional.
local observatory = import("observatory")
local results_text = import("results")

local BASELINE = 100
local EXTRA_CREDIT_THRESHOLD = 90

local GRADES = {
  [100] = "A+", [95] = "A", [90] = "A", [85] = "A-", [80] = "B+", [75] = "B", [70] = "B",
  [65] = "B-", [60] = "C+", [55] = "C", [50] = "C", [45] = "C-", [40] = "D+", [35] = "D",
  [30] = "D", [25] = "D-", [20] = "F", [15] = "F", [10] = "F", [5] = "F", [0] = "F",
}

-- Rough effort to fix each test, for ordering the advice: headers first, then transport,
-- then cookies and scripts, then CSP.
local EFFORT = {
  ["x-content-type-options"] = 1, ["x-frame-options"] = 1, ["referrer-policy"] = 1,
  ["cross-origin-resource-policy"] = 1, ["cross-origin-opener-policy"] = 2,
  ["cross-origin-embedder-policy"] = 3, ["strict-transport-security"] = 2, ["redirection"] = 2,
  ["cookies"] = 3, ["cross-origin-resource-sharing"] = 3, ["subresource-integrity"] = 3,
  ["content-security-policy"] = 4,
}

local function grade_for(score)
  local key = score - score % 5
  if key > 100 then key = 100 end
  return GRADES[key] or "F"
end

local function best_modifier(test)
  local best
  for _, entry in pairs(observatory.results[test]) do
    if best == nil or entry[1] > best then best = entry[1] end
  end
  return best
end

-- What a site's score would be with one test at its best result.
local function score_of(modifiers)
  local with_extra, uncurved = BASELINE, BASELINE
  for _, modifier in pairs(modifiers) do
    with_extra = with_extra + modifier
    if modifier < 0 then uncurved = uncurved + modifier end
  end
  local score = uncurved >= EXTRA_CREDIT_THRESHOLD and with_extra or uncurved
  if score < 0 then score = 0 end
  return score
end

local function grade_site(target, results, options)
  local tests = observatory.tests(options)
  local by_test = {}
  local gate
  for _, result in ipairs(results) do
    if result.result == "scan-error" then gate = result.message or "not graded" end
    if result.status == "pass" or result.status == "fail" then by_test[result.rule] = result end
  end
  if gate then
    return { target = target, score = nil, grade = nil, error = gate }
  end
  local modifiers, passed, unknown, table_rows = {}, 0, {}, {}
  for _, test in ipairs(tests) do
    local result = by_test[test]
    if result then
      modifiers[test] = result.score_modifier or 0
      if result.status == "pass" then passed = passed + 1 end
      table_rows[#table_rows + 1] = {
        test = test, result = result.result, score_modifier = result.score_modifier,
        pass = result.status == "pass",
      }
    else
      unknown[#unknown + 1] = test
      table_rows[#table_rows + 1] = { test = test, result = "unknown", pass = false }
    end
  end
  local score = score_of(modifiers)
  -- Advice: each test not at its best, with the score it would give, cheapest first.
  local advice = {}
  for test, modifier in pairs(modifiers) do
    local best = best_modifier(test)
    if modifier < best then
      local changed = {}
      for name, value in pairs(modifiers) do changed[name] = value end
      changed[test] = best
      advice[#advice + 1] = {
        test = test, result = by_test[test].result, gain = score_of(changed) - score,
        effort = EFFORT[test] or 3,
      }
    end
  end
  table.sort(advice, function(a, b)
    if a.effort ~= b.effort then return a.effort < b.effort end
    if a.gain ~= b.gain then return a.gain > b.gain end
    return a.test < b.test
  end)
  return {
    target = target, score = score, grade = grade_for(score),
    algorithm = observatory.algorithm(options),
    tests_passed = passed, tests_failed = #tests - passed, tests_quantity = #tests,
    provisional = #unknown > 0, unknown_tests = unknown, tests = table_rows, next_steps = advice,
  }
end

return function(results, options)
  local targets, order = {}, {}
  for _, result in ipairs(results) do
    -- Findings without a target are rule-level (no HTTP evidence, or a test the chosen
    -- algorithm does not have): they belong to no site.
    local target = result.target
    if target ~= nil and targets[target] == nil then
      targets[target] = {}
      order[#order + 1] = target
    end
    if target ~= nil then
      local list = targets[target]
      list[#list + 1] = result
    end
  end
  local sites, worst = {}, nil
  for _, target in ipairs(order) do
    local site = grade_site(target, targets[target], options)
    sites[#sites + 1] = site
    if site.score ~= nil and (worst == nil or site.score < worst.score) then worst = site end
  end
  local lines = {}
  for _, site in ipairs(sites) do
    if site.grade then
      lines[#lines + 1] = string.format("%s: %s (%d/100%s, %d of %d tests passed)", site.target,
        site.grade, site.score, site.provisional and ", provisional" or "", site.tests_passed,
        site.tests_quantity)
    else
      lines[#lines + 1] = site.target .. ": not graded (" .. tostring(site.error) .. ")"
    end
  end
  if #sites == 0 then lines[1] = "no HTTP evidence to grade" end
  -- A table and advice every reporter knows how to show: each test with its result in words.
  local several = #sites > 1
  local rows, advice = {}, {}
  local function add_row(site, cells)
    if several then table.insert(cells, 1, site.target) end
    rows[#rows + 1] = cells
  end
  for _, site in ipairs(sites) do
    for _, row in ipairs(site.tests or {}) do
      local modifier = row.score_modifier
      add_row(site, {
        row.test, results_text.describe(row.result),
        modifier == nil and "" or string.format("%+d", modifier), row.pass and "pass" or "fail",
      })
    end
    if site.grade then
      add_row(site, { "score", string.format("%d/100", site.score), "", site.grade })
    end
    for _, step in ipairs(site.next_steps or {}) do
      if step.gain > 0 then
        advice[#advice + 1] = string.format("%s%s (%s): +%d points, to %d/100 (%s)",
          several and (site.target .. ": ") or "", step.test, results_text.describe(step.result),
          step.gain, site.score + step.gain, grade_for(site.score + step.gain))
      end
    end
  end
  local headers = { "test", "result", "modifier", "outcome" }
  if several then table.insert(headers, 1, "site") end
  return {
    score = worst and worst.score or nil,
    grade = worst and worst.grade or nil,
    summary = table.concat(lines, "; "),
    details = {
      algorithm = observatory.algorithm(options), sites = sites,
      table = { headers = headers, rows = rows }, advice = advice,
    },
  }
end
