/*
 * Error numbers of the core. Actions return 0 or one of these negated
 * (-UC_EINVAL). The values are Linux's, so linuxu passes the host kernel's
 * errors through unchanged and a POSIX layer can map them one to one.
 *
 * They carry a UC_ prefix so that they never clash with a C library's
 * <errno.h>. Add a number here when code first returns it.
 */
#ifndef UC_ERRNO_H
#define UC_ERRNO_H

#define UC_EPERM 1 /* operation not permitted */
#define UC_ENOENT 2 /* no such file or directory */
#define UC_ESRCH 3 /* no such process (thread) */
#define UC_EINTR 4 /* interrupted system call */
#define UC_EIO 5 /* input/output error */
#define UC_E2BIG 7 /* argument list too long */
#define UC_EAGAIN 11 /* try again */
#define UC_ENOMEM 12 /* out of memory */
#define UC_EBUSY 16 /* resource busy */
#define UC_ENODEV 19 /* no such device */
#define UC_EINVAL 22 /* invalid argument */
#define UC_ENOSPC 28 /* no space left */
#define UC_ERANGE 34 /* result out of range */
#define UC_EDEADLK 35 /* the wait would deadlock */
#define UC_ENOSYS 38 /* function not implemented */
#define UC_ETIMEDOUT 110 /* the timeout expired first */

#endif /* UC_ERRNO_H */
