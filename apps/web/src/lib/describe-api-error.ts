/**
 * One readable sentence for a failed API call. A network failure (server down, connection refused)
 * or a non-JSON reply (a proxy's error page) says the API is unreachable; an API error keeps the
 * server's own message (e.g. "cannot cancel task 7: it is COMPLETED").
 */
export function describeApiError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (UNREACHABLE.test(message) || message.trim() === "") {
    return "The API is not reachable. Check that the web server is running; retrying automatically.";
  }
  return message;
}

const UNREACHABLE =
  /failed to fetch|networkerror|network request failed|load failed|unexpected token|not valid json|unable to transform response/i;
