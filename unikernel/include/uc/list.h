/*
 * An intrusive, circular, doubly linked list: the one list of the core.
 *
 * A struct uc_list is both the head of a list and the link embedded in each
 * element; uc_list_entry() gets the element back from its link. An empty
 * head (and an unlinked link, after uc_list_init() or uc_list_del()) points
 * at itself. Nothing locks: callers protect a list with whatever guards the
 * structure that holds it.
 */
#ifndef UC_LIST_H
#define UC_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct uc_list {
	struct uc_list *next, *prev;
};

/* A head initialized in its definition: struct uc_list h = UC_LIST_INIT(h); */
#define UC_LIST_INIT(name)       \
	{                        \
		&(name), &(name) \
	}

/* The element of type @type whose member @member is @link. */
#define uc_list_entry(link, type, member) \
	((type *)((char *)(link)-offsetof(type, member)))

/* Iterates @link over the links of @head; do not unlink @link meanwhile. */
#define uc_list_for_each(link, head) \
	for ((link) = (head)->next; (link) != (head); (link) = (link)->next)

static inline void uc_list_init(struct uc_list *list)
{
	list->next = list;
	list->prev = list;
}

static inline bool uc_list_is_empty(const struct uc_list *head)
{
	return head->next == head;
}

/* Whether @link is in some list (it was not initialized alone or deleted). */
static inline bool uc_list_is_linked(const struct uc_list *link)
{
	return link->next != link;
}

static inline void uc_list_insert_between(struct uc_list *link,
					  struct uc_list *prev,
					  struct uc_list *next)
{
	link->prev = prev;
	link->next = next;
	prev->next = link;
	next->prev = link;
}

/* Adds @link at the end of @head. */
static inline void uc_list_add_tail(struct uc_list *link, struct uc_list *head)
{
	uc_list_insert_between(link, head->prev, head);
}

/* Adds @link at the start of @head. */
static inline void uc_list_add(struct uc_list *link, struct uc_list *head)
{
	uc_list_insert_between(link, head, head->next);
}

/* Adds @link just before @position (a link of a list, or its head). */
static inline void uc_list_add_before(struct uc_list *link,
				      struct uc_list *position)
{
	uc_list_insert_between(link, position->prev, position);
}

/* Unlinks @link and leaves it pointing at itself. */
static inline void uc_list_del(struct uc_list *link)
{
	link->prev->next = link->next;
	link->next->prev = link->prev;
	uc_list_init(link);
}

/* The first link of @head, or NULL when it is empty. */
static inline struct uc_list *uc_list_first(const struct uc_list *head)
{
	return uc_list_is_empty(head) ? NULL : head->next;
}

#endif /* UC_LIST_H */
