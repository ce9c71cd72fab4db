import { Skeleton } from '../../components/ui/Feedback';
import { ThemeSwitch } from '../../components/ui/ThemeSwitch';
import { usePageTitle } from '../../lib/page-title';
import { useCurrentUser } from '../auth/session-hooks';
import { CategoriesSection } from '../categories/CategoriesSection';
import { RulesSection } from '../rules/RulesSection';
import { DeleteAccountSection } from './DeleteAccountSection';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { SettingsSection } from './SettingsSection';
import { TwoFactorStatusPanel } from './TwoFactorSection';

export default function SettingsPage() {
  usePageTitle('Settings');
  const user = useCurrentUser();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Manage your profile, categorisation rules, security and sessions.</p>
        </div>
      </div>
      <div className="settings-grid">
        {user.data ? <ProfileSection user={user.data} /> : <Skeleton height={260} />}
        <SettingsSection title="Appearance" description="Light, dark, or follow this device.">
          <ThemeSwitch />
        </SettingsSection>
        <CategoriesSection />
        <RulesSection />
        <PasswordSection />
        <SettingsSection
          title="Two-factor sign-in"
          description="A code from an authenticator app, asked after your password."
        >
          <TwoFactorStatusPanel />
        </SettingsSection>
        <SessionsSection />
        <DeleteAccountSection />
      </div>
    </div>
  );
}
