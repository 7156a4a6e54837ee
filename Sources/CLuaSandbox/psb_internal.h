/* Private to the C sandbox: the per-state accounting, the budget every wrapped C function
 * charges, and the wall-clock watchdog. Swift never sees this header (it is not under
 * include/), so Swift cannot reach the Lua API through it. */
#ifndef PARAPET_PSB_INTERNAL_H
#define PARAPET_PSB_INTERNAL_H
#include <stdatomic.h>
#include <stddef.h>
#include "../CLua/clua.h"
#include "include/luasb.h"
#include "psb_patterns.h"

/* The watchdog's record of one armed evaluation (one per state; see watchdog.c). */
typedef struct psb_watch {
    struct psb_watch *next, *prev;
    long long deadline_ns;
    atomic_int *expired;
    int armed;
} psb_watch;

/* Per-state accounting, reachable from any thread of the state through lua_getallocf. */
typedef struct psb_state {
    size_t used, peak;
    size_t limit;            /* memory cap in bytes while enforce != 0 */
    int enforce;             /* the cap applies (inside psb_pcall / psb_load only) */
    int suspend;             /* > 0 while Swift runs: allocations are never refused then */
    int granularity;         /* count-hook period, in VM instructions */
    int hooked;              /* the count hook is installed (inside psb_pcall with limits) */
    lua_Hook hook_fn;
    psb_abort abort_reason;  /* sticky for the budget and the deadline */
    long long max_instructions;
    long long instructions;  /* VM instructions plus what wrapped C functions charged */
    long long deadline_ns;   /* CLOCK_MONOTONIC, 0 = none */
    long long pattern_steps; /* budget for one pattern-matching call, 0 = unlimited */
    unsigned clock_tick;     /* wrapped functions read the clock every 1024 charges */
    atomic_int expired;      /* set by the watchdog thread when the deadline passes */
    psb_watch watch;
    psb_pattern_limits patterns;
} psb_state;

psb_state *psb_state_of(lua_State *L);

/* Charges `units` of work (one unit ~ one VM instruction) to the evaluation's instruction
 * budget and checks the deadline; raises a Lua error when either is used up. Every C library
 * function whose work is not bounded by the size of its input calls this in its loops. Raises:
 * call only from C functions that Lua called. */
void psb_charge(lua_State *L, long long units);

/* Replaces the unbounded functions of the real base, string and table libraries (at the given
 * stack indices) with budgeted ones. Raises on memory errors: run protected. */
void psb_libwrap_install(lua_State *L, int base_idx, int string_idx, int table_idx);

/* The watchdog: a single process-wide thread that sets *expired when deadline_ns passes,
 * unless the watch is disarmed first. Never touches the Lua state. */
void psb_watchdog_arm(psb_watch *w, long long deadline_ns, atomic_int *expired);
void psb_watchdog_disarm(psb_watch *w);

#endif
