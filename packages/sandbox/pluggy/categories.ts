/**
 * A small Pluggy-style category tree (8-digit ids, parent = first two digits + zeros) and the
 * mapping from the sandbox data's Plaid personal-finance categories. The ids are the emulator's
 * own: the app must treat category ids as opaque.
 */
export type WireCategory = { id: string; description: string; parentId?: string; parentDescription?: string };

const TREE: Array<[string, string, Array<[string, string]>]> = [
  ["01000000", "Income", [["01010000", "Salary"], ["01040000", "Interests"], ["01050000", "Refunds"]]],
  ["05000000", "Transfers", [["05070000", "Transfer - PIX"], ["05080000", "Same person transfer"], ["05100000", "Credit card payment"]]],
  ["08000000", "Housing", [["08010000", "Rent"], ["08030000", "Utilities"]]],
  ["09000000", "Health", [["09010000", "Pharmacy"], ["09030000", "Gyms and fitness centers"]]],
  ["11000000", "Food and drinks", [["11010000", "Groceries"], ["11020000", "Eating out"], ["11030000", "Coffee shops"]]],
  ["12000000", "Shopping", [["12010000", "Online shopping"], ["12020000", "Department stores"]]],
  ["13000000", "Digital services", [["13010000", "Video streaming"], ["13020000", "Music streaming"]]],
  ["17000000", "Transport", [["17010000", "Public transportation"], ["17020000", "Taxi and ride-hailing"], ["17030000", "Gas stations"]]],
  ["18000000", "Bank fees", [["18010000", "Account fees"]]],
  ["99999999", "Other", []],
];

export const CATEGORIES: WireCategory[] = TREE.flatMap(([id, description, children]) => [
  { id, description },
  ...children.map(([cid, cdesc]) => ({ id: cid, description: cdesc, parentId: id, parentDescription: description })),
]);

const BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));

export function getCategory(id: string): WireCategory | undefined {
  return BY_ID.get(id);
}

/** Sandbox transaction kind (the data generator's `TxKind`) → category id. */
const KIND_TO_CATEGORY: Record<string, string> = {
  salary: "01010000",
  interest: "01040000",
  refund: "01050000",
  rent: "08010000",
  utility: "08030000",
  subscription: "13010000",
  gym: "09030000",
  groceries: "11010000",
  restaurant: "11020000",
  coffee: "11030000",
  transport: "17020000",
  fuel: "17030000",
  shopping: "12010000",
  pharmacy: "09010000",
  card_payment: "05100000",
  card_payment_received: "05100000",
  transfer_out: "05070000",
  transfer_in: "05070000",
  fee: "18010000",
  hold: "99999999",
  duplicate: "12010000",
};

export function categoryForKind(kind: string): WireCategory {
  return BY_ID.get(KIND_TO_CATEGORY[kind] ?? "99999999") ?? (BY_ID.get("99999999") as WireCategory);
}
