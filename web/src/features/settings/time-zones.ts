/** Every IANA zone the browser knows, with a short fallback list for older engines. */
export function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const all = zones.length > 0 ? zones : ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
  return all.includes('UTC') ? all : ['UTC', ...all];
}
