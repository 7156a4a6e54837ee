/* The wall-clock watchdog: one process-wide thread that raises a per-state flag when an
 * evaluation's deadline passes.
 *
 * The count hook used to read the clock itself, which cannot stop a state stuck inside one C
 * call. Now the flag is checked by the hook (every `granularity` VM instructions) and by every
 * budgeted C function in its loops (table functions, string.rep, pattern matching, host
 * callbacks), so whatever the state is doing it stops within one step of the deadline.
 *
 * The thread never touches the lua_State. (lua_sethook from another thread would race with the
 * collector freeing CallInfo records, and it is not needed: the hook is already installed for
 * every limited evaluation.) */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "psb_internal.h"
#include <pthread.h>
#include <time.h>

static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cond;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static psb_watch *wd_head = NULL;
static int wd_started = 0;
/* When the thread will wake by itself (0: waiting without a timeout). Lets arm() skip the
 * signal when the thread is already due to wake before the new deadline. */
static long long wd_wake_ns = 0;

static void *wd_main(void *arg) {
    (void)arg;
    pthread_mutex_lock(&wd_lock);
    for (;;) {
        long long now = psb_now_ns();
        long long earliest = 0;
        for (psb_watch *w = wd_head; w; ) {
            psb_watch *next = w->next;
            if (w->deadline_ns <= now) {
                atomic_store_explicit(w->expired, 1, memory_order_relaxed);
                /* unlink: a watch fires once */
                if (w->prev) w->prev->next = w->next; else wd_head = w->next;
                if (w->next) w->next->prev = w->prev;
                w->next = w->prev = NULL;
                w->armed = 0;
            } else if (earliest == 0 || w->deadline_ns < earliest) {
                earliest = w->deadline_ns;
            }
            w = next;
        }
        wd_wake_ns = earliest;
        if (earliest == 0) {
            pthread_cond_wait(&wd_cond, &wd_lock);
        } else {
            struct timespec ts;
            ts.tv_sec = (time_t)(earliest / 1000000000LL);
            ts.tv_nsec = (long)(earliest % 1000000000LL);
            pthread_cond_timedwait(&wd_cond, &wd_lock, &ts);
        }
    }
    return NULL;
}

static void wd_start(void) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);  /* same clock as psb_now_ns */
    pthread_cond_init(&wd_cond, &attr);
    pthread_condattr_destroy(&attr);
    pthread_t thread;
    pthread_attr_t tattr;
    pthread_attr_init(&tattr);
    pthread_attr_setdetachstate(&tattr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&tattr, 64 * 1024);
    wd_started = pthread_create(&thread, &tattr, wd_main, NULL) == 0;
    pthread_attr_destroy(&tattr);
}

void psb_watchdog_arm(psb_watch *w, long long deadline_ns, atomic_int *expired) {
    pthread_once(&wd_once, wd_start);
    if (!wd_started) return;  /* no thread: the hook's own clock reads still apply */
    pthread_mutex_lock(&wd_lock);
    if (w->armed) {  /* re-arming: unlink first */
        if (w->prev) w->prev->next = w->next; else wd_head = w->next;
        if (w->next) w->next->prev = w->prev;
    }
    w->deadline_ns = deadline_ns;
    w->expired = expired;
    w->prev = NULL;
    w->next = wd_head;
    if (wd_head) wd_head->prev = w;
    wd_head = w;
    w->armed = 1;
    if (wd_wake_ns == 0 || deadline_ns < wd_wake_ns) pthread_cond_signal(&wd_cond);
    pthread_mutex_unlock(&wd_lock);
}

void psb_watchdog_disarm(psb_watch *w) {
    if (!wd_started) return;
    pthread_mutex_lock(&wd_lock);
    if (w->armed) {
        if (w->prev) w->prev->next = w->next; else wd_head = w->next;
        if (w->next) w->next->prev = w->prev;
        w->next = w->prev = NULL;
        w->armed = 0;
    }
    pthread_mutex_unlock(&wd_lock);
}
