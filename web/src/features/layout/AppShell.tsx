import { Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Avatar, Skeleton } from '../../components/ui/Feedback';
import { Icon, type IconName } from '../../components/ui/Icon';
import { ThemeSwitch } from '../../components/ui/ThemeSwitch';
import { ResendVerificationButton } from '../auth/ResendVerificationButton';
import { useCurrentUser, useSignOut } from '../auth/session-hooks';
import { ConnectionBanner } from './ConnectionBanner';

const NAV: { to: string; label: string; icon: IconName }[] = [
  { to: '/', label: 'Overview', icon: 'overview' },
  { to: '/transactions', label: 'Transactions', icon: 'transactions' },
  { to: '/accounts', label: 'Accounts', icon: 'overview' },
  { to: '/budgets', label: 'Budgets', icon: 'receipt' },
  { to: '/reports', label: 'Reports', icon: 'reports' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export function PageFallback() {
  return (
    <div className="page" aria-busy="true">
      <Skeleton width={220} height={30} />
      <Skeleton height={120} />
      <Skeleton height={320} />
    </div>
  );
}

/** Until the address is verified, no report is sent to it. */
function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <div className="banner" role="status">
      <Icon name="mail" />
      <p className="banner-text">
        Please verify <strong>{email}</strong>: we sent you a link. Reports are e-mailed only to verified addresses.
      </p>
      <ResendVerificationButton />
    </div>
  );
}

export function AppShell() {
  const user = useCurrentUser();
  const signOut = useSignOut();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the menu closes whenever the page changes.
  useEffect(() => setNavOpen(false), [location.pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const close = (event: KeyboardEvent) => event.key === 'Escape' && setNavOpen(false);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [navOpen]);

  return (
    <div className="shell" data-nav-open={navOpen}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Button
          variant="ghost"
          icon
          aria-label="Open navigation"
          aria-expanded={navOpen}
          onClick={() => setNavOpen(!navOpen)}
        >
          <Icon name="menu" />
        </Button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>{' '}
          FinAIlytics
        </Link>
        <Avatar name={user.data?.name ?? ''} src={user.data?.profilePicture} />
      </header>
      {navOpen ? (
        // The page behind the open menu dims, and a tap on it closes the menu, as on any phone app.
        <div className="nav-backdrop" aria-hidden="true" onClick={() => setNavOpen(false)} />
      ) : null}
      <aside className="sidebar" aria-label="Main">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            F
          </span>{' '}
          FinAIlytics
        </Link>
        <nav className="nav">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.to === '/'}>
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="sidebar-footer">
          <ThemeSwitch />
          <div className="user-chip">
            <Avatar name={user.data?.name ?? ''} src={user.data?.profilePicture} />
            <div>
              <strong className="user-name">{user.data?.name ?? <Skeleton width={100} />}</strong>
              <span className="user-email">{user.data?.email}</span>
            </div>
          </div>
          <Button variant="ghost" block onClick={() => void signOut()} style={{ justifyContent: 'flex-start' }}>
            <Icon name="logout" /> Sign out
          </Button>
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <ConnectionBanner />
        {user.data && !user.data.emailVerified ? <VerifyEmailBanner email={user.data.email} /> : null}
        <Suspense fallback={<PageFallback />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
