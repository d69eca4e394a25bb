/** Plaid personal-finance categories (PFC) for the generated transactions. */
import type { Merchant, MerchantGroup } from "./merchants";
import type { PersonalFinanceCategory, TxKind } from "./types";

export type Category = PersonalFinanceCategory;
export const cat = (primary: string, detailed: string): Category => ({ primary, detailed: `${primary}_${detailed}` });

export const GROUP_CATEGORY: Record<MerchantGroup, Category> = {
  groceries: cat("FOOD_AND_DRINK", "GROCERIES"),
  restaurant: cat("FOOD_AND_DRINK", "RESTAURANT"),
  coffee: cat("FOOD_AND_DRINK", "COFFEE"),
  transport: cat("TRANSPORTATION", "PUBLIC_TRANSIT"),
  fuel: cat("TRANSPORTATION", "GAS"),
  shopping: cat("GENERAL_MERCHANDISE", "ONLINE_MARKETPLACES"),
  pharmacy: cat("MEDICAL", "PHARMACIES_AND_SUPPLEMENTS"),
};

export const GROUP_KIND: Record<MerchantGroup, TxKind> = {
  groceries: "groceries",
  restaurant: "restaurant",
  coffee: "coffee",
  transport: "transport",
  fuel: "fuel",
  shopping: "shopping",
  pharmacy: "pharmacy",
};

export function categoryForBill(m: Merchant): Category {
  if (/water|sabesp/i.test(m.name)) return cat("RENT_AND_UTILITIES", "WATER");
  if (/tax|rundfunk/i.test(m.name)) return cat("GOVERNMENT_AND_NON_PROFIT", "TAX_PAYMENT");
  return cat("RENT_AND_UTILITIES", "OTHER_UTILITIES");
}

export function transportCategory(m: Merchant): Category {
  return /uber|lyft|cabify|freenow|^99$/i.test(m.name)
    ? cat("TRANSPORTATION", "TAXIS_AND_RIDE_SHARES")
    : cat("TRANSPORTATION", "PUBLIC_TRANSIT");
}

export function subscriptionCategory(m: Merchant): Category {
  return /spotify/i.test(m.name) ? cat("ENTERTAINMENT", "MUSIC_AND_AUDIO") : cat("ENTERTAINMENT", "TV_AND_MOVIES");
}
