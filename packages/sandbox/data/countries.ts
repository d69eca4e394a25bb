/** Per-country economics, places, names and statement wording for the generators. */
import type { AccountKind, Country, Currency } from "./types";

export type PayFrequency = "biweekly" | "monthly_last_business_day" | "fifth_business_day";

export interface CountryLabels {
  salary(employer: string): string;
  rent(landlord: string): string;
  cardPaymentOut(institution: string, mask: string): string;
  /** The card's side of a payment made by hand (online / app). */
  cardPaymentIn: string;
  /** The card's side of the automatic monthly payment (autopay / direct debit). */
  cardAutopayIn: string;
  transferOut(mask: string): string;
  transferIn(mask: string): string;
  interest: string;
  fee: string;
  refund(descriptor: string): string;
}

export interface CountryProfile {
  country: Country;
  currency: Currency;
  /** Typical monthly net salary, local currency. */
  salaryMonthly: number;
  payFrequency: PayFrequency;
  /** Multiplier turning "typical US dollar" prices into local prices. */
  price: number;
  rentShare: number;
  /** Plaid sets transaction_code for European institutions only. */
  transactionCodes: boolean;
  /** Whether diners add a tip that shows up when the card purchase posts. */
  tipping: boolean;
  /** A fuel pump pre-authorisation amount, or null where pumps do not pre-authorise. */
  fuelHold: number | null;
  monthlyFee: number | null;
  cities: ReadonlyArray<readonly [city: string, region: string, postalCode: string]>;
  employers: readonly string[];
  landlords: readonly string[];
  holders: readonly string[];
  accountNames: Record<AccountKind, string>;
  labels: CountryLabels;
}

const EN: CountryLabels = {
  salary: (e) => `${e.toUpperCase()} PAYROLL`,
  rent: (l) => `${l.toUpperCase()} RENT`,
  cardPaymentOut: (i, mask) => `PAYMENT TO ${i.toUpperCase()} CARD ${mask}`,
  cardPaymentIn: "PAYMENT THANK YOU",
  cardAutopayIn: "AUTOPAY PAYMENT - THANK YOU",
  transferOut: (mask) => `ONLINE TRANSFER TO XXXX${mask}`,
  transferIn: (mask) => `ONLINE TRANSFER FROM XXXX${mask}`,
  interest: "INTEREST PAYMENT",
  fee: "MONTHLY MAINTENANCE FEE",
  refund: (d) => `REFUND ${d}`,
};

const GB: CountryLabels = {
  ...EN,
  salary: (e) => `${e.toUpperCase()} SALARY BGC`,
  rent: (l) => `STO ${l.toUpperCase()} RENT`,
  cardPaymentOut: (i) => `${i.toUpperCase()} CREDIT CARD DD`,
  cardPaymentIn: "PAYMENT RECEIVED - THANK YOU",
  cardAutopayIn: "DIRECT DEBIT PAYMENT - THANK YOU",
  transferOut: (mask) => `TFR TO A/C ${mask}`,
  transferIn: (mask) => `TFR FROM A/C ${mask}`,
  interest: "GROSS INTEREST",
  fee: "ACCOUNT FEE",
};

const FR: CountryLabels = {
  salary: (e) => `VIR SEPA ${e.toUpperCase()} SALAIRE`,
  rent: (l) => `VIR PERMANENT LOYER ${l.toUpperCase()}`,
  cardPaymentOut: (i) => `PRLV CARTE ${i.toUpperCase()}`,
  cardPaymentIn: "PAIEMENT RECU - MERCI",
  cardAutopayIn: "PAIEMENT RECU - MERCI",
  transferOut: (mask) => `VIR VERS COMPTE ${mask}`,
  transferIn: (mask) => `VIR DEPUIS COMPTE ${mask}`,
  interest: "INTERETS CREDITEURS",
  fee: "FRAIS TENUE DE COMPTE",
  refund: (d) => `REMBOURSEMENT ${d}`,
};

