/*
 * alloc-small: an allocator tuned for small objects (uc/alloc.h).
 *
 * Requests up to MAX_SMALL bytes (alignment 16) are served from slabs: a
 * 16 KiB-aligned run of 4 pages holding objects of one size class, a
 * header (struct slab) at its start with a bitmap of the objects in use, a
 * LIFO free list threaded through freed objects and a bump index for the
 * never-used ones. A class keeps its slabs with room on a partial list, so
 * malloc and free are a few loads and stores; the slab of a pointer is the
 * pointer rounded down to 16 KiB. Bigger or more aligned requests get a
 * run of whole pages (a "large" object, 16-byte header, payload after).
 *
 * Pages come from the region manager's heap. A page map (one byte per page
 * of the heap's possible extent, taken from the heap at init) says what
 * each page is; free page runs ("spans") are on a first-fit list, with
 * their length in the head page and a footer pointing at the head in the
 * last 8 bytes of the last page, so a freed run merges with free
 * neighbours on both sides.
 *
 * Every free is checked: the page map, the slab's magic, the object's
 * position in its slab and its bit in the bitmap (or the large header's
 * state) tell a double free or a foreign pointer apart from a good free.
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

#define NAME "alloc-small"
#define PAGE 4096ul
#define PAGE_SHIFT 12
#define SLAB_SIZE 16384ul
#define SLAB_PAGES (SLAB_SIZE / PAGE)
#define MAX_SMALL 2048
#define BITMAP_WORDS (SLAB_SIZE / 16 / 64)
#define SLAB_MAGIC 0x51ab51abu
#define LARGE_MAGIC 0x1a26e0bu
#define SPAN_MAGIC 0x5ba4f7eeu
#define ALIGNED_MAGIC 0xa119bedu
#define HEADER_SIZE 16

/* What a page is; the page map holds one per page. */
enum kind {
	KIND_NONE = 0, /* not (yet) ours */
	KIND_SLAB, /* first page of a slab */
	KIND_SLAB_BODY,
	KIND_LARGE, /* first page of a large object */
	KIND_LARGE_BODY,
	KIND_SPAN, /* first page of a free span */
	KIND_SPAN_BODY,
};

struct slab {
	uint32_t magic;
	uint16_t class_index;
	uint16_t object_size;
	uint16_t capacity;
	uint16_t used;
	uint16_t bump;
	uint16_t reserved;
	uint32_t reciprocal; /* ceil(2^32 / object_size) */
	void *free_list;
	struct slab *next, *prev; /* the class's partial list */
	uint64_t bitmap[BITMAP_WORDS];
};

#define FIRST_OBJECT ((sizeof(struct slab) + 15) & ~15ul)

struct large {
	uint32_t magic;
	uint32_t state; /* 1 in use, 0 freed */
	uint64_t pages;
};

struct span {
	uint32_t magic;
	uint32_t reserved;
	uint64_t pages;
	struct span *next, *prev;
};

static const uint16_t class_sizes[] = {
	16,  32,  48,  64,  80,	 96,  112, 128,	 160,  192,  224,  256,
	320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 2048,
};
#define CLASSES (sizeof(class_sizes) / sizeof(class_sizes[0]))

static uint8_t class_of[MAX_SMALL / 16 + 1];
static struct slab *partial[CLASSES];
static struct span *spans;
static uint8_t *page_map;
static uintptr_t map_base, map_end; /* pages the map covers */

int uc_alloc_small_init(void);

int uc_alloc_small_init(void)
{
	size_t pages, index, size;
	unsigned int c = 0;

	for (index = 0; index <= MAX_SMALL / 16; index++) {
		size = index * 16;
		while (class_sizes[c] < size)
			c++;
		class_of[index] = c;
	}
	pages = uc_memory_free_bytes() / PAGE;
	page_map = uc_memory_heap_grow(pages);
	if (!page_map)
		return 0; /* no memory: every allocation fails */
	memset(page_map, KIND_NONE, pages);
	/* Pages start at a page boundary; the heap then grows by pages. */
	map_base = (uc_memory_heap_end() + PAGE - 1) & ~(PAGE - 1);
	if (!uc_memory_heap_grow(map_base - uc_memory_heap_end()) &&
	    map_base != uc_memory_heap_end()) {
		page_map = NULL;
		return 0;
	}
	map_end = map_base + pages * PAGE;
	return 0;
}

