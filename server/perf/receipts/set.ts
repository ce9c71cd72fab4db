/**
 * The receipts of the benchmark set as data: which shop, what was bought, how it is printed and what a
 * reader should take from it. Everything here follows from one seed, so the set (and its truth) is the
 * same on every machine; `render.ts` turns each receipt into an image.
 */

export type ReceiptLocale = 'en-US' | 'en-GB' | 'en-IE' | 'de-DE';
export type TruthPaymentMethod = 'CARD' | 'CASH' | null;

/** What a reader should find on a receipt, kept beside its image in truth.json. */
export interface ReceiptTruth {
  file: string;
  locale: ReceiptLocale;
  merchant: string;
  totalCents: number;
  /** YYYY-MM-DD */
  date: string;
  paymentMethod: TruthPaymentMethod;
  /** The lines as printed, so a miss can be shown beside the OCR line that should have carried it. */
  printed: { merchant: string; total: string; date: string; payment: string | null };
  /** How this receipt was varied, to group misses by cause. */
  traits: ReceiptTraits;
}

export interface ReceiptTraits {
  shopKind: ShopKind;
  font: string;
  fontSizePx: number;
  paperMm: 58 | 80;
  scale: number;
  currencyStyle: CurrencyStyle;
  dateFormat: DateFormat;
  totalLabel: string;
  rotationDeg: number;
  blurPx: number;
  format: 'png' | 'jpeg';
  jpegQuality: number | null;
  photoMargin: boolean;
  distractorDate: boolean;
}

export interface ReceiptSpec {
  truth: ReceiptTruth;
  /** A whole HTML document; the image shows `#paper` and `data-frame` pixels around it. */
  html: string;
}

type ShopKind =
  | 'supermarket'
  | 'cafe'
  | 'pharmacy'
  | 'hardware'
  | 'restaurant'
  | 'fuel'
  | 'bakery'
  | 'electronics'
  | 'bookshop'
  | 'pet';

type CurrencyStyle = 'usd' | 'gbp' | 'eur-prefix' | 'eur-suffix';

type DateFormat =
  | 'iso'
  | 'dmy-slash'
  | 'mdy-slash'
  | 'dmy-slash-2'
  | 'mdy-slash-2'
  | 'd-mon-y'
  | 'mon-d-y'
  | 'dmy-dot'
  | 'dmy-dot-2';

interface Shop {
  name: string;
  kind: ShopKind;
  locale: ReceiptLocale;
  lines: string[];
  items: Array<[name: string, cents: number]>;
}