const ES: CountryLabels = {
  salary: (e) => `NOMINA ${e.toUpperCase()}`,
  rent: (l) => `TRANSF. ALQUILER ${l.toUpperCase()}`,
  cardPaymentOut: (i) => `LIQUIDACION TARJETA ${i.toUpperCase()}`,
  cardPaymentIn: "PAGO RECIBIDO - GRACIAS",
  cardAutopayIn: "PAGO RECIBIDO - GRACIAS",
  transferOut: (mask) => `TRASPASO A CUENTA ${mask}`,
  transferIn: (mask) => `TRASPASO DESDE ${mask}`,
  interest: "LIQUIDACION INTERESES",
  fee: "COMISION MANTENIMIENTO",
  refund: (d) => `DEVOLUCION ${d}`,
};

const NL: CountryLabels = {
  salary: (e) => `SALARIS ${e.toUpperCase()}`,
  rent: (l) => `HUUR ${l.toUpperCase()}`,
  cardPaymentOut: (i) => `INCASSO CREDITCARD ${i.toUpperCase()}`,
  cardPaymentIn: "BETALING ONTVANGEN - DANK U",
  cardAutopayIn: "BETALING ONTVANGEN - DANK U",
  transferOut: (mask) => `OVERBOEKING NAAR ${mask}`,
  transferIn: (mask) => `OVERBOEKING VAN ${mask}`,
  interest: "RENTE",
  fee: "KOSTEN BETAALPAKKET",
  refund: (d) => `TERUGBETALING ${d}`,
};

const DE: CountryLabels = {
  salary: (e) => `LOHN/GEHALT ${e.toUpperCase()}`,
  rent: (l) => `DAUERAUFTRAG MIETE ${l.toUpperCase()}`,
  cardPaymentOut: (i) => `KREDITKARTENABRECHNUNG ${i.toUpperCase()}`,
  cardPaymentIn: "ZAHLUNG ERHALTEN - DANKE",
  cardAutopayIn: "ZAHLUNG ERHALTEN - DANKE",
  transferOut: (mask) => `UMBUCHUNG AUF KONTO ${mask}`,
  transferIn: (mask) => `UMBUCHUNG VON ${mask}`,
  interest: "ZINSGUTSCHRIFT",
  fee: "KONTOFUEHRUNGSGEBUEHR",
  refund: (d) => `GUTSCHRIFT ${d}`,
};

const BR: CountryLabels = {
  salary: (e) => `TED SALARIO ${e.toUpperCase()}`,
  rent: (l) => `PIX ALUGUEL ${l.toUpperCase()}`,
  cardPaymentOut: (i) => `PAGTO FATURA CARTAO ${i.toUpperCase()}`,
  cardPaymentIn: "PAGAMENTO RECEBIDO - OBRIGADO",
  cardAutopayIn: "PAGAMENTO RECEBIDO - OBRIGADO",
  transferOut: (mask) => `TRANSF PARA CONTA ${mask}`,
  transferIn: (mask) => `TRANSF DE CONTA ${mask}`,
  interest: "RENDIMENTO POUPANCA",
  fee: "TARIFA PACOTE SERVICOS",
  refund: (d) => `ESTORNO ${d}`,
};

const NAMES_EN = { checking: "Everyday Checking", savings: "High Yield Savings", credit_card: "Platinum Rewards Card", checking_2: "Joint Checking", credit_card_2: "Cash Back Card" };

