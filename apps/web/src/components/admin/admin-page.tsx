"use client";

import type { ReactNode } from "react";
import { useCan } from "../current-user";
import "./admin.css";

/** An admin-only page: others see why it is empty (the server refuses them regardless). */
export function AdminPage({ title, children }: { title: string; children: ReactNode }) {
  const isAdmin = useCan("admin");
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{title}</h1>
      </div>
      {isAdmin ? children : <p className="state state-empty">Only admins can see this page.</p>}
    </main>
  );
}

export const ROLE_OPTIONS = ["viewer", "operator", "admin"] as const;

export function RoleSelect(props: {
  id: string;
  value: string;
  onChange: (role: string) => void;
  label?: string;
}) {
  return (
    <select
      id={props.id}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {ROLE_OPTIONS.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </select>
  );
}
