/* Parapet's Lua sandbox. See include/luasb.h for the contract.
 *
 * Everything here that can raise a Lua error runs inside lua_pcall, so the longjmp lands in
 * Lua's own setjmp without crossing a Swift frame. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include "psb_internal.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAFE_KEY "parapet.safe"
#define NODE_MT "parapet.fact"
#define LOCATED_MT "parapet.located"
#define HANDLERS_KEY "parapet.handlers"

typedef struct {
    psb_swiftfn index, length, next, tostring;
    void *ctx;
} psb_handlers;

psb_state *psb_state_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (psb_state *)ud;
}

size_t psb_used_bytes(lua_State *L) { return psb_state_of(L)->used; }
psb_abort psb_abort_reason(lua_State *L) { return psb_state_of(L)->abort_reason; }
void psb_set_abort_reason(lua_State *L, psb_abort reason) { psb_state_of(L)->abort_reason = reason; }
void psb_set_pattern_steps(lua_State *L, long long steps) { psb_state_of(L)->pattern_steps = steps; }

long long psb_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Counts bytes and refuses growth past the cap. Returning NULL makes Lua collect garbage,
 * retry, and then raise "not enough memory" itself: the allocator never jumps. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    psb_state *s = (psb_state *)ud;
    size_t old = ptr ? osize : 0;  /* with ptr == NULL, osize is a type tag, not a size */
    if (nsize == 0) {
        free(ptr);
        s->used -= old;
        return NULL;
    }
    if (nsize > old && s->enforce && s->limit && !s->suspend &&
        s->used - old + nsize > s->limit) {
        if (!s->abort_reason) s->abort_reason = PSB_ABORT_MEMORY;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        /* Inside Swift a failed allocation would raise through Swift frames: abort instead. */
        if (s->suspend) abort();
        return NULL;
    }
    s->used = s->used - old + nsize;
    if (s->used > s->peak) s->peak = s->used;
    return p;
}

static int sb_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "parapet: unprotected Lua error (bug): %s\n", msg ? msg : "?");
    fflush(stderr);
    abort();
    return 0;
}

static void sb_warn(void *ud, const char *msg, int tocont) {
    (void)ud; (void)msg; (void)tocont;  /* policies have no output channel */
}

lua_State *psb_newstate(int granularity) {
    psb_state *box = (psb_state *)calloc(1, sizeof *box);
    if (!box) return NULL;
    box->granularity = granularity > 0 ? granularity : 1000;
    atomic_init(&box->expired, 0);
    box->patterns.expired = &box->expired;
    lua_State *L = lua_newstate(sb_alloc, box);
    if (!L) { free(box); return NULL; }
    lua_atpanic(L, sb_panic);
    lua_setwarnf(L, sb_warn, NULL);
    return L;
}

void psb_close(lua_State *L) {
    psb_state *s = psb_state_of(L);
    s->enforce = 0;
    psb_watchdog_disarm(&s->watch);
    lua_close(L);
    free(s);
}

/* Raises the sticky error for a limit already hit. */
static int sb_raise_abort(lua_State *L, psb_state *s) {
    if (s->hooked) lua_sethook(L, s->hook_fn, LUA_MASKCOUNT, 1);  /* every instruction from now */
    if (s->abort_reason == PSB_ABORT_DEADLINE) return luaL_error(L, "time limit exceeded");
    if (s->abort_reason == PSB_ABORT_OUTPUT) return luaL_error(L, "output limit exceeded");
    return luaL_error(L, "instruction limit exceeded");
}

static int sb_sticky(psb_state *s) {
    return s->abort_reason == PSB_ABORT_INSTRUCTIONS || s->abort_reason == PSB_ABORT_DEADLINE ||
           s->abort_reason == PSB_ABORT_OUTPUT;
}

/* Checks the budget and the deadline (the watchdog's flag, and the clock when `read_clock`).
 * Once a limit is hit the reason stays set and the hook fires on every instruction, so a
 * policy's own pcall cannot swallow it. */
