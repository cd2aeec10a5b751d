// Swagger UI's start-up for products-service, in place of swagger-ui-dist's demo one
// (scripts/swagger-ui.sh puts it beside the package's files). It shows the API document the
// service serves itself and sends nothing to any other host: no validator badge.
window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: "/swagger/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
  });
};
