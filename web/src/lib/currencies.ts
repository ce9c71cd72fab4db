/** Currencies offered in pickers; the server accepts any ISO 4217 code the runtime knows. */
export const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'CHF',
  'JPY',
  'INR',
  'NGN',
  'BRL',
  'MXN',
  'ZAR',
  'SEK',
  'SGD',
] as const;