static uint8_t *kind_at(uintptr_t address)
{
	return &page_map[(address - map_base) >> PAGE_SHIFT];
}

static bool in_map(uintptr_t address)
{
	return address >= map_base && address < map_end;
}

static void kinds_set(uintptr_t start, size_t pages, enum kind head,
		      enum kind body)
{
	uint8_t *kind = kind_at(start);

	kind[0] = head;
	if (pages > 1)
		memset(kind + 1, body, pages - 1);
}

static void span_remove(struct span *span)
{
	if (span->prev)
		span->prev->next = span->next;
	else
		spans = span->next;
	if (span->next)
		span->next->prev = span->prev;
}

/* Makes [start, start + pages) a free span, merging with its neighbours. */
static void span_add(uintptr_t start, size_t pages)
{
	uintptr_t end = start + pages * PAGE;
	struct span *span, *neighbour;

	if (!pages)
		return;

	if (end < map_end && *kind_at(end) == KIND_SPAN) {
		neighbour = (struct span *)end;
		span_remove(neighbour);
		pages += neighbour->pages;
	}
	if (start > map_base && (*kind_at(start - PAGE) == KIND_SPAN ||
				 *kind_at(start - PAGE) == KIND_SPAN_BODY)) {
		neighbour = *(struct span **)(start - sizeof(void *));
		span_remove(neighbour);
		pages += neighbour->pages;
		start = (uintptr_t)neighbour;
	}
	span = (struct span *)start;
	span->magic = SPAN_MAGIC;
	span->pages = pages;
	span->prev = NULL;
	span->next = spans;
	if (spans)
		spans->prev = span;
	spans = span;
	*(struct span **)(start + pages * PAGE - sizeof(void *)) = span;
	kinds_set(start, pages, KIND_SPAN, KIND_SPAN_BODY);
}

/* @pages pages aligned to @alignment bytes (a multiple of PAGE); 0 when
 * exhausted. The caller sets their kinds. */
static uintptr_t pages_alloc(size_t pages, size_t alignment)
{
	struct span *span;
	uintptr_t start, end, span_end, heap_end;
	size_t padding;

	for (span = spans; span; span = span->next) {
		start = ((uintptr_t)span + alignment - 1) & ~(alignment - 1);
		span_end = (uintptr_t)span + span->pages * PAGE;
		end = start + pages * PAGE;
		if (end > span_end || end < start)
			continue;
		span_remove(span);
		kinds_set((uintptr_t)span, span->pages, KIND_NONE, KIND_NONE);
		if (start > (uintptr_t)span)
			span_add((uintptr_t)span,
				 (start - (uintptr_t)span) / PAGE);
		if (span_end > end)
			span_add(end, (span_end - end) / PAGE);
		return start;
	}
	heap_end = uc_memory_heap_end();
	start = (heap_end + alignment - 1) & ~(alignment - 1);
	padding = start - heap_end;
	if (pages > (map_end - start) / PAGE ||
	    !uc_memory_heap_grow(padding + pages * PAGE))
		return 0;
	if (padding)
		span_add(heap_end, padding / PAGE);
	return start;
}

static struct slab *slab_new(unsigned int class_index)
{
	uintptr_t start = pages_alloc(SLAB_PAGES, SLAB_SIZE);
	struct slab *slab = (struct slab *)start;
	uint16_t size = class_sizes[class_index];

	if (!start)
		return NULL;
	kinds_set(start, SLAB_PAGES, KIND_SLAB, KIND_SLAB_BODY);
	memset(slab, 0, sizeof(*slab));
	slab->magic = SLAB_MAGIC;
	slab->class_index = class_index;
	slab->object_size = size;
	slab->capacity = (SLAB_SIZE - FIRST_OBJECT) / size;
	slab->reciprocal = (uint32_t)(((1ull << 32) + size - 1) / size);
	partial[class_index] = slab;
	return slab;
}

