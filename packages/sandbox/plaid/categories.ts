/**
 * /categories/get (no API keys, as at Plaid): the legacy category taxonomy, a fixed subset of
 * Plaid's hierarchy covering what the sandbox's transactions are about.
 */
import type { HandlerCtx } from "./context";

type Row = readonly [id: string, group: "special" | "place" | "digital", hierarchy: readonly string[]];

const CATEGORIES: readonly Row[] = [
  ["10000000", "special", ["Bank Fees"]],
  ["10001000", "special", ["Bank Fees", "Overdraft"]],
  ["10003000", "special", ["Bank Fees", "ATM"]],
  ["12000000", "place", ["Community"]],
  ["12008000", "place", ["Community", "Education"]],
  ["13000000", "place", ["Food and Drink"]],
  ["13005000", "place", ["Food and Drink", "Restaurants"]],
  ["13005043", "place", ["Food and Drink", "Restaurants", "Coffee Shop"]],
  ["14000000", "place", ["Healthcare"]],
  ["14002000", "place", ["Healthcare", "Pharmacies"]],
  ["15000000", "special", ["Interest"]],
  ["15001000", "special", ["Interest", "Interest Earned"]],
  ["16000000", "special", ["Payment"]],
  ["16001000", "special", ["Payment", "Credit Card"]],
  ["16002000", "special", ["Payment", "Rent"]],
  ["17000000", "place", ["Recreation"]],
  ["17018000", "place", ["Recreation", "Gyms and Fitness Centers"]],
  ["18000000", "place", ["Service"]],
  ["18061000", "digital", ["Service", "Subscription"]],
  ["18063000", "place", ["Service", "Telecommunication Services"]],
  ["18068000", "place", ["Service", "Utilities"]],
  ["19000000", "place", ["Shops"]],
  ["19013000", "digital", ["Shops", "Digital Purchase"]],
  ["19047000", "place", ["Shops", "Supermarkets and Groceries"]],
  ["20000000", "special", ["Tax"]],
  ["21000000", "special", ["Transfer"]],
  ["21006000", "special", ["Transfer", "Deposit"]],
  ["21007000", "special", ["Transfer", "Payroll"]],
  ["21008000", "special", ["Transfer", "Third Party"]],
  ["22000000", "place", ["Travel"]],
  ["22006000", "place", ["Travel", "Gas Stations"]],
  ["22014000", "place", ["Travel", "Public Transportation Services"]],
  ["22016000", "place", ["Travel", "Taxi"]],
];

export function categoriesGet(_ctx: HandlerCtx): Record<string, unknown> {
  return { categories: CATEGORIES.map(([category_id, group, hierarchy]) => ({ category_id, group, hierarchy: [...hierarchy] })) };
}