static void sb_check(lua_State *L, psb_state *s, int read_clock) {
    if (sb_sticky(s)) { sb_raise_abort(L, s); return; }
    if (s->max_instructions > 0 && s->instructions > s->max_instructions) {
        s->abort_reason = PSB_ABORT_INSTRUCTIONS;
        sb_raise_abort(L, s);
    }
    if (s->deadline_ns &&
        (atomic_load_explicit(&s->expired, memory_order_relaxed) ||
         (read_clock && psb_now_ns() > s->deadline_ns))) {
        s->abort_reason = PSB_ABORT_DEADLINE;
        sb_raise_abort(L, s);
    }
}

/* The count hook. Written in C because luaL_error jumps. */
static void sb_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    psb_state *s = psb_state_of(L);
    s->instructions += s->granularity;
    sb_check(L, s, 1);
}

void psb_charge(lua_State *L, long long units) {
    psb_state *s = psb_state_of(L);
    s->instructions += units;
    /* The flag is one load; the clock is read every 1024 charges in case the watchdog thread is
     * starved of CPU. */
    sb_check(L, s, (++s->clock_tick & 1023u) == 0);
}

/* Message handler: adds a traceback; describes non-string error objects without running any
 * of their metamethods (a hostile __tostring must not run outside the limits). */
static int sb_msgh(lua_State *L) {
    const char *msg = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
    if (msg == NULL) {
        if (lua_type(L, 1) == LUA_TNUMBER) {
            lua_pushvalue(L, 1);
            msg = lua_tostring(L, -1);
        } else {
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        }
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int psb_pcall(lua_State *L, int nargs, int nresults, long long max_instructions,
              size_t mem_limit, long long timeout_ns) {
    psb_state *s = psb_state_of(L);
    if (!lua_checkstack(L, 2)) return LUA_ERRMEM;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, sb_msgh);  /* light C function: no allocation */
    lua_insert(L, base);
    s->abort_reason = PSB_ABORT_NONE;
    s->instructions = 0;
    s->max_instructions = max_instructions;
    s->limit = mem_limit;
    s->enforce = mem_limit > 0;
    s->deadline_ns = timeout_ns > 0 ? psb_now_ns() + timeout_ns : 0;
    atomic_store_explicit(&s->expired, 0, memory_order_relaxed);
    s->patterns.max_steps = s->pattern_steps;
    s->patterns.deadline_ns = s->deadline_ns;
    s->patterns.step_limit_hit = 0;
    s->hook_fn = sb_hook;
    s->hooked = max_instructions > 0 || timeout_ns > 0;
    if (s->deadline_ns) psb_watchdog_arm(&s->watch, s->deadline_ns, &s->expired);
    if (s->hooked) lua_sethook(L, sb_hook, LUA_MASKCOUNT, s->granularity);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, NULL, 0, 0);
    if (s->deadline_ns) psb_watchdog_disarm(&s->watch);
    /* Nothing outside an evaluation is limited (the host's own protected calls). */
    s->hooked = 0;
    s->enforce = 0;
    s->max_instructions = 0;
    s->deadline_ns = 0;
    s->patterns.deadline_ns = 0;
    if (status != LUA_OK && s->abort_reason == PSB_ABORT_NONE && s->patterns.step_limit_hit)
        s->abort_reason = PSB_ABORT_PATTERN_STEPS;
    lua_remove(L, base);
    return status;
}

/* ---- read-only tables ------------------------------------------------------------------ */

static int sb_readonly_error(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "attempt to modify a read-only table (key '%s')", lua_tostring(L, 2));
    return luaL_error(L, "attempt to modify a read-only table");
}

static int sb_proxy_pairs(lua_State *L);

/* The iterator of a proxy: next() over the real table, found through the proxy's metatable.
 * The real table itself is never handed to the policy: `local _, real = pairs(string)` used to
 * return it, and writing to it changed string.format or report.fail for every rule and pack
 * evaluated later in the same state. */
static int sb_proxy_next(lua_State *L) {
    lua_settop(L, 2);
    if (lua_type(L, 1) != LUA_TTABLE || !lua_getmetatable(L, 1)) return 0;
    if (lua_rawgetp(L, -1, (void *)&sb_proxy_pairs) != LUA_TTABLE) return 0;  /* 4: real */
    lua_pushvalue(L, 2);
    if (lua_next(L, 4)) return 2;
    lua_pushnil(L);
    return 1;
}

