/*
 * The content security policy of the app's page, in the desktop window (electron/main.ts) and in
 * browser mode (server/server.ts) alike.
 */

/**
 * Scripts only from the app's own origin, no inline scripts, no other origin for anything. The one
 * concession: 'unsafe-eval', because regl (under regl-scatterplot, the WebGL map) compiles its
 * draw commands with `new Function`; without it the map cannot draw.
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
