/* Differential and budget test of the budgeted library functions (Sources/CLuaSandbox/libwrap.c)
 * against stock Lua 5.4.
 *
 * Part 1 runs every case through stock table/string/xpcall and through ours (installed into
 * copies: MT, MS, MB) and compares the results, the error messages (without "chunk:line: ") and
 * the trace of every metamethod call (__index, __newindex, __len, comparator), so the order of
 * reads and writes must match too.
 * Part 2 runs the escapes that used to hang (table.move over 2^40 slots, table.insert with a
 * __len of 2^40, string.rep("", maxinteger), a long sort, a looping xpcall handler) under
 * psb_pcall with an instruction budget, then with only a deadline (the watchdog), and checks each
 * stops with the right typed reason. Exit status is non-zero on any mismatch. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "psb_internal.h"

static int setup(lua_State *L) {
    const char *libs[] = { "table", "string" };
    const char *names[] = { "MT", "MS" };
    for (int i = 0; i < 2; i++) {
        lua_newtable(L);
        lua_getglobal(L, libs[i]);
        lua_pushnil(L);
        while (lua_next(L, -2)) { lua_pushvalue(L, -2); lua_insert(L, -2); lua_settable(L, -5); }
        lua_pop(L, 1);
        lua_setglobal(L, names[i]);
    }
    lua_newtable(L);
    lua_setglobal(L, "MB");
    lua_getglobal(L, "MB");
    lua_getglobal(L, "MS");
    lua_getglobal(L, "MT");
    psb_libwrap_install(L, -3, -2, -1);
    lua_pop(L, 3);
    return 0;
}

static const char script[] =
"local failures, cases = 0, 0\n"
"local log\n"
"local function ser(v, seen)\n"
"  if type(v) ~= 'table' then return type(v) .. ':' .. tostring(v) end\n"
"  seen = seen or {}\n"
"  if seen[v] then return '<cycle>' end\n"
"  seen[v] = true\n"
"  local keys = {}\n"
"  for k in next, v do keys[#keys + 1] = k end\n"
"  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)\n"
"  local out = {}\n"
"  for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. '=' .. ser(rawget(v, k), seen) end\n"
"  return '{' .. table.concat(out, ',') .. '}'\n"
"end\n"
"local function proxy(backing, len)\n"
"  return setmetatable({}, {\n"
"    __index = function(_, k) log[#log + 1] = 'r' .. tostring(k); return backing[k] end,\n"
"    __newindex = function(_, k, v) log[#log + 1] = 'w' .. tostring(k) .. '=' .. tostring(v); backing[k] = v end,\n"
"    __len = function() log[#log + 1] = 'len'; if len then return len end return #backing end,\n"
"  }), backing\n"
"end\n"
"local function outcome(fn, T, S, B)\n"
"  log = {}\n"
"  local r = table.pack(pcall(fn, T, S, B))\n"
"  if not r[1] then r[2] = tostring(r[2]):gsub('^[^:]*:%d+: ', '') end\n"
"  local parts = {}\n"
"  for i = 1, r.n do parts[i] = ser(r[i]) end\n"
"  return table.concat(parts, ' | ') .. ' || ' .. table.concat(log, ' ')\n"
"end\n"
"local function check(name, fn)\n"
"  cases = cases + 1\n"
"  local a = outcome(fn, table, string, _G)\n"
"  local b = outcome(fn, MT, MS, MB)\n"
"  if a ~= b then\n"
"    failures = failures + 1\n"
"    if failures <= 20 then print('MISMATCH ' .. name .. '\\n  stock: ' .. a:sub(1, 400) .. '\\n  ours:  ' .. b:sub(1, 400)) end\n"
"  end\n"
"end\n"
"local values = { -2, -1, 0, 1, 2, 3, 4, 5, 6, math.maxinteger, math.mininteger, 2.0, 2.5, 'x', '3', nil, {} }\n"
"-- insert\n"
"for _, size in ipairs({ 0, 1, 3, 5 }) do\n"
"  for _, pos in pairs(values) do\n"
"    check('insert ' .. size .. ' ' .. tostring(pos), function(T)\n"
"      local t = {} for i = 1, size do t[i] = i * 10 end\n"
"      T.insert(t, pos, 'v') return t end)\n"
"    check('insert proxy ' .. size .. ' ' .. tostring(pos), function(T)\n"
"      local b = {} for i = 1, size do b[i] = i * 10 end\n"
"      local p = proxy(b) T.insert(p, pos, 'v') return b end)\n"
"    check('remove ' .. size .. ' ' .. tostring(pos), function(T)\n"
"      local t = {} for i = 1, size do t[i] = i * 10 end\n"
"      local r = T.remove(t, pos) return r, t end)\n"
"    check('remove proxy ' .. size .. ' ' .. tostring(pos), function(T)\n"
"      local b = {} for i = 1, size do b[i] = i * 10 end\n"
"      local r = T.remove(proxy(b), pos) return r, b end)\n"
"  end\n"
"  check('insert end ' .. size, function(T) local t = {} for i = 1, size do t[i] = i end T.insert(t, 'e') return t end)\n"
"  check('insert 4 args ' .. size, function(T) local t = {} T.insert(t, 1, 2, 3) return t end)\n"
"  check('insert 1 arg ' .. size, function(T) local t = {} T.insert(t) return t end)\n"
"  check('remove default ' .. size, function(T) local t = {} for i = 1, size do t[i] = i end return T.remove(t), t end)\n"
"  check('remove proxy default ' .. size, function(T) local b = {} for i = 1, size do b[i] = i end return T.remove(proxy(b)), b end)\n"
"end\n"
"for _, bad in pairs({ 'str', 42, true, setmetatable({}, {}) }) do\n"
"  check('insert bad ' .. tostring(bad), function(T) T.insert(bad, 1) end)\n"
"  check('remove bad ' .. tostring(bad), function(T) return T.remove(bad) end)\n"
"  check('concat bad ' .. tostring(bad), function(T) return T.concat(bad) end)\n"
"  check('sort bad ' .. tostring(bad), function(T) T.sort(bad) end)\n"
"  check('move bad ' .. tostring(bad), function(T) return T.move(bad, 1, 2, 3) end)\n"
"  check('move bad dest ' .. tostring(bad), function(T) return T.move({1, 2}, 1, 2, 3, bad) end)\n"
"  check('unpack bad ' .. tostring(bad), function(T) return T.unpack(bad) end)\n"
"end\n"
"check('len not integer', function(T) local p = setmetatable({}, { __index = {}, __newindex = {}, __len = function() return 'x' end }) T.insert(p, 1) end)\n"
"check('len float', function(T) local p = setmetatable({}, { __index = {}, __newindex = function() end, __len = function() return 2.0 end }) T.insert(p, 1, 'v') return 1 end)\n"
"-- move\n"
"local nums = { -1, 0, 1, 2, 3, 5, 8, math.maxinteger, math.mininteger }\n"
"for _, f in ipairs(nums) do for _, e in ipairs(nums) do for _, t in ipairs({ -1, 0, 1, 2, 4, 7, math.maxinteger }) do\n"
"  -- ranges stock Lua would really walk are kept short (the long ones are part 2's business)\n"
"  if e < f or (f >= -5 and e <= 100 and e - f < 20) or (f > 0 and e == math.maxinteger) or (f <= 0 and e == math.maxinteger) then\n"
"    check(('move %d %d %d'):format(f, e, t), function(T)\n"
"      if e - f > 20 and e >= f and f > 0 then return T.move({}, f, f, t) end\n"
"      local a = { 1, 2, 3, 4, 5, 6, 7, 8 } return T.move(a, f, e, t), a end)\n"
"  end\n"
"end end end\n"
"check('move other table', function(T) local a, b = { 1, 2, 3 }, { 9, 9 } T.move(a, 1, 3, 2, b) return a, b end)\n"
"check('move proxies', function(T) local pa, a = proxy({ 1, 2, 3, 4 }) local pb, b = proxy({}) T.move(pa, 1, 4, 3, pb) return a, b end)\n"
"check('move overlap proxy', function(T) local pa, a = proxy({ 1, 2, 3, 4, 5 }) T.move(pa, 1, 4, 2) return a end)\n"
"check('move overlap proxy down', function(T) local pa, a = proxy({ 1, 2, 3, 4, 5 }) T.move(pa, 2, 5, 1) return a end)\n"
"check('move eq', function(T) local mt = { __eq = function() log[#log + 1] = 'eq' return true end }\n"
"  local a, b = setmetatable({ 1, 2, 3 }, mt), setmetatable({}, mt) T.move(a, 1, 3, 2, b) return a, b end)\n"
"check('move missing args', function(T) return T.move({}, 1, 2) end)\n"
"check('move float', function(T) return T.move({ 1, 2 }, 1.0, 2, 3) end)\n"
"check('move float bad', function(T) return T.move({ 1, 2 }, 1.5, 2, 3) end)\n"
"-- concat\n"
"for _, t in ipairs({ {}, { 'a' }, { 'a', 'b', 'c' }, { 1, 2.5, 'x' }, { 'a', {}, 'c' }, { 'a', nil, 'c' }, { 'a', true } }) do\n"
"  for _, sep in pairs({ '', ', ', 1, nil }) do\n"
"    for _, i in pairs({ -1, 0, 1, 2, 3, 4, 'x', nil }) do\n"
"      for _, j in pairs({ 0, 1, 2, 3, 5, nil }) do\n"
"        check('concat ' .. ser(t) .. tostring(sep) .. tostring(i) .. tostring(j), function(T) return T.concat(t, sep, i, j) end)\n"
"      end\n"
"    end\n"
"  end\n"
"  check('concat proxy ' .. ser(t), function(T) return T.concat((proxy(t)), '-') end)\n"
"end\n"
"check('concat sep table', function(T) return T.concat({ 'a', 'b' }, {}) end)\n"
"check('concat maxint range', function(T) return T.concat({}, '', math.maxinteger - 1, math.maxinteger) end)\n"
"-- unpack\n"
"for _, i in pairs({ -1, 0, 1, 2, 3, 4, math.mininteger, math.maxinteger, 'x', nil }) do\n"
"  for _, j in pairs({ -1, 0, 1, 2, 3, 4, math.maxinteger, math.mininteger, 'y', nil }) do\n"
"    check('unpack ' .. tostring(i) .. ' ' .. tostring(j), function(T) return T.unpack({ 'a', 'b', nil, 'd' }, i, j) end)\n"
"  end\n"
"end\n"
"check('unpack proxy', function(T) return T.unpack((proxy({ 1, 2, 3 }))) end)\n"
"check('unpack string', function(T) return T.unpack('abc', 1, 2) end)\n"
"check('unpack too many', function(T) return T.unpack({}, 1, 1e7) end)\n"
"-- sort: same reads, writes and comparisons as stock, on random data with ties\n"
"local seed = 12345\n"
"local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end\n"
"for size = 0, 130 do\n"
"  for _, spread in ipairs({ 1, 3, 1000 }) do\n"
"    local data = {} for i = 1, size do data[i] = rand(spread) end\n"
"    check('sort numbers ' .. size .. '/' .. spread, function(T) local t = {} for i = 1, size do t[i] = data[i] end T.sort(t) return t end)\n"
"    check('sort cmp ' .. size .. '/' .. spread, function(T)\n"
"      local t = {} for i = 1, size do t[i] = { k = data[i], id = i } end\n"
"      T.sort(t, function(a, b) log[#log + 1] = a.id .. '<' .. b.id return a.k > b.k end)\n"
"      local ids = {} for i = 1, size do ids[i] = t[i].id end return ids end)\n"
"  end\n"
"  if size <= 40 then\n"
"    local small = {} for i = 1, size do small[i] = rand(5) end\n"
"    check('sort proxy ' .. size, function(T) local b = {} for i = 1, size do b[i] = small[i] end T.sort((proxy(b))) return b end)\n"
"    check('sort invalid order ' .. size, function(T) local t = {} for i = 1, size do t[i] = i % 7 end T.sort(t, function() return true end) return t end)\n"
"    check('sort mixed ' .. size, function(T) local t = {} for i = 1, size do t[i] = i % 3 == 0 and 'x' or i end T.sort(t) return t end)\n"
"  end\n"
"end\n"
"for _, size in ipairs({ 500, 2000 }) do\n"
"  local words = {} for i = 1, size do words[i] = tostring(rand(size)) end\n"
"  check('sort strings ' .. size, function(T) local t = {} for i = 1, size do t[i] = words[i] end T.sort(t) return t end)\n"
"  check('sort sorted ' .. size, function(T) local t = {} for i = 1, size do t[i] = i end T.sort(t) return t end)\n"
"  check('sort reversed ' .. size, function(T) local t = {} for i = 1, size do t[i] = size - i end T.sort(t, function(a, b) return a < b end) return t end)\n"
"end\n"
"check('sort bad cmp', function(T) T.sort({ 3, 2, 1 }, 'x') end)\n"
"check('sort nil cmp', function(T) local t = { 3, 2, 1 } T.sort(t, nil) return t end)\n"
"check('sort cmp error', function(T) T.sort({ 3, 2, 1 }, function() error('boom') end) end)\n"
"check('sort __lt', function(T) local mt = { __lt = function(a, b) log[#log + 1] = 'lt' return a.v < b.v end }\n"
"  local t = {} for i = 1, 20 do t[i] = setmetatable({ v = (i * 7) % 11 }, mt) end T.sort(t)\n"
"  local out = {} for i = 1, 20 do out[i] = t[i].v end return out end)\n"
"-- rep\n"
"for _, s in ipairs({ '', 'a', 'ab', '\\0x' }) do\n"
"  for _, n in pairs({ -1, 0, 1, 2, 3, 10, 2.0, 2.5, '3', 'x', math.mininteger }) do\n"
"    for _, sep in pairs({ '', ',', '--', 5, {} }) do\n"
"      check('rep ' .. s .. tostring(n) .. tostring(sep), function(T, S) return S.rep(s, n, sep) end)\n"
"    end\n"
"    check('rep nosep ' .. s .. tostring(n), function(T, S) return S.rep(s, n) end)\n"
"  end\n"
"end\n"
"check('rep too large', function(T, S) return S.rep('ab', math.maxinteger) end)\n"
"check('rep too large sep', function(T, S) return S.rep('a', 1 << 31, ',') end)\n"

"check('rep missing', function(T, S) return S.rep('x') end)\n"
"check('rep big', function(T, S) return #S.rep('abc', 100000, 'de') end)\n"
"check('rep number', function(T, S) return S.rep(12, 3) end)\n"
"-- xpcall\n"
"check('xpcall ok', function(T, S, B) return B.xpcall(function(...) return ... end, print, 1, nil, 3) end)\n"
"check('xpcall error', function(T, S, B) return B.xpcall(function() error('boom') end, function(m) return 'handled: ' .. m end) end)\n"
"check('xpcall error obj', function(T, S, B) local e = {} return B.xpcall(function() error(e) end, function(m) return m == e end) end)\n"
"check('xpcall handler multi', function(T, S, B) return B.xpcall(function() error('x', 0) end, function(m) return m, 2, 3 end) end)\n"
"check('xpcall bad handler', function(T, S, B) return B.xpcall(function() end) end)\n"
"check('xpcall handler errors', function(T, S, B) return B.xpcall(function() error('x') end, function(m) error('again') end) end)\n"
"check('xpcall nested', function(T, S, B) return B.xpcall(B.xpcall, function(m) return 'outer ' .. tostring(m) end, function() error('in', 0) end, function(m) return 'inner ' .. m end) end)\n"
"check('xpcall not function', function(T, S, B) return B.xpcall(42, function(m) return 'h: ' .. tostring(m) end) end)\n"
"check('xpcall no args', function(T, S, B) return B.xpcall() end)\n"
"-- next and pairs\n"
"for _, t in ipairs({ {}, { 1, 2, 3 }, { a = 1 }, { 1, nil, 3, x = 'y' } }) do\n"
"  check('next ' .. ser(t), function(T, S, B) local out = {} local k, v = B.next(t) while k ~= nil do out[#out + 1] = tostring(k) .. '=' .. tostring(v) k, v = B.next(t, k) end return table.concat(out, ',') end)\n"
"  check('pairs ' .. ser(t), function(T, S, B) local out = {} for k, v in B.pairs(t) do out[#out + 1] = tostring(k) .. '=' .. tostring(v) end return table.concat(out, ',') end)\n"
"end\n"
"check('next bad key', function(T, S, B) return B.next({ 1 }, 'nope') end)\n"
"check('next not table', function(T, S, B) return B.next('x') end)\n"
"check('next no args', function(T, S, B) return B.next() end)\n"
"check('pairs nil', function(T, S, B) return B.pairs() end)\n"
"check('pairs __pairs', function(T, S, B) return B.pairs(setmetatable({}, { __pairs = function(t) log[#log + 1] = 'p' return 1, 2, 3, 4 end })) end)\n"
"check('pairs string', function(T, S, B) local f, s, k = B.pairs('abc') return type(f), s, k end)\n"
"if select(1, MB.pairs({})) ~= MB.next then failures = failures + 1 print('pairs must hand out next') end\n"
"-- stock Lua loops 2^63 times here; ours must answer at once (part 1 cannot run stock on it)\n"
"if MS.rep('', math.maxinteger) ~= '' or MS.rep('', math.maxinteger, '') ~= '' then failures = failures + 1 print('rep of empty') end\n"
"print(('libwrap_diff: %d cases, %d mismatches'):format(cases, failures))\n"
"return failures\n";

/* Part 2: each escape under a budget, then under a deadline only. */
static const char *const escapes[] = {
    "local t = {} return MT.move(t, 1, 1 << 40, 2)",
    "local t = setmetatable({}, { __len = function() return 1 << 40 end }) MT.insert(t, 1, 'x')",
    "local t = setmetatable({}, { __len = function() return 1 << 40 end }) MT.remove(t, 1)",
    "local t = setmetatable({}, { __index = function() return '' end, __len = function() return 1 << 40 end }) return MT.concat(t)",
    "local t = {} for i = 1, 300000 do t[i] = (i * 7919) % 100003 end MT.sort(t) MT.sort(t, function(a, b) return a > b end)",
    "MB.xpcall(function() while true do end end, function() while true do end end)",
    "MB.xpcall(function() local t = {} MT.move(t, 1, 1 << 40, 2) end, function() while true do end end)",
    "while true do pcall(MT.move, {}, 1, 1 << 40, 2) end",
    NULL,
};