static void *large_alloc(size_t size, size_t alignment)
{
	size_t total, pages;
	uintptr_t start, payload;
	struct large *large;

	if (size > SIZE_MAX / 2 - alignment)
		return NULL;
	total = size + HEADER_SIZE + (alignment > 16 ? alignment : 0);
	pages = (total + PAGE - 1) / PAGE;
	start = pages_alloc(pages, PAGE);
	if (!start)
		return NULL;
	kinds_set(start, pages, KIND_LARGE, KIND_LARGE_BODY);
	large = (struct large *)start;
	large->magic = LARGE_MAGIC;
	large->state = 1;
	large->pages = pages;
	payload = (start + HEADER_SIZE + alignment - 1) & ~(alignment - 1);
	if (payload != start + HEADER_SIZE) {
		((uint32_t *)(payload - HEADER_SIZE))[0] = ALIGNED_MAGIC;
		((uint64_t *)(payload - HEADER_SIZE))[1] = payload - start;
	}
	return (void *)payload;
}

static void *small_alloc(size_t size, size_t alignment)
{
	struct slab *slab;
	unsigned int c, index;
	char *object;

	if (!page_map)
		return NULL;
	if (size > MAX_SMALL || alignment > 16)
		return large_alloc(size, alignment);
	c = class_of[(size + 15) >> 4];
	slab = partial[c];
	if (!slab) {
		slab = slab_new(c);
		if (!slab)
			return large_alloc(size, alignment);
	}
	object = slab->free_list;
	if (object) {
		slab->free_list = *(void **)object;
		index = (uint32_t)(((uint64_t)(object - (char *)slab -
					       FIRST_OBJECT) *
				    slab->reciprocal) >>
				   32);
	} else {
		index = slab->bump++;
		object = (char *)slab + FIRST_OBJECT +
			 (size_t)index * slab->object_size;
	}
	slab->bitmap[index >> 6] |= 1ull << (index & 63);
	if (++slab->used == slab->capacity) {
		partial[c] = slab->next;
		if (slab->next)
			slab->next->prev = NULL;
		slab->next = slab->prev = NULL;
	}
	return object;
}

static noreturn void foreign(void *pointer)
{
	uc_exception_heap_corruption(
		NAME, "free of a pointer it never returned:", pointer);
}

static void large_free(void *pointer, uintptr_t address)
{
	struct large *large;
	uint32_t *tag = (uint32_t *)(address - HEADER_SIZE);
	uintptr_t start = address - HEADER_SIZE;

	if (*tag == ALIGNED_MAGIC && ((uint64_t *)tag)[1] <= address - map_base)
		start = address - ((uint64_t *)tag)[1];
	if (start & (PAGE - 1) || !in_map(start))
		foreign(pointer);
	large = (struct large *)start;
	if (*kind_at(start) == KIND_SPAN && large->magic == SPAN_MAGIC)
		uc_exception_heap_corruption(NAME, "double free of", pointer);
	if (*kind_at(start) != KIND_LARGE || large->magic != LARGE_MAGIC ||
	    large->state != 1)
		foreign(pointer);
	if (UC_CONFIG_ALLOC_SMALL_POISON)
		memset(large + 1, UC_ALLOC_POISON_BYTE,
		       large->pages * PAGE - sizeof(*large));
	large->state = 0;
	span_add(start, large->pages);
}

