/**
 * Category suggestions from what a receipt says, for when the user has no history with the merchant.
 * Each suggestion lists the names people give that category; the first one the user already uses wins,
 * so the draft speaks the user's own words.
 */

interface CategoryRule {
  names: readonly string[];
  /** Upper-case words (or two-word phrases) that point to the category, in the merchant's name or the items. */
  keywords: readonly string[];
}

const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    names: ['Transport', 'Transportation', 'Fuel', 'Car', 'Travel'],
    keywords: [
      'FUEL',
      'PETROL',
      'DIESEL',
      'UNLEADED',
      'GASOLINE',
      'PUMP',
      'PARKING',
      'TAXI',
      'CAB',
      'RAIL',
      'TRAIN',
      'TANKSTELLE',
    ],
  },
  {
    names: ['Health', 'Healthcare', 'Pharmacy', 'Medical'],
    keywords: ['PHARMACY', 'CHEMIST', 'DRUGSTORE', 'APOTHEKE', 'PRESCRIPTION', 'CLINIC'],
  },
  {
    names: ['Dining', 'Restaurants', 'Food & Dining', 'Eating Out', 'Food'],
    keywords: [
      'RESTAURANT',
      'CAFE',
      'CAFÉ',
      'COFFEE',
      'BISTRO',
      'PIZZA',
      'PIZZERIA',
      'BURGER',
      'GRILL',
      'DINER',
      'PUB',
      'BAR',
      'SUSHI',
      'TAKEAWAY',
      'KITCHEN',
      'BAKERY',
      'LATTE',
      'ESPRESSO',
      'CAPPUCCINO',
      'GRATUITY',
      'TIP',
    ],
  },
  {
    names: ['Groceries', 'Grocery', 'Food', 'Supermarket'],
    keywords: [
      'GROCER',
      'GROCERY',
      'GROCERIES',
      'SUPERMARKET',
      'MARKET',
      'FOODS',
      'MILK',
      'BREAD',
      'EGGS',
      'BANANAS',
      'APPLES',
      'CHEESE',
      'BUTTER',
      'YOGHURT',
      'YOGURT',
      'PRODUCE',
    ],
  },
  {
    names: ['Entertainment', 'Leisure'],
    keywords: ['CINEMA', 'THEATRE', 'THEATER', 'TICKETS', 'MUSEUM', 'CONCERT'],
  },
];

/**
 * The categories the receipt's words suggest, best first: the merchant's name counts before the items.
 * Each entry is a rule's names, for the caller to match against the user's own categories.
 */
export function keywordCategories(title: string | null, text: string): Array<readonly string[]> {
  const words = (value: string) =>
    new Set(
      value
        .toUpperCase()
        .split(/[^\p{L}]+/u)
        .filter(Boolean),
    );
  const titleWords = words(title ?? '');
  const textWords = words(text.slice(0, 20_000));
  const matches = (bag: Set<string>) =>
    CATEGORY_RULES.filter((rule) => rule.keywords.some((keyword) => bag.has(keyword))).map((rule) => rule.names);
  const byTitle = matches(titleWords);
  const byText = matches(textWords).filter((names) => !byTitle.includes(names));
  return [...byTitle, ...byText];
}

/** The best suggestion in the user's own spelling when they use one of its names, else its first name. */
export function chooseCategory(
  suggestions: Array<readonly string[]>,
  userCategories: readonly string[],
): string | null {
  const best = suggestions[0];
  if (!best) return null;
  const own = new Map(userCategories.map((category) => [category.toLowerCase(), category]));
  for (const name of best) {
    const mine = own.get(name.toLowerCase());
    if (mine) return mine;
  }
  return best[0] ?? null;
}
