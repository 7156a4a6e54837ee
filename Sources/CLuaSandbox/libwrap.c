/* Budgeted versions of the library functions whose work is not bounded by the size of their
 * input.
 *
 * The count hook only runs between VM instructions, so one C library call that loops could run
 * for ever: table.move(t, 1, 1 << 40, 2), table.insert on a table whose __len says 2^40,
 * string.rep("", math.maxinteger), table.sort of millions of elements. These versions behave
 * like Lua 5.4's for every input that fits in the budget (same results, same errors, same
 * order of reads, writes and metamethod calls, checked against stock Lua by
 * Tests/CHarness/libwrap_diff.c), but charge their loops to the evaluation's instruction
 * budget and stop at the deadline (psb_charge).
 *
 * Written from the Lua 5.4 reference manual's description of each function and the observable
 * behaviour of the 5.4.4 library (argument checks and messages); the code is our own. */
#include "psb_internal.h"
#include <limits.h>
#include <string.h>

/* Work is charged in batches: one call per BATCH loop iterations keeps the overhead small, and
 * BATCH iterations of any loop here are far below a millisecond. One iteration (a read and a
 * write through the API, or a comparison) costs about what UNITS VM instructions cost. */
#define BATCH 64
#define UNITS 4

typedef struct { lua_State *L; int pending; } meter;

static inline void tick(meter *m) {
    if (++m->pending >= BATCH) { psb_charge(m->L, (long long)m->pending * UNITS); m->pending = 0; }
}

/* ---- table --------------------------------------------------------------------------- */

enum { NEED_READ = 1, NEED_WRITE = 2, NEED_LEN = 4 };

static int has_metafield(lua_State *L, const char *name) {
    lua_pushstring(L, name);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 1);
    return found;
}

/* A table, or a value whose metatable has every metamethod the function needs. */
static void expect_table(lua_State *L, int arg, int needs) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    if (lua_getmetatable(L, arg)) {
        int ok = (!(needs & NEED_READ) || has_metafield(L, "__index")) &&
                 (!(needs & NEED_WRITE) || has_metafield(L, "__newindex")) &&
                 (!(needs & NEED_LEN) || has_metafield(L, "__len"));
        lua_pop(L, 1);
        if (ok) return;
    }
    luaL_checktype(L, arg, LUA_TTABLE);  /* raises the usual "table expected" */
}

static lua_Integer length_of(lua_State *L, int arg, int needs) {
    expect_table(L, arg, needs | NEED_LEN);
    return luaL_len(L, arg);
}

static int w_insert(lua_State *L) {
    meter m = { L, 0 };
    lua_Integer last = length_of(L, 1, NEED_READ | NEED_WRITE);
    lua_Integer free_slot = luaL_intop(+, last, 1);
    lua_Integer pos;
    int nargs = lua_gettop(L);
    if (nargs == 2) {
        pos = free_slot;
    } else if (nargs == 3) {
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)free_slot, 2,
                      "position out of bounds");
        for (lua_Integer k = free_slot; k > pos; k--) {  /* shift up, from the top */
            tick(&m);
            lua_geti(L, 1, k - 1);
            lua_seti(L, 1, k);
        }
    } else {
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int w_remove(lua_State *L) {
    meter m = { L, 0 };
    lua_Integer size = length_of(L, 1, NEED_READ | NEED_WRITE);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)  /* 5.4.4 names argument 1 here; kept, messages must match */
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1,
                      "position out of bounds");
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {  /* shift down */
        tick(&m);
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

static int w_move(lua_State *L) {
    meter m = { L, 0 };
    lua_Integer from = luaL_checkinteger(L, 2);
    lua_Integer to_end = luaL_checkinteger(L, 3);
    lua_Integer dest = luaL_checkinteger(L, 4);
    int target = lua_isnoneornil(L, 5) ? 1 : 5;
    expect_table(L, 1, NEED_READ);
    expect_table(L, target, NEED_WRITE);
    if (to_end >= from) {
        luaL_argcheck(L, from > 0 || to_end < LUA_MAXINTEGER + from, 3, "too many elements to move");
        lua_Integer count = to_end - from + 1;
        luaL_argcheck(L, dest <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
        /* Ascending unless the ranges overlap with the destination inside the source. */
        if (dest > to_end || dest <= from || (target != 1 && !lua_compare(L, 1, target, LUA_OPEQ))) {
            for (lua_Integer k = 0; k < count; k++) {
                tick(&m);
                lua_geti(L, 1, from + k);
                lua_seti(L, target, dest + k);
            }
        } else {
            for (lua_Integer k = count - 1; k >= 0; k--) {
                tick(&m);
                lua_geti(L, 1, from + k);
                lua_seti(L, target, dest + k);
            }
        }
    }
    lua_pushvalue(L, target);
    return 1;
}

static void concat_field(lua_State *L, luaL_Buffer *b, lua_Integer k) {
    lua_geti(L, 1, k);
    if (!lua_isstring(L, -1))
        luaL_error(L, "invalid value (%s) at index %I in table for 'concat'",
                   luaL_typename(L, -1), (LUAI_UACINT)k);
    luaL_addvalue(b);
}

static int w_concat(lua_State *L) {
    meter m = { L, 0 };
    luaL_Buffer b;
    lua_Integer last = length_of(L, 1, NEED_READ);
    size_t seplen;
    const char *sep = luaL_optlstring(L, 2, "", &seplen);
    lua_Integer k = luaL_optinteger(L, 3, 1);
    last = luaL_optinteger(L, 4, last);
    luaL_buffinit(L, &b);
    for (; k < last; k++) {
        tick(&m);
        concat_field(L, &b, k);
        luaL_addlstring(&b, sep, seplen);
    }
    if (k == last) concat_field(L, &b, k);
    luaL_pushresult(&b);
    return 1;
}

static int w_unpack(lua_State *L) {
    meter m = { L, 0 };
    lua_Integer first = luaL_optinteger(L, 2, 1);
    lua_Integer last = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    if (first > last) return 0;
    lua_Unsigned span = (lua_Unsigned)last - (lua_Unsigned)first;  /* count - 1, no overflow */
    if (span >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++span)))
        return luaL_error(L, "too many results to unpack");
    for (; first < last; first++) {
        tick(&m);
        lua_geti(L, 1, first);
    }
    lua_geti(L, 1, last);
    return (int)span;
}

