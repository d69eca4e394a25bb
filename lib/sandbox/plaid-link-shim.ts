/**
 * The sandbox Plaid Link stand-in's loader for the product's Link widget
 * (components/automations/link-widget.tsx): the product reaches the sandbox package only through
 * lib/sandbox/ (eslint.config.mjs). Client-safe: no server module is imported here.
 */
export { useSandboxPlaidShim } from "@bank-connections/sandbox/ui/plaid-link-shim";
