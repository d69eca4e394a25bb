/**
 * Merchants per country, grouped by what people spend on. Each entry is
 * "Display name|STATEMENT DESCRIPTOR|website" (website may be empty). Amounts elsewhere.
 */
import type { Country } from "./types";

export type MerchantGroup = "groceries" | "restaurant" | "coffee" | "transport" | "fuel" | "shopping" | "pharmacy";

export interface Merchant {
  name: string;
  descriptor: string;
  website: string | null;
}

/** A merchant billed at a fixed monthly price (local currency). */
export interface PricedMerchant extends Merchant {
  price: number;
}

export interface CountryMerchants {
  groups: Record<MerchantGroup, Merchant[]>;
  subscriptions: PricedMerchant[];
  gym: PricedMerchant;
  electricity: Merchant;
  internet: PricedMerchant;
  mobile: PricedMerchant;
  /** Extra fixed monthly bills (water, council tax, licence fee…). */
  bills: PricedMerchant[];
}

function m(spec: string): Merchant {
  const [name = "", descriptor = "", website = ""] = spec.split("|");
  return { name, descriptor, website: website || null };
}

function p(spec: string, price: number): PricedMerchant {
  return { ...m(spec), price };
}

function groups(g: Record<MerchantGroup, string[]>): Record<MerchantGroup, Merchant[]> {
  return {
    groceries: g.groceries.map(m),
    restaurant: g.restaurant.map(m),
    coffee: g.coffee.map(m),
    transport: g.transport.map(m),
    fuel: g.fuel.map(m),
    shopping: g.shopping.map(m),
    pharmacy: g.pharmacy.map(m),
  };
}

