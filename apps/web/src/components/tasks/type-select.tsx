import { Field, ValueOptions } from "../form-field";

interface Props {
  id: string;
  value: string;
  names: readonly string[];
  onChange: (type: string) => void;
}

/** Which task type a create form makes; `sleep` keeps the plain payload field. */
export function TypeSelect({ id, value, names, onChange }: Props) {
  return (
    <Field id={id} label="Type">
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <ValueOptions values={names} />
      </select>
    </Field>
  );
}
