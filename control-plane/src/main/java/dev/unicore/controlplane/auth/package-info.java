/**
 * Authentication and authorization: opaque bearer tokens stored as SHA-256 hashes, each with roles,
 * an optional expiry and revocation; the rules of which role may call which route; and the token
 * routes themselves. A missing, unknown, expired or revoked token gets 401 with a detail saying
 * which; a valid token without the needed role gets 403.
 */
package dev.unicore.controlplane.auth;
