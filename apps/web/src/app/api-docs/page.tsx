import type { Metadata } from "next";
import { ApiReference } from "@/components/api-reference";
import "./api-docs.css";

export const metadata: Metadata = { title: "API reference" };

export default function ApiDocsPage() {
  return (
    <main id="main" className="page api-docs">
      <h1>API reference</h1>
      <p>
        REST endpoints for any language, over the same procedures as the typed tRPC API. Authenticate with{" "}
        <code>Authorization: Bearer &lt;api key&gt;</code>. The document itself:{" "}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <ApiReference />
    </main>
  );
}
