/*
 * patterns.c - a budgeted implementation of Lua 5.4 pattern matching.
 *
 * Written from the pattern rules in the Lua 5.4 reference manual (section 6.4.1) and the
 * documented behaviour of string.find/match/gmatch/gsub. It exists because the stock matcher
 * can backtrack for an exponential amount of time inside one C call, where the VM's count hook
 * cannot interrupt it. Here every unit of matching work is charged to a per-call step counter;
 * exceeding the budget, or passing the host's wall-clock deadline, raises a Lua error.
 *
 * Design notes:
 *  - Subjects and patterns are handled as (pointer, length) pairs and indexed with size_t, so
 *    embedded NUL bytes are ordinary characters and nothing ever reads past the end.
 *  - The matcher is a recursive backtracker. Recursion happens only where backtracking needs a
 *    resumption point (captures, '?', '*', '+', '-'); plain sequences loop. Nesting is capped at
 *    PSB_MAX_DEPTH levels so a hostile pattern cannot exhaust the C stack; the cap mirrors the
 *    stock limit so the same patterns are accepted.
 *  - Errors are raised with luaL_error (a longjmp). Nothing allocated outside the Lua heap is
 *    live while matching, so unwinding from any depth leaks nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem() on glibc; it is a default extension on the BSDs/macOS */
#endif

#include "psb_patterns.h"

#if __has_include(<lua5.4/lauxlib.h>)
#include <lua5.4/lauxlib.h>
#else
#include <lauxlib.h>
#endif

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

/* Same capture limit as stock Lua (LUA_MAXCAPTURES), so the same patterns are legal. */
#define PSB_MAX_CAPTURES 32
/* Same nesting limit as stock Lua (MAXCCALLS in lstrlib), for the same reason. */
#define PSB_MAX_DEPTH 200
/* Steps between clock reads: reading the clock is far dearer than a step. */
#define PSB_CLOCK_INTERVAL 4096
/* Steps charged per this many bytes of bulk work (back-reference compares, long sets). */
#define PSB_BYTES_PER_STEP 16

/* Capture lengths that are not lengths. */
#define CAP_OPEN (-1)     /* '(' seen, matching ')' not yet reached */
#define CAP_POSITION (-2) /* '()' position capture */

/* "No match" result of the matching functions (a real result is an index <= subject length). */
#define NO_MATCH SIZE_MAX

typedef struct {
    lua_State *L;
    const unsigned char *src; /* subject */
    size_t src_len;
    const unsigned char *pat; /* whole pattern, including any leading '^' */
    size_t pat_len;
    int level; /* number of captures opened so far (closed or not) */
    int depth; /* current nesting of match() calls */
    struct {
        size_t start;
        ptrdiff_t len; /* byte length, CAP_OPEN or CAP_POSITION */
    } cap[PSB_MAX_CAPTURES];
    /* Budget bookkeeping: `steps` only grows during one API call. When it reaches
       `next_checkpoint` we look at the limits (and maybe the clock); keeping a single compare on
       the hot path is what makes the counting cheap. */
    long long steps;
    long long next_checkpoint;
    long long max_steps;
    long long deadline_ns;
    psb_pattern_limits *limits; /* for the watchdog's flag and the typed abort reason */
} Matcher;

/* ------------------------------------------------------------------------------------------ */
/* Budget                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static long long monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sets the next point at which charge() must stop and look: the next clock read, or the first
   step beyond the budget, whichever is sooner. */
static void plan_checkpoint(Matcher *m) {
    long long next = m->steps + PSB_CLOCK_INTERVAL;
    /* Written as a difference so a budget near LLONG_MAX cannot overflow. */
    if (m->max_steps > 0 && m->max_steps - m->steps < PSB_CLOCK_INTERVAL)
        next = m->max_steps + 1;
    m->next_checkpoint = next;
}

