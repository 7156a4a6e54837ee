/* Parapet's Lua sandbox: everything that may raise a Lua error lives in C.
 *
 * Lua raises errors with longjmp. A longjmp must never cross a Swift frame (Swift's cleanups
 * would be skipped), so this header is the whole of what Swift sees of Lua: it does not include
 * the Lua headers, and every function here either never raises or runs protected. Swift enters
 * Lua only through psb_load and psb_pcall; Swift callbacks run behind a C trampoline: they
 * return -1 with a message on the stack and the trampoline raises after Swift has returned. */
#ifndef PARAPET_LUASB_H
#define PARAPET_LUASB_H
#include <stddef.h>
#include <stdint.h>

typedef struct lua_State lua_State;

/* Status codes (the values of LUA_OK, LUA_ERRRUN, ... checked at compile time in bridge.c).
 * Macros, not an enum, so Swift sees them as Int32 like the statuses it compares them with. */
#define PSB_OK 0
#define PSB_YIELD 1
#define PSB_ERRRUN 2
#define PSB_ERRSYNTAX 3
#define PSB_ERRMEM 4
#define PSB_ERRERR 5
/* Value types (the values of LUA_TNONE, LUA_TNIL, ...). */
#define PSB_TNONE (-1)
#define PSB_TNIL 0
#define PSB_TBOOLEAN 1
#define PSB_TLIGHTUSERDATA 2
#define PSB_TNUMBER 3
#define PSB_TSTRING 4
#define PSB_TTABLE 5
#define PSB_TFUNCTION 6
#define PSB_TUSERDATA 7
#define PSB_TTHREAD 8
/* luaL_ref's "no reference". */
#define PSB_NOREF (-2)

/* Why an evaluation was stopped. The budget, the deadline and the output cap are sticky: once
 * hit, a policy's own pcall cannot swallow them. */
typedef enum psb_abort {
    PSB_ABORT_NONE = 0,
    PSB_ABORT_INSTRUCTIONS = 1, /* instruction budget (VM instructions + charged C work) */
    PSB_ABORT_MEMORY = 2,       /* the memory cap refused an allocation */
    PSB_ABORT_DEADLINE = 3,     /* wall-clock deadline (watchdog or clock) */
    PSB_ABORT_PATTERN_STEPS = 4,/* one pattern-matching call ran out of steps */
    PSB_ABORT_OUTPUT = 5,       /* the host's output cap (findings) */
    PSB_ABORT_HOST = 6          /* a host callback refused (for example a lookup path too long) */
} psb_abort;

/* A Swift function Lua can call. Must not raise. Returns the number of results, or -1 with
 * an error message on top of the stack, which the C trampoline then raises. */
typedef int (*psb_swiftfn)(lua_State *L, void *ctx);

/* A fact node as Lua sees it: a read-only userdata naming a node of a Swift fact arena. */
typedef struct psb_node {
    int32_t arena;
    int32_t index;
    uint32_t generation;
} psb_node;

lua_State *psb_newstate(int hook_granularity);
void psb_close(lua_State *L);
long long psb_now_ns(void);

/* Accounting of the state. */
size_t psb_used_bytes(lua_State *L);
/* Why the last psb_pcall / psb_load stopped (PSB_ABORT_NONE when it was an ordinary error). */
psb_abort psb_abort_reason(lua_State *L);
/* Records a host-side abort (output cap, host refusal) so the error is typed and sticky. */
void psb_set_abort_reason(lua_State *L, psb_abort reason);
void psb_set_pattern_steps(lua_State *L, long long steps);

/* Builds the allow-listed environment. PSB_OK, or an error code with the message on the stack. */
int psb_opensafe(lua_State *L);

/* Loads a text chunk (binary chunks are refused) and gives it a fresh _ENV whose reads fall
 * back to the safe environment. Pushes the function, or the error message. */
int psb_load(lua_State *L, const char *src, size_t len, const char *chunkname, size_t mem_limit);

/* Gives the function at idx a fresh _ENV (so globals a rule wrote in an earlier run are gone),
 * reading through to the base environment at baseidx (0 = the safe environment). Protected. */
int psb_fresh_env(lua_State *L, int idx, int baseidx);
/* 1 when the _ENV (upvalue 1) of the function at idx is a table with no entries. Never raises. */
int psb_env_is_empty(lua_State *L, int idx);

/* lua_pcall with a traceback handler, an instruction budget, a memory cap and a deadline
 * (each 0 = none). A limit hit inside the call cannot be caught by the policy's own pcall. The
 * deadline is enforced by a watchdog thread as well as by the clock, whatever the state is
 * doing: the count hook and every budgeted C function check the watchdog's flag. */
int psb_pcall(lua_State *L, int nargs, int nresults, long long max_instructions,
              size_t mem_limit, long long timeout_ns);

/* Pushes a C closure that calls fn(L, ctx) through the trampoline. */
void psb_pushswiftfn(lua_State *L, psb_swiftfn fn, void *ctx);

/* Host libraries (parse.*, pep440.*): functions written in Swift that the safe environment
 * offers to every rule, library module and plugin. C bounds and charges their input before Swift
 * runs, so a huge argument can neither hang the host nor escape the limits:
 *  - every call charges 1 + units_per_byte x (bytes of its string arguments) to the instruction
 *    budget (raising "instruction limit exceeded" when that is used up);
 *  - when `bounded`, string arguments of more than 1/PSB_HOST_INPUT_SHARE of the memory cap
 *    (PSB_HOST_INPUT_UNCAPPED bytes without a cap) are refused with an error naming the function.
 * Pushes the function (never raises except on a real out-of-memory, which aborts). */
