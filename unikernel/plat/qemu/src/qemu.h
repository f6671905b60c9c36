/*
 * Private interface between the generic part of the qemu platform (src/)
 * and its architecture part (arch/<arch>/), which drives the machine's
 * devices.
 */
#ifndef QEMU_PRIVATE_H
#define QEMU_PRIVATE_H

/*
 * qemu_console_init() - prepare the console device for ucplat_console_write()
 *
 * When the machine has no console device, output is dropped.
 * Context: the platform entry, once, before uc_boot().
 */
void qemu_console_init(void);

/*
 * qemu_vmm_exit() - ask QEMU to exit with @status
 *
 * Returns only when the machine has no device for it.
 * Context: any.
 */
void qemu_vmm_exit(int status);

#endif /* QEMU_PRIVATE_H */