/* __pairs of a proxy: iterate the real table without exposing it. */
static int sb_proxy_pairs(lua_State *L) {
    lua_pushcfunction(L, sb_proxy_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int sb_proxy_len(lua_State *L) {
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, (void *)&sb_proxy_pairs);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

/* Replaces the table on top of the stack with a read-only proxy of it. */
static void sb_make_proxy(lua_State *L) {
    int t = lua_gettop(L);
    lua_createtable(L, 0, 0);           /* proxy */
    lua_createtable(L, 0, 6);           /* its metatable */
    lua_pushvalue(L, t); lua_setfield(L, -2, "__index");
    lua_pushvalue(L, t); lua_rawsetp(L, -2, (void *)&sb_proxy_pairs);
    lua_pushcfunction(L, sb_readonly_error); lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, sb_proxy_pairs); lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, sb_proxy_len); lua_setfield(L, -2, "__len");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_replace(L, t);
}

static int sb_readonly_p(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    sb_make_proxy(L);
    return 1;
}

/* Host-side protected calls start with no abort reason, so an error there is never mistaken
 * for the limit that stopped an earlier evaluation. */
static void sb_clear_abort(lua_State *L) {
    psb_state *s = psb_state_of(L);
    s->abort_reason = PSB_ABORT_NONE;
    s->patterns.step_limit_hit = 0;
}

int psb_readonly(lua_State *L) {
    sb_clear_abort(L);
    if (!lua_checkstack(L, 2)) return LUA_ERRMEM;
    lua_pushcfunction(L, sb_readonly_p);
    lua_insert(L, -2);
    return lua_pcall(L, 1, 1, 0);
}

/* setmetatable without __gc (finalizers run with hooks off, so outside every limit) and
 * respecting __metatable. */
static int sb_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in policies");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static void sb_copy(lua_State *L, int from, int to, const char *const *names) {
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, to, *names);
    }
}

/* ---- fact.*: a node's metadata, which the document's own keys never shadow ------------- */

static psb_handlers *sb_handlers(lua_State *L);
static int sb_call_swift(lua_State *L, psb_swiftfn fn, void *ctx);

/* fact.value(n), fact.kind(n), …: upvalue 1 is the metadata name. A non-node argument is
 * accepted so that helpers can take plain values too: value gives it back, known says whether
 * it is not nil, the rest give nil. */
