/** One screen of the Pluggy Connect stand-in, by step (child.tsx keeps the state and the calls). */
import type { WireConnector, WireCredential, WireItem } from "@bank-connections/sandbox/pluggy/types";
import type { SandboxTranslate } from "../messages/translate";
import type { Step } from "./api";
import { ConnectorList } from "./connector-list";
import { CredentialsForm, MfaForm } from "./forms";
import { ConnectorBadge, Panel, PrimaryButton, SecondaryButton, Working } from "./pieces";

export function StepView({
  step,
  t,
  connectors,
  query,
  onQuery,
  update,
  onClose,
  onStep,
  onChoose,
  onCredentials,
  onMfa,
}: {
  step: Step;
  t: SandboxTranslate;
  connectors: WireConnector[];
  query: string;
  onQuery: (q: string) => void;
  /** The connect token updates an existing item (reconnect). */
  update: boolean;
  onClose: () => void;
  onStep: (step: Step) => void;
  onChoose: (c: WireConnector) => void;
  onCredentials: (connector: WireConnector, params: Record<string, string>) => void;
  onMfa: (connector: WireConnector, item: WireItem, parameter: WireCredential, value: string) => void;
}) {
  switch (step.kind) {
    case "loading":
      return <Working text={t("loading")} />;
    case "standalone":
      return (
        <Panel title={t("standalone.title")}>
          <p className="text-sm text-slate-600">{t("standalone.text")}</p>
        </Panel>
      );
    case "fatal":
      return (
        <Panel title={t("failed.title")} icon="!">
          <p role="alert" className="text-sm text-slate-600">
            {step.message}
          </p>
          <PrimaryButton onClick={onClose}>{t("close")}</PrimaryButton>
        </Panel>
      );
    case "select":
      return (
        <ConnectorList
          t={t}
          connectors={connectors}
          query={query}
          onQuery={onQuery}
          onChoose={onChoose}
        />
      );
    case "credentials":
      return (
        <CredentialsForm
          key={`${step.connector.id}:${step.message ?? ""}`}
          t={t}
          connector={step.connector}
          update={update}
          message={step.message}
          onSubmit={(params) => onCredentials(step.connector, params)}
        />
      );
    case "working":
      return (
        <>
          <ConnectorBadge connector={step.connector} />
          <Working text={step.text} />
        </>
      );
    case "mfa":
      return (
        <MfaForm
          key={`${step.item.id}:${step.message ?? ""}`}
          t={t}
          connector={step.connector}
          parameter={step.parameter}
          message={step.message}
          onSubmit={(v) => onMfa(step.connector, step.item, step.parameter, v)}
        />
      );
    case "success":
      return (
        <Panel title={t("success.title")} icon="✓" tone="ok">
          <ConnectorBadge connector={step.connector} />
          <p className="text-sm text-slate-600" role="status">
            {t("success.text", { bank: step.connector.name })}
          </p>
          <p className="text-xs text-slate-500">
            {t("success.item")} <code className="font-mono">{step.item.id}</code>
          </p>
          <PrimaryButton onClick={onClose} autoFocus>
            {t("close")}
          </PrimaryButton>
        </Panel>
      );
    case "failed":
      return (
        <Panel title={t("failed.title")} icon="!">
          <ConnectorBadge connector={step.connector} />
          <p role="alert" className="text-sm text-slate-700">
            {step.message}
          </p>
          {step.item?.error?.code ? <p className="text-xs text-slate-500">{step.item.error.code}</p> : null}
          {step.canRetry ? (
            <PrimaryButton onClick={() => onStep({ kind: "credentials", connector: step.connector, message: null })} autoFocus>
              {t("failed.tryAgain")}
            </PrimaryButton>
          ) : null}
          <SecondaryButton onClick={onClose}>{t("close")}</SecondaryButton>
        </Panel>
      );
  }
}
