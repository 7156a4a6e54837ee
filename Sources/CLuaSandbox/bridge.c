/* The non-raising subset of the Lua API that Swift may call (see include/luasb.h). Swift does
 * not import the Lua headers at all, so a call that could raise cannot be written in Swift by
 * mistake: it has to be added here first, where the rule is visible. */
#include "psb_internal.h"
#include <math.h>

_Static_assert(PSB_OK == LUA_OK && PSB_ERRRUN == LUA_ERRRUN && PSB_ERRSYNTAX == LUA_ERRSYNTAX &&
               PSB_ERRMEM == LUA_ERRMEM && PSB_ERRERR == LUA_ERRERR && PSB_YIELD == LUA_YIELD,
               "status codes");
_Static_assert(PSB_TNONE == LUA_TNONE && PSB_TNIL == LUA_TNIL && PSB_TBOOLEAN == LUA_TBOOLEAN &&
               PSB_TLIGHTUSERDATA == LUA_TLIGHTUSERDATA && PSB_TNUMBER == LUA_TNUMBER &&
               PSB_TSTRING == LUA_TSTRING && PSB_TTABLE == LUA_TTABLE &&
               PSB_TFUNCTION == LUA_TFUNCTION && PSB_TUSERDATA == LUA_TUSERDATA &&
               PSB_TTHREAD == LUA_TTHREAD, "type tags");
_Static_assert(PSB_NOREF == LUA_NOREF, "LUA_NOREF");

int psb_gettop(lua_State *L) { return lua_gettop(L); }
/* Swift never creates to-be-closed slots, so lua_settop closes nothing and cannot raise. */
void psb_settop(lua_State *L, int idx) { lua_settop(L, idx); }
void psb_pop(lua_State *L, int n) { lua_settop(L, -n - 1); }
int psb_absindex(lua_State *L, int idx) { return lua_absindex(L, idx); }
int psb_checkstack(lua_State *L, int n) { return lua_checkstack(L, n); }
int psb_type(lua_State *L, int idx) { return lua_type(L, idx); }
const char *psb_typename(lua_State *L, int type) { return lua_typename(L, type); }
int psb_toboolean(lua_State *L, int idx) { return lua_toboolean(L, idx); }
int psb_isinteger(lua_State *L, int idx) { return lua_isinteger(L, idx); }
long long psb_tointeger(lua_State *L, int idx) { return (long long)lua_tointegerx(L, idx, NULL); }
double psb_tonumber(lua_State *L, int idx) { return (double)lua_tonumberx(L, idx, NULL); }
const void *psb_topointer(lua_State *L, int idx) { return lua_topointer(L, idx); }
unsigned long long psb_rawlen(lua_State *L, int idx) { return (unsigned long long)lua_rawlen(L, idx); }
void psb_pushnil(lua_State *L) { lua_pushnil(L); }
void psb_pushboolean(lua_State *L, int b) { lua_pushboolean(L, b); }
void psb_pushinteger(lua_State *L, long long n) { lua_pushinteger(L, (lua_Integer)n); }
void psb_pushnumber(lua_State *L, double n) { lua_pushnumber(L, (lua_Number)n); }
void psb_pushlstring(lua_State *L, const char *s, size_t len) { lua_pushlstring(L, s, len); }
void psb_pushvalue(lua_State *L, int idx) { lua_pushvalue(L, idx); }
void psb_createtable(lua_State *L, int narr, int nrec) {
    lua_createtable(L, narr < 0 ? 0 : narr, nrec < 0 ? 0 : nrec);
}

int psb_rawset(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    int kt = lua_type(L, -2);
    if (lua_type(L, idx) != LUA_TTABLE || kt == LUA_TNIL ||
        (kt == LUA_TNUMBER && !lua_isinteger(L, -2) && isnan(lua_tonumberx(L, -2, NULL)))) {
        lua_settop(L, -3);
        return 0;
    }
    lua_rawset(L, idx);
    return 1;
}

int psb_rawseti(lua_State *L, int idx, long long n) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) { lua_settop(L, -2); return 0; }
    lua_rawseti(L, idx, (lua_Integer)n);
    return 1;
}

int psb_rawget(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) { lua_settop(L, -2); lua_pushnil(L); return LUA_TNIL; }
    return lua_rawget(L, idx);
}

int psb_rawgeti(lua_State *L, int idx, long long n) {
    if (lua_type(L, idx) != LUA_TTABLE) { lua_pushnil(L); return LUA_TNIL; }
    return lua_rawgeti(L, idx, (lua_Integer)n);
}

int psb_next(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) { lua_settop(L, -2); return 0; }
    return lua_next(L, idx);
}

int psb_ref(lua_State *L) { return luaL_ref(L, LUA_REGISTRYINDEX); }
void psb_unref(lua_State *L, int ref) { luaL_unref(L, LUA_REGISTRYINDEX, ref); }
void psb_pushref(lua_State *L, int ref) { lua_rawgeti(L, LUA_REGISTRYINDEX, (lua_Integer)ref); }
void psb_push_registry_field(lua_State *L, const char *name) {
    lua_pushstring(L, name);
    lua_rawget(L, LUA_REGISTRYINDEX);
}

int psb_env_is_empty(lua_State *L, int idx) {
    int top = lua_gettop(L);
    int empty = 1;
    if (!lua_checkstack(L, 3)) return 0;
    if (lua_getupvalue(L, idx, 1) != NULL && lua_type(L, -1) == LUA_TTABLE) {
        lua_pushnil(L);
        if (lua_next(L, -2)) empty = 0;
    }
    lua_settop(L, top);
    return empty;
}