static int sb_fact_meta(lua_State *L) {
    lua_settop(L, 1);
    const char *name = lua_tostring(L, lua_upvalueindex(1));
    if (!psb_tonode(L, 1, NULL)) {
        if (strcmp(name, "value") == 0) return 1;
        if (strcmp(name, "known") == 0) { lua_pushboolean(L, !lua_isnil(L, 1)); return 1; }
        if (strcmp(name, "many") == 0) { lua_pushboolean(L, 0); return 1; }
        lua_pushnil(L);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushinteger(L, 3);
    psb_handlers *h = sb_handlers(L);
    int n = sb_call_swift(L, h->index, h->ctx);
    if (n != 1) return luaL_error(L, "fact resolver must return one value");
    return 1;
}

static int sb_fact_is(lua_State *L) {
    lua_pushboolean(L, psb_tonode(L, 1, NULL));
    return 1;
}

/* fact.get(n, key) and fact.lookup(n, "a.b.1"): nil for a non-node. */
static int sb_fact_child(lua_State *L) {
    if (!psb_tonode(L, 1, NULL)) { lua_pushnil(L); return 1; }
    lua_getfield(L, LUA_REGISTRYINDEX, lua_tostring(L, lua_upvalueindex(1)));
    lua_insert(L, 1);
    lua_settop(L, 3);
    lua_call(L, 2, 1);
    return 1;
}

static void sb_push_fact_library(lua_State *L) {
    static const char *const meta[] = {
        "value", "kind", "known", "reason", "variables", "many", "candidates", "file", "line", "column", "path",
        "where", NULL };
    lua_createtable(L, 0, 16);
    for (const char *const *name = meta; *name; name++) {
        lua_pushstring(L, *name);
        lua_pushcclosure(L, sb_fact_meta, 1);
        lua_setfield(L, -2, *name);
    }
    lua_pushcfunction(L, sb_fact_is); lua_setfield(L, -2, "is");
    lua_pushliteral(L, "parapet.node.get");
    lua_pushcclosure(L, sb_fact_child, 1);
    lua_setfield(L, -2, "get");
    lua_pushliteral(L, "parapet.node.lookup");
    lua_pushcclosure(L, sb_fact_child, 1);
    lua_setfield(L, -2, "lookup");
    sb_make_proxy(L);
}

static int sb_opensafe_p(lua_State *L) {
    static const char *const base_ok[] = {
        "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
        "rawget", "rawlen", "select", "tonumber", "tostring", "type", "xpcall", "_VERSION", NULL };
    static const char *const string_ok[] = {
        "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep",
        "reverse", "sub", "upper", "pack", "packsize", "unpack", NULL };
    static const char *const table_ok[] = {
        "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL };
    static const char *const math_ok[] = {
        "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger",
        "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan", "tointeger", "type",
        "ult", "atan", "asin", "acos", NULL };
    static const char *const utf8_ok[] = {
        "char", "charpattern", "codes", "codepoint", "len", "offset", NULL };

    lua_settop(L, 0);
    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);        /* 1 */
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0); /* 2, also the string metatable */
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);  /* 3 */
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);  /* 4 */
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);  /* 5 */

    /* The real string table is reachable as ("x").method, so change it in place: no dump,
     * and step-limited pattern functions. */
    lua_pushnil(L); lua_setfield(L, 2, "dump");
    psb_patterns_install(L, 2, &psb_state_of(L)->patterns);
    /* Budgeted table functions, string.rep and xpcall (see libwrap.c). */
    psb_libwrap_install(L, 1, 2, 3);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_createtable(L, 0, 32);  /* 6: the safe environment */
    const int SAFE = 6;
    sb_copy(L, 1, SAFE, base_ok);
    lua_pushcfunction(L, sb_setmetatable); lua_setfield(L, SAFE, "setmetatable");

    const int libs[] = { 2, 3, 4, 5 };
    const char *const *lists[] = { string_ok, table_ok, math_ok, utf8_ok };
    const char *names[] = { "string", "table", "math", "utf8" };
    for (int i = 0; i < 4; i++) {
        lua_createtable(L, 0, 24);
        sb_copy(L, libs[i], lua_gettop(L), lists[i]);
        sb_make_proxy(L);
        lua_setfield(L, SAFE, names[i]);
    }
    sb_push_fact_library(L);
    lua_setfield(L, SAFE, "fact");

    lua_pushvalue(L, SAFE);
    sb_make_proxy(L);
    lua_setfield(L, LUA_REGISTRYINDEX, SAFE_KEY);
    /* The host's global table is emptied: nothing reaches the full libraries through it. */
    lua_createtable(L, 0, 0);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushnil(L); lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    return 0;
}

int psb_opensafe(lua_State *L) {
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    lua_pushcfunction(L, sb_opensafe_p);
    return lua_pcall(L, 0, 0, 0);
}

/* Gives the function at index 1 a fresh _ENV whose reads fall back to the base at index 2
 * (a pack's environment) or, when that is nil, to the safe environment. */
static int sb_setenv_p(lua_State *L) {
    lua_createtable(L, 0, 4);
    lua_createtable(L, 0, 2);
    if (lua_isnil(L, 2)) lua_getfield(L, LUA_REGISTRYINDEX, SAFE_KEY);
    else lua_pushvalue(L, 2);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    if (lua_setupvalue(L, 1, 1) == NULL) lua_pop(L, 1);
    return 0;
}

int psb_fresh_env(lua_State *L, int idx, int baseidx) {
    sb_clear_abort(L);
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    idx = lua_absindex(L, idx);
    if (baseidx != 0) baseidx = lua_absindex(L, baseidx);
    lua_pushcfunction(L, sb_setenv_p);
    lua_pushvalue(L, idx);
    if (baseidx != 0) lua_pushvalue(L, baseidx); else lua_pushnil(L);
    return lua_pcall(L, 2, 0, 0);
}