const SHOPS: Shop[] = [
  {
    name: 'FreshWay Supermarket',
    kind: 'supermarket',
    locale: 'en-US',
    lines: ['1820 Mission Street', 'San Francisco, CA 94103', 'Tel (415) 555-0132'],
    items: [
      ['Organic Bananas', 189],
      ['Whole Milk 1 gal', 449],
      ['Sourdough Loaf', 579],
      ['Cheddar Block 8oz', 399],
      ['Eggs Large 12ct', 529],
      ['Baby Spinach', 349],
      ['Greek Yogurt', 599],
      ['Pasta Penne', 199],
    ],
  },
  {
    name: 'Corner Bean Cafe',
    kind: 'cafe',
    locale: 'en-GB',
    lines: ['14 Kings Road, London SW3 4UD', 'www.cornerbean.co.uk'],
    items: [
      ['Flat White', 340],
      ['Oat Latte', 375],
      ['Almond Croissant', 325],
      ['Cappuccino', 330],
      ['Banana Bread', 290],
      ['Breakfast Roll', 595],
    ],
  },
  {
    name: 'Riverside Pharmacy',
    kind: 'pharmacy',
    locale: 'en-US',
    lines: ['220 River Ave, Portland, OR 97201', 'Phone 503-555-0178'],
    items: [
      ['Ibuprofen 200mg 100ct', 899],
      ['Vitamin D3 1000IU', 1149],
      ['Allergy Relief 30ct', 1699],
      ['Bandages Assorted', 479],
      ['Hand Sanitizer 8oz', 399],
      ['Cough Syrup 4oz', 1049],
    ],
  },
  {
    name: 'Bolt & Beam Hardware',
    kind: 'hardware',
    locale: 'en-US',
    lines: ['77 Industrial Pkwy, Austin, TX 78744', 'boltandbeam.com  (512) 555-0199'],
    items: [
      ['Cordless Drill 20V', 12999],
      ['Wood Screws 2in 100pk', 849],
      ['Paint Roller Kit', 1499],
      ['Interior Paint 1gal', 3898],
      ['Table Saw 10in', 54900],
      ['Ladder 8ft Fiberglass', 18900],
      ['Work Gloves', 1299],
    ],
  },
  {
    name: 'Trattoria Da Marco',
    kind: 'restaurant',
    locale: 'en-GB',
    lines: ['9 Greek Street, Soho', 'London W1D 4DQ', 'Tel 020 7946 0321'],
    items: [
      ['Bruschetta', 750],
      ['Spaghetti Carbonara', 1450],
      ['Margherita Pizza', 1250],
      ['Tiramisu', 695],
      ['House Red 500ml', 2200],
      ['Sparkling Water', 450],
    ],
  },
  {
    name: 'Northgate Fuel',
    kind: 'fuel',
    locale: 'en-GB',
    lines: ['A1 Northbound, Stevenage SG1 2AB', 'VAT No. GB 123 4567 89'],
    items: [
      ['Screenwash 5L', 599],
      ['Sandwich Meal Deal', 399],
      ['Coffee To Go', 250],
    ],
  },
  {
    name: 'Marktplatz Frischemarkt',
    kind: 'supermarket',
    locale: 'de-DE',
    lines: ['Marktplatz 3, 80331 München', 'Tel. 089 5550 1234'],
    items: [
      ['Vollmilch 1L', 119],
      ['Roggenbrot', 289],
      ['Emmentaler 200g', 249],
      ['Äpfel Elstar 1kg', 299],
      ['Kaffee Bohnen 500g', 699],
      ['Butter 250g', 219],
      ['Mineralwasser 6x1,5L', 349],
    ],
  },
  {
    name: 'Apotheke am Rathaus',
    kind: 'pharmacy',
    locale: 'de-DE',
    lines: ['Rathausstr. 12, 50667 Köln', 'www.apotheke-rathaus.de'],
    items: [
      ['Nasenspray 10ml', 495],
      ['Ibuprofen 400 20St', 589],
      ['Halstabletten', 745],
      ['Pflaster Sortiment', 329],
      ['Vitamin C 40St', 899],
    ],
  },
  {
    name: 'Green Leaf Grocers',
    kind: 'supermarket',
    locale: 'en-IE',
    lines: ['41 Dame Street, Dublin 2', 'Ph: 01 555 0147'],
    items: [
      ['Free Range Eggs 6', 329],
      ['Irish Butter 454g', 429],
      ['Brown Bread', 265],
      ['Cheddar 200g', 349],
      ['Apples 6pk', 299],
      ['Tea Bags 80', 399],
    ],
  },
  {
    name: 'Harbour Books',
    kind: 'bookshop',
    locale: 'en-GB',
    lines: ['3 Quay Street, Bristol BS1 4DB', 'harbourbooks.co.uk'],
    items: [
      ['Paperback Fiction', 999],
      ['Hardback Cookbook', 2500],
      ['Notebook A5', 650],
      ['Greeting Card', 295],
      ['Travel Guide Lisbon', 1599],
    ],
  },
  {
    name: 'Sunrise Bakery',
    kind: 'bakery',
    locale: 'en-US',
    lines: ['512 Elm St, Madison, WI 53703', '608-555-0110'],
    items: [
      ['Blueberry Muffin', 325],
      ['Plain Bagel', 175],
      ['Cinnamon Roll', 395],
      ['Drip Coffee 16oz', 275],
      ['Baguette', 450],
    ],
  },
  {
    name: 'Metro Electronics',
    kind: 'electronics',
    locale: 'en-US',
    lines: ['1500 Broadway, New York, NY 10036', 'metroelectronics.com'],
    items: [
      ['USB-C Cable 6ft', 1999],
      ['Wireless Mouse', 3499],
      ['27in Monitor', 32999],
      ['Laptop 14in 16GB', 119900],
      ['Noise Cancel Headphones', 27999],
      ['HDMI Adapter', 2499],
    ],
  },
  {
    name: 'The Olive Tree Bistro',
    kind: 'restaurant',
    locale: 'en-US',
    lines: ['88 Harbor Blvd, Seattle, WA 98101', 'olivetreebistro.com'],
    items: [
      ['Caesar Salad', 1400],
      ['Grilled Salmon', 2900],
      ['Ribeye Steak', 3800],
      ['Lemonade', 450],
      ['Glass of Merlot', 1300],
      ['Cheesecake', 950],
    ],
  },
  {
    name: 'Highway 9 Gas & Go',
    kind: 'fuel',
    locale: 'en-US',
    lines: ['4001 Route 9, Albany, NY 12205', 'Store #0421'],
    items: [
      ['Energy Drink', 329],
      ['Beef Jerky', 699],
      ['Car Wash Basic', 1000],
    ],
  },
  {
    name: 'Happy Paws Pet Store',
    kind: 'pet',
    locale: 'en-IE',
    lines: ['Unit 5, Retail Park, Cork', 'happypaws.ie'],
    items: [
      ['Dry Dog Food 12kg', 5499],
      ['Cat Litter 10L', 1199],
      ['Chew Toy', 699],
      ['Bird Seed 2kg', 849],
    ],
  },
];

