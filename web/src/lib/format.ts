/** Formatting for the person reading: their currency, readable dates, tabular numbers. */

/**
 * The person's locale for numbers: the browser's language, which decides how amounts are written
 * and read (1.450,00 € in de-DE, $1,450.00 in en-US); en-US when the browser names none it knows.
 */
export function userLocale(): string {
  const languages = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  const key = languages.join(',');
  if (resolvedLocale?.key === key) return resolvedLocale.locale;
  let locale = 'en-US';
  for (const language of languages) {
    try {
      const [supported] = language ? Intl.NumberFormat.supportedLocalesOf(language) : [];
      if (supported) {
        locale = supported;
        break;
      }
    } catch {
      // A malformed language tag: try the next one.
    }
  }
  resolvedLocale = { key, locale };
  return locale;
}

let resolvedLocale: { key: string; locale: string } | undefined;

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(
  amount: number,
  currency: string,
  options: { signed?: boolean; compact?: boolean; locale?: string } = {},
) {
  const locale = options.locale ?? userLocale();
  const key = `${locale}|${currency}|${options.signed ? 's' : ''}|${options.compact ? 'c' : ''}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      signDisplay: options.signed ? 'exceptZero' : 'auto',
      ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format.format(amount);
}

/** A calendar date ('YYYY-MM-DD') as "Mar 4, 2026", without passing through any time zone. */
export function formatDate(date: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  if (!year || !month || !day) return date;
  return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatPercent(value: number, digits = 1): string {
  return `${value.toFixed(digits)}%`;
}

/** Today's calendar date in a time zone, as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return parts;
}

export function detectTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