#define PSB_HOST_INPUT_SHARE 16
#define PSB_HOST_INPUT_UNCAPPED ((size_t)64 << 20)
void psb_pushhostfn(lua_State *L, const char *name, psb_swiftfn fn, void *ctx, int units_per_byte,
                    int bounded);
/* Makes the table on top of the stack (popped) the read-only library `libname` of the safe
 * environment. Protected. */
int psb_set_library(lua_State *L, const char *libname);
/* Bytes the host holds on behalf of the state outside Lua's allocator (the arenas parse.* builds):
 * they count against the memory cap like Lua's own allocations. `delta` may be negative (the
 * host releases what it added). */
void psb_add_host_bytes(lua_State *L, long long delta);
/* Bytes the state may still use under the cap of the running evaluation (LLONG_MAX without
 * one). Signed, so Swift sees a number it can compare, never a wrapped -1. */
long long psb_memory_room(lua_State *L);

/* Fact nodes. The host registers its resolvers once per state:
 *  index(L): stack [node, key, mode]; mode 0 = field access (the document only),
 *            1 = fact.get(node, key), 2 = fact.lookup(node, path), 3 = fact.<name>(node), the
 *            node's metadata named by key (value, kind, …). Pushes exactly one value.
 *  length(L): stack [node]; pushes the length.
 *  next(L): stack [node, key]; pushes the next key and value, or a single nil. */
int psb_set_node_handlers(lua_State *L, psb_swiftfn index, psb_swiftfn length, psb_swiftfn next,
                          psb_swiftfn tostring, void *ctx);
/* Longest path fact.lookup(node, path) accepts, in bytes (longer paths are an error, charged nowhere). */
#define PSB_MAX_LOOKUP_PATH 4096
/* Pushes a node userdata (no Lua error: may only fail by aborting on real out-of-memory). */
void psb_pushnode(lua_State *L, int32_t arena, int32_t index, uint32_t generation);
/* 1 and fills *out when the value at idx is a fact node, 0 otherwise. Never raises. */
int psb_tonode(lua_State *L, int idx, psb_node *out);

/* Builds a pack's base environment: the safe environment plus import(name), which loads the
 * pack's lib modules once, and data(name). Stack: sources table {name -> text}, then the data
 * function (or nil); both are consumed and the read-only base is pushed. Protected. */
int psb_push_pack_env(lua_State *L, const char *packname);

/* Replaces the table of extra globals on top of the stack with a read-only environment base:
 * those globals, then the safe environment. Use with psb_fresh_env. Protected. */
int psb_push_env_base(lua_State *L);

/* Makes the table on top of the stack read-only (a proxy); protected. */
int psb_readonly(lua_State *L);

/* Marks a Lua table as a located plugin value: `located(value, line, column)` in plugins. */
void psb_push_located_fn(lua_State *L);
/* 1 when the value at idx was made by located(); fills line/column and leaves the value at idx. */
int psb_tolocated(lua_State *L, int idx, long long *line, long long *column);

/* Reads a string (with its length) without converting numbers in place. NULL if not a string. */
const char *psb_tostring(lua_State *L, int idx, size_t *len);

/* ---- the non-raising subset of the Lua API that Swift may use (bridge.c) ----------------
 * None of these runs a metamethod or raises a Lua error. Allocating ones (push, createtable,
 * rawset, ref) are never refused by the memory cap while Swift runs; a real out-of-memory
 * aborts the process (never a longjmp). */
int psb_gettop(lua_State *L);
void psb_settop(lua_State *L, int idx);
void psb_pop(lua_State *L, int n);
int psb_absindex(lua_State *L, int idx);
int psb_checkstack(lua_State *L, int n);
int psb_type(lua_State *L, int idx);
const char *psb_typename(lua_State *L, int type);
int psb_toboolean(lua_State *L, int idx);
int psb_isinteger(lua_State *L, int idx);
long long psb_tointeger(lua_State *L, int idx);
double psb_tonumber(lua_State *L, int idx);
const void *psb_topointer(lua_State *L, int idx);
unsigned long long psb_rawlen(lua_State *L, int idx);
void psb_pushnil(lua_State *L);
void psb_pushboolean(lua_State *L, int b);
void psb_pushinteger(lua_State *L, long long n);
void psb_pushnumber(lua_State *L, double n);
void psb_pushlstring(lua_State *L, const char *s, size_t len);
void psb_pushvalue(lua_State *L, int idx);
void psb_createtable(lua_State *L, int narr, int nrec);
/* t[k] = v with t at idx, k and v on top (popped). Refuses (returns 0, pops both) when t is not
 * a table or k is nil or NaN, where lua_rawset would raise. */
int psb_rawset(lua_State *L, int idx);
/* t[n] = v with t at idx, v on top (popped). 0 (and pops v) when t is not a table. */
int psb_rawseti(lua_State *L, int idx, long long n);
/* Pushes t[k] (k on top is replaced); pushes nil when t is not a table. Returns the type. */
int psb_rawget(lua_State *L, int idx);
int psb_rawgeti(lua_State *L, int idx, long long n);
/* lua_next on the table at idx with the key on top. Only for keys lua_next itself returned,
 * with the table unchanged meanwhile (the only way lua_next could raise is an unknown key). */
int psb_next(lua_State *L, int idx);
/* Registry references. */
int psb_ref(lua_State *L);
void psb_unref(lua_State *L, int ref);
void psb_pushref(lua_State *L, int ref);
/* Pushes registry[name] (a raw read). */
void psb_push_registry_field(lua_State *L, const char *name);

#endif
