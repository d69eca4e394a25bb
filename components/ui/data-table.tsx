import type { ReactNode } from "react";

/** One column header; `right` aligns it (and, by the caller, its cells) to the right, as amounts are. */
export type DataColumn = { key: string; label: ReactNode; align?: "right" };

type Props = {
  /** The table's accessible name (aria-label). */
  label: string;
  /** Falsy entries are left out (a column shown only sometimes). */
  columns: (DataColumn | false | null | undefined)[];
  /**
   * `plain`: a list inside a page or card (no frame, cells padded on the right, `dense` for tighter rows);
   * `boxed`: a framed white table of its own (cells padded on both sides).
   */
  variant?: "plain" | "boxed";
  dense?: boolean;
  /** Extra classes on the table (e.g. a margin). */
  className?: string;
  /** The body rows (`<tr>` elements; in a dense plain table, without padding or row rules of their own). */
  children: ReactNode;
};

const TABLE = { plain: "w-full text-sm", boxed: "w-full rounded-lg border border-slate-200 bg-white text-sm" };
/**
 * `dense` plain tables style their body rows and cells from the table — a rule under each row, cells
 * padded on the right but the last — so that callers' cells carry only what is their own (alignment,
 * colour). A page of connection cards has some 500 such cells: their classes were a third of its
 * HTML and of its RSC payload.
 */
const DENSE_BODY = "[&>tbody>tr]:border-b [&>tbody>tr]:border-slate-100 [&>tbody>tr>td]:py-1.5 [&>tbody>tr>td:not(:last-child)]:pr-3";
const HEAD_ROW = { plain: "border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500", boxed: "border-b text-left text-xs uppercase text-slate-500" };

/** The header cell's classes: the same padding the caller's body cells use (see cellClass). */
function headClass(variant: "plain" | "boxed", dense: boolean, last: boolean, align: DataColumn["align"]): string {
  const pad = variant === "boxed" ? "px-3 py-2" : `${dense ? "py-1.5" : "py-2"}${last ? "" : " pr-3"}`;
  return `${pad}${align === "right" ? " text-right" : ""} font-medium`;
}

/** A table with one header row of column names (`<th scope="col">`) and the caller's rows as its body. */
export function DataTable({ label, columns, variant = "plain", dense = false, className, children }: Props) {
  const shown = columns.filter((c): c is DataColumn => Boolean(c));
  return (
    <table className={[className, TABLE[variant], dense && variant === "plain" ? DENSE_BODY : null].filter(Boolean).join(" ")} aria-label={label}>
      <thead>
        <tr className={HEAD_ROW[variant]}>
          {shown.map((c, i) => (
            <th key={c.key} scope="col" className={headClass(variant, dense, i === shown.length - 1, c.align)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
