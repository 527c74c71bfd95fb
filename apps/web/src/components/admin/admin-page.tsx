"use client";

import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type ReactNode, useState } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { useCan } from "../current-user";
import { type Column, TableHead } from "../data-table";
import { useNotify } from "../notices";
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

/**
 * What follows a change to one admin list: `succeeded` says what was done (when there is something
 * to say) and refetches the list; `failed` says why the change was refused.
 */
export function useListChange(queryKey: QueryKey) {
  const notify = useNotify();
  const queryClient = useQueryClient();
  return {
    succeeded: (message?: string) => {
      if (message) notify("success", message);
      return queryClient.invalidateQueries({ queryKey });
    },
    failed: (error: unknown) => notify("error", describeApiError(error)),
  };
}

/** A create form's text fields: `bind(name)` wires an input to one of them, `clear()` empties them all. */
export function useFormFields<T extends Record<string, string>>(empty: T) {
  const [form, setForm] = useState(empty);
  const set = (patch: Partial<T>) => setForm((current) => ({ ...current, ...patch }));
  return {
    form,
    set,
    clear: () => setForm(empty),
    bind: (name: keyof T) => ({
      value: form[name],
      onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [name]: e.target.value } as Partial<T>),
    }),
  };
}

/** An admin list: why it cannot be shown, or its rows under the headings and an actions column. */
export function AdminTable({
  list,
  columns,
  testId,
  children,
}: {
  list: { isError: boolean; error: unknown };
  columns: readonly Column[];
  testId: string;
  children: ReactNode;
}) {
  if (list.isError) return <p className="form-error">{describeApiError(list.error)}</p>;
  return (
    <table className="panel admin-table" data-testid={testId}>
      <TableHead columns={columns} actions />
      <tbody>{children}</tbody>
    </table>
  );
}