static void checkpoint(Matcher *m) {
    if (m->max_steps > 0 && m->steps > m->max_steps) {
        if (m->limits)
            m->limits->step_limit_hit = 1;
        luaL_error(m->L, "pattern too complex (step limit exceeded)");
    }
    /* The watchdog's flag first: it is one load, and it covers a host whose clock reads are slow. */
    if (m->limits && m->limits->expired &&
        atomic_load_explicit(m->limits->expired, memory_order_relaxed))
        luaL_error(m->L, "time limit exceeded in pattern matching");
    if (m->deadline_ns > 0 && monotonic_ns() >= m->deadline_ns)
        luaL_error(m->L, "time limit exceeded in pattern matching");
    plan_checkpoint(m);
}

/* Records `n` steps of work. */
static inline void charge(Matcher *m, long long n) {
    m->steps += n;
    if (m->steps >= m->next_checkpoint)
        checkpoint(m);
}

/* Prepares a matcher for one API call. The limits are read now, not cached across calls, so the
   host's updates between evaluations always take effect. */
static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp, const psb_pattern_limits *limits) {
    m->L = L;
    m->src = (const unsigned char *)s;
    m->src_len = ls;
    m->pat = (const unsigned char *)p;
    m->pat_len = lp;
    m->level = 0;
    m->depth = 0;
    m->steps = 0;
    m->max_steps = limits ? limits->max_steps : 0;
    m->deadline_ns = limits ? limits->deadline_ns : 0;
    m->limits = (psb_pattern_limits *)limits;
    if (m->max_steps < 0)
        m->max_steps = 0;
    plan_checkpoint(m);
}

/* Forgets captures before a new match attempt (the step count deliberately survives: the budget
   covers the whole API call, not one starting position). */
