/* Intrusive doubly linked lists.
 *
 * A node lives inside the struct it links (connection, session, request), so linking and
 * unlinking never allocate and unlinking is O(1) from the node alone. The list head is a
 * sentinel node; an unlinked node points to itself, so oc_list_unlink is idempotent. */
#ifndef OC_CORE_LIST_H
#define OC_CORE_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct oc_list {
    struct oc_list *prev;
    struct oc_list *next;
} oc_list_t;

static inline void oc_list_init(oc_list_t *l)
{
    l->prev = l->next = l;
}

static inline bool oc_list_empty(const oc_list_t *l)
{
    return l->next == l;
}

/* True if the node is in some list (nodes start unlinked after oc_list_init). */
static inline bool oc_list_linked(const oc_list_t *n)
{
    return n->next != n;
}

static inline void oc_list_insert_tail(oc_list_t *head, oc_list_t *n)
{
    n->prev = head->prev;
    n->next = head;
    head->prev->next = n;
    head->prev = n;
}

static inline void oc_list_unlink(oc_list_t *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = n;
}

static inline oc_list_t *oc_list_first(const oc_list_t *head)
{
    return head->next == head ? NULL : head->next;
}

#define OC_LIST_ENTRY(node, type, member) ((type *)((char *)(node)-offsetof(type, member)))

/* Iterates safely against unlinking the current node. */
#define OC_LIST_FOREACH_SAFE(pos, tmp, head)                                                       \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);                               \
         (pos) = (tmp), (tmp) = (pos)->next)

#endif
