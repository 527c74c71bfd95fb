"use client";

import Script from "next/script";
import { useRef } from "react";

declare global {
  interface Window {
    SwaggerUIBundle?: (options: { url: string; domNode: HTMLElement; deepLinking?: boolean }) => unknown;
  }
}

/** Swagger UI over /api/openapi.json, its script and styles served by this app from public/api-docs (copied from swagger-ui-dist at build; no CDN). */
export function ApiReference() {
  const mount = useRef<HTMLDivElement>(null);
  const render = () => {
    if (mount.current && window.SwaggerUIBundle) {
      window.SwaggerUIBundle({ url: "/api/openapi.json", domNode: mount.current, deepLinking: true });
    }
  };
  return (
    <>
      <link rel="stylesheet" href="/api-docs/swagger-ui.css" />
      <Script src="/api-docs/swagger-ui-bundle.js" strategy="afterInteractive" onReady={render} />
      <div ref={mount} data-testid="api-reference" />
    </>
  );
}
