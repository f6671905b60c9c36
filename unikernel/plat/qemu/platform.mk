# Build flags of the qemu platform, included by unikernel/Makefile.
# Kernel code: no red zone (an interrupt would overwrite it once interrupts
# are enabled) and the platform's own linker script.
UC_PLAT_CFLAGS_x86_64 := -mno-red-zone
UC_PLAT_CFLAGS += $(UC_PLAT_CFLAGS_$(UC_ARCH))
UC_PLAT_LDFLAGS += -T $(UC_PLAT_DIR)/arch/$(UC_ARCH)/link.ld -z max-page-size=0x1000
UC_PLAT_LINK_DEPS += $(UC_PLAT_DIR)/arch/$(UC_ARCH)/link.ld
