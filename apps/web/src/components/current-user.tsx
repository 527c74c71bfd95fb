"use client";

import { hasRole, type Role } from "@tps/api/client";
import { createContext, type ReactNode, useContext } from "react";

export interface CurrentUser {
  email: string;
  role: Role;
}

const UserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

export function useCurrentUser(): CurrentUser | null {
  return useContext(UserContext);
}

/**
 * Whether the signed-in user has at least `role`: the console hides what they cannot do (the
 * server refuses it regardless).
 */
export function useCan(role: Role): boolean {
  const user = useContext(UserContext);
  return !!user && hasRole(user.role, role);
}

/** Renders its children only for users with at least the role `min`. */
export function RoleGate({ min, children }: { min: Role; children: ReactNode }) {
  return useCan(min) ? children : null;
}