int psb_load(lua_State *L, const char *src, size_t len, const char *chunkname, size_t mem_limit) {
    psb_state *s = psb_state_of(L);
    sb_clear_abort(L);
    if (!lua_checkstack(L, 3)) return LUA_ERRMEM;
    s->limit = mem_limit;
    s->enforce = mem_limit > 0;
    /* Mode "t": binary chunks are refused (crafted bytecode can break the VM). lua_load runs
     * the parser protected and returns an error code instead of raising. */
    int status = luaL_loadbufferx(L, src, len, chunkname, "t");
    s->enforce = 0;
    if (status == LUA_OK) {
        int st2 = psb_fresh_env(L, -1, 0);
        if (st2 != LUA_OK) { lua_remove(L, -2); status = st2; }
    }
    return status;
}

/* ---- Swift callbacks ------------------------------------------------------------------- */

typedef struct { psb_swiftfn fn; void *ctx; } sb_callback;

/* Runs Swift with allocations never refused, then raises from C if Swift asked to. */
static int sb_call_swift(lua_State *L, psb_swiftfn fn, void *ctx) {
    psb_state *s = psb_state_of(L);
    luaL_checkstack(L, 40, "host callback");
    /* Host work counts: a loop of C calls into Swift (table.concat over a fact node, ipairs
     * over a list) runs no VM instruction, so without this it would escape the budget. */
    psb_charge(L, 16);
    int base = lua_gettop(L);
    s->suspend++;
    int n = fn(L, ctx);
    s->suspend--;
    if (n < 0) return lua_error(L);
    if (s->enforce && s->limit && s->used > s->limit) {
        lua_settop(L, base);
        if (!s->abort_reason) s->abort_reason = PSB_ABORT_MEMORY;
        return luaL_error(L, "not enough memory (host callback exceeded the limit)");
    }
    return n;
}

static int sb_trampoline(lua_State *L) {
    sb_callback *cb = (sb_callback *)lua_touserdata(L, lua_upvalueindex(1));
    return sb_call_swift(L, cb->fn, cb->ctx);
}

void psb_pushswiftfn(lua_State *L, psb_swiftfn fn, void *ctx) {
    sb_callback *cb = (sb_callback *)lua_newuserdatauv(L, sizeof(sb_callback), 0);
    cb->fn = fn;
    cb->ctx = ctx;
    lua_pushcclosure(L, sb_trampoline, 1);
}

/* ---- host libraries: parse.*, pep440.* ------------------------------------------------- */

/* upvalues: 1 sb_callback, 2 the function's name ("parse.yaml"), 3 units per byte, 4 bounded */
static int sb_host_call(lua_State *L) {
    psb_state *s = psb_state_of(L);
    sb_callback *cb = (sb_callback *)lua_touserdata(L, lua_upvalueindex(1));
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    long long units = (long long)lua_tointeger(L, lua_upvalueindex(3));
    int bounded = lua_toboolean(L, lua_upvalueindex(4));
    size_t total = 0;
    int top = lua_gettop(L);
    for (int i = 1; i <= top; i++)
        if (lua_type(L, i) == LUA_TSTRING) total += lua_rawlen(L, i);
    if (bounded) {
        size_t cap = s->enforce && s->limit ? s->limit / PSB_HOST_INPUT_SHARE : PSB_HOST_INPUT_UNCAPPED;
        if (total > cap)
            return luaL_error(L, "%s: the input is %I bytes, more than the %I bytes one evaluation "
                              "may parse (1/%d of its memory cap)", name, (lua_Integer)total,
                              (lua_Integer)cap, PSB_HOST_INPUT_SHARE);
    }
    /* Before Swift runs: an input the budget cannot pay for is never parsed. */
    psb_charge(L, 1 + (long long)total * units);
    return sb_call_swift(L, cb->fn, cb->ctx);
}

void psb_pushhostfn(lua_State *L, const char *name, psb_swiftfn fn, void *ctx, int units_per_byte,
                    int bounded) {
    sb_callback *cb = (sb_callback *)lua_newuserdatauv(L, sizeof(sb_callback), 0);
    cb->fn = fn;
    cb->ctx = ctx;
    lua_pushstring(L, name);
    lua_pushinteger(L, units_per_byte < 0 ? 0 : units_per_byte);
    lua_pushboolean(L, bounded);
    lua_pushcclosure(L, sb_host_call, 4);
}

