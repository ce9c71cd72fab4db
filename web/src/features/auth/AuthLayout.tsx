import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function AuthLayout({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <div className="auth-page">
      <aside className="auth-aside">
        <Link to="/" className="brand" style={{ color: '#fff' }}>
          <span className="brand-mark" aria-hidden="true">
            F
          </span>{' '}
          FinAIlytics
        </Link>
        <div>
          <h2>See where your money goes, and where it could go instead.</h2>
          <ul>
            <li>Income and expenses in one clear ledger</li>
            <li>Savings rate, trends and category breakdowns</li>
            <li>Scheduled e-mail reports, weekly or monthly</li>
          </ul>
        </div>
        <p style={{ color: '#e0e7ff', fontSize: '0.85rem' }}>
          Your data stays yours. Sessions are protected and revocable.
        </p>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-card">
          <header>
            <Link to="/" className="brand">
              <span className="brand-mark" aria-hidden="true">
                F
              </span>{' '}
              FinAIlytics
            </Link>
            <h1 style={{ marginTop: 18 }}>{title}</h1>
            <p className="muted">{subtitle}</p>
          </header>
          {children}
        </div>
      </main>
    </div>
  );
}