static void small_free(void *pointer)
{
	uintptr_t address = (uintptr_t)pointer, offset;
	struct slab *slab;
	unsigned int index, c;
	uint64_t bit;

	if (!pointer)
		return;
	if (!page_map || !in_map(address) || address & 15)
		foreign(pointer);
	slab = (struct slab *)(address & ~(SLAB_SIZE - 1));
	if (!in_map((uintptr_t)slab) ||
	    *kind_at((uintptr_t)slab) != KIND_SLAB ||
	    slab->magic != SLAB_MAGIC) {
		large_free(pointer, address);
		return;
	}
	offset = address - (uintptr_t)slab - FIRST_OBJECT;
	index = (uint32_t)(((uint64_t)offset * slab->reciprocal) >> 32);
	if (address < (uintptr_t)slab + FIRST_OBJECT || index >= slab->bump ||
	    (size_t)index * slab->object_size != offset)
		foreign(pointer);
	bit = 1ull << (index & 63);
	if (!(slab->bitmap[index >> 6] & bit))
		uc_exception_heap_corruption(NAME, "double free of", pointer);
	slab->bitmap[index >> 6] &= ~bit;
	if (UC_CONFIG_ALLOC_SMALL_POISON)
		memset(pointer, UC_ALLOC_POISON_BYTE, slab->object_size);
	*(void **)pointer = slab->free_list;
	slab->free_list = pointer;
	if (slab->used-- == slab->capacity) {
		c = slab->class_index;
		slab->prev = NULL;
		slab->next = partial[c];
		if (partial[c])
			partial[c]->prev = slab;
		partial[c] = slab;
	}
}

static size_t small_usable_size(const void *pointer)
{
	uintptr_t address = (uintptr_t)pointer, start;
	const struct slab *slab;
	const struct large *large;

	if (!page_map || !in_map(address))
		return 0;
	slab = (const struct slab *)(address & ~(SLAB_SIZE - 1));
	if (in_map((uintptr_t)slab) && *kind_at((uintptr_t)slab) == KIND_SLAB)
		return slab->object_size;
	start = address - HEADER_SIZE;
	if (*(const uint32_t *)start == ALIGNED_MAGIC)
		start = address - ((const uint64_t *)start)[1];
	large = (const struct large *)start;
	return large->pages * PAGE - (address - start);
}

static int invalid(const char *problem, const void *where)
{
	uc_console_printf("%s: invalid heap: %s at %p\n", NAME, problem, where);
	return -UC_EINVAL;
}

static unsigned int bits_set(const struct slab *slab)
{
	unsigned int count = 0, word;
	uint64_t bits;

	/* No popcount: the baseline CPU lacks it and libgcc is not linked. */
	for (word = 0; word < BITMAP_WORDS; word++) {
		for (bits = slab->bitmap[word]; bits; bits &= bits - 1)
			count++;
	}
	return count;
}

static int small_validate(void)
{
	uintptr_t address, end = uc_memory_heap_end();
	const struct slab *slab;
	const struct span *span;
	size_t pages;
	unsigned int c;

	if (!page_map)
		return 0;
	for (address = map_base; address < end; address += pages * PAGE) {
		pages = 1;
		switch (*kind_at(address)) {
		case KIND_SLAB:
			slab = (const struct slab *)address;
			if (slab->magic != SLAB_MAGIC ||
			    slab->used != bits_set(slab) ||
			    slab->bump > slab->capacity)
				return invalid("bad slab", slab);
			pages = SLAB_PAGES;
			break;
		case KIND_LARGE:
			if (((const struct large *)address)->magic !=
			    LARGE_MAGIC)
				return invalid("bad large header",
					       (void *)address);
			pages = ((const struct large *)address)->pages;
			break;
		case KIND_SPAN:
			if (((const struct span *)address)->magic != SPAN_MAGIC)
				return invalid("bad span", (void *)address);
			pages = ((const struct span *)address)->pages;
			break;
		default:
			return invalid("page of no object", (void *)address);
		}
	}
	for (span = spans; span; span = span->next) {
		if (span->next && span->next->prev != span)
			return invalid("bad span list", span);
	}
	for (c = 0; c < CLASSES; c++) {
		for (slab = partial[c]; slab; slab = slab->next) {
			if (slab->class_index != c ||
			    slab->used >= slab->capacity)
				return invalid("bad partial list", slab);
		}
	}
	return 0;
}

const struct uc_alloc_ops uc_alloc_provider = {
	.name = NAME,
	.poisons = UC_CONFIG_ALLOC_SMALL_POISON,
	.alloc = small_alloc,
	.free = small_free,
	.usable_size = small_usable_size,
	.validate = small_validate,
};