/* stack: 1 libname (light userdata char*), 2 the library table */
static int sb_set_library_p(lua_State *L) {
    const char *libname = (const char *)lua_touserdata(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    sb_make_proxy(L);
    lua_getfield(L, LUA_REGISTRYINDEX, SAFE_KEY);      /* the safe environment's proxy */
    if (!lua_getmetatable(L, -1) || lua_rawgetp(L, -1, (void *)&sb_proxy_pairs) != LUA_TTABLE)
        return luaL_error(L, "the safe environment is not built");
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, libname);                      /* the real table behind the proxy */
    return 0;
}

int psb_set_library(lua_State *L, const char *libname) {
    sb_clear_abort(L);
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    lua_pushcfunction(L, sb_set_library_p);
    lua_insert(L, -2);
    lua_pushlightuserdata(L, (void *)libname);
    lua_insert(L, -2);
    return lua_pcall(L, 2, 0, 0);
}

void psb_add_host_bytes(lua_State *L, long long delta) {
    psb_state *s = psb_state_of(L);
    if (delta < 0 && (size_t)(-delta) > s->used) s->used = 0;
    else s->used = (size_t)((long long)s->used + delta);
    if (s->used > s->peak) s->peak = s->used;
}

long long psb_memory_room(lua_State *L) {
    psb_state *s = psb_state_of(L);
    if (!s->enforce || !s->limit) return LLONG_MAX;
    return s->used >= s->limit ? 0 : (long long)(s->limit - s->used);
}

/* ---- fact nodes ------------------------------------------------------------------------ */

static psb_handlers *sb_handlers(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, HANDLERS_KEY);
    psb_handlers *h = (psb_handlers *)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return h;
}

/* node.key: memoized per node in its user value, so repeated reads cost a table lookup. */
static int sb_node_index(lua_State *L) {
    lua_settop(L, 2);
    lua_getiuservalue(L, 1, 1);  /* 3: memo or nil */
    if (lua_type(L, 3) == LUA_TTABLE) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, 3) != LUA_TNIL) return 1;
        lua_pop(L, 1);
    } else {
        lua_pop(L, 1);
        lua_createtable(L, 0, 4);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 0);
    psb_handlers *h = sb_handlers(L);
    int n = sb_call_swift(L, h->index, h->ctx);
    if (n != 1) return luaL_error(L, "fact resolver must return one value");
    /* Indexing only reads the document (children are nodes or nil), so every key memoizes;
     * metadata such as fact.value's fresh plain copy goes through the fact library instead. */
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 3);
    return 1;
}

static int sb_node_method(lua_State *L, int mode) {
    psb_node node;
    if (!psb_tonode(L, 1, &node)) return luaL_error(L, "expected a fact node (use fact.%s(node, ...))",
                                                    mode == 1 ? "get" : "lookup");
    lua_settop(L, 2);
    if (mode == 2 && lua_type(L, 2) == LUA_TSTRING) {
        /* The host splits the path: bound it before Swift builds anything from it. */
        size_t len = lua_rawlen(L, 2);
        if (len > PSB_MAX_LOOKUP_PATH)
            return luaL_error(L, "lookup: path longer than %d bytes", PSB_MAX_LOOKUP_PATH);
        psb_charge(L, (long long)(len >> 4));
    }
    lua_pushinteger(L, mode);
    psb_handlers *h = sb_handlers(L);
    int n = sb_call_swift(L, h->index, h->ctx);
    if (n != 1) return luaL_error(L, "fact resolver must return one value");
    return 1;
}

static int sb_node_get(lua_State *L) { return sb_node_method(L, 1); }
static int sb_node_lookup(lua_State *L) { return sb_node_method(L, 2); }

static int sb_node_len(lua_State *L) {
    lua_settop(L, 1);
    psb_handlers *h = sb_handlers(L);
    return sb_call_swift(L, h->length, h->ctx);
}

static int sb_node_next(lua_State *L) {
    psb_node node;
    if (!psb_tonode(L, 1, &node)) return luaL_error(L, "expected a fact node");
    lua_settop(L, 2);
    psb_handlers *h = sb_handlers(L);
    return sb_call_swift(L, h->next, h->ctx);
}

