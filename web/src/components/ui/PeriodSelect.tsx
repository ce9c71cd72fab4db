import { ANALYTICS_PRESETS, type AnalyticsPreset, PRESET_LABELS } from '@finailytics/shared';

/** A compact picker of the analytics periods (last 30 days, this month, …). */
export function PeriodSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: AnalyticsPreset;
  onChange: (preset: AnalyticsPreset) => void;
}) {
  return (
    <select
      className="select"
      style={{ width: 'auto' }}
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.target.value as AnalyticsPreset)}
    >
      {ANALYTICS_PRESETS.map((preset) => (
        <option key={preset} value={preset}>
          {PRESET_LABELS[preset]}
        </option>
      ))}
    </select>
  );
}