export const MERCHANTS: Record<Country, CountryMerchants> = {
  US: {
    groups: groups({
      groceries: ["Whole Foods Market|WHOLEFDS MKT 10234|wholefoodsmarket.com", "Trader Joe's|TRADER JOE S #552|traderjoes.com", "Safeway|SAFEWAY #1842|safeway.com", "Kroger|KROGER #0617|kroger.com", "Costco|COSTCO WHSE #0471|costco.com"],
      restaurant: ["Chipotle|CHIPOTLE 2291|chipotle.com", "Shake Shack|SHAKE SHACK 1187|shakeshack.com", "Panera Bread|PANERA BREAD #6006|panerabread.com", "Rosie's Diner|ROSIES DINER|", "Olive Garden|OLIVE GARDEN 0123|olivegarden.com"],
      coffee: ["Starbucks|STARBUCKS STORE 04512|starbucks.com", "Dunkin'|DUNKIN #349812|dunkindonuts.com", "Blue Bottle Coffee|BLUE BOTTLE COFFEE|bluebottlecoffee.com"],
      transport: ["Uber|UBER *TRIP HELP.UBER.COM|uber.com", "Lyft|LYFT *RIDE SAT 8PM|lyft.com", "MTA|MTA*NYCT PAYGO|mta.info"],
      fuel: ["Shell|SHELL OIL 57444|shell.com", "Chevron|CHEVRON 0209122|chevron.com", "ExxonMobil|EXXONMOBIL 4471|exxon.com"],
      shopping: ["Amazon|AMZN Mktp US*2K4LM8|amazon.com", "Target|TARGET.COM *|target.com", "Best Buy|BESTBUY.COM 00012|bestbuy.com", "Etsy|ETSY.COM|etsy.com"],
      pharmacy: ["CVS Pharmacy|CVS/PHARMACY #08812|cvs.com", "Walgreens|WALGREENS #1329|walgreens.com"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 15.49), p("Spotify|SPOTIFY USA|spotify.com", 11.99)],
    gym: p("Planet Fitness|PLANET FITNESS CLUB FEES|planetfitness.com", 24.99),
    electricity: m("Pacific Gas and Electric|PGANDE WEB ONLINE|pge.com"),
    internet: p("Comcast|COMCAST XFINITY|xfinity.com", 79.99),
    mobile: p("Verizon|VZ WIRELESS VE VZW WEBPAY|verizon.com", 65),
    bills: [p("City Water Utility|CITY WATER UTIL AUTOPAY|", 42.1)],
  },
  CA: {
    groups: groups({
      groceries: ["Loblaws|LOBLAWS #1124|loblaws.ca", "Sobeys|SOBEYS #845|sobeys.com", "Metro|METRO 312|metro.ca", "Costco|COSTCO WHOLESALE W532|costco.ca"],
      restaurant: ["Swiss Chalet|SWISS CHALET #1044|swisschalet.com", "The Keg|THE KEG STEAKHOUSE|thekeg.com", "Boston Pizza|BOSTON PIZZA 077|bostonpizza.com"],
      coffee: ["Tim Hortons|TIM HORTONS #2211|timhortons.ca", "Second Cup|SECOND CUP 9921|secondcup.com"],
      transport: ["Uber|UBER CANADA/UBERTRIP|uber.com", "TTC|TTC PRESTO AUTOLOAD|ttc.ca", "STM|STM OPUS RECHARGE|stm.info"],
      fuel: ["Petro-Canada|PETRO-CANADA 03481|petro-canada.ca", "Esso|ESSO 7731|esso.ca"],
      shopping: ["Amazon.ca|AMAZON.CA*MK2J9|amazon.ca", "Canadian Tire|CANADIAN TIRE #0342|canadiantire.ca", "Best Buy|BESTBUY.CA|bestbuy.ca"],
      pharmacy: ["Shoppers Drug Mart|SHOPPERS DRUG MART #0812|shoppersdrugmart.ca", "Jean Coutu|JEAN COUTU 154|jeancoutu.com"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 16.49), p("Spotify|SPOTIFY P1A2B3|spotify.com", 10.99)],
    gym: p("GoodLife Fitness|GOODLIFE CLUBS|goodlifefitness.com", 49.99),
    electricity: m("Hydro One|HYDRO ONE NETWORKS|hydroone.com"),
    internet: p("Rogers|ROGERS *INTERNET|rogers.com", 85),
    mobile: p("Bell Mobility|BELL MOBILITY|bell.ca", 70),
    bills: [p("City Water|CITY OF TORONTO UTIL|toronto.ca", 45.3)],
  },
  GB: {
    groups: groups({
      groceries: ["Tesco|TESCO STORES 3297|tesco.com", "Sainsbury's|SAINSBURYS S/MKTS|sainsburys.co.uk", "Waitrose|WAITROSE 712|waitrose.com", "Aldi|ALDI 84 771|aldi.co.uk"],
      restaurant: ["Nando's|NANDOS ISLINGTON|nandos.co.uk", "Pizza Express|PIZZA EXPRESS 1245|pizzaexpress.com", "Wagamama|WAGAMAMA LTD|wagamama.com", "The Red Lion|THE RED LION PUB|"],
      coffee: ["Pret A Manger|PRET A MANGER|pret.co.uk", "Costa Coffee|COSTA COFFEE 43011|costa.co.uk", "Caffè Nero|CAFFE NERO 0231|caffenero.com"],
      transport: ["TfL|TFL TRAVEL CH|tfl.gov.uk", "Uber|UBER *TRIP|uber.com", "Trainline|TRAINLINE.COM|thetrainline.com"],
      fuel: ["BP|BP HARROW RD|bp.com", "Shell|SHELL KINGSWAY|shell.co.uk"],
      shopping: ["Amazon|AMAZON.CO.UK*HN4RT|amazon.co.uk", "Argos|ARGOS LTD|argos.co.uk", "John Lewis|JOHN LEWIS ONLINE|johnlewis.com"],
      pharmacy: ["Boots|BOOTS 1092|boots.com", "Superdrug|SUPERDRUG 0421|superdrug.com"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 10.99), p("Spotify|SPOTIFY UK|spotify.com", 11.99)],
    gym: p("PureGym|PUREGYM LTD|puregym.com", 24.99),
    electricity: m("Octopus Energy|OCTOPUS ENERGY|octopus.energy"),
    internet: p("BT|BT GROUP PLC|bt.com", 38),
    mobile: p("EE|EE LIMITED|ee.co.uk", 25),
    bills: [p("Thames Water|THAMES WATER|thameswater.co.uk", 35.6), p("Council Tax|LB ISLINGTON CTAX|islington.gov.uk", 142)],
  },
  IE: {
    groups: groups({
      groceries: ["Tesco|TESCO STORE 2211 DUBLIN|tesco.ie", "Dunnes Stores|DUNNES STORES 114|dunnesstores.com", "SuperValu|SUPERVALU RANELAGH|supervalu.ie", "Lidl|LIDL IE 0542|lidl.ie"],
      restaurant: ["Milano|MILANO DAWSON ST|milano.ie", "Bunsen|BUNSEN BURGERS|bunsen.ie", "O'Neill's|O NEILLS PUB SUFFOLK ST|"],
      coffee: ["Insomnia|INSOMNIA COFFEE CO|insomnia.ie", "Butlers Chocolate Café|BUTLERS CHOC CAFE|butlerschocolates.com"],
      transport: ["Leap Card|LEAP CARD TOPUP|leapcard.ie", "FREENOW|FREENOW*TAXI|free-now.com", "Irish Rail|IARNROD EIREANN|irishrail.ie"],
      fuel: ["Circle K|CIRCLE K 4411|circlek.ie", "Applegreen|APPLEGREEN 201|applegreen.ie"],
      shopping: ["Amazon|AMZN MKTP DE*RT5KX|amazon.de", "Harvey Norman|HARVEY NORMAN IE|harveynorman.ie", "Penneys|PENNEYS MARY ST|primark.com"],
      pharmacy: ["Boots|BOOTS IE 3341|boots.ie", "Hickey's Pharmacy|HICKEYS PHARMACY|hickeyspharmacies.ie"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 12.99), p("Spotify|SPOTIFY IE|spotify.com", 11.99)],
    gym: p("Flyefit|FLYEFIT|flyefit.ie", 29.99),
    electricity: m("Electric Ireland|ELECTRIC IRELAND DD|electricireland.ie"),
    internet: p("Virgin Media|VIRGIN MEDIA IE|virginmedia.ie", 55),
    mobile: p("Three|THREE IRELAND|three.ie", 25),
    bills: [],
  },
  FR: {
    groups: groups({
      groceries: ["Carrefour|CARREFOUR CITY PARIS 11|carrefour.fr", "Monoprix|MONOPRIX 0452|monoprix.fr", "Franprix|FRANPRIX 5621|franprix.fr", "Picard|PICARD SURGELES|picard.fr"],
      restaurant: ["Brasserie du Marché|BRASSERIE DU MARCHE|", "Big Fernand|BIG FERNAND|bigfernand.com", "Crêperie Bretonne|CREPERIE BRETONNE|"],
      coffee: ["Paul|PAUL BOULANGERIE|paul.fr", "Boulangerie Julien|BOULANGERIE JULIEN|", "Starbucks|STARBUCKS FR 2231|starbucks.fr"],
      transport: ["RATP|RATP NAVIGO|ratp.fr", "SNCF|SNCF INTERNET|sncf-connect.com", "Uber|UBER *TRIP|uber.com"],
      fuel: ["TotalEnergies|TOTALENERGIES 7891|totalenergies.fr", "Esso|ESSO EXPRESS 0412|esso.fr"],
      shopping: ["Amazon|AMAZON EU SARL|amazon.fr", "Fnac|FNAC.COM|fnac.com", "Decathlon|DECATHLON 0412|decathlon.fr"],
      pharmacy: ["Pharmacie du Centre|PHARMACIE DU CENTRE|", "Pharmacie des Halles|PHARMACIE DES HALLES|"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 13.49), p("Spotify|SPOTIFY FR|spotify.com", 11.12)],
    gym: p("Basic-Fit|BASIC FIT FRANCE|basic-fit.com", 29.99),
    electricity: m("EDF|EDF CLIENTS PARTICULIERS|edf.fr"),
    internet: p("Free|FREE TELECOM|free.fr", 29.99),
    mobile: p("Orange|ORANGE SA|orange.fr", 20.99),
    bills: [],
  },
  ES: {
    groups: groups({
      groceries: ["Mercadona|MERCADONA VALENCIA|mercadona.es", "Carrefour|CARREFOUR MARKET|carrefour.es", "Dia|DIA SUPERMERCADO 1123|dia.es", "Lidl|LIDL ES 0823|lidl.es"],
      restaurant: ["Taberna La Bodega|TABERNA LA BODEGA|", "100 Montaditos|100 MONTADITOS|spain.100montaditos.com", "Telepizza|TELEPIZZA 0321|telepizza.es", "VIPS|VIPS GRAN VIA|vips.es"],
      coffee: ["Café Central|CAFE CENTRAL|", "Granier|PANADERIA GRANIER|granier.es"],
      transport: ["Metro de Madrid|METRO DE MADRID|metromadrid.es", "Renfe|RENFE VIAJEROS|renfe.com", "Cabify|CABIFY ESPANA|cabify.com"],
      fuel: ["Repsol|REPSOL EST.SERV 4421|repsol.es", "Cepsa|CEPSA 0921|cepsa.es"],
      shopping: ["Amazon|AMAZON.ES COMPRA|amazon.es", "El Corte Inglés|EL CORTE INGLES|elcorteingles.es", "Zara|ZARA.COM ES|zara.com"],
      pharmacy: ["Farmacia García|FARMACIA GARCIA|", "Farmacia del Sol|FARMACIA DEL SOL|"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 12.99), p("Spotify|SPOTIFY ES|spotify.com", 11.99)],
    gym: p("Altafit|ALTAFIT GYM|altafit.es", 29.9),
    electricity: m("Iberdrola|IBERDROLA CLIENTES|iberdrola.es"),
    internet: p("Movistar|TELEFONICA MOVISTAR|movistar.es", 45),
    mobile: p("Vodafone|VODAFONE ESPANA|vodafone.es", 20),
    bills: [],
  },
  NL: {
    groups: groups({
      groceries: ["Albert Heijn|ALBERT HEIJN 1423|ah.nl", "Jumbo|JUMBO AMSTERDAM|jumbo.com", "Lidl|LIDL NL 0551|lidl.nl", "Plus|PLUS SUPERMARKT|plus.nl"],
      restaurant: ["FEBO|FEBO DAMRAK|febo.nl", "Eetcafé De Prins|EETCAFE DE PRINS|", "Vapiano|VAPIANO AMSTERDAM|vapiano.com"],
      coffee: ["Coffee Company|COFFEE COMPANY|coffeecompany.nl", "Bakkerij Vlaar|BAKKERIJ VLAAR|"],
      transport: ["NS|NS GROEP IZ REIZIGERS|ns.nl", "GVB|GVB AMSTERDAM|gvb.nl", "OV-chipkaart|OV-CHIPKAART AUTOLOAD|ov-chipkaart.nl"],
      fuel: ["Shell|SHELL A10 ZUID|shell.nl", "TinQ|TINQ 0231|tinq.nl"],
      shopping: ["bol.com|BOL.COM|bol.com", "Coolblue|COOLBLUE BV|coolblue.nl", "HEMA|HEMA 0341|hema.nl"],
      pharmacy: ["Kruidvat|KRUIDVAT 7751|kruidvat.nl", "Etos|ETOS 4410|etos.nl"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 13.99), p("Spotify|SPOTIFY NL|spotify.com", 11.99)],
    gym: p("Basic-Fit|BASIC FIT NEDERLAND|basic-fit.com", 29.99),
    electricity: m("Vattenfall|VATTENFALL KLANTENSERVICE|vattenfall.nl"),
    internet: p("Ziggo|ZIGGO BV|ziggo.nl", 52),
    mobile: p("KPN|KPN MOBIEL|kpn.com", 22),
    bills: [p("Waternet|WATERNET|waternet.nl", 24.5)],
  },
  DE: {
    groups: groups({
      groceries: ["REWE|REWE MARKT GMBH|rewe.de", "EDEKA|EDEKA CENTER 3312|edeka.de", "Aldi Süd|ALDI SUED 044|aldi-sued.de", "Lidl|LIDL DIENSTL 2231|lidl.de"],
      restaurant: ["Gasthaus Zum Löwen|GASTHAUS ZUM LOEWEN|", "Vapiano|VAPIANO BERLIN|vapiano.com", "Döner Palast|DOENER PALAST|"],
      coffee: ["Tchibo|TCHIBO FILIALE|tchibo.de", "Bäckerei Müller|BAECKEREI MUELLER|"],
      transport: ["Deutsche Bahn|DB VERTRIEB GMBH|bahn.de", "BVG|BVG BERLIN|bvg.de", "MVV|MVV MUENCHEN|mvv-muenchen.de"],
      fuel: ["Aral|ARAL STATION 2214|aral.de", "Shell|SHELL DEUTSCHLAND|shell.de"],
      shopping: ["Amazon|AMAZON EU S.A R.L.|amazon.de", "Otto|OTTO GMBH|otto.de", "MediaMarkt|MEDIAMARKT 0412|mediamarkt.de", "Zalando|ZALANDO SE|zalando.de"],
      pharmacy: ["dm|DM DROGERIE MARKT|dm.de", "Rossmann|ROSSMANN 1124|rossmann.de"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 13.99), p("Spotify|SPOTIFY DE|spotify.com", 10.99)],
    gym: p("McFit|MCFIT GMBH|mcfit.com", 29.9),
    electricity: m("Stadtwerke|STADTWERKE STROM|"),
    internet: p("Telekom|TELEKOM DEUTSCHLAND GMBH|telekom.de", 44.95),
    mobile: p("Vodafone|VODAFONE GMBH|vodafone.de", 20),
    bills: [p("Rundfunkbeitrag|RUNDFUNK ARD ZDF DRADIO|rundfunkbeitrag.de", 18.36)],
  },
  BR: {
    groups: groups({
      groceries: ["Pão de Açúcar|PAO DE ACUCAR 1123|paodeacucar.com", "Carrefour|CARREFOUR BR 0412|carrefour.com.br", "Assaí|ASSAI ATACADISTA|assai.com.br", "Hortifruti|HORTIFRUTI|hortifruti.com.br"],
      restaurant: ["Outback|OUTBACK STEAKHOUSE|outback.com.br", "Churrascaria Gaúcha|CHURRASCARIA GAUCHA|", "iFood|IFOOD *PEDIDO|ifood.com.br"],
      coffee: ["Padaria Real|PADARIA REAL|", "Starbucks|STARBUCKS BR|starbucks.com.br"],
      transport: ["99|99 TAXI *CORRIDA|99app.com", "Uber|UBER *TRIP|uber.com", "SPTrans|SPTRANS BILHETE UNICO|sptrans.com.br"],
      fuel: ["Posto Ipiranga|POSTO IPIRANGA|ipiranga.com.br", "Shell|SHELL BOX|shell.com.br"],
      shopping: ["Mercado Livre|MERCADOLIVRE*VENDEDOR|mercadolivre.com.br", "Magazine Luiza|MAGALU|magazineluiza.com.br", "Amazon|AMAZON BR|amazon.com.br"],
      pharmacy: ["Drogasil|DROGASIL 0412|drogasil.com.br", "Droga Raia|DROGA RAIA 2231|drogaraia.com.br"],
    }),
    subscriptions: [p("Netflix|NETFLIX.COM|netflix.com", 44.9), p("Spotify|SPOTIFY BR|spotify.com", 21.9)],
    gym: p("Smart Fit|SMARTFIT|smartfit.com.br", 119.9),
    electricity: m("Enel|ENEL DISTRIBUICAO SP|enel.com.br"),
    internet: p("Vivo|VIVO FIBRA|vivo.com.br", 120),
    mobile: p("Claro|CLARO CELULAR|claro.com.br", 60),
    bills: [p("Sabesp|SABESP|sabesp.com.br", 85.4)],
  },
};

/** Whether a group's purchases are made online (payment_channel "online"). */
export function isOnlineMerchant(group: MerchantGroup, merchant: Merchant): boolean {
  if (group === "shopping") return true;
  if (group === "transport") return /uber|lyft|cabify|freenow|99|trainline|sncf|renfe/i.test(merchant.name);
  if (group === "restaurant") return /ifood/i.test(merchant.name);
  return false;
}
