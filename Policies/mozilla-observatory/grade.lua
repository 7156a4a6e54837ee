-- The Observatory's score and grade, per scanned site (finding target):
--   start at 100; add every modifier to "with extra credit", and only the negative ones to
--   "uncurved"; bonuses count only when uncurved >= 90; floor at 0, no upper cap; the grade
--   comes from the score rounded down to a multiple of 5 (capped at 100 for the lookup).
-- Sites the Observatory refuses to grade (status below 200, or 400+ other than 401/403, or no
-- answer) get no grade.
-- A test the evidence cannot decide is unknown. The score is then a range: the lowest and the
-- highest score over every result the unknown tests could have (the score only grows with each
-- modifier, so the ends are each unknown test at its worst and at its best result). `score` and
-- `grade` are the worst end, so a gate never passes on a guess; `score_range`, `grade_range`
-- and `exact` say how sure the grade is, and `evidence_needed` what would decide it.
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

-- The lowest and highest modifier any result of `test` can give under these options.
local function modifier_bounds(test, options)
  local low, high
  for result in pairs(observatory.results[test]) do
    local modifier = observatory.modifier(test, result, options)
    if low == nil or modifier < low then low = modifier end
    if high == nil or modifier > high then high = modifier end
  end
  return low, high
end

-- "C- to B+", or one grade when both ends agree.
local function range_text(worst, best)
  if worst == best then return worst end
  return worst .. " to " .. best
end