/* table.sort: the same quicksort as Lua 5.4 (median of three, middle pivot, partition with the
 * pivot kept at up - 1), so for every input the sequence of reads, writes and comparisons is
 * the one stock Lua makes, except one thing: when a partition is badly unbalanced, stock Lua
 * picks later pivots from the clock, we pick them from a fixed sequence, so results are
 * deterministic. (The order of equal elements differs from stock only in that case, where
 * stock itself differs from run to run.) Every comparison is charged to the budget. */
typedef unsigned int sort_index;
#define SORT_RANDOM_ABOVE 100u

typedef struct { lua_State *L; meter m; unsigned int seed; } sorter;

/* a[i] <- value on top, then a[j] <- the value below it */
static void put2(lua_State *L, sort_index i, sort_index j) {
    lua_seti(L, 1, i);
    lua_seti(L, 1, j);
}

/* Is the value at stack index a less than the one at b? (a, b negative, relative to the top) */
static int less(sorter *s, int a, int b) {
    lua_State *L = s->L;
    tick(&s->m);
    if (lua_isnil(L, 2)) {
        if (lua_type(L, a) == LUA_TSTRING && lua_type(L, b) == LUA_TSTRING) {
            /* string comparison is linear in the strings' length: charge it */
            size_t la = lua_rawlen(L, a), lb = lua_rawlen(L, b);
            size_t shorter = la < lb ? la : lb;
            if (shorter >= 256) psb_charge(L, (long long)(shorter >> 8));
        }
        return lua_compare(L, a, b, LUA_OPLT);
    }
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a - 1);
    lua_pushvalue(L, b - 2);
    lua_call(L, 2, 1);
    int result = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return result;
}

/* Pivot P on top of the stack, a[up - 1] == P. Returns the pivot's final index. */
static sort_index split(sorter *s, sort_index lo, sort_index up) {
    lua_State *L = s->L;
    sort_index i = lo, j = up - 1;
    for (;;) {
        while (lua_geti(L, 1, ++i), less(s, -1, -2)) {
            if (i == up - 1) luaL_error(L, "invalid order function for sorting");
            lua_pop(L, 1);
        }
        while (lua_geti(L, 1, --j), less(s, -3, -1)) {
            if (j < i) luaL_error(L, "invalid order function for sorting");
            lua_pop(L, 1);
        }
        if (j < i) {
            lua_pop(L, 1);
            put2(L, up - 1, i);
            return i;
        }
        put2(L, i, j);
    }
}

static sort_index pick_pivot(sort_index lo, sort_index up, unsigned int rnd) {
    sort_index quarter = (up - lo) / 4;
    return rnd % (quarter * 2) + (lo + quarter);
}

/* A fixed, never-zero pseudo-random sequence (xorshift), in place of stock Lua's clock. */
static unsigned int next_seed(sorter *s) {
    unsigned int x = s->seed;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    s->seed = x ? x : 0x9E3779B9u;
    return s->seed;
}

static void quicksort(sorter *s, sort_index lo, sort_index up, unsigned int rnd) {
    lua_State *L = s->L;
    while (lo < up) {
        sort_index p, smaller;
        lua_geti(L, 1, lo);
        lua_geti(L, 1, up);
        if (less(s, -1, -2)) put2(L, lo, up); else lua_pop(L, 2);
        if (up - lo == 1) break;
        p = (up - lo < SORT_RANDOM_ABOVE || rnd == 0) ? (lo + up) / 2 : pick_pivot(lo, up, rnd);
        lua_geti(L, 1, p);
        lua_geti(L, 1, lo);
        if (less(s, -2, -1)) {
            put2(L, p, lo);
        } else {
            lua_pop(L, 1);
            lua_geti(L, 1, up);
            if (less(s, -1, -2)) put2(L, p, up); else lua_pop(L, 2);
        }
        if (up - lo == 2) break;
        lua_geti(L, 1, p);
        lua_pushvalue(L, -1);
        lua_geti(L, 1, up - 1);
        put2(L, p, up - 1);
        p = split(s, lo, up);
        if (p - lo < up - p) {
            quicksort(s, lo, p - 1, rnd);
            smaller = p - lo;
            lo = p + 1;
        } else {
            quicksort(s, p + 1, up, rnd);
            smaller = up - p;
            up = p - 1;
        }
        if ((up - lo) / 128 > smaller) rnd = next_seed(s);
    }
}

