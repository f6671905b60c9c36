/*
 * alloc-buddy: a binary buddy allocator (uc/alloc.h).
 *
 * The arena is a run of top-level blocks of 2^MAX_ORDER bytes (1 MiB)
 * taken one at a time from the region manager's heap, contiguous from
 * arena_base because nothing else grows the heap in a build with this
 * allocator. A block of order k (2^k bytes, MIN_ORDER <= k <= MAX_ORDER)
 * starts with a 16-byte header; its buddy is at
 * arena_base + ((block - arena_base) ^ 2^k). A request bigger than a
 * top-level block takes several contiguous top-level slots (a "huge"
 * block) straight from the heap; freed, they become ordinary top-level
 * free blocks.
 *
 * Invariants: every block of the arena, walked from arena_base by size,
 * has a valid header; a free block is on free_lists[order] and nowhere
 * else; two free buddies of the same order never coexist (they merge).
 * validate() checks all of it. Freed blocks keep their header (state
 * FREE), so a second free of the same pointer is recognized until the
 * memory is reused.
 *
 * An alignment above 16 is met by allocating size + alignment and placing
 * the payload inside the block; a 16-byte tag just before the payload
 * (ALIGNED_MAGIC, offset from the block) leads free() back to the header.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <uc/alloc.h>
#include <uc/console.h>
#include <uc/errno.h>
#include <uc/exception.h>
#include <uc/memory.h>
#include <uc_config.h>

#define MIN_ORDER 5
#define MAX_ORDER 20
#define HEADER_SIZE 16
#define BLOCK_MAGIC 0xb0dd1e5u
#define ALIGNED_MAGIC 0xa119bedu
#define NAME "alloc-buddy"

enum state {
	STATE_FREE = 1,
	STATE_USED = 2,
	STATE_HUGE = 3
};

struct header {
	uint32_t magic;
	uint8_t order;
	uint8_t state;
	uint16_t reserved;
	uint64_t slots; /* huge blocks: top-level slots; aligned tags: offset */
};

struct free_block {
	struct header header;
	struct free_block *next, *prev;
};

static struct free_block *free_lists[MAX_ORDER + 1];
static uintptr_t arena_base, arena_end;

int uc_alloc_buddy_init(void);

int uc_alloc_buddy_init(void)
{
	arena_base = arena_end = uc_memory_heap_end();
	return 0;
}

static void list_push(struct free_block *block, unsigned int order)
{
	block->header.magic = BLOCK_MAGIC;
	block->header.order = order;
	block->header.state = STATE_FREE;
	block->prev = NULL;
	block->next = free_lists[order];
	if (block->next)
		block->next->prev = block;
	free_lists[order] = block;
}

static void list_remove(struct free_block *block)
{
	if (block->prev)
		block->prev->next = block->next;
	else
		free_lists[block->header.order] = block->next;
	if (block->next)
		block->next->prev = block->prev;
}

/* Takes @slots top-level blocks from the heap; 0 or NULL when exhausted. */
static uintptr_t arena_grow(size_t slots)
{
	void *memory;

	if (slots > (SIZE_MAX >> MAX_ORDER))
		return 0;
	memory = uc_memory_heap_grow(slots << MAX_ORDER);
	if (!memory)
		return 0;
	if ((uintptr_t)memory != arena_end) /* someone else grew the heap */
		uc_exception_heap_corruption(NAME, "heap not contiguous at",
					     memory);
	arena_end += slots << MAX_ORDER;
	return (uintptr_t)memory;
}

static unsigned int order_for(size_t total)
{
	unsigned int order = MIN_ORDER;

	while (order <= MAX_ORDER && ((size_t)1 << order) < total)
		order++;
	return order;
}

static struct header *block_take(unsigned int order)
{
	struct free_block *block, *buddy;
	unsigned int found = order;
	uintptr_t memory;

	while (found <= MAX_ORDER && !free_lists[found])
		found++;
	if (found > MAX_ORDER) {
		memory = arena_grow(1);
		if (!memory)
			return NULL;
		list_push((struct free_block *)memory, MAX_ORDER);
		found = MAX_ORDER;
	}
	block = free_lists[found];
	list_remove(block);
	while (found > order) {
		found--;
		buddy = (struct free_block *)((uintptr_t)block +
					      ((uintptr_t)1 << found));
		list_push(buddy, found);
	}
	block->header.magic = BLOCK_MAGIC;
	block->header.order = order;
	block->header.state = STATE_USED;
	return &block->header;
}

