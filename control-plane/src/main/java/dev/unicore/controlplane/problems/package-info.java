/**
 * Errors as answers: every failure of the REST API becomes an RFC 9457 problem document with a
 * stable type URI, a title and what to fix. Feature modules throw the exceptions of this package;
 * {@link dev.unicore.controlplane.problems.ProblemHandler} turns them, and the framework's own
 * errors (malformed JSON, unknown fields, bad parameters), into problems.
 */
package dev.unicore.controlplane.problems;