local function best_modifier(test, options)
  local _, high = modifier_bounds(test, options)
  return high
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
  local undecided = {}
  for _, result in ipairs(results) do
    if result.status == "unknown" and undecided[result.rule] == nil then undecided[result.rule] = result end
  end
  local modifiers, passed, unknown, table_rows, needed = {}, 0, {}, {}, {}
  local lowest, highest = {}, {}
  for _, test in ipairs(tests) do
    local result = by_test[test]
    if result then
      modifiers[test] = result.score_modifier or 0
      lowest[test], highest[test] = modifiers[test], modifiers[test]
      if result.status == "pass" then passed = passed + 1 end
      table_rows[#table_rows + 1] = {
        test = test, result = result.result, score_modifier = result.score_modifier,
        pass = result.status == "pass", outcome = result.status,
      }
    else
      unknown[#unknown + 1] = test
      lowest[test], highest[test] = modifier_bounds(test, options)
      local why = undecided[test]
      local data = why and why.data or {}
      needed[#needed + 1] = {
        test = test, reason = why and why.message or "no finding decided this test",
        action = data.evidence_needed or "capture the site with `parapet capture`",
      }
      table_rows[#table_rows + 1] = {
        test = test, result = "unknown", outcome = "unknown",
        modifier_range = { lowest[test], highest[test] },
      }
    end
  end
  local low, high = score_of(lowest), score_of(highest)
  local score = low
  -- Advice: each decided test not at its best, with the score it would give, cheapest first.
  -- Unknown tests never get advice: their result, and so their fix, is not known.
  local advice = {}
  for test, modifier in pairs(modifiers) do
    local best = best_modifier(test, options)
    if modifier < best then
      local at_low, at_high = {}, {}
      for name, value in pairs(lowest) do at_low[name] = value end
      for name, value in pairs(highest) do at_high[name] = value end
      at_low[test], at_high[test] = best, best
      local new_low, new_high = score_of(at_low), score_of(at_high)
      advice[#advice + 1] = {
        test = test, result = by_test[test].result, effort = EFFORT[test] or 3,
        gain = math.max(new_low - low, new_high - high), to_range = { new_low, new_high },
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
    score_range = { low, high }, grade_range = { grade_for(low), grade_for(high) },
    exact = low == high, algorithm = observatory.algorithm(options),
    tests_passed = passed, tests_failed = #tests - passed - #unknown, tests_unknown = #unknown,
    tests_quantity = #tests, provisional = #unknown > 0, unknown_tests = unknown,
    evidence_needed = needed, tests = table_rows, next_steps = advice,
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
  local sites = {}
  for _, target in ipairs(order) do
    local site = grade_site(target, targets[target], options)
    for _, result in ipairs(targets[target]) do
      if result.data and result.data.capture_page then site.capture_page = true end
    end
    sites[#sites + 1] = site
  end
  -- The headline is the page each capture was made for (its first navigation); other sites the
  -- browser navigated to are graded and listed too. Several captures: the worst of their pages.
  local headline
  local any_page = false
  for _, site in ipairs(sites) do
    if site.capture_page then any_page = true end
  end
  for _, site in ipairs(sites) do
    if site.score ~= nil and (site.capture_page or not any_page)
      and (headline == nil or site.score < headline.score) then
      headline = site
    end
  end
  local lines = {}
  for _, site in ipairs(sites) do
    if site.grade then
      local grade_text, score_text = site.grade, string.format("%d/100", site.score)
      if not site.exact then
        grade_text = range_text(site.grade_range[1], site.grade_range[2])
        score_text = string.format("%d to %d/100", site.score_range[1], site.score_range[2])
      end
      local unknown_text = ""
      if site.tests_unknown > 0 then
        unknown_text = string.format(", %d unknown", site.tests_unknown)
      end
      lines[#lines + 1] = string.format("%s: %s (%s, %d of %d tests passed%s)", site.target,
        grade_text, score_text, site.tests_passed, site.tests_quantity, unknown_text)
    else
      lines[#lines + 1] = site.target .. ": not graded (" .. tostring(site.error) .. ")"
    end
  end
  if #sites == 0 then lines[1] = "no HTTP evidence to grade" end
  -- A table and advice every reporter knows how to show: each test with its result in words.
  local several = #sites > 1
  local rows, advice, needed = {}, {}, {}
  local function add_row(site, cells)
    if several then table.insert(cells, 1, site.target) end
    rows[#rows + 1] = cells
  end
  for _, site in ipairs(sites) do
    for _, row in ipairs(site.tests or {}) do
      local modifier = row.score_modifier
      local modifier_text = ""
      if modifier ~= nil then
        modifier_text = string.format("%+d", modifier)
      elseif row.modifier_range then
        modifier_text = string.format("%+d to %+d", row.modifier_range[1], row.modifier_range[2])
      end
      add_row(site, { row.test, results_text.describe(row.result), modifier_text, row.outcome })
    end
    if site.grade then
      if site.exact then
        add_row(site, { "score", string.format("%d/100", site.score), "", site.grade })
      else
        add_row(site, {
          "score", string.format("%d to %d/100", site.score_range[1], site.score_range[2]), "",
          range_text(site.grade_range[1], site.grade_range[2]),
        })
      end
    end
    for _, step in ipairs(site.next_steps or {}) do
      if step.gain > 0 then
        local to_low, to_high = step.to_range[1], step.to_range[2]
        local to_text = string.format("to %d/100 (%s)", to_low, grade_for(to_low))
        if to_low ~= to_high then
          to_text = string.format("to %d to %d/100 (%s)", to_low, to_high,
            range_text(grade_for(to_low), grade_for(to_high)))
        end
        advice[#advice + 1] = string.format("%s%s (%s): up to +%d points, %s",
          several and (site.target .. ": ") or "", step.test, results_text.describe(step.result),
          step.gain, to_text)
      end
    end
    for _, item in ipairs(site.evidence_needed or {}) do
      needed[#needed + 1] = string.format("%s%s is unknown (%s): %s", several and (site.target .. ": ") or "",
        item.test, item.reason, item.action)
    end
  end
  local headers = { "test", "result", "modifier", "outcome" }
  if several then table.insert(headers, 1, "site") end
  return {
    score = headline and headline.score or nil,
    grade = headline and headline.grade or nil,
    score_range = headline and headline.score_range or nil,
    grade_range = headline and headline.grade_range or nil,
    summary = table.concat(lines, "; "),
    details = {
      algorithm = observatory.algorithm(options), sites = sites,
      page = headline and headline.target or nil,
      table = { headers = headers, rows = rows }, advice = advice, evidence_needed = needed,
    },
  }
end