static int sb_node_pairs(lua_State *L) {
    lua_pushcfunction(L, sb_node_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

static int sb_node_tostring(lua_State *L) {
    lua_settop(L, 1);
    psb_handlers *h = sb_handlers(L);
    return sb_call_swift(L, h->tostring, h->ctx);
}

static int sb_handlers_p(lua_State *L) {
    psb_handlers *in = (psb_handlers *)lua_touserdata(L, 1);
    psb_handlers *h = (psb_handlers *)lua_newuserdatauv(L, sizeof(psb_handlers), 0);
    *h = *in;
    lua_setfield(L, LUA_REGISTRYINDEX, HANDLERS_KEY);
    luaL_newmetatable(L, NODE_MT);
    lua_pushcfunction(L, sb_node_index); lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, sb_readonly_error); lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, sb_node_len); lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, sb_node_pairs); lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, sb_node_tostring); lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "fact"); lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_pushcfunction(L, sb_node_get); lua_setfield(L, LUA_REGISTRYINDEX, "parapet.node.get");
    lua_pushcfunction(L, sb_node_lookup);
    lua_setfield(L, LUA_REGISTRYINDEX, "parapet.node.lookup");
    return 0;
}

int psb_set_node_handlers(lua_State *L, psb_swiftfn index, psb_swiftfn length, psb_swiftfn next,
                          psb_swiftfn tostring, void *ctx) {
    sb_clear_abort(L);
    psb_handlers h = { index, length, next, tostring, ctx };
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    lua_pushcfunction(L, sb_handlers_p);
    lua_pushlightuserdata(L, &h);
    return lua_pcall(L, 1, 0, 0);
}

void psb_pushnode(lua_State *L, int32_t arena, int32_t index, uint32_t generation) {
    psb_node *node = (psb_node *)lua_newuserdatauv(L, sizeof(psb_node), 1);
    node->arena = arena;
    node->index = index;
    node->generation = generation;
    lua_getfield(L, LUA_REGISTRYINDEX, NODE_MT);  /* the registry has no metatable: no raise */
    lua_setmetatable(L, -2);
}

int psb_tonode(lua_State *L, int idx, psb_node *out) {
    if (lua_type(L, idx) != LUA_TUSERDATA) return 0;
    idx = lua_absindex(L, idx);
    if (!lua_getmetatable(L, idx)) return 0;
    lua_getfield(L, LUA_REGISTRYINDEX, NODE_MT);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!same) return 0;
    if (out) *out = *(psb_node *)lua_touserdata(L, idx);
    return 1;
}

static int sb_located(lua_State *L);

/* ---- a pack's environment: import(name) and data(name) ---------------------------------- */

/* upvalues: 1 sources {name -> text}, 2 cache {name -> value, false while loading},
 * 3 pack name, 4 the pack's base environment (for the modules' own _ENV) */
static int sb_import(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    lua_pushvalue(L, 1);
    int cached = lua_rawget(L, lua_upvalueindex(2));
    if (cached == LUA_TBOOLEAN && !lua_toboolean(L, -1))
        return luaL_error(L, "import cycle through lib/%s.lua", name);
    if (cached != LUA_TNIL) return 1;
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TSTRING)
        return luaL_error(L, "import: pack %s has no lib/%s.lua", lua_tostring(L, lua_upvalueindex(3)), name);
    size_t len;
    const char *src = lua_tolstring(L, -1, &len);
    const char *chunk = lua_pushfstring(L, "@%s/lib/%s.lua", lua_tostring(L, lua_upvalueindex(3)), name);
    if (luaL_loadbufferx(L, src, len, chunk, "t") != LUA_OK) return lua_error(L);
    lua_createtable(L, 0, 4);  /* the module's own _ENV */
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, lua_upvalueindex(4)); lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
    lua_pushvalue(L, 1); lua_pushboolean(L, 0); lua_rawset(L, lua_upvalueindex(2));
    lua_call(L, 0, 1);
    /* Rules share a module: hand them a read-only view so one cannot change it for another. */
    if (lua_type(L, -1) == LUA_TTABLE) sb_make_proxy(L);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
    lua_pushvalue(L, 1); lua_pushvalue(L, -2); lua_rawset(L, lua_upvalueindex(2));
    return 1;
}

