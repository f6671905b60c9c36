/**
 * The audit log: who changed what. Every successful API request that changes state is recorded
 * after it completed, with the name of the token that made it, the operation and the path; admins
 * read the log through {@code GET /api/v1/audit-events}. Recording never fails a request: the
 * change is already made when the answer is known.
 */
package dev.unicore.controlplane.audit;
