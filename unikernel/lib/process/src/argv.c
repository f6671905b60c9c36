/*
 * Splitting the command line into main()'s argument vector.
 *
 * Invariant: the split strings never need more bytes than the input plus
 * one NUL per string (each argument's NUL replaces at least one separator,
 * except the last one's), so checking the input length up front is enough
 * to never overflow the string storage.
 */
#include <stdbool.h>
#include <string.h>
#include <uc/compiler.h>
#include <uc/errno.h>
#include <uc_config.h>
#include "process.h"

UC_BUILD_ASSERT(UC_CONFIG_PROCESS_MAX_ARGS >= 1, "max-args counts argv[0]");

static char strings[UC_CONFIG_PROCESS_CMDLINE_SIZE];
static char *arguments[UC_CONFIG_PROCESS_MAX_ARGS + 1];

static bool is_separator(char character)
{
	return character == ' ' || character == '\t' || character == '\n';
}

int process_argv_build(const char *name, const char *cmdline, int *argc,
		       char ***argv)
{
	size_t name_size = strlen(name) + 1;
	char *out = strings;
	int count = 0;

	if (name_size + strlen(cmdline) + 1 > sizeof(strings))
		return -UC_ENOSPC;

	memcpy(out, name, name_size);
	arguments[count++] = out;
	out += name_size;
	for (;;) {
		bool quoted = false;

		while (is_separator(*cmdline))
			cmdline++;
		if (!*cmdline)
			break;
		if (count == UC_CONFIG_PROCESS_MAX_ARGS)
			return -UC_E2BIG;
		arguments[count++] = out;
		for (; *cmdline && (quoted || !is_separator(*cmdline));
		     cmdline++) {
			if (*cmdline == '"')
				quoted = !quoted;
			else
				*out++ = *cmdline;
		}
		*out++ = '\0';
	}
	arguments[count] = NULL;

	*argc = count;
	*argv = arguments;
	return 0;
}
