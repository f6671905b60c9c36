/**
 * The dashboard: a browser application (static/dashboard/, plain HTML, CSS and JavaScript modules)
 * that shows builds, images, deployments, agents and workers by calling the public REST API with
 * the token its user signs in with. The page itself holds no data, so it is served without a token;
 * every figure it shows comes from a route that needs one.
 */
package dev.unicore.controlplane.dashboard;
