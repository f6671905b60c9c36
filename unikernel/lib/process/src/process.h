/*
 * Private interface between the parts of the process library.
 */
#ifndef PROCESS_PRIVATE_H
#define PROCESS_PRIVATE_H

/*
 * process_argv_build() - build the argument vector from a command line
 * @name: argv[0]
 * @cmdline: the arguments as one string: words separated by spaces, tabs or
 *           newlines; double quotes group words into one argument and are
 *           removed ("a b"c is the argument a bc, "" an empty argument); an
 *           unterminated quote runs to the end; there are no escapes
 * @argc: set to the number of arguments, @name included
 * @argv: set to the NULL-terminated vector
 *
 * The strings are copies in static storage, modifiable as C requires, sized
 * by the process options cmdline-size and max-args.
 *
 * Context: boot, once.
 * Return: 0; -UC_ENOSPC when @name and @cmdline need more than cmdline-size
 *         bytes; -UC_E2BIG when there are more than max-args arguments.
 */
int process_argv_build(const char *name, const char *cmdline, int *argc,
		       char ***argv);

/*
 * process_stack_protector_init() - give the stack canary its random value
 *
 * Prints a warning when the platform has no good entropy source.
 *
 * Context: the first call of uc_boot(), once (see stack_protector.c).
 */
void process_stack_protector_init(void);

#endif /* PROCESS_PRIVATE_H */
