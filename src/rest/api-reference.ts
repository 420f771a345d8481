import express, { type RequestHandler } from 'express';
// Not the package's index: that one evaluates the 4 MB browser bundle, about 35 MB of RSS in the API process.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path';

/** Swagger UI's files, served from the npm package: the reference page fetches nothing from a CDN. */
export function apiReferenceAssets(): RequestHandler {
  return express.static(getAbsoluteFSPath(), { index: false, fallthrough: true, maxAge: '1h' });
}

/** The interactive reference of the REST paths, mounted at /api, reading the OpenAPI document at `specUrl`. */
export function apiReferencePage(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse settings API</title>
<link rel="stylesheet" href="/api-assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/api-assets/swagger-ui-bundle.js"></script>
<script>
  // validatorUrl: null keeps the page from sending the document to swagger.io's online validator.
  window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#reference', validatorUrl: null, deepLinking: true });
</script>
</body>
</html>
`;
}
