// Kept out of index.html so that a Content-Security-Policy without inline scripts still works.
window.ui = SwaggerUIBundle({
  url: "/v3/api-docs",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
});
