import type { SandboxMessages } from "./en";

/** Português do Brasil for the Pluggy Connect stand-in. Same keys as en.ts: a missing or extra key fails the type check. */
export const ptBR = {
  brand: "Sandbox",
  close: "Fechar",
  back: "Voltar",
  loading: "Carregando…",
  footer: "Sandbox local — nenhum banco real é contatado.",
  choose: {
    title: "Escolha seu banco",
    text: "Conecte uma conta para compartilhar as transações.",
    search: "Buscar",
    searchPlaceholder: "Nome do banco",
    none: "Nenhum banco encontrado para “{query}”.",
    sandboxTag: "Sandbox",
    personal: "Banco pessoal",
    business: "Banco empresarial",
    unavailable: "Indisponível no momento",
  },
  credentials: {
    title: "Entre no seu banco",
    updateTitle: "Reconecte seu banco",
    text: "Informe as credenciais que você usa no {bank}.",
    updateText: "Sua conexão com {bank} precisa de atenção. Entre novamente para mantê-la funcionando.",
    continue: "Continuar",
    required: "Preencha todos os campos.",
    hint: "Sandbox: user-ok / password-ok. MFA: user-mfa (token 123456).",
  },
  fields: {
    user: "Usuário",
    password: "Senha",
    token: "Token",
  },
  working: {
    connecting: "Conectando ao seu banco…",
    verifying: "Verificando o código…",
  },
  mfa: {
    title: "Confirme que é você",
    text: "Digite o token que o seu banco enviou para o seu celular.",
    hint: "Token do sandbox: 123456.",
  },
  success: {
    title: "Conectado!",
    text: "{bank} foi conectado. Você já pode fechar esta janela.",
    item: "Item",
  },
  failed: {
    title: "Não foi possível conectar",
    tryAgain: "Tentar novamente",
    incomplete: "A conexão não foi concluída.",
    timeout: "O banco não respondeu a tempo.",
  },
  errors: {
    expired: "Esta sessão expirou. Feche esta janela e comece de novo.",
    unreachable: "Não foi possível acessar o sandbox. Feche esta janela e tente novamente.",
    wrongItem: "Este token não pode atualizar esta conexão.",
  },
  standalone: {
    title: "Pluggy Connect (sandbox)",
    text: "Esta página roda dentro do widget Pluggy Connect do portal.",
  },
} as const satisfies SandboxMessages;
