/*
 * x86_64 page-fault error codes: what the CPU pushes with vector 14, and
 * what Linux passes on in the signal context (sigcontext.err), decoded the
 * same way by the QEMU trap handler and the linuxu signal handler.
 */
#ifndef UC_X86_64_PAGE_FAULT_H
#define UC_X86_64_PAGE_FAULT_H

#include <stdbool.h>
#include <uc/exception.h>

#define X86_PAGE_FAULT_PRESENT (1ul << 0) /* else: the page is not mapped */
#define X86_PAGE_FAULT_WRITE (1ul << 1) /* else: a read */
#define X86_PAGE_FAULT_FETCH (1ul << 4) /* an instruction fetch */

/* The exception code of a page fault: an instruction or a data fault. */
static inline enum uc_exception_code x86_page_fault_code(unsigned long error)
{
	return error & X86_PAGE_FAULT_FETCH ? UC_EXCEPTION_INST_FAULT :
					      UC_EXCEPTION_MEM_FAULT;
}

/* Fills the access and page_present fields of @context from @error. */
static inline void x86_page_fault_describe(unsigned long error,
					   struct uc_exception_context *context)
{
	context->page_present = error & X86_PAGE_FAULT_PRESENT;
	context->access =
		error & X86_PAGE_FAULT_FETCH ? UC_EXCEPTION_ACCESS_EXECUTE :
		error & X86_PAGE_FAULT_WRITE ? UC_EXCEPTION_ACCESS_WRITE :
					       UC_EXCEPTION_ACCESS_READ;
}

#endif /* UC_X86_64_PAGE_FAULT_H */
