/*
 * The qemu platform's page tables on x86_64 (W^X and a NULL guard), and the
 * memory contract (uc/plat/memory.h).
 *
 * The entry code (pvh_entry.S) runs with a 2 MiB identity map of the first
 * GiB, everything writable and executable. qemu_paging_init() replaces it,
 * before uc_boot(), with an identity map of 4 KiB pages:
 *
 *   0 .. 4 KiB                       unmapped (NULL dereferences fault)
 *   4 KiB .. 1 MiB                   read/write, no-execute (BIOS data,
 *                                    start_info, command line)
 *   image text                       read + execute
 *   image read-only data             read-only, no-execute
 *   image data, bss, boot stack      read/write, no-execute
 *   boot stack guard page            unmapped
 *   every other RAM page of the      read/write, no-execute
 *   memory map (start_info v1)
 *   the local APIC's page            read/write, uncached, no-execute
 *
 * with EFER.NXE (when the CPU has NX) and CR0.WP, so the kernel itself
 * cannot write read-only pages. Page-table pages come from the RAM right
 * after the image; the free range (ucplat_memory_free_range) starts after
 * them and ends with the RAM region holding the image. Only the first
 * 512 GiB are mapped (one PML4 entry).
 */
#include <stdbool.h>
#include <uc/console.h>
#include <uc/errno.h>
#include <uc/plat/memory.h>
#include <uc/x86_64/cpuid.h>
#include "pvh.h"
#include "qemu.h"

#define PAGE_SIZE 4096ull
#define PTE_PRESENT (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_WRITE_THROUGH (1ull << 3)
#define PTE_CACHE_DISABLE (1ull << 4)
#define PTE_NO_EXECUTE (1ull << 63)
#define PTE_ADDRESS 0x000ffffffffff000ull
#define ENTRIES 512
#define MAPPED_LIMIT (512ull << 30)
#define LOW_MEMORY_END 0x100000ull

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)
#define CR0_WP (1ul << 16)
#define CPUID_EXTENDED_FEATURES 0x80000001u
#define CPUID_EDX_NX (1u << 20)

extern char __image_start[], __etext[], __rodata_start[], __data_start[];
extern char __image_end[];

typedef uint64_t pte_t;

static pte_t *pml4;
static uintptr_t pool_next, pool_limit;
static uintptr_t free_start, free_end;
static pte_t no_execute;

