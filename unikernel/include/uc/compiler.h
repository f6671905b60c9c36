/*
 * Compiler helpers used across the Unicore core: attributes that let the
 * compiler check callers, and compile-time checks.
 *
 * Only macros that must be macros live here (attributes, constant
 * expressions); everything else is a static inline function elsewhere.
 */
#ifndef UC_COMPILER_H
#define UC_COMPILER_H

/* Checks the arguments of a printf-style function like printf's. */
#define UC_PRINTF(format_index, first_argument) \
	__attribute__((format(printf, format_index, first_argument)))

/* Number of elements of an array (not of a pointer). */
#define UC_ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))

/* Fails the build with message when condition, a constant, is false. */
#define UC_BUILD_ASSERT(condition, message) _Static_assert(condition, message)

#endif /* UC_COMPILER_H */
