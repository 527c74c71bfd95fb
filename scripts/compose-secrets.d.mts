/** The variables docker-compose.yml requires, each with what it protects. */
export declare const COMPOSE_SECRETS: Record<string, string>;
/** Settings made from the secrets: Compose's default profile and the URLs `npm start` reads. */
export declare const COMPOSE_SETTINGS: Record<
  string,
  { about: string; value(secrets: Record<string, string>): string }
>;
/** The `NAME=value` entries of a `.env` text. */
export declare function parseEntries(text: string): Record<string, string>;
/** What `npm start` takes from a `.env` text: the deps profile's URLs `environment` does not set. */
export declare function urlsForStart(
  text: string,
  environment: Record<string, string | undefined>,
): Record<string, string>;
/** A `.env` text with a fresh random value for each secret, and the settings made from them. */
export declare function composeEnv(): string;
/** `.env` entries for what `existing` (a `.env` text) does not set: fresh secrets, and the settings. */
export declare function missingSecrets(existing: string): string;