static void matcher_reset(Matcher *m) {
    m->level = 0;
    m->depth = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Single-character classes                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* Does byte c belong to class letter cl (the character after '%')? Letters name ctype classes,
   upper case meaning the complement; any other character stands for itself. */
static int class_match(int c, int cl) {
    int hit;
    switch (tolower(cl)) {
    case 'a': hit = isalpha(c); break;
    case 'c': hit = iscntrl(c); break;
    case 'd': hit = isdigit(c); break;
    case 'g': hit = isgraph(c); break;
    case 'l': hit = islower(c); break;
    case 'p': hit = ispunct(c); break;
    case 's': hit = isspace(c); break;
    case 'u': hit = isupper(c); break;
    case 'w': hit = isalnum(c); break;
    case 'x': hit = isxdigit(c); break;
    /* Not in the 5.4 manual, but still accepted by the 5.4 interpreter (a 5.1 leftover):
       '%z' is the NUL byte. Kept so existing policies behave identically. */
    case 'z': hit = (c == 0); break;
    default: return cl == c;
    }
    hit = hit != 0;
    return isupper(cl) ? !hit : hit;
}

/* Returns the index just past the single-character class starting at pattern index p (a plain
   character, '.', '%x' or a '[...]' set). Raises on malformed classes. */
static size_t class_end(Matcher *m, size_t p) {
    const unsigned char *pat = m->pat;
    size_t end = m->pat_len;
    unsigned char c = pat[p++];
    if (c == '%') {
        if (p >= end)
            luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (p < end && pat[p] == '^')
            p++;
        /* The first member is consumed before looking for the closing bracket, which is what
           makes "[]]" and "[^]]" sets containing ']'. An escape hides the byte after it. */
        do {
            if (p >= end)
                luaL_error(m->L, "malformed pattern (missing ']')");
            c = pat[p++];
            if (c == '%' && p < end)
                p++;
        } while (p >= end || pat[p] != ']');
        return p + 1;
    }
    return p;
}

/* Does byte c belong to the set whose '[' is at index p and whose closing ']' is at index close?
   The set was already validated by class_end(). */
static int set_match(Matcher *m, int c, size_t p, size_t close) {
    const unsigned char *pat = m->pat;
    int inside = 1; /* result when c is listed; flipped by a leading '^' */
    /* Long sets make one step arbitrarily expensive; charge for their size so the clock is still
       read often enough. */
    if (close - p > PSB_BYTES_PER_STEP)
        charge(m, (long long)((close - p) / PSB_BYTES_PER_STEP));
    p++;
    if (pat[p] == '^') {
        inside = 0;
        p++;
    }
    while (p < close) {
        if (pat[p] == '%') {
            /* escaped class or character */
            if (class_match(c, pat[p + 1]))
                return inside;
            p += 2;
        } else if (p + 2 < close && pat[p + 1] == '-') {
            /* range x-y; a '-' right before ']' is literal */
            if (pat[p] <= c && c <= pat[p + 2])
                return inside;
            p += 3;
        } else {
            if (pat[p] == c)
                return inside;
            p++;
        }
    }
    return !inside;
}

/* Does the subject byte at s match the class spanning pattern [p, ep)? False at end of subject. */
static int single_match(Matcher *m, size_t s, size_t p, size_t ep) {
    int c;
    charge(m, 1);
    if (s >= m->src_len)
        return 0;
    c = m->src[s];
    switch (m->pat[p]) {
    case '.': return 1;
    case '%': return class_match(c, m->pat[p + 1]);
    case '[': return set_match(m, c, p, ep - 1);
    default: return m->pat[p] == c;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The matcher                                                                                */
/* ------------------------------------------------------------------------------------------ */

static size_t match(Matcher *m, size_t s, size_t p);

/* '%bxy' with pattern index p at 'x': a balanced run starting at s. */
static size_t match_balance(Matcher *m, size_t s, size_t p) {
    unsigned char open, close;
    int depth = 1;
    if (p + 1 >= m->pat_len)
        luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->src_len || m->src[s] != m->pat[p])
        return NO_MATCH;
    open = m->pat[p];
    close = m->pat[p + 1];
    /* The closer is tested first, so with x == y the next 'y' always closes. */
    for (s++; s < m->src_len; s++) {
        charge(m, 1);
        if (m->src[s] == close) {
            if (--depth == 0)
                return s + 1;
        } else if (m->src[s] == open) {
            depth++;
        }
    }
    return NO_MATCH;
}

/* '%1'..'%9' (digit is the byte after '%'): the text of an earlier, closed capture, again. */
static size_t match_backref(Matcher *m, size_t s, int digit) {
    int i = digit - '1';
    size_t len;
    if (i < 0 || i >= m->level || m->cap[i].len == CAP_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", i + 1); /* 5.4.4's wording */
    /* A position capture has no text; a reference to it can never match. */
    if (m->cap[i].len == CAP_POSITION)
        return NO_MATCH;
    len = (size_t)m->cap[i].len;
    charge(m, (long long)(len / PSB_BYTES_PER_STEP));
    if (m->src_len - s >= len && memcmp(m->src + m->cap[i].start, m->src + s, len) == 0)
        return s + len;
    return NO_MATCH;
}

/* Opens capture `kind` (CAP_OPEN or CAP_POSITION) at s and matches the rest from p. */
static size_t open_capture(Matcher *m, size_t s, size_t p, ptrdiff_t kind) {
    size_t r;
    if (m->level >= PSB_MAX_CAPTURES)
        luaL_error(m->L, "too many captures");
    m->cap[m->level].start = s;
    m->cap[m->level].len = kind;
    m->level++;
    r = match(m, s, p);
    if (r == NO_MATCH)
        m->level--; /* backtracking: the capture never happened */
    return r;
}

/* ')' at s: closes the innermost open capture and matches the rest from p. */
static size_t close_capture(Matcher *m, size_t s, size_t p) {
    int i;
    size_t r;
    for (i = m->level - 1; i >= 0; i--)
        if (m->cap[i].len == CAP_OPEN)
            break;
    if (i < 0)
        luaL_error(m->L, "invalid pattern capture");
    m->cap[i].len = (ptrdiff_t)(s - m->cap[i].start);
    r = match(m, s, p);
    if (r == NO_MATCH)
        m->cap[i].len = CAP_OPEN; /* backtracking: reopen it */
    return r;
}

/* Greedy repetition of class [p, ep) starting at s, then the rest after the quantifier: take as
   many as possible, then give them back one by one. */
static size_t match_greedy(Matcher *m, size_t s, size_t p, size_t ep) {
    size_t n = 0, r;
    while (single_match(m, s + n, p, ep))
        n++;
    for (;;) {
        r = match(m, s + n, ep + 1);
        if (r != NO_MATCH || n == 0)
            return r;
        n--;
    }
}

/* Lazy repetition ('-'): try the rest first, and only consume one more on failure. */
static size_t match_lazy(Matcher *m, size_t s, size_t p, size_t ep) {
    for (;;) {
        size_t r = match(m, s, ep + 1);
        if (r != NO_MATCH)
            return r;
        if (!single_match(m, s, p, ep))
            return NO_MATCH;
        s++;
    }
}

/* Body of match(): matches pattern suffix p against the subject at s, returning the end of the
   match or NO_MATCH. Items that need no backtracking loop here instead of recursing. */
static size_t match_here(Matcher *m, size_t s, size_t p) {
    const unsigned char *pat = m->pat;
    size_t end = m->pat_len;
    for (;;) {
        size_t ep;
        unsigned char quant;
        if (p == end)
            return s;
        switch (pat[p]) {
        case '(':
            if (p + 1 < end && pat[p + 1] == ')')
                return open_capture(m, s, p + 2, CAP_POSITION);
            return open_capture(m, s, p + 1, CAP_OPEN);
        case ')':
            return close_capture(m, s, p + 1);
        case '$':
            /* Only a final '$' anchors; elsewhere it is an ordinary character. */
            if (p + 1 == end)
                return s == m->src_len ? s : NO_MATCH;
            break;
        case '%':
            if (p + 1 >= end)
                break; /* class_end() reports the dangling '%' */
            switch (pat[p + 1]) {
            case 'b':
                s = match_balance(m, s, p + 2);
                if (s == NO_MATCH)
                    return NO_MATCH;
                p += 4;
                continue;
            case 'f': {
                int before, here;
                p += 2;
                if (p >= end || pat[p] != '[')
                    luaL_error(m->L, "missing '[' after '%%f' in pattern");
                ep = class_end(m, p);
                /* The string is treated as framed by '\0' on both sides. */
                before = s == 0 ? 0 : m->src[s - 1];
                here = s < m->src_len ? m->src[s] : 0;
                charge(m, 1);
                if (set_match(m, before, p, ep - 1) || !set_match(m, here, p, ep - 1))
                    return NO_MATCH;
                p = ep;
                continue;
            }
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
                s = match_backref(m, s, pat[p + 1]);
                if (s == NO_MATCH)
                    return NO_MATCH;
                p += 2;
                continue;
            default:
                break;
            }
            break;
        default:
            break;
        }

        /* A single-character class, possibly followed by a quantifier. */
        ep = class_end(m, p);
        quant = ep < end ? pat[ep] : 0;
        if (!single_match(m, s, p, ep)) {
            /* Quantifiers that accept zero repetitions let the pattern go on. */
            if (quant == '*' || quant == '?' || quant == '-') {
                p = ep + 1;
                continue;
            }
            return NO_MATCH;
        }
        switch (quant) {
        case '?': {
            size_t r = match(m, s + 1, ep + 1);
            if (r != NO_MATCH)
                return r;
            p = ep + 1; /* the one-char option failed: try with zero */
            continue;
        }
        case '+':
            return match_greedy(m, s + 1, p, ep);
        case '*':
            return match_greedy(m, s, p, ep);
        case '-':
            return match_lazy(m, s, p, ep);
        default:
            s++;
            p = ep;
            continue;
        }
    }
}

/* Every resumption point goes through here, so this is where nesting is bounded. */
static size_t match(Matcher *m, size_t s, size_t p) {
    size_t r;
    if (m->depth >= PSB_MAX_DEPTH)
        luaL_error(m->L, "pattern too complex");
    m->depth++;
    charge(m, 1);
    r = match_here(m, s, p);
    m->depth--;
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Captures to Lua values                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* Pushes capture i of the match [s, e). With no captures at all, "capture 0" is the whole match,
   which is what gsub's '%1' and a table lookup rely on. */
static void push_capture(Matcher *m, int i, size_t s, size_t e) {
    if (i >= m->level) {
        if (i != 0)
            luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, (const char *)m->src + s, e - s);
    } else if (m->cap[i].len == CAP_OPEN) {
        luaL_error(m->L, "unfinished capture");
    } else if (m->cap[i].len == CAP_POSITION) {
        lua_pushinteger(m->L, (lua_Integer)m->cap[i].start + 1);
    } else {
        lua_pushlstring(m->L, (const char *)m->src + m->cap[i].start, (size_t)m->cap[i].len);
    }
}

/* Pushes all captures; with none, the whole match [s, e) if `whole` is set (match, gmatch,
   gsub callbacks) and nothing otherwise (find). Returns the number of values pushed. */
static int push_captures(Matcher *m, size_t s, size_t e, int whole) {
    int n = (m->level == 0 && whole) ? 1 : m->level;
    int i;
    luaL_checkstack(m->L, n, "too many captures");
    for (i = 0; i < n; i++)
        push_capture(m, i, s, e);
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Library functions                                                                          */
/* ------------------------------------------------------------------------------------------ */

static const psb_pattern_limits *limits_upvalue(lua_State *L, int index) {
    return (const psb_pattern_limits *)lua_touserdata(L, lua_upvalueindex(index));
}

/* Converts a 1-based, possibly negative Lua start position into a 0-based offset. Positions
   before the start clamp to 0; positions after the end are returned as is (callers decide). */
static size_t start_offset(lua_Integer pos, size_t len) {
    if (pos > 0)
        return (size_t)pos - 1;
    if (pos == 0 || pos < -(lua_Integer)len)
        return 0;
    return len - (size_t)(-pos);
}

/* True if the pattern uses any magic character; otherwise find may search for it literally.
   (']' and ')' alone are not in the list: that is how stock Lua decides too.) */
static int has_specials(const char *p, size_t lp) {
    size_t i;
    for (i = 0; i < lp; i++) {
        switch (p[i]) {
        case '^': case '$': case '*': case '+': case '?':
        case '.': case '(': case '[': case '%': case '-':
            return 1;
        default:
            break;
        }
    }
    return 0;
}

/* Literal substring search; memmem is linear time on glibc and macOS, so it needs no budget. */
static const char *plain_search(const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0)
        return s;
    if (lp > ls)
        return NULL;
    return (const char *)memmem(s, ls, p, lp);
}

/* Shared body of find (is_find = 1) and match (is_find = 0). */
static int find_or_match(lua_State *L, int is_find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L); /* starting beyond the end (an empty match at ls + 1 is allowed) */
        return 1;
    }
    if (is_find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *hit = plain_search(s + init, ls - init, p, lp);
        if (hit != NULL) {
            lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)(hit - s + lp));
            return 2;
        }
    } else {
        Matcher m;
        int anchored = lp > 0 && p[0] == '^';
        size_t pstart = anchored ? 1 : 0;
        size_t pos = init;
        matcher_init(&m, L, s, ls, p, lp, limits_upvalue(L, 1));
        for (;;) {
            size_t e;
            matcher_reset(&m);
            e = match(&m, pos, pstart);
            if (e != NO_MATCH) {
                if (is_find) {
                    lua_pushinteger(L, (lua_Integer)pos + 1);
                    lua_pushinteger(L, (lua_Integer)e);
                    return 2 + push_captures(&m, pos, e, 0);
                }
                return push_captures(&m, pos, e, 1);
            }
            /* Every start position is tried, including the empty tail at ls. */
            if (anchored || pos >= ls)
                break;
            pos++;
        }
    }
    luaL_pushfail(L);
    return 1;
}