const FONTS = [
  { family: "'DejaVu Sans Mono', monospace", label: 'mono' },
  { family: "'DejaVu Sans', sans-serif", label: 'sans' },
  { family: "'DejaVu Serif', serif", label: 'serif' },
  { family: "'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif", label: 'sans-condensed' },
  { family: "'DejaVu Serif Condensed', 'DejaVu Serif', serif", label: 'serif-condensed' },
] as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: small, fast and the same everywhere, which is all a test set needs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(private readonly random: () => number) {}
  float(min: number, max: number): number {
    return min + (max - min) * this.random();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
  one<T>(values: readonly T[]): T {
    const value = values[Math.floor(this.random() * values.length)];
    if (value === undefined) throw new Error('Picker.one needs a non-empty list');
    return value;
  }
  some<T>(values: readonly T[], count: number): T[] {
    const pool = [...values];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      chosen.push(...pool.splice(Math.floor(this.random() * pool.length), 1));
    }
    return chosen;
  }
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** An amount as the receipt prints it; `symbol: false` for item columns that leave the currency out. */
export function formatMoney(cents: number, style: CurrencyStyle, symbol = true): string {
  const negative = cents < 0;
  const absolute = Math.abs(cents);
  const whole = Math.floor(absolute / 100).toString();
  const fraction = (absolute % 100).toString().padStart(2, '0');
  const sign = negative ? '-' : '';
  switch (style) {
    case 'usd':
      return `${sign}${symbol ? '$' : ''}${groupThousands(whole, ',')}.${fraction}`;
    case 'gbp':
      return `${sign}${symbol ? '£' : ''}${groupThousands(whole, ',')}.${fraction}`;
    case 'eur-prefix':
      return `${sign}${symbol ? '€' : ''}${groupThousands(whole, ',')}.${fraction}`;
    case 'eur-suffix':
      return `${sign}${groupThousands(whole, '.')},${fraction}${symbol ? ' €' : ''}`;
  }
}

function formatDate(year: number, month: number, day: number, format: DateFormat): string {
  const dd = day.toString().padStart(2, '0');
  const mm = month.toString().padStart(2, '0');
  const yy = (year % 100).toString().padStart(2, '0');
  const mon = MONTHS[month - 1] ?? '';
  switch (format) {
    case 'iso':
      return `${year}-${mm}-${dd}`;
    case 'dmy-slash':
      return `${dd}/${mm}/${year}`;
    case 'mdy-slash':
      return `${mm}/${dd}/${year}`;
    case 'dmy-slash-2':
      return `${dd}/${mm}/${yy}`;
    case 'mdy-slash-2':
      return `${mm}/${dd}/${yy}`;
    case 'd-mon-y':
      return `${day} ${mon} ${year}`;
    case 'mon-d-y':
      return `${mon} ${day}, ${year}`;
    case 'dmy-dot':
      return `${dd}.${mm}.${year}`;
    case 'dmy-dot-2':
      return `${dd}.${mm}.${yy}`;
  }
}

/**
 * Date formats a shop in each locale prints, taken in turn so each appears about equally often;
 * slashed day/month order always follows the locale.
 */
