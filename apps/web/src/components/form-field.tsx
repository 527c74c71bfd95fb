import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled control in the `.field` column layout the console's forms and filter bars use. */
export function Field({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { id: string; label: ReactNode };

/** A label and its input, bare: for forms that lay them out in one grid (sign-in, a single field). */
export function LabeledInput({ id, label, ...input }: InputProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </>
  );
}

/** An input with its label in a `.field`; `fieldClassName` sizes the field, other props go to the input. */
export function InputField({
  id,
  label,
  fieldClassName,
  children,
  ...input
}: InputProps & { fieldClassName?: string }) {
  return (
    <Field id={id} label={label} className={fieldClassName}>
      <input id={id} {...input} />
      {children}
    </Field>
  );
}

/** One `<option>` per value, showing the value itself. */
export function ValueOptions({ values }: { values: readonly string[] }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}

/**
 * A filter's select: "All" (the filter is off, reported as `undefined`) or one of the values.
 * The id doubles as the test id.
 */
export function AnyOrOneSelect<T extends string>({
  id,
  label,
  value,
  values,
  onChange,
}: {
  id: string;
  label: string;
  value: T | undefined;
  values: readonly T[];
  onChange: (value: T | undefined) => void;
}) {
  return (
    <Field id={id} label={label}>
      <select
        id={id}
        data-testid={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : (e.target.value as T))}
      >
        <option value="">All</option>
        <ValueOptions values={values} />
      </select>
    </Field>
  );
}