/* Escapes only the deadline can stop: the work of one next() call (scanning emptied slots) is
 * not visible through the API, so it is charged one unit; every call checks the deadline. */
static const char *const deadline_escapes[] = {
    "local t = {} for i = 1, 4000000 do t[i] = i end for i = 1, 4000000 do t[i] = nil end while true do MB.next(t) end",
    NULL,
};

static int run_escape(lua_State *L, const char *code, long long budget, long long timeout_ns, psb_abort want) {
    if (luaL_loadstring(L, code) != LUA_OK) { printf("load: %s\n", lua_tostring(L, -1)); return 1; }
    long long start = psb_now_ns();
    int status = psb_pcall(L, 0, 0, budget, 256u << 20, timeout_ns);
    double ms = (double)(psb_now_ns() - start) / 1e6;
    psb_abort got = psb_abort_reason(L);
    const char *msg = status == LUA_OK ? "(no error)" : lua_tostring(L, -1);
    int bad = status == LUA_OK || got != want || ms > 5000;
    printf("%s escape (%s) stopped after %.0f ms with reason %d: %.60s | %s\n", bad ? "FAIL" : "ok  ",
           budget ? "budget" : "deadline", ms, (int)got, msg ? msg : "?", code);
    lua_settop(L, 0);
    return bad;
}

int main(void) {
    lua_State *L = psb_newstate(1000);
    luaL_openlibs(L);
    lua_pushcfunction(L, setup);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) { printf("setup: %s\n", lua_tostring(L, -1)); return 1; }
    if (luaL_loadstring(L, script) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        printf("script: %s\n", lua_tostring(L, -1));
        return 1;
    }
    int failures = (int)lua_tointeger(L, -1);
    lua_settop(L, 0);
    for (int i = 0; escapes[i]; i++) {
        failures += run_escape(L, escapes[i], 20000000, 0, PSB_ABORT_INSTRUCTIONS);
        failures += run_escape(L, escapes[i], 0, 300000000LL, PSB_ABORT_DEADLINE);
    }
    for (int i = 0; deadline_escapes[i]; i++)
        failures += run_escape(L, deadline_escapes[i], 0, 300000000LL, PSB_ABORT_DEADLINE);
    psb_close(L);
    printf("libwrap_diff: %s\n", failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}
