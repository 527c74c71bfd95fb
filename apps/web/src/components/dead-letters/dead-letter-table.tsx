import type { DeadLetter } from "@tps/api/client";
import Link from "next/link";
import { formatWhen, truncate } from "@/lib/format-time";
import { SelectAllHeader, TableHead } from "../data-table";

interface Props {
  letters: DeadLetter[];
  selected: ReadonlySet<string>;
  onSelect: (key: string, on: boolean) => void;
  onSelectAll: (on: boolean) => void;
  /** Admins select rows to redrive or purge; others see no checkbox column. */
  selectable: boolean;
}

const COLUMNS = [
  "Body",
  "Reason",
  { label: "Deaths", className: "num" },
  "First death",
  "Last death",
  "Task",
];

/** Dead-lettered messages: body (expand to read it whole), why and how often it died, its task. */
export function DeadLetterTable({ letters, selected, onSelect, onSelectAll, selectable }: Props) {
  const allSelected = letters.length > 0 && letters.every((l) => selected.has(l.key));
  return (
    <table className="dead-letter-table" data-testid="dead-letter-table">
      <TableHead
        columns={COLUMNS}
        select={
          selectable && (
            <SelectAllHeader
              label="Select all listed dead letters"
              checked={allSelected}
              onChange={onSelectAll}
            />
          )
        }
      />
      <tbody>
        {letters.map((letter) => (
          <tr
            key={letter.key}
            data-testid={`dead-letter-${letter.key}`}
            className={selected.has(letter.key) ? "selected" : undefined}
          >
            {selectable && (
              <td className="select">
                <input
                  type="checkbox"
                  checked={selected.has(letter.key)}
                  onChange={(e) => onSelect(letter.key, e.target.checked)}
                  aria-label={`Select dead letter ${letter.key}`}
                />
              </td>
            )}
            <td className="dead-letter-body">
              <Body letter={letter} />
            </td>
            <td>{letter.reason ?? "—"}</td>
            <td className="num" data-testid={`dead-letter-deaths-${letter.key}`}>
              {letter.deathCount}
            </td>
            <td>{formatWhen(letter.firstDeathAt)}</td>
            <td>{formatWhen(letter.lastDeathAt)}</td>
            <td>
              {letter.taskId === null ? (
                "—"
              ) : (
                <Link href={`/tasks/${letter.taskId}`} prefetch={false}>
                  #{letter.taskId}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const SHORT = 80;

function Body({ letter }: { letter: DeadLetter }) {
  const cut =
    letter.bodyBytes > letter.body.length ? ` (${letter.bodyBytes.toLocaleString()} bytes, cut)` : "";
  if (letter.body.length <= SHORT && !cut) return <code>{letter.body || "(empty)"}</code>;
  return (
    <details>
      <summary>
        <code>{truncate(letter.body, SHORT)}</code>
      </summary>
      <pre>
        {letter.body}
        {cut}
      </pre>
    </details>
  );
}