const DATE_FORMATS: Record<ReceiptLocale, DateFormat[]> = {
  'en-US': ['mdy-slash', 'mon-d-y', 'mdy-slash-2', 'iso'],
  'en-GB': ['dmy-slash', 'd-mon-y', 'dmy-slash-2', 'iso'],
  'en-IE': ['d-mon-y', 'dmy-slash', 'mon-d-y', 'dmy-slash-2'],
  'de-DE': ['dmy-dot', 'dmy-dot-2', 'iso'],
};

const CURRENCY: Record<ReceiptLocale, CurrencyStyle> = {
  'en-US': 'usd',
  'en-GB': 'gbp',
  'en-IE': 'eur-prefix',
  'de-DE': 'eur-suffix',
};

interface Wording {
  totalLabels: string[];
  subtotal: string;
  tendered: string[];
  change: string;
  cardLines: (digits: string) => string[];
  discount: string;
  returnsUntil: string;
  date: string[];
}

const ENGLISH: Wording = {
  totalLabels: ['TOTAL', 'Total due', 'Amount due', 'Grand total', 'Total to pay'],
  subtotal: 'SUBTOTAL',
  tendered: ['TENDERED', 'CASH TENDERED', 'Cash'],
  change: 'CHANGE',
  cardLines: (digits) => [
    `VISA ****${digits}`,
    `Mastercard **** **** **** ${digits}`,
    `Contactless VISA ****${digits}`,
    `Debit Card ****${digits}`,
    `MASTERCARD CONTACTLESS ${digits}`,
  ],
  discount: 'Member discount',
  returnsUntil: 'Returns accepted until',
  date: ['Date:', 'Date', '', ''],
};

