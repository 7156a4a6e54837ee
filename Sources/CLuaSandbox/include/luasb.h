/* Parapet's Lua sandbox: everything that may raise a Lua error lives in C.
 *
 * Lua raises errors with longjmp. A longjmp must never cross a Swift frame (Swift's cleanups
 * would be skipped), so Swift enters Lua only through the protected entry points below, and
 * Swift callbacks run behind a C trampoline: they return -1 with a message on the stack and the
 * trampoline raises after Swift has returned. */
#ifndef PARAPET_LUASB_H
#define PARAPET_LUASB_H
#include <stddef.h>
#include <stdint.h>
#include "../../CLua/clua.h"

/* Per-state accounting, reachable from any thread of the state through lua_getallocf. */
typedef struct psb_state {
    size_t used, peak;
    size_t limit;           /* memory cap in bytes while enforce != 0 */
    int enforce;            /* the cap applies (inside psb_pcall / psb_load only) */
    int suspend;            /* > 0 while Swift runs: allocations are never refused then */
    int granularity;        /* count-hook period, in VM instructions */
    int abort_reason;       /* 0 none, 1 instruction budget, 2 memory, 3 deadline */
    long long max_instructions;
    long long instructions;
    long long deadline_ns;  /* CLOCK_MONOTONIC, 0 = none */
    long long pattern_steps;/* budget for one pattern-matching call, 0 = unlimited */
} psb_state;

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
psb_state *psb_get(lua_State *L);
long long psb_now_ns(void);

/* Builds the allow-listed environment. LUA_OK, or an error code with the message on the stack. */
int psb_opensafe(lua_State *L);

/* Loads a text chunk (binary chunks are refused) and gives it a fresh _ENV whose reads fall
 * back to the safe environment. Pushes the function, or the error message. */
int psb_load(lua_State *L, const char *src, size_t len, const char *chunkname, size_t mem_limit);

/* Gives the function at idx a fresh _ENV (so globals a rule wrote in an earlier run are gone),
 * reading through to the base environment at baseidx (0 = the safe environment). Protected. */
int psb_fresh_env(lua_State *L, int idx, int baseidx);

/* lua_pcall with a traceback handler, an instruction budget, a memory cap and a deadline
 * (each 0 = none). A limit hit inside the call cannot be caught by the policy's own pcall. */
int psb_pcall(lua_State *L, int nargs, int nresults, long long max_instructions,
              size_t mem_limit, long long timeout_ns);

/* Pushes a C closure that calls fn(L, ctx) through the trampoline. */
void psb_pushswiftfn(lua_State *L, psb_swiftfn fn, void *ctx);

/* Fact nodes. The host registers its resolvers once per state:
 *  index(L): stack [node, key, mode]; mode 0 = field access, 1 = :get(key), 2 = :lookup(path).
 *            Pushes exactly one value.
 *  length(L): stack [node]; pushes the length.
 *  next(L): stack [node, key]; pushes the next key and value, or a single nil. */
int psb_set_node_handlers(lua_State *L, psb_swiftfn index, psb_swiftfn length, psb_swiftfn next,
                          psb_swiftfn tostring, void *ctx);
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

#endif
