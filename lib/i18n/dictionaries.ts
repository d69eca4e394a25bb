import type { Locale } from "./locales";
import { en, type Messages } from "./messages/en";
import { ptBR } from "./messages/pt-BR";

export const DICTIONARIES: Record<Locale, Messages> = { en, "pt-BR": ptBR };
