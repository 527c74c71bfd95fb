/**
 * Roles and their order. It imports nothing, so the console's bundle (through ./client) gets these
 * helpers without the procedure contract's table.
 */

/** Roles are few and ordered: each one may do everything the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** The lower of two roles: what a key may do when its owner's role is below its own. */
export const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);

/** True when `role` is `min` or above. */
export const hasRole = (role: Role, min: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(min);
