import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../components/Screen.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { BackupPanel } from './BackupPanel.tsx';
import { ClinicPanel } from './ClinicPanel.tsx';
import { DeskAlertsPanel } from './DeskAlertsPanel.tsx';
import { FraudReportPanel } from './FraudReportPanel.tsx';
import { OperatorsPanel } from './OperatorsPanel.tsx';
import { QuitKiosk } from './QuitKiosk.tsx';
import { SelfCheckPanel } from './SelfCheckPanel.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import './admin.css';

const PANELS = ['settings', 'audit', 'report', 'operators', 'selfCheck', 'backup', 'clinic'] as const;
type Panel = (typeof PANELS)[number];

/**
 * The admin's desk: what needs attention, then settings, the audit chain, the anti-fraud report,
 * accounts, the desk's self-check, backups (with moving the desk to a new computer) and the link to
 * the clinic database; and the kiosk's only way out.
 */
export function AdminHome() {
  const { t } = useTranslation();
  const [panel, setPanel] = useState<Panel>('settings');
  return (
    <div className="admin">
      <DeskAlertsPanel />
      <Tabs
        label={t('admin.sections')}
        tabs={PANELS}
        current={panel}
        tabLabel={(p) => t(`admin.tabs.${p}`)}
        onChoose={setPanel}
      />
      <Screen name="admin" layout="wide" title={t(`admin.tabs.${panel}`)}>
        {panel === 'settings' ? <SettingsPanel /> : null}
        {panel === 'audit' ? <AuditPanel /> : null}
        {panel === 'report' ? <FraudReportPanel /> : null}
        {panel === 'operators' ? <OperatorsPanel /> : null}
        {panel === 'selfCheck' ? <SelfCheckPanel /> : null}
        {panel === 'backup' ? <BackupPanel /> : null}
        {panel === 'clinic' ? <ClinicPanel /> : null}
      </Screen>
      <div className="actions actions--end admin__quit">
        <QuitKiosk />
      </div>
    </div>
  );
}