static void *buddy_alloc(size_t size, size_t alignment)
{
	struct header *header, *tag;
	size_t total, slots;
	uintptr_t payload;

	if (alignment < UC_ALLOC_MIN_ALIGNMENT)
		alignment = UC_ALLOC_MIN_ALIGNMENT;
	if (size > SIZE_MAX / 2 - alignment)
		return NULL;
	total = size + HEADER_SIZE +
		(alignment > UC_ALLOC_MIN_ALIGNMENT ? alignment : 0);
	if (total > ((size_t)1 << MAX_ORDER)) {
		slots = (total + ((size_t)1 << MAX_ORDER) - 1) >> MAX_ORDER;
		header = (struct header *)arena_grow(slots);
		if (!header)
			return NULL;
		header->magic = BLOCK_MAGIC;
		header->order = MAX_ORDER;
		header->state = STATE_HUGE;
		header->slots = slots;
	} else {
		header = block_take(order_for(total));
		if (!header)
			return NULL;
	}
	payload = (uintptr_t)header + HEADER_SIZE;
	if (payload & (alignment - 1)) {
		payload = (payload + alignment - 1) &
			  ~(uintptr_t)(alignment - 1);
		tag = (struct header *)(payload - HEADER_SIZE);
		tag->magic = ALIGNED_MAGIC;
		tag->slots = payload - (uintptr_t)header;
	}
	return (void *)payload;
}

static size_t block_size(const struct header *header)
{
	if (header->state == STATE_HUGE)
		return header->slots << MAX_ORDER;
	return (size_t)1 << header->order;
}

/* The header of a pointer buddy_alloc() returned, or NULL. */
static struct header *header_of(const void *pointer)
{
	uintptr_t address = (uintptr_t)pointer;
	struct header *header;

	if (address < arena_base + HEADER_SIZE || address >= arena_end ||
	    address & (UC_ALLOC_MIN_ALIGNMENT - 1))
		return NULL;
	header = (struct header *)(address - HEADER_SIZE);
	if (header->magic == ALIGNED_MAGIC) {
		if (header->slots > address - arena_base)
			return NULL;
		header = (struct header *)(address - header->slots);
	}
	if (header->magic != BLOCK_MAGIC || header->order < MIN_ORDER ||
	    header->order > MAX_ORDER)
		return NULL;
	return header;
}

static void buddy_free(void *pointer)
{
	struct header *header = header_of(pointer);
	struct free_block *block, *buddy;
	unsigned int order;
	size_t slot;

	if (!pointer)
		return;
	if (!header)
		uc_exception_heap_corruption(
			NAME, "free of a pointer it never returned:", pointer);
	if (header->state == STATE_FREE)
		uc_exception_heap_corruption(NAME, "double free of", pointer);
	if (UC_CONFIG_ALLOC_BUDDY_POISON)
		memset((char *)header + HEADER_SIZE, UC_ALLOC_POISON_BYTE,
		       block_size(header) - HEADER_SIZE);
	if (header->state == STATE_HUGE) {
		for (slot = 0; slot < header->slots; slot++)
			list_push((struct free_block *)((uintptr_t)header +
							(slot << MAX_ORDER)),
				  MAX_ORDER);
		return;
	}

	block = (struct free_block *)header;
	order = header->order;
	while (order < MAX_ORDER) {
		buddy = (struct free_block *)(arena_base +
					      (((uintptr_t)block - arena_base) ^
					       ((uintptr_t)1 << order)));
		if ((uintptr_t)buddy >= arena_end ||
		    buddy->header.magic != BLOCK_MAGIC ||
		    buddy->header.state != STATE_FREE ||
		    buddy->header.order != order)
			break;
		list_remove(buddy);
		if (buddy < block)
			block = buddy;
		order++;
	}
	list_push(block, order);
}

static size_t buddy_usable_size(const void *pointer)
{
	const struct header *header = header_of(pointer);

	if (!header)
		return 0;
	return block_size(header) - ((uintptr_t)pointer - (uintptr_t)header);
}

static int invalid(const char *problem, uintptr_t address)
{
	uc_console_printf("%s: invalid heap: %s at %p\n", NAME, problem,
			  (void *)address);
	return -UC_EINVAL;
}

static int buddy_validate(void)
{
	const struct header *header;
	const struct free_block *block;
	uintptr_t address = arena_base;
	size_t free_walked = 0, free_listed = 0;
	unsigned int order;

	while (address < arena_end) {
		header = (const struct header *)address;
		if (header->magic != BLOCK_MAGIC || header->order < MIN_ORDER ||
		    header->order > MAX_ORDER || header->state < STATE_FREE ||
		    header->state > STATE_HUGE)
			return invalid("bad block header", address);
		if (header->state == STATE_FREE)
			free_walked++;
		address += block_size(header);
	}
	if (address != arena_end)
		return invalid("blocks overrun the arena", address);
	for (order = 0; order <= MAX_ORDER; order++) {
		for (block = free_lists[order]; block; block = block->next) {
			if (block->header.order != order ||
			    block->header.state != STATE_FREE ||
			    (block->next && block->next->prev != block))
				return invalid("bad free list entry",
					       (uintptr_t)block);
			free_listed++;
		}
	}
	if (free_walked != free_listed)
		return invalid("free blocks missing from the lists",
			       arena_base);
	return 0;
}

const struct uc_alloc_ops uc_alloc_provider = {
	.name = NAME,
	.poisons = UC_CONFIG_ALLOC_BUDDY_POISON,
	.alloc = buddy_alloc,
	.free = buddy_free,
	.usable_size = buddy_usable_size,
	.validate = buddy_validate,
};
