/*
 * <unistd.h> of the pthreads library: the sleeping calls of POSIX threaded
 * programs. Both sleep at least as long as asked while other threads run.
 */
#ifndef UC_POSIX_UNISTD_H
#define UC_POSIX_UNISTD_H

/* usleep() - 0. */
int usleep(unsigned long microseconds);

/* sleep() - 0 (never interrupted). */
unsigned int sleep(unsigned int seconds);

#endif /* UC_POSIX_UNISTD_H */
