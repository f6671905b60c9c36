/*
 * Facts shared by the PVH entry code (pvh_entry.S) and its C part (pvh.c):
 * what the entry code sets up, and the PVH start_info structure that the
 * loader passes in %ebx (Xen's public ABI, hvm_start_info, version 0 and 1).
 */
#ifndef QEMU_X86_64_PVH_H
#define QEMU_X86_64_PVH_H

/* The entry code identity-maps physical [0, PVH_IDENTITY_MAP_END). */
#define PVH_IDENTITY_MAP_END 0x40000000 /* 1 GiB of 2 MiB pages */
/* Size of the boot stack, on which uc_boot() and main() run. */
#define PVH_BOOT_STACK_SIZE 16384

#define PVH_START_INFO_MAGIC 0x336ec578

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The fields of start_info this platform reads; all addresses physical. */
struct pvh_start_info {
	uint32_t magic; /* PVH_START_INFO_MAGIC */
	uint32_t version;
	uint32_t flags;
	uint32_t module_count;
	uint64_t module_list_pa;
	uint64_t cmdline_pa; /* NUL-terminated, 0 when there is none */
	uint64_t rsdp_pa;
	/* Version 1 and later: */
	uint64_t memmap_pa; /* struct pvh_memmap_entry[memmap_entries] */
	uint32_t memmap_entries;
	uint32_t reserved;
};

/* One entry of the memory map (E820 style). */
struct pvh_memmap_entry {
	uint64_t address;
	uint64_t size;
	uint32_t type; /* PVH_MEMMAP_RAM for usable memory */
	uint32_t reserved;
};

#define PVH_MEMMAP_RAM 1

/* The bottom of the boot stack's guard page (pvh_entry.S). */
extern char pvh_boot_stack_guard[];
#endif

#endif /* QEMU_X86_64_PVH_H */
