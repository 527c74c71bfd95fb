import type { Principal, Role } from "../access";

/** A signed-in user with `role`, named `<role>@x`, for router tests. */
export const as = (role: Role): Principal => ({
  id: `${role}-1`,
  name: `${role}@x`,
  role,
  via: "session",
  userId: `${role}-1`,
});