export const PROFILES: Record<Country, CountryProfile> = {
  US: {
    country: "US", currency: "USD", salaryMonthly: 5200, payFrequency: "biweekly", price: 1, rentShare: 0.3,
    transactionCodes: false, tipping: true, fuelHold: 1, monthlyFee: 12,
    cities: [["San Francisco", "CA", "94103"], ["Austin", "TX", "78701"], ["Chicago", "IL", "60601"], ["Seattle", "WA", "98101"]],
    employers: ["Acme Robotics Inc", "Northwind Traders", "Globex Corporation", "Initech LLC"],
    landlords: ["Maple Street Apartments", "Parkview Residences", "Greenway Property Mgmt"],
    holders: ["Alex Morgan", "Jordan Lee", "Taylor Brooks", "Casey Rivera"],
    accountNames: NAMES_EN, labels: EN,
  },
  CA: {
    country: "CA", currency: "CAD", salaryMonthly: 5600, payFrequency: "biweekly", price: 1.3, rentShare: 0.3,
    transactionCodes: false, tipping: true, fuelHold: null, monthlyFee: 16.95,
    cities: [["Toronto", "ON", "M5V 2T6"], ["Montreal", "QC", "H2X 1Y4"], ["Vancouver", "BC", "V6B 1A1"], ["Calgary", "AB", "T2P 1J9"]],
    employers: ["Maplewood Systems Ltd", "Northern Harbour Logistics", "Laurier Analytics Inc"],
    landlords: ["Bayview Property Management", "Rideau Rentals"],
    holders: ["Sam Tremblay", "Morgan Gagnon", "Riley Chen"],
    accountNames: { checking: "Chequing Account", savings: "High Interest Savings", credit_card: "Cash Back Visa", checking_2: "Joint Chequing", credit_card_2: "Travel Rewards Mastercard" },
    labels: EN,
  },
  GB: {
    country: "GB", currency: "GBP", salaryMonthly: 3300, payFrequency: "monthly_last_business_day", price: 0.75, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: null,
    cities: [["London", "England", "N1 9GU"], ["Manchester", "England", "M1 1AE"], ["Bristol", "England", "BS1 4DJ"], ["Edinburgh", "Scotland", "EH1 1YZ"]],
    employers: ["Albion Analytics Ltd", "Kingsway Digital Ltd", "Harrow & Finch LLP"],
    landlords: ["Foxley Lettings", "Camden Homes Ltd"],
    holders: ["Oliver Hughes", "Amelia Clarke", "Harry Patel"],
    accountNames: { checking: "Current Account", savings: "Instant Access Saver", credit_card: "Credit Card", checking_2: "Joint Current Account", credit_card_2: "Rewards Credit Card" },
    labels: GB,
  },
  IE: {
    country: "IE", currency: "EUR", salaryMonthly: 3500, payFrequency: "monthly_last_business_day", price: 0.95, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: 6,
    cities: [["Dublin", "Dublin", "D02 X285"], ["Cork", "Cork", "T12 XY56"], ["Galway", "Galway", "H91 E2K3"]],
    employers: ["Liffey Software Ltd", "Celtic Data Services DAC"],
    landlords: ["Grafton Property Ltd", "Docklands Residential"],
    holders: ["Aoife Murphy", "Ciarán Byrne", "Niamh Kelly"],
    accountNames: { checking: "Current Account", savings: "Demand Deposit Account", credit_card: "Credit Card", checking_2: "Joint Current Account", credit_card_2: "Platinum Card" },
    labels: GB,
  },
  FR: {
    country: "FR", currency: "EUR", salaryMonthly: 2800, payFrequency: "monthly_last_business_day", price: 0.9, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: 2.5,
    cities: [["Paris", "Île-de-France", "75011"], ["Lyon", "Auvergne-Rhône-Alpes", "69002"], ["Bordeaux", "Nouvelle-Aquitaine", "33000"], ["Nantes", "Pays de la Loire", "44000"]],
    employers: ["Société Lumière SAS", "Atelier Numérique SARL"],
    landlords: ["Foncière Haussmann", "SCI Les Tilleuls"],
    holders: ["Camille Martin", "Lucas Bernard", "Chloé Dubois"],
    accountNames: { checking: "Compte Courant", savings: "Livret A", credit_card: "Carte Visa Premier", checking_2: "Compte Joint", credit_card_2: "Carte Mastercard Gold" },
    labels: FR,
  },
  ES: {
    country: "ES", currency: "EUR", salaryMonthly: 2300, payFrequency: "monthly_last_business_day", price: 0.8, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: null,
    cities: [["Madrid", "Comunidad de Madrid", "28013"], ["Barcelona", "Cataluña", "08002"], ["Valencia", "Comunidad Valenciana", "46002"], ["Sevilla", "Andalucía", "41001"]],
    employers: ["Soluciones Ibéricas SL", "Grupo Levante Tecnología SA"],
    landlords: ["Inmobiliaria Castellana", "Alquileres del Turia SL"],
    holders: ["Lucía García", "Javier Fernández", "Carmen López"],
    accountNames: { checking: "Cuenta Nómina", savings: "Cuenta Ahorro", credit_card: "Tarjeta de Crédito", checking_2: "Cuenta Conjunta", credit_card_2: "Tarjeta Oro" },
    labels: ES,
  },
  NL: {
    country: "NL", currency: "EUR", salaryMonthly: 3400, payFrequency: "monthly_last_business_day", price: 0.95, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: 3.25,
    cities: [["Amsterdam", "Noord-Holland", "1012 AB"], ["Utrecht", "Utrecht", "3511 AA"], ["Rotterdam", "Zuid-Holland", "3011 AA"]],
    employers: ["Grachten Digital BV", "Polderlicht Software BV"],
    landlords: ["Amstel Vastgoed BV", "Woonstichting De Linde"],
    holders: ["Daan de Vries", "Emma Jansen", "Sanne Bakker"],
    accountNames: { checking: "Betaalrekening", savings: "Spaarrekening", credit_card: "Creditcard", checking_2: "Gezamenlijke Rekening", credit_card_2: "Gold Card" },
    labels: NL,
  },
  DE: {
    country: "DE", currency: "EUR", salaryMonthly: 3200, payFrequency: "monthly_last_business_day", price: 0.9, rentShare: 0.3,
    transactionCodes: true, tipping: false, fuelHold: null, monthlyFee: 4.9,
    cities: [["Berlin", "Berlin", "10115"], ["München", "Bayern", "80331"], ["Hamburg", "Hamburg", "20095"], ["Köln", "Nordrhein-Westfalen", "50667"]],
    employers: ["Spreewerk Software GmbH", "Alpenblick Logistik AG"],
    landlords: ["Hausverwaltung Becker GmbH", "Wohnbau Elbufer GmbH"],
    holders: ["Lukas Schneider", "Anna Fischer", "Jonas Weber"],
    accountNames: { checking: "Girokonto", savings: "Tagesgeld", credit_card: "Kreditkarte", checking_2: "Gemeinschaftskonto", credit_card_2: "Gold Kreditkarte" },
    labels: DE,
  },
  BR: {
    country: "BR", currency: "BRL", salaryMonthly: 9500, payFrequency: "fifth_business_day", price: 3, rentShare: 0.3,
    transactionCodes: false, tipping: false, fuelHold: null, monthlyFee: 39.9,
    cities: [["São Paulo", "SP", "01310-100"], ["Rio de Janeiro", "RJ", "20040-002"], ["Belo Horizonte", "MG", "30130-010"], ["Porto Alegre", "RS", "90010-150"]],
    employers: ["Tecnologia Ipê Ltda", "Comercial Guanabara S.A."],
    landlords: ["Imobiliária Paulista", "Lar Carioca Imóveis"],
    holders: ["Ana Souza", "Pedro Oliveira", "Mariana Santos"],
    accountNames: { checking: "Conta Corrente", savings: "Poupança", credit_card: "Cartão de Crédito", checking_2: "Conta Conjunta", credit_card_2: "Cartão Platinum" },
    labels: BR,
  },
};

export const CURRENCY_BY_COUNTRY: Record<Country, Currency> = {
  US: "USD", CA: "CAD", GB: "GBP", IE: "EUR", FR: "EUR", ES: "EUR", NL: "EUR", DE: "EUR", BR: "BRL",
};
