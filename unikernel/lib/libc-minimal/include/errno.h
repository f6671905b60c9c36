/*
 * <errno.h> of libc-minimal: errno and the error numbers the C library's
 * functions set (Linux's values, as in uc/errno.h).
 *
 * errno is one variable for the whole image for now; it becomes per thread
 * when the core has threads, which is why it is reached through a function.
 * Only C library functions set it (the core's libraries return negative
 * error numbers instead).
 */
#ifndef UC_LIBC_ERRNO_H
#define UC_LIBC_ERRNO_H

#include <uc/errno.h>

#define EPERM UC_EPERM
#define ENOENT UC_ENOENT
#define ESRCH UC_ESRCH
#define EINTR UC_EINTR
#define EIO UC_EIO
#define E2BIG UC_E2BIG
#define EAGAIN UC_EAGAIN
#define ENOMEM UC_ENOMEM
#define EBUSY UC_EBUSY
#define ENODEV UC_ENODEV
#define EINVAL UC_EINVAL
#define ENOSPC UC_ENOSPC
#define EDOM 33 /* argument out of the function's domain */
#define ERANGE UC_ERANGE
#define EDEADLK UC_EDEADLK
#define ENOSYS UC_ENOSYS
#define ETIMEDOUT UC_ETIMEDOUT

/* The location of errno; one for the image until threads exist. */
int *uc_libc_errno_location(void);

#define errno (*uc_libc_errno_location())

#endif /* UC_LIBC_ERRNO_H */