static uintptr_t align_up(uintptr_t value)
{
	return (value + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static uintptr_t align_down(uintptr_t value)
{
	return value & ~(PAGE_SIZE - 1);
}

/* A zeroed page for a table, from the RAM after the image; NULL when out. */
static pte_t *table_alloc(void)
{
	pte_t *table;
	unsigned int i;

	if (pool_next + PAGE_SIZE > pool_limit)
		return NULL;
	table = (pte_t *)pool_next;
	pool_next += PAGE_SIZE;
	for (i = 0; i < ENTRIES; i++)
		table[i] = 0;
	return table;
}

/* The last-level entry of @address, creating tables when @create. */
static pte_t *pte_lookup(uintptr_t address, bool create)
{
	pte_t *table = pml4, *next;
	unsigned int level, index;

	for (level = 3; level > 0; level--) {
		index = (address >> (12 + 9 * level)) & (ENTRIES - 1);
		if (!(table[index] & PTE_PRESENT)) {
			if (!create)
				return NULL;
			next = table_alloc();
			if (!next)
				return NULL;
			table[index] = (uintptr_t)next | PTE_PRESENT |
				       PTE_WRITABLE;
		}
		table = (pte_t *)(uintptr_t)(table[index] & PTE_ADDRESS);
	}
	return &table[(address >> 12) & (ENTRIES - 1)];
}

/* The permissions of the page at @address (never 0 = unmapped here). */
static pte_t page_flags(uintptr_t address)
{
	uintptr_t guard = (uintptr_t)pvh_boot_stack_guard;

	if (address >= (uintptr_t)__image_start &&
	    address < (uintptr_t)__rodata_start)
		return PTE_PRESENT;
	if (address >= (uintptr_t)__rodata_start &&
	    address < (uintptr_t)__data_start)
		return PTE_PRESENT | no_execute;
	if (address == guard)
		return 0;
	return PTE_PRESENT | PTE_WRITABLE | no_execute;
}

/* Maps [start, end) with page_flags(); false when the pool ran out. */
static bool map_range(uintptr_t start, uintptr_t end)
{
	uintptr_t address;
	pte_t *pte;

	if (start < PAGE_SIZE)
		start = PAGE_SIZE;
	if (end > MAPPED_LIMIT)
		end = MAPPED_LIMIT;
	for (address = align_up(start); address < align_down(end);
	     address += PAGE_SIZE) {
		pte = pte_lookup(address, true);
		if (!pte)
			return false;
		*pte = address | page_flags(address);
	}
	return true;
}

static const struct pvh_memmap_entry *
memory_map(const struct pvh_start_info *start_info, unsigned int *count)
{
	*count = 0;
	if (!start_info || start_info->magic != PVH_START_INFO_MAGIC ||
	    start_info->version < 1 || !start_info->memmap_pa ||
	    start_info->memmap_pa >= PVH_IDENTITY_MAP_END)
		return NULL;
	*count = start_info->memmap_entries;
	return (const struct pvh_memmap_entry *)(uintptr_t)start_info->memmap_pa;
}

static void cpu_enable_no_execute(void)
{
	uint32_t low, high;

	if (!(x86_cpuid(CPUID_EXTENDED_FEATURES, 0).edx & CPUID_EDX_NX))
		return;
	__asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(MSR_EFER));
	low |= EFER_NXE;
	__asm__ volatile("wrmsr" : : "a"(low), "d"(high), "c"(MSR_EFER));
	no_execute = PTE_NO_EXECUTE;
}

void qemu_paging_init(const struct pvh_start_info *start_info)
{
	const struct pvh_memmap_entry *map;
	uintptr_t image_end = align_up((uintptr_t)__image_end);
	uintptr_t region_end = 0, start, end;
	unsigned int count, i;
	unsigned long cr0;
	pte_t *pte;

	cpu_enable_no_execute();

	/* The RAM region that holds the image gives the tables and the rest. */
	map = memory_map(start_info, &count);
	for (i = 0; i < count; i++) {
		start = map[i].address;
		end = map[i].address + map[i].size;
		if (map[i].type == PVH_MEMMAP_RAM &&
		    start <= (uintptr_t)__image_start && end > image_end)
			region_end = align_down(end);
	}
	if (!region_end)
		region_end = image_end; /* no map: only what the image needs */
	if (region_end > PVH_IDENTITY_MAP_END)
		region_end = PVH_IDENTITY_MAP_END;
	pool_next = image_end;
	pool_limit = region_end;

	pml4 = table_alloc();
	if (!pml4)
		goto err_no_memory;
	if (!map_range(PAGE_SIZE, LOW_MEMORY_END) ||
	    !map_range((uintptr_t)__image_start, image_end))
		goto err_no_memory;
	for (i = 0; i < count; i++) {
		if (map[i].type == PVH_MEMMAP_RAM &&
		    !map_range(map[i].address, map[i].address + map[i].size))
			goto err_no_memory;
	}
	/* The local APIC's registers: uncached, for the timer (timer.c). */
	pte = pte_lookup(QEMU_LAPIC_BASE, true);
	if (!pte)
		goto err_no_memory;
	*pte = QEMU_LAPIC_BASE | PTE_PRESENT | PTE_WRITABLE |
	       PTE_CACHE_DISABLE | PTE_WRITE_THROUGH | no_execute;
	free_start = pool_next;
	free_end = region_end;

	__asm__ volatile("mov %0, %%cr3" : : "r"(pml4) : "memory");
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | CR0_WP) : "memory");
	return;

err_no_memory:
	/* Keep the boot map: the image runs, without protection. */
	uc_console_print("WARNING: not enough memory for the page tables: "
			 "running without memory protection\n");
	free_start = free_end = 0;
}

int ucplat_memory_free_range(uintptr_t *start, uintptr_t *end)
{
	*start = free_start;
	*end = free_end;
	return free_start < free_end ? 0 : -UC_ENOMEM;
}

int ucplat_memory_protect(uintptr_t start, size_t length,
			  enum ucplat_memory_access access)
{
	uintptr_t address;
	pte_t *pte;

	if ((start | length) & (PAGE_SIZE - 1) || start < free_start ||
	    start + length > free_end || start + length < start)
		return -UC_EINVAL;
	for (address = start; address < start + length; address += PAGE_SIZE) {
		pte = pte_lookup(address, false);
		if (!pte)
			return -UC_EINVAL;
		*pte = access == UCPLAT_MEMORY_NONE ?
			       address :
			       address | PTE_PRESENT | PTE_WRITABLE |
				       no_execute;
		__asm__ volatile("invlpg (%0)" : : "r"(address) : "memory");
	}
	return 0;
}
