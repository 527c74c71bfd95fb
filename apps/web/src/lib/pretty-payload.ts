/**
 * The payload as shown on the detail page: indented when it is a JSON object or array (two spaces),
 * otherwise exactly as stored. `json` says which, so the page can label it.
 */
export function prettyPayload(payload: string): { text: string; json: boolean } {
  const trimmed = payload.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return { text: payload, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
  } catch {
    return { text: payload, json: false };
  }
}
