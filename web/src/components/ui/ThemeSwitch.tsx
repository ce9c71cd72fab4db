import { type ThemePreference, useTheme } from '../../lib/theme';
import { Icon, type IconName } from './Icon';

const THEMES: { value: ThemePreference; label: string; icon: IconName }[] = [
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
  { value: 'system', label: 'System', icon: 'monitor' },
];

/** Light, dark or the device's choice; shown in the sidebar and in Settings. */
export function ThemeSwitch() {
  const [theme, setTheme] = useTheme();
  return (
    <fieldset className="segmented" aria-label="Theme">
      {THEMES.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={theme === option.value}
          title={`${option.label} theme`}
          aria-label={`${option.label} theme`}
          onClick={() => setTheme(option.value)}
        >
          <Icon name={option.icon} size={15} />
        </button>
      ))}
    </fieldset>
  );
}
