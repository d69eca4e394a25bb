import { getBrConnector, listBrConnectors, normalizeName, type BrConnector } from "@bank-connections/sandbox/data/institutions";
import type { ConnectorHealthStatus, ConnectorType, ProductType, WireConnector, WireCredential } from "./types";

/**
 * Connectors come from the shared sandbox data (`listBrConnectors`): Pluggy's own sandbox
 * connectors 0, 2 ("Pluggy Bank") and 5 ("MFA 2-step"), plus fictional Brazilian banks. Every
 * connector takes `user` + `password` (see packages/sandbox/README.md for the sandbox users).
 */

const CONNECTOR_CREATED_AT = "2020-01-01T00:00:00.000Z";
const PRODUCTS: ProductType[] = ["ACCOUNTS", "CREDIT_CARDS", "TRANSACTIONS"];

export const CREDENTIALS: WireCredential[] = [
  { label: "Usuário", name: "user", type: "text", placeholder: "user-ok", validation: "^.{1,100}$", validationMessage: "Informe o usuário" },
  { label: "Senha", name: "password", type: "password", placeholder: "password-ok", validation: "^.{1,100}$", validationMessage: "Informe a senha" },
];

export function mfaParameter(expiresAt: string): WireCredential {
  return {
    label: "Token",
    name: "token",
    type: "number",
    mfa: true,
    placeholder: "123456",
    validation: "^\\d{6}$",
    validationMessage: "O token tem 6 dígitos",
    instructions: "Digite o token de 6 dígitos enviado ao seu celular (sandbox: 123456).",
    expiresAt,
  };
}

export function toWireConnector(c: BrConnector, healthOverride?: ConnectorHealthStatus): WireConnector {
  return {
    id: c.id,
    name: c.name,
    institutionUrl: c.institutionUrl,
    imageUrl: c.imageUrl || `https://cdn.pluggy.example/connectors/${c.id}.svg`,
    primaryColor: c.primaryColor.replace(/^#/, ""),
    type: c.type as ConnectorType,
    country: c.country,
    credentials: CREDENTIALS.map((cr) => ({ ...cr })),
    hasMFA: c.hasMFA,
    oauth: false,
    health: { status: healthOverride ?? c.health, stage: null },
    isOpenFinance: false,
    isSandbox: c.isSandbox,
    supportsPaymentInitiation: false,
    supportsScheduledPayments: false,
    supportsSmartTransfers: false,
    supportsAutomaticPix: false,
    supportsBoletoManagement: false,
    products: [...PRODUCTS],
    createdAt: CONNECTOR_CREATED_AT,
    updatedAt: CONNECTOR_CREATED_AT,
  };
}

export function findConnector(id: number): BrConnector | undefined {
  return getBrConnector(id);
}

export type ConnectorFilter = {
  name?: string;
  countries?: string[];
  types?: string[];
  sandbox?: boolean;
  isOpenFinance?: boolean;
  supportsPaymentInitiation?: boolean;
  ids?: number[];
};

export function filterConnectors(f: ConnectorFilter): BrConnector[] {
  const words = f.name ? normalizeName(f.name).split(" ").filter(Boolean) : [];
  return listBrConnectors({ includeSandbox: true }).filter((c) => {
    if (c.isSandbox && !f.sandbox) return false;
    if (f.countries && f.countries.length > 0 && !f.countries.includes(c.country)) return false;
    if (f.types && f.types.length > 0 && !f.types.includes(c.type)) return false;
    if (f.isOpenFinance === true) return false;
    if (f.supportsPaymentInitiation === true) return false;
    if (f.ids && f.ids.length > 0 && !f.ids.includes(c.id)) return false;
    if (words.length > 0) {
      const n = normalizeName(c.name);
      if (!words.every((w) => n.includes(w))) return false;
    }
    return true;
  });
}
