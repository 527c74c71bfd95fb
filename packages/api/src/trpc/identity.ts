import type { Role } from "../access";
import type { Limits } from "./rate-limit";

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  /** The first characters of the key, to recognise it; the key itself is never shown again. */
  start: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
  /** The key's own rate limits (over its role's), when it was given any. */
  limits: Limits | null;
}

/**
 * User and API key administration, implemented by the web app on its auth library. Errors are
 * TaskErrors (NOT_FOUND, CONFLICT, BAD_REQUEST) so they map to clean 4xx answers.
 */
export interface IdentityAdmin {
  createUser(input: { email: string; password: string; role: Role; name?: string }): Promise<UserView>;
  listUsers(): Promise<UserView[]>;
  updateUser(input: { id: string; role?: Role; disabled?: boolean }): Promise<UserView>;
  /** `key` is returned once, here; only its hash is stored. */
  createApiKey(input: {
    name: string;
    role: Role;
    expiresAt?: string;
    ownerId: string;
    limits?: Limits;
  }): Promise<{ id: string; key: string }>;
  listApiKeys(): Promise<ApiKeyView[]>;
  revokeApiKey(id: string): Promise<void>;
}