const GERMAN: Wording = {
  totalLabels: ['Summe', 'SUMME EUR', 'Zu zahlen'],
  subtotal: 'Zwischensumme',
  tendered: ['Gegeben', 'BAR'],
  change: 'Rückgeld',
  cardLines: (digits) => [`Kartenzahlung girocard ****${digits}`, `VISA ****${digits}`, `Mastercard ****${digits}`],
  discount: 'Rabatt',
  returnsUntil: 'Umtausch bis',
  date: ['Datum:', 'Datum', ''],
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Line =
  | { kind: 'text'; text: string; align?: 'center' | 'left'; strong?: boolean; size?: number; heading?: boolean }
  | { kind: 'pair'; left: string; right: string; strong?: boolean; size?: number; indent?: boolean; keep?: boolean }
  | { kind: 'rule' };

/** Cash a customer hands over for a total: the next note or round sum above it. */
function cashGiven(totalCents: number, pick: Picker): number {
  const steps = [500, 1000, 2000, 5000, 10000];
  const options = steps.map((step) => Math.ceil((totalCents + 1) / step) * step).filter((value) => value > totalCents);
  return pick.one(options.slice(0, 3));
}

/** How many receipts of each locale came before: date formats and total labels go round in turn. */
type LocaleTurns = Map<ReceiptLocale, number>;

function inTurn<T>(values: readonly T[], turn: number): T {
  const value = values[turn % values.length];
  if (value === undefined) throw new Error('inTurn needs a non-empty list');
  return value;
}

function buildReceipt(index: number, shop: Shop, turns: LocaleTurns, pick: Picker): ReceiptSpec {
  const locale = shop.locale;
  const turn = turns.get(locale) ?? 0;
  turns.set(locale, turn + 1);
  const words = locale === 'de-DE' ? GERMAN : ENGLISH;
  const currency = CURRENCY[locale];
  const money = (cents: number, symbol = true) => formatMoney(cents, currency, symbol);
  const symbolOnItems = pick.chance(0.4);
  const lines: Line[] = [];

  const year = pick.chance(0.7) ? 2026 : 2025;
  const month = pick.int(1, 12);
  const day = pick.int(1, 28);
  const isoDate = `${year}-${month.toString().padStart(2, '0')}-${day.toString().padStart(2, '0')}`;
  const dateFormat = inTurn(DATE_FORMATS[locale], turn);
  const printedDate = formatDate(year, month, day, dateFormat);
  const time = `${pick.int(7, 21).toString().padStart(2, '0')}:${pick.int(0, 59).toString().padStart(2, '0')}`;

  // Header: the merchant's name as printed, sometimes below a greeting, then the address lines.
  const merchantUpper = pick.chance(0.45);
  const printedMerchant = merchantUpper ? shop.name.toUpperCase() : shop.name;
  if (pick.chance(0.12))
    lines.push({ kind: 'text', text: locale === 'de-DE' ? 'Willkommen bei' : 'Welcome to', align: 'center' });
  lines.push({
    kind: 'text',
    text: printedMerchant,
    align: 'center',
    strong: true,
    size: pick.one([1.25, 1.4, 1.6]),
    heading: true,
  });
  for (const line of shop.lines) lines.push({ kind: 'text', text: line, align: 'center' });
  lines.push({ kind: 'rule' });

  const receiptNumber = pick.int(1000, 99999);
  const dateWord = pick.one(words.date);
  const dateLine = `${dateWord ? `${dateWord} ` : ''}${printedDate}  ${time}`;
  const dateOnTop = pick.chance(0.7);
  if (dateOnTop) {
    lines.push({ kind: 'pair', left: dateLine, right: `#${receiptNumber}`, keep: true });
    lines.push({
      kind: 'text',
      text: `${locale === 'de-DE' ? 'Kasse' : 'Till'} ${pick.int(1, 9)}  ${locale === 'de-DE' ? 'Bed.' : 'Op.'} ${pick.int(10, 99)}`,
    });
    lines.push({ kind: 'rule' });
  }

  // Items, or a fuel sale priced by volume.
  let subtotal = 0;
  if (shop.kind === 'fuel') {
    const litres = pick.int(1800, 6500) / 100;
    const perLitre = locale === 'en-US' ? pick.int(319, 459) : pick.int(139, 169);
    const unit = locale === 'en-US' ? 'gal' : 'L';
    const volume = locale === 'en-US' ? Math.round(litres / 3.785) + pick.int(0, 99) / 100 : litres;
    const cents = Math.round(volume * perLitre);
    lines.push({ kind: 'text', text: `Pump ${pick.int(1, 12)}  ${locale === 'en-US' ? 'Regular' : 'Unleaded'}` });
    lines.push({
      kind: 'pair',
      left: `${volume.toFixed(2)} ${unit} @ ${(perLitre / 100).toFixed(3)}/${unit}`,
      right: money(cents, symbolOnItems),
    });
    subtotal += cents;
  }
  const itemCount = shop.kind === 'fuel' ? pick.int(0, 2) : pick.int(2, Math.min(6, shop.items.length));
  for (const [name, unitCents] of pick.some(shop.items, itemCount)) {
    const quantity = unitCents < 1500 && pick.chance(0.3) ? pick.int(2, 4) : 1;
    const cents = unitCents * quantity;
    if (quantity > 1) {
      lines.push({ kind: 'text', text: name });
      lines.push({
        kind: 'pair',
        left: `${quantity} x ${money(unitCents, false)}`,
        right: money(cents, symbolOnItems),
        indent: true,
      });
    } else {
      lines.push({ kind: 'pair', left: name, right: money(cents, symbolOnItems) });
    }
    subtotal += cents;
  }
  if (pick.chance(0.15)) {
    const discount = Math.round(subtotal * 0.05);
    lines.push({ kind: 'pair', left: words.discount, right: money(-discount, symbolOnItems) });
    subtotal -= discount;
  }
  lines.push({ kind: 'rule' });

  // Tax: added on top in the US, included in the price (and only stated) in Europe.
  let total = subtotal;
  const showSubtotal = locale === 'en-US' || pick.chance(0.6);
  if (showSubtotal) lines.push({ kind: 'pair', left: words.subtotal, right: money(subtotal) });
  if (locale === 'en-US') {
    const rate = pick.one([6.25, 7.25, 8.875, 9.5, 0]);
    const tax = Math.round((subtotal * rate) / 100);
    if (rate > 0 || pick.chance(0.5)) lines.push({ kind: 'pair', left: `TAX ${rate}%`, right: money(tax, false) });
    total += tax;
  }
  if (shop.kind === 'restaurant') {
    const percent = locale === 'en-US' ? pick.one([15, 18, 20]) : 12.5;
    const tip = Math.round((total * percent) / 100);
    lines.push({
      kind: 'pair',
      left: locale === 'en-US' ? `Tip ${percent}%` : `Service charge ${percent}%`,
      right: money(tip, symbolOnItems),
    });
    total += tip;
  }

  const totalLabel = inTurn(words.totalLabels, turn);
  const printedTotal = money(total);
  lines.push({ kind: 'pair', left: totalLabel, right: printedTotal, strong: true, size: pick.one([1, 1.15, 1.3]) });
  if (locale !== 'en-US') {
    const rate = locale === 'de-DE' ? pick.one([19, 7]) : locale === 'en-IE' ? 23 : 20;
    const vat = Math.round(total - total / (1 + rate / 100));
    lines.push({
      kind: 'pair',
      left: locale === 'de-DE' ? `MwSt ${rate}% enthalten` : `VAT ${rate}% included`,
      right: money(vat, false),
    });
  }
  lines.push({ kind: 'rule' });

  // Payment: a card line, cash with tendered and change, or (on some receipts) nothing at all.
  const paymentRoll = pick.float(0, 1);
  const paymentMethod: TruthPaymentMethod = paymentRoll < 0.5 ? 'CARD' : paymentRoll < 0.9 ? 'CASH' : null;
  let printedPayment: string | null = null;
  if (paymentMethod === 'CARD') {
    const digits = pick.int(1000, 9999).toString();
    printedPayment = pick.one(words.cardLines(digits));
    lines.push({ kind: 'pair', left: printedPayment, right: money(total, symbolOnItems) });
    if (pick.chance(0.6)) lines.push({ kind: 'text', text: `AUTH CODE ${pick.int(100000, 999999)}` });
  } else if (paymentMethod === 'CASH') {
    const given = cashGiven(total, pick);
    const tendered = pick.one(words.tendered);
    printedPayment = `${tendered} ${money(given, symbolOnItems)}`;
    lines.push({ kind: 'pair', left: tendered, right: money(given, symbolOnItems) });
    lines.push({ kind: 'pair', left: words.change, right: money(given - total, symbolOnItems) });
  }
  if (paymentMethod !== null) lines.push({ kind: 'rule' });

  if (!dateOnTop) lines.push({ kind: 'pair', left: dateLine, right: `#${receiptNumber}`, keep: true });
  const distractorDate = (shop.kind === 'hardware' || shop.kind === 'electronics') && pick.chance(0.5);
  if (distractorDate) {
    const returnMonth = (month % 12) + 1;
    const returnYear = month === 12 ? year + 1 : year;
    lines.push({ kind: 'text', text: `${words.returnsUntil} ${formatDate(returnYear, returnMonth, day, dateFormat)}` });
  }
  if (pick.chance(0.4)) lines.push({ kind: 'text', text: `Points earned: ${pick.int(5, 400)}`, align: 'center' });
  lines.push({
    kind: 'text',
    text: pick.one(
      locale === 'de-DE'
        ? ['Vielen Dank für Ihren Einkauf!', 'Danke und bis bald']
        : ['Thank you for shopping with us!', 'THANK YOU - PLEASE COME AGAIN', 'Have a nice day'],
    ),
    align: 'center',
  });

  const font = pick.one(FONTS);
  const drawnFontSizePx = pick.int(11, 15);
  const paperMm = pick.chance(0.5) ? 58 : 80;
  // A narrow roll prints smaller, as a 58 mm printer fits fewer characters a line.
  const fontSizePx = paperMm === 58 ? Math.min(drawnFontSizePx, 13) : drawnFontSizePx;
  const scale = pick.one([1.5, 2, 2, 2.5]);
  const photoMargin = pick.chance(0.5);
  const rotationDeg = pick.chance(0.5) ? Number(((pick.chance(0.5) ? -1 : 1) * pick.float(1, 3)).toFixed(1)) : 0;
  const blurPx = pick.chance(0.35) ? Number(pick.float(0.3, 0.8).toFixed(2)) : 0;
  const format = pick.chance(0.5) ? 'jpeg' : 'png';
  const jpegQuality = format === 'jpeg' ? pick.int(70, 85) : null;

  const slug = shop.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const file = `r${(index + 1).toString().padStart(2, '0')}-${slug}.${format === 'jpeg' ? 'jpg' : 'png'}`;
  const traits: ReceiptTraits = {
    shopKind: shop.kind,
    font: font.label,
    fontSizePx,
    paperMm,
    scale,
    currencyStyle: currency,
    dateFormat,
    totalLabel,
    rotationDeg,
    blurPx,
    format,
    jpegQuality,
    photoMargin,
    distractorDate,
  };
  const truth: ReceiptTruth = {
    file,
    locale,
    merchant: shop.name,
    totalCents: total,
    date: isoDate,
    paymentMethod,
    printed: {
      merchant: printedMerchant,
      total: `${totalLabel} ${printedTotal}`,
      date: dateLine,
      payment: printedPayment,
    },
    traits,
  };
  return { truth, html: receiptHtml(lines, traits) };
}

/**
 * The merchant's name is printed large when it fits on one line, as a till printer's double size is, and
 * at the body size when it does not (a long name may still wrap then, as on a real narrow roll).
 */
function headingSize(text: string, size: number, traits: ReceiptTraits): number {
  const printableWidthPx = (traits.paperMm - 6) * (96 / 25.4);
  // A bold capital is about 0.75em wide in these fonts, a lower-case letter about 0.62em.
  const emPerCharacter = text === text.toUpperCase() ? 0.75 : 0.62;
  const characters = printableWidthPx / (traits.fontSizePx * size * emPerCharacter);
  return text.length <= characters ? size : 1;
}

function receiptHtml(lines: readonly Line[], traits: ReceiptTraits): string {
  const body = lines
    .map((line) => {
      if (line.kind === 'rule') return '<div class="rule"></div>';
      const size = line.kind === 'text' && line.heading ? headingSize(line.text, line.size ?? 1, traits) : line.size;
      const style = `${line.strong ? 'font-weight:700;' : ''}${size ? `font-size:${size}em;` : ''}`;
      if (line.kind === 'text')
        return `<div class="line ${line.align ?? 'left'}" style="${style}">${escapeHtml(line.text)}</div>`;
      const classes = ['pair', line.indent ? 'indent' : '', line.keep ? 'keep' : ''].filter(Boolean).join(' ');
      return `<div class="${classes}" style="${style}"><span>${escapeHtml(line.left)}</span><span>${escapeHtml(line.right)}</span></div>`;
    })
    .join('\n');
  // A photo-like frame: the receipt on a grey table, turned a little, slightly out of focus. The
  // renderer crops to the turned paper plus `data-frame` pixels of whatever lies around it.
  const background = traits.photoMargin ? 'linear-gradient(135deg, #8c9096, #6f747a 60%, #7d8187)' : '#ffffff';
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body { margin: 0; padding: 0; }
  body { padding: 80px; background: ${background}; display: inline-block; }
  .paper {
    width: ${traits.paperMm}mm; box-sizing: border-box; padding: 4mm 3mm 6mm;
    background: #fbfaf6; color: #1d1d1f;
    font-family: ${FONTS.find((font) => font.label === traits.font)?.family ?? 'monospace'};
    font-size: ${traits.fontSizePx}px; line-height: 1.35;
    transform: rotate(${traits.rotationDeg}deg);
    filter: ${traits.blurPx > 0 ? `blur(${traits.blurPx}px)` : 'none'};
    box-shadow: ${traits.photoMargin ? '0 2px 8px rgba(0,0,0,0.35)' : 'none'};
  }
  .line { white-space: pre-wrap; overflow-wrap: anywhere; }
  .center { text-align: center; }
  .pair { display: flex; justify-content: space-between; align-items: baseline; gap: 0.6em; }
  .indent { padding-left: 1.2em; }
  .keep { flex-wrap: wrap; }
  .keep span:first-child { white-space: nowrap; }
  .keep span:last-child { margin-left: auto; }
  .pair span:last-child { white-space: nowrap; }
  .rule { border-top: 1px dashed #444; margin: 0.45em 0; }
</style></head>
<body><div class="paper" id="paper" data-frame="${traits.photoMargin ? 36 : 6}">
${body}
</div></body></html>`;
}

export const DEFAULT_SEED = 20260314;
export const DEFAULT_COUNT = 40;

/**
 * The benchmark set: shops in turn (so each appears two or three times) with everything else drawn
 * from one seeded generator, so the set is identical on every run.
 */
export function receiptSet(count = DEFAULT_COUNT, seed = DEFAULT_SEED): ReceiptSpec[] {
  const pick = new Picker(seededRandom(seed));
  const turns: LocaleTurns = new Map();
  return Array.from({ length: count }, (_, index) => {
    const shop = SHOPS[index % SHOPS.length];
    if (!shop) throw new Error('No shops');
    return buildReceipt(index, shop, turns, pick);
  });
}
