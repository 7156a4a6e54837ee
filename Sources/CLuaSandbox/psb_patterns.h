#ifndef PSB_PATTERNS_H
#define PSB_PATTERNS_H
/*
 * Budgeted replacements for Lua 5.4's string.find, string.match, string.gmatch and string.gsub.
 *
 * The stock implementations backtrack inside a single C call, so the VM count hook never gets a
 * chance to stop a pathological pattern. These versions have the same observable semantics but
 * count matching steps and raise a Lua error when a per-call step budget or a wall-clock
 * deadline is exceeded.
 */
#if __has_include(<lua5.4/lua.h>)
#include <lua5.4/lua.h>
#else
#include <lua.h>
#endif
#include <stdatomic.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Limits shared by every pattern function installed with the same pointer. The host owns the
 * struct (it must outlive the lua_State) and may change the fields between calls, typically
 * before each policy evaluation. The fields are read at the start of every pattern call (and of
 * every gmatch iterator step), never cached across calls.
 */
typedef struct {
    long long max_steps;   /* matching steps allowed per pattern call; 0 = unlimited */
    long long deadline_ns; /* absolute CLOCK_MONOTONIC time in ns; 0 = no deadline */
    atomic_int *expired;   /* set by the sandbox's watchdog thread when the deadline passed; may be NULL */
    int step_limit_hit;    /* set to 1 when a call ran out of steps (the host's typed abort reason) */
} psb_pattern_limits;

/*
 * Replaces find, match, gmatch and gsub in the table at string_table_index (normally the real
 * string library table, so the string metatable's __index sees them too). `limits` is stored as a
 * light userdata upvalue of each closure; NULL means unlimited.
 *
 * May raise a Lua error (memory, or a __newindex metamethod on the table): call it from a
 * protected context such as a C function run under lua_pcall.
 *
 * Errors raised by the installed functions when a limit is hit:
 *   "pattern too complex (step limit exceeded)"
 *   "time limit exceeded in pattern matching"
 */
void psb_patterns_install(lua_State *L, int string_table_index, psb_pattern_limits *limits);

#ifdef __cplusplus
}
#endif
#endif /* PSB_PATTERNS_H */
