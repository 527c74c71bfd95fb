"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { Role } from "@tps/api/client";
import type { FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { useCurrentUser } from "../current-user";
import { Field, InputField } from "../form-field";
import { MutationError } from "../query-state";
import { AdminPage, AdminTable, RoleSelect, useFormFields, useListChange } from "./admin-page";

/** Create users, change their role, disable or re-enable them. */
export function UsersAdmin() {
  return (
    <AdminPage title="Users">
      <CreateUserForm />
      <UsersTable />
    </AdminPage>
  );
}

function CreateUserForm() {
  const trpc = useTRPC();
  const change = useListChange(trpc.users.list.queryKey());
  const { form, set, clear, bind } = useFormFields({ email: "", password: "", role: "viewer" });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        clear();
        return change.succeeded(`Created ${user.email} (${user.role})`);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, role: form.role as Role });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="create-user-form">
      <h2>Add a user</h2>
      <div className="admin-form">
        <InputField id="user-email" label="Email" type="email" required {...bind("email")} />
        <InputField
          id="user-password"
          label="Password (12+ characters)"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          {...bind("password")}
        />
        <Field id="user-role" label="Role">
          <RoleSelect id="user-role" value={form.role} onChange={(role) => set({ role })} />
        </Field>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </div>
      <MutationError mutation={create} />
    </form>
  );
}

const USER_COLUMNS = ["Email", "Role", "Status", "Added"];

function UsersTable() {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const change = useListChange(trpc.users.list.queryKey());
  const users = useQuery(trpc.users.list.queryOptions());
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (user) => change.succeeded(`${user.email}: ${user.disabled ? "disabled" : user.role}`),
      onError: change.failed,
    }),
  );
  return (
    <AdminTable list={users} columns={USER_COLUMNS} testId="users-table">
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
    </AdminTable>
  );
}
