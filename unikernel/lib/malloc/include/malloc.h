/*
 * The C standard's memory allocation (lib/malloc), on the build's
 * allocator (uc/alloc.h). Semantics as in C11 and POSIX: exhaustion
 * returns NULL and sets errno to ENOMEM, never crashes; free(NULL) does
 * nothing; a double free or a free of a pointer these functions never
 * returned stops the unikernel with a heap corruption report (status 127,
 * unikernel/README.md). Every pointer returned is aligned to 16 bytes.
 *
 * Context: thread context; not from exception handlers.
 */
#ifndef UC_LIBC_MALLOC_H
#define UC_LIBC_MALLOC_H

#include <stddef.h>

void *malloc(size_t size);
/* calloc() - @count * @size zeroed bytes; NULL (ENOMEM) when it overflows. */
void *calloc(size_t count, size_t size);
/*
 * realloc() - resize; NULL @pointer is malloc(@size); @size 0 frees
 * @pointer and returns NULL; on failure @pointer stays valid.
 */
void *realloc(void *pointer, size_t size);
void free(void *pointer);
/* memalign() - @alignment must be a power of two (else NULL, EINVAL). */
void *memalign(size_t alignment, size_t size);
/* aligned_alloc() - C11: as memalign(). */
void *aligned_alloc(size_t alignment, size_t size);
/*
 * posix_memalign() - @alignment a power of two multiple of sizeof(void *);
 * returns 0, EINVAL or ENOMEM (errno untouched).
 */
int posix_memalign(void **result, size_t alignment, size_t size);
/* malloc_usable_size() - the bytes usable at @pointer; 0 for NULL. */
size_t malloc_usable_size(void *pointer);

#endif /* UC_LIBC_MALLOC_H */
