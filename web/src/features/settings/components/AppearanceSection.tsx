// "Appearance": the colour theme, dark, light or the system's, remembered in this browser.
import { Monitor, Moon, Sun } from 'lucide-react';
import { cn } from '@/components/ui';
import { type ThemeChoice, useTheme } from '@/app/theme';
import { SettingsHeading } from './SettingsLayout';

const CHOICES: { value: ThemeChoice; label: string; icon: typeof Moon; hint: string }[] = [
  { value: 'dark', label: 'Dark', icon: Moon, hint: 'Easy on the eyes at night.' },
  { value: 'light', label: 'Light', icon: Sun, hint: 'Bright, for well-lit rooms.' },
  { value: 'system', label: 'Sync with system', icon: Monitor, hint: 'Follows your device’s setting.' },
];

export function AppearanceSection() {
  const { theme, setTheme } = useTheme();
  return (
    <div className="flex flex-col gap-8">
      <SettingsHeading>Appearance</SettingsHeading>
      <div role="radiogroup" aria-labelledby="theme-heading" className="flex flex-col gap-3">
        <h2 id="theme-heading" className="text-xs font-bold tracking-wide text-muted uppercase">
          Theme
        </h2>
        <p className="text-sm text-muted">Remembered in this browser.</p>
        <div className="grid gap-3 sm:grid-cols-3">
          {CHOICES.map(({ value, label, icon: Icon, hint }) => (
            <label
              key={value}
              className={cn(
                'flex cursor-pointer items-start gap-3 rounded-md border-2 bg-sidebar p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-focus',
                theme === value ? 'border-accent' : 'border-transparent hover:bg-hover',
              )}
            >
              <input
                type="radio"
                name="theme"
                value={value}
                checked={theme === value}
                onChange={() => setTheme(value)}
                aria-labelledby={`theme-${value}-label`}
                aria-describedby={`theme-${value}-hint`}
                className="mt-1 size-4 shrink-0 accent-[var(--color-accent)]"
              />
              <span className="flex min-w-0 flex-col gap-1">
                <span className="flex items-center gap-2 font-medium text-heading">
                  <Icon className="size-4" aria-hidden />
                  <span id={`theme-${value}-label`}>{label}</span>
                </span>
                <span id={`theme-${value}-hint`} className="text-xs text-muted">
                  {hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </div>
    </div>
  );
}
