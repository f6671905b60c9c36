/*
 * C part of the PVH entry (pvh_entry.S): reads the command line from the PVH
 * start_info structure, prepares the console and hands over to uc_boot().
 *
 * Only memory the entry code identity-mapped (below PVH_IDENTITY_MAP_END)
 * is read; a start_info or command line outside it is ignored, and the
 * build's default command line applies.
 */
#include <stddef.h>
#include <stdint.h>
#include <uc/plat/boot.h>
#include "pvh.h"
#include "qemu.h"

noreturn void qemu_pvh_start(const struct pvh_start_info *start_info);

/* Returns the command line start_info points at, or NULL. */
static const char *pvh_cmdline(const struct pvh_start_info *start_info)
{
	const char *cmdline, *end;

	if (!start_info ||
	    (uintptr_t)start_info >
		    PVH_IDENTITY_MAP_END - sizeof(*start_info) ||
	    start_info->magic != PVH_START_INFO_MAGIC ||
	    !start_info->cmdline_pa ||
	    start_info->cmdline_pa >= PVH_IDENTITY_MAP_END)
		return NULL;

	/* It must end before the end of the mapping. */
	cmdline = (const char *)(uintptr_t)start_info->cmdline_pa;
	for (end = cmdline; (uintptr_t)end < PVH_IDENTITY_MAP_END; end++) {
		if (!*end)
			return cmdline;
	}
	return NULL;
}

noreturn void qemu_pvh_start(const struct pvh_start_info *start_info)
{
	struct uc_boot_info info = { .cmdline = pvh_cmdline(start_info) };

	qemu_console_init();
	qemu_traps_init();
	qemu_paging_init(start_info);
	uc_boot(&info);
}
