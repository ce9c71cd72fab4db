import type { ReactNode } from 'react';

/** One card of the settings page: a heading, what it is for, and its controls. */
export function SettingsSection({
  title,
  description,
  children,
  danger,
}: {
  title: string;
  description: string;
  children: ReactNode;
  danger?: boolean;
}) {
  return (
    <section className={`card settings-section${danger ? ' danger-zone' : ''}`} aria-labelledby={`${title}-heading`}>
      <header>
        <h2 id={`${title}-heading`}>{title}</h2>
        <p>{description}</p>
      </header>
      <div className="form-grid">{children}</div>
    </section>
  );
}