static int psb_find(lua_State *L) {
    return find_or_match(L, 1);
}

static int psb_match(lua_State *L) {
    return find_or_match(L, 0);
}

/* State of one gmatch iterator (a userdata upvalue). Offsets, not pointers, into the subject. */
typedef struct {
    size_t pos;  /* where the next search starts; > subject length once exhausted */
    size_t last; /* end of the previous match, or NO_MATCH */
} GmatchState;

/* The iterator. Upvalues: subject, pattern, GmatchState, limits. */
static int gmatch_step(lua_State *L) {
    size_t ls, lp, pos;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    GmatchState *g = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp, limits_upvalue(L, 4));
    /* '^' is not an anchor here: the pattern is matched as written at every position. */
    for (pos = g->pos; pos <= ls; pos++) {
        size_t e;
        matcher_reset(&m);
        e = match(&m, pos, 0);
        /* An empty match right where the previous match ended is skipped, so "()" over "abc"
           yields 1, 2, 3, 4 and "a*" does not report an empty match after each run of a's. */
        if (e != NO_MATCH && e != g->last) {
            g->pos = g->last = e;
            return push_captures(&m, pos, e, 1);
        }
    }
    g->pos = ls + 1;
    return 0;
}

static int psb_gmatch(lua_State *L) {
    size_t ls, lp;
    size_t init;
    GmatchState *g;
    luaL_checklstring(L, 1, &ls);
    luaL_checklstring(L, 2, &lp);
    init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls)
        init = ls + 1; /* nothing to iterate */
    lua_settop(L, 2); /* the (possibly number-converted) subject and pattern become upvalues */
    g = (GmatchState *)lua_newuserdatauv(L, sizeof *g, 0);
    g->pos = init;
    g->last = NO_MATCH;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcclosure(L, gmatch_step, 4);
    return 1;
}

