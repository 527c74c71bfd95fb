/** The variables docker-compose.yml requires, each with what it protects. */
export declare const COMPOSE_SECRETS: Record<string, string>;
/** A `.env` text with a fresh random value for each. */
export declare function composeEnv(): string;
/** `.env` entries, with fresh values, for the secrets `existing` (a `.env` text) does not set. */
export declare function missingSecrets(existing: string): string;
