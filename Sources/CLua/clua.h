#ifndef PARAPET_CLUA_H
#define PARAPET_CLUA_H
/* Lua 5.4 headers. Debian keeps them under lua5.4/; other layouts come through pkg-config's -I. */
#if __has_include(<lua5.4/lua.h>)
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>
#else
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#endif

/* Swift imports no function-like macros; these inline functions stand in for the few we use.
   None of them can raise a Lua error. */
static inline void clua_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline void clua_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
#endif
