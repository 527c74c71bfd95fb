"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@tps/api/client";
import { type FormEvent, useState } from "react";
import { describeApiError } from "@/lib/describe-api-error";
import { useTRPC } from "@/trpc/react";
import { useCurrentUser } from "../current-user";
import { useNotify } from "../notices";
import { MutationError } from "../query-state";
import { AdminPage, RoleSelect } from "./admin-page";

/** Create users, change their role, disable or re-enable them. */
export function UsersAdmin() {
  return (
    <AdminPage title="Users">
      <CreateUserForm />
      <UsersTable />
    </AdminPage>
  );
}

function useInvalidateUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
}

function CreateUserForm() {
  const trpc = useTRPC();
  const notify = useNotify();
  const invalidate = useInvalidateUsers();
  const [form, setForm] = useState({ email: "", password: "", role: "viewer" as Role });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        notify("success", `Created ${user.email} (${user.role})`);
        setForm({ email: "", password: "", role: "viewer" });
        return invalidate();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <form className="card" onSubmit={submit} data-testid="create-user-form">
      <h2>Add a user</h2>
      <div className="admin-form">
        <div className="field">
          <label htmlFor="user-email">Email</label>
          <input
            id="user-email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="user-password">Password (12+ characters)</label>
          <input
            id="user-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <RoleSelect
            id="user-role"
            value={form.role}
            onChange={(role) => setForm({ ...form, role: role as Role })}
          />
        </div>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </div>
      <MutationError mutation={create} />
    </form>
  );
}

function UsersTable() {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const notify = useNotify();
  const invalidate = useInvalidateUsers();
  const users = useQuery(trpc.users.list.queryOptions());
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (user) => {
        notify("success", `${user.email}: ${user.disabled ? "disabled" : user.role}`);
        return invalidate();
      },
      onError: (error) => notify("error", describeApiError(error)),
    }),
  );
  if (users.isError) return <p className="form-error">{describeApiError(users.error)}</p>;
  return (
    <table className="admin-table" data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Added</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {(users.data ?? []).map((user) => (
          <tr key={user.id} data-testid={`user-${user.email}`}>
            <td>{user.email}</td>
            <td>
              <RoleSelect
                id={`role-${user.id}`}
                label={`Role of ${user.email}`}
                value={user.role}
                onChange={(role) => update.mutate({ id: user.id, role: role as Role })}
              />
            </td>
            <td>{user.disabled ? "Disabled" : "Active"}</td>
            <td>{new Date(user.createdAt).toLocaleDateString()}</td>
            <td>
              {user.email !== me?.email && (
                <button
                  type="button"
                  className="button-small"
                  onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
                >
                  {user.disabled ? "Enable" : "Disable"}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