/* Appends a string replacement, expanding '%0'..'%9' and '%%'. */
static void add_replacement_string(Matcher *m, luaL_Buffer *b, size_t s, size_t e) {
    lua_State *L = m->L;
    size_t lr, i;
    const char *r = lua_tolstring(L, 3, &lr);
    for (i = 0; i < lr; i++) {
        unsigned char c = (unsigned char)r[i];
        if (c != '%') {
            luaL_addchar(b, (char)c);
            continue;
        }
        i++;
        c = i < lr ? (unsigned char)r[i] : 0;
        if (i < lr && c == '%') {
            luaL_addchar(b, '%');
        } else if (i < lr && c == '0') {
            luaL_addlstring(b, (const char *)m->src + s, e - s);
        } else if (i < lr && isdigit(c)) {
            push_capture(m, c - '1', s, e);
            luaL_addvalue(b); /* strings as is, position captures as decimal integers */
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", '%');
        }
    }
}

/* Appends the replacement for the match [s, e); `kind` is the Lua type of argument 3. */
static void add_replacement(Matcher *m, luaL_Buffer *b, size_t s, size_t e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        int n;
        lua_pushvalue(L, 3);
        n = push_captures(m, s, e, 1);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_replacement_string(m, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) {
        /* false or nil: keep the original text */
        lua_pop(L, 1);
        luaL_addlstring(b, (const char *)m->src + s, e - s);
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int psb_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    int anchored = lp > 0 && p[0] == '^';
    size_t pstart = anchored ? 1 : 0;
    size_t pos = 0;
    size_t last = NO_MATCH;
    lua_Integer n = 0;
    Matcher m;
    luaL_Buffer b;
    luaL_argexpected(L,
                     kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                         kind == LUA_TTABLE,
                     3, "string/function/table");
    matcher_init(&m, L, s, ls, p, lp, limits_upvalue(L, 1));
    luaL_buffinit(L, &b);
    while (n < max_n) {
        size_t e;
        matcher_reset(&m);
        e = match(&m, pos, pstart);
        if (e != NO_MATCH && e != last) {
            /* Same empty-match rule as gmatch: no empty match where the last one ended. */
            n++;
            add_replacement(&m, &b, pos, e, kind);
            pos = last = e;
        } else if (pos < ls) {
            luaL_addchar(&b, s[pos++]);
        } else {
            break;
        }
        if (anchored)
            break;
    }
    luaL_addlstring(&b, s + pos, ls - pos);
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

void psb_patterns_install(lua_State *L, int string_table_index, psb_pattern_limits *limits) {
    static const luaL_Reg functions[] = {
        {"find", psb_find},
        {"match", psb_match},
        {"gmatch", psb_gmatch},
        {"gsub", psb_gsub},
        {NULL, NULL},
    };
    const luaL_Reg *f;
    int t = lua_absindex(L, string_table_index);
    for (f = functions; f->name != NULL; f++) {
        lua_pushlightuserdata(L, limits);
        lua_pushcclosure(L, f->func, 1);
        lua_setfield(L, t, f->name);
    }
}
