interface Props {
  id: string;
  value: string;
  names: readonly string[];
  onChange: (type: string) => void;
}

/** Which task type a create form makes; `sleep` keeps the plain payload field. */
export function TypeSelect({ id, value, names, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>Type</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {names.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </div>
  );
}
