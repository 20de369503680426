/* Deadline lists: see timeouts.h. */
#include "core/timeouts.h"

#include "core/alloc.h"

static void on_timer(uv_timer_t *timer)
{
    oc_timeout_list_t *list = timer->data;
    uint64_t now = uv_now(timer->loop);
    oc_list_t *node;
    while ((node = oc_list_first(&list->items)) != NULL) {
        oc_timeout_t *t = OC_LIST_ENTRY(node, oc_timeout_t, link);
        if (t->deadline > now)
            break;
        oc_list_unlink(node);
        list->cb(list, t);
    }
    node = oc_list_first(&list->items);
    if (node != NULL) {
        oc_timeout_t *t = OC_LIST_ENTRY(node, oc_timeout_t, link);
        uv_timer_start(timer, on_timer, t->deadline - now, 0);
    }
}

void oc_timeout_list_init(uv_loop_t *loop, oc_timeout_list_t *list, uint64_t duration_ms,
                          oc_timeout_cb cb)
{
    uv_timer_init(loop, &list->timer);
    list->timer.data = list;
    oc_list_init(&list->items);
    /* A zero duration would let a callback that re-arms its node run forever within one
     * timer callback (its new deadline would already have passed). */
    list->duration_ms = duration_ms ? duration_ms : 1;
    list->cb = cb;
    list->data = NULL;
    /* Deadline lists must not keep the loop alive on their own: shutdown waits only for
     * connections. */
    uv_unref((uv_handle_t *)&list->timer);
}

void oc_timeout_list_close(oc_timeout_list_t *list)
{
    oc_list_t *pos, *tmp;
    OC_LIST_FOREACH_SAFE(pos, tmp, &list->items)
    {
        oc_list_unlink(pos);
    }
    uv_close((uv_handle_t *)&list->timer, NULL);
}

void oc_timeout_arm(oc_timeout_list_t *list, oc_timeout_t *t)
{
    oc_list_unlink(&t->link);
    t->deadline = uv_now(list->timer.loop) + list->duration_ms;
    bool was_empty = oc_list_empty(&list->items);
    oc_list_insert_tail(&list->items, &t->link);
    /* A non-empty list already has its timer set for the head, which expires no later than
     * this node. */
    if (was_empty || !uv_is_active((uv_handle_t *)&list->timer))
        uv_timer_start(&list->timer, on_timer, list->duration_ms, 0);
}

void oc_timeout_disarm(oc_timeout_t *t)
{
    oc_list_unlink(&t->link);
}
