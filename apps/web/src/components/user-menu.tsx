"use client";

import { useState } from "react";
import { useCurrentUser } from "./current-user";

/** Who is signed in, with which role, and a way out. */
export function UserMenu() {
  const user = useCurrentUser();
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  const signOut = async () => {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST" }).catch(() => {});
    window.location.assign("/sign-in");
  };
  return (
    <div className="user-menu" data-testid="current-user">
      <span className="user-email" title={user.email}>
        {user.email}
      </span>
      <span className="user-role" data-testid="current-role">
        {user.role}
      </span>
      <button type="button" className="button-secondary" onClick={signOut} disabled={busy}>
        Sign out
      </button>
    </div>
  );
}
