/*
 * errno of libc-minimal (<errno.h>): one variable for the image; the
 * threads library will make the location per thread.
 */
#include <errno.h>

static int errno_value;

int *uc_libc_errno_location(void)
{
	return &errno_value;
}
