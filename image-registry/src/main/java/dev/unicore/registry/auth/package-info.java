/**
 * Authentication and authorization with the Docker/OCI bearer-token flow. A request to {@code /v2/}
 * without a sufficient token gets 401 with {@code WWW-Authenticate: Bearer
 * realm=…,service=…,scope=repository:NAME:ACTIONS}; the client asks the token endpoint ({@code
 * /token}) for a short-lived HMAC-signed token carrying the scopes its account may have (users and
 * robot accounts with bcrypt-hashed secrets, or anonymous pull where a repository allows it) and
 * retries with it. Off unless {@code unicore.registry.auth.enabled} is set.
 */
package dev.unicore.registry.auth;