static int w_sort(lua_State *L) {
    lua_Integer n = length_of(L, 1, NEED_READ | NEED_WRITE);
    if (n > 1) {
        luaL_argcheck(L, n < INT_MAX, 1, "array too big");
        if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_settop(L, 2);
        sorter s = { L, { L, 0 }, 0x2545F491u };
        quicksort(&s, 1, (sort_index)n, 0);
    }
    return 0;
}

/* ---- string.rep ------------------------------------------------------------------------ */

/* Longest string.rep result, as in Lua 5.4 (INT_MAX on 64-bit). */
#define REP_MAX ((size_t)INT_MAX)

static int w_rep(lua_State *L) {
    size_t len, seplen;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &seplen);
    if (n <= 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (len + seplen < len || len + seplen > REP_MAX / (size_t)n)
        return luaL_error(L, "resulting string too large");
    size_t total = (size_t)n * len + (size_t)(n - 1) * seplen;
    if (total == 0) {  /* stock Lua loops n times doing nothing: up to 2^63 iterations */
        lua_pushliteral(L, "");
        return 1;
    }
    psb_charge(L, 1 + (long long)(total >> 6));  /* before allocating: fail fast */
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, total);
    size_t unit = len + seplen, body = (size_t)(n - 1) * unit, done = 0;
    if (body > 0) {
        memcpy(out, s, len);
        memcpy(out + len, sep, seplen);
        done = unit;
        while (done < body) {  /* double what is written: O(log n) copies */
            size_t chunk = done < body - done ? done : body - done;
            memcpy(out + done, out, chunk);
            done += chunk;
        }
    }
    memcpy(out + body, s, len);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* ---- xpcall -------------------------------------------------------------------------- */

/* The message handler given to lua_pcall by xpcall: runs the policy's handler (upvalue 1) only
 * for ordinary errors. When the budget or the deadline stopped the evaluation the error was
 * raised from the count hook, where Lua runs with hooks disabled, so the policy's handler
 * would run with no limit at all: it is skipped and the error travels on unchanged. */
static int xpcall_handler(lua_State *L) {
    psb_state *s = psb_state_of(L);
    if (s->abort_reason == PSB_ABORT_INSTRUCTIONS || s->abort_reason == PSB_ABORT_DEADLINE ||
        s->abort_reason == PSB_ABORT_OUTPUT)
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int w_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, xpcall_handler, 1);
    lua_replace(L, 2);                 /* f, handler, args... */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);               /* f, handler, true, f, args... */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (status != LUA_OK) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - 2;
}

/* ---- next and pairs ------------------------------------------------------------------ */

/* One next() call scans forward from the key to the next non-nil slot: on a table of a
 * million emptied slots that is a million steps per call, all inside one VM instruction.
 * Same behaviour as the base library's next; each call is charged one unit and checks the
 * deadline, so a loop of such calls stops at the next call instead of the next hook tick. The
 * length of the scan is not visible through the API, so the instruction budget undercounts it:
 * the deadline is what bounds such a loop (one call is at most one pass over the table). */
static int w_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    psb_charge(L, 1);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

/* pairs as in the base library, but its default iterator is the budgeted next (the stock one
 * would hand out the library's own next, which is not charged). */
static int w_pairs(lua_State *L) {
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
        lua_pushcfunction(L, w_next);
        lua_pushvalue(L, 1);
        lua_pushnil(L);
    } else {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
    }
    return 3;
}

void psb_libwrap_install(lua_State *L, int base_idx, int string_idx, int table_idx) {
    base_idx = lua_absindex(L, base_idx);
    string_idx = lua_absindex(L, string_idx);
    table_idx = lua_absindex(L, table_idx);
    static const luaL_Reg table_fns[] = {
        { "insert", w_insert }, { "remove", w_remove }, { "move", w_move },
        { "concat", w_concat }, { "unpack", w_unpack }, { "sort", w_sort }, { NULL, NULL } };
    for (const luaL_Reg *f = table_fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, table_idx, f->name);
    }
    lua_pushcfunction(L, w_rep);
    lua_setfield(L, string_idx, "rep");
    lua_pushcfunction(L, w_xpcall);
    lua_setfield(L, base_idx, "xpcall");
    lua_pushcfunction(L, w_next);
    lua_setfield(L, base_idx, "next");
    lua_pushcfunction(L, w_pairs);
    lua_setfield(L, base_idx, "pairs");
}
