"use client";

/** The "Update mode for" choice of the try-it widgets: a new connection, or one of the exchanged items. */
export function UpdateModeSelect({ id, items, value, onChange }: { id: string; items: { id: string; label: string }[]; value: string; onChange: (itemId: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        Update mode for
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm">
        <option value="">— a new connection —</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.label}
          </option>
        ))}
      </select>
    </div>
  );
}