/* stack: 1 pack name (light userdata char*), 2 sources table, 3 data function or nil */
static int sb_pack_env_p(lua_State *L) {
    const char *pack = (const char *)lua_touserdata(L, 1);
    lua_createtable(L, 0, 4);                 /* 4: real base */
    lua_createtable(L, 0, 2);
    lua_getfield(L, LUA_REGISTRYINDEX, SAFE_KEY);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, 4);
    lua_pushvalue(L, 4);
    sb_make_proxy(L);                         /* 5: read-only view of the base */
    lua_pushvalue(L, 2);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, pack);
    lua_pushvalue(L, 5);
    lua_pushcclosure(L, sb_import, 4);
    lua_setfield(L, 4, "import");
    lua_pushvalue(L, 3); lua_setfield(L, 4, "data");
    if (luaL_newmetatable(L, LOCATED_MT)) {
        lua_pushcfunction(L, sb_readonly_error); lua_setfield(L, -2, "__newindex");
        lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, sb_located); lua_setfield(L, 4, "located");
    lua_settop(L, 5);
    return 1;
}

int psb_push_pack_env(lua_State *L, const char *packname) {
    sb_clear_abort(L);
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    /* stack: sources, datafn */
    lua_pushcfunction(L, sb_pack_env_p);
    lua_insert(L, -3);                        /* fn, sources, datafn */
    lua_pushlightuserdata(L, (void *)packname);
    lua_insert(L, -3);                        /* fn, pack, sources, datafn */
    return lua_pcall(L, 3, 1, 0);
}

/* ---- located(value, line, column) for plugins ----------------------------------------- */

static int sb_located(lua_State *L) {
    luaL_checkany(L, 1);
    lua_Integer line = luaL_checkinteger(L, 2);
    lua_Integer column = luaL_optinteger(L, 3, 0);
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, 1); lua_setfield(L, -2, "value");
    lua_pushinteger(L, line); lua_setfield(L, -2, "line");
    lua_pushinteger(L, column); lua_setfield(L, -2, "column");
    luaL_getmetatable(L, LOCATED_MT);
    lua_setmetatable(L, -2);
    return 1;
}

static int sb_located_p(lua_State *L) {
    if (luaL_newmetatable(L, LOCATED_MT)) {
        lua_pushcfunction(L, sb_readonly_error); lua_setfield(L, -2, "__newindex");
        lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, sb_located);
    return 1;
}

void psb_push_located_fn(lua_State *L) {
    lua_pushcfunction(L, sb_located_p);
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) { lua_pop(L, 1); lua_pushnil(L); }
}

int psb_tolocated(lua_State *L, int idx, long long *line, long long *column) {
    if (lua_type(L, idx) != LUA_TTABLE) return 0;
    idx = lua_absindex(L, idx);
    if (!lua_getmetatable(L, idx)) return 0;
    lua_getfield(L, LUA_REGISTRYINDEX, LOCATED_MT);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!same) return 0;
    lua_pushliteral(L, "line"); lua_rawget(L, idx);
    *line = lua_tointeger(L, -1);
    lua_pushliteral(L, "column"); lua_rawget(L, idx);
    *column = lua_tointeger(L, -1);
    lua_pop(L, 2);
    return 1;
}

const char *psb_tostring(lua_State *L, int idx, size_t *len) {
    if (lua_type(L, idx) != LUA_TSTRING) return NULL;
    return lua_tolstring(L, idx, len);
}

/* ---- a base environment with extra host globals -------------------------------------- */

static int sb_env_base_p(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_createtable(L, 0, 2);
    lua_getfield(L, LUA_REGISTRYINDEX, SAFE_KEY);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, 1);
    sb_make_proxy(L);
    return 1;
}

int psb_push_env_base(lua_State *L) {
    sb_clear_abort(L);
    if (!lua_checkstack(L, 4)) return LUA_ERRMEM;
    lua_pushcfunction(L, sb_env_base_p);
    lua_insert(L, -2);
    return lua_pcall(L, 1, 1, 0);
}
