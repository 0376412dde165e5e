import type { ReactNode } from 'react';
import { useId } from 'react';
import './screen.css';

/** The names the end-to-end tests wait on (`[data-screen="…"]`): one per screen, stable across languages. */
export type ScreenName =
  | 'startupError'
  | 'setup'
  | 'deskMoved'
  | 'signIn'
  | 'doctorHome'
  | 'patientConfirm'
  | 'visitType'
  | 'consent'
  | 'camera'
  | 'checking'
  | 'result'
  | 'noMatch'
  | 'noTemplate'
  | 'codeSending'
  | 'codeSent'
  | 'slipSignOff'
  | 'codeEntry'
  | 'receptionSlipEntry'
  | 'deliveryFailed'
  | 'noChannel'
  | 'codeExpired'
  | 'codeRateLimited'
  | 'codeLocked'
  | 'visitEnded'
  | 'registrar'
  | 'patientSearch'
  | 'patientRecord'
  | 'linkRepresentative'
  | 'enrol'
  | 'admin';

interface ScreenProps {
  name: ScreenName;
  title: string;
  /** One line under the title, in plain words. */
  lead?: ReactNode;
  /** 'center': one decision in the middle of the screen; 'wide': forms, lists, reports. */
  layout?: 'center' | 'wide';
  /** An icon above the title on the one-decision screens. */
  icon?: ReactNode;
  /** Actions that end or leave the screen (Cancel visit), kept apart from the main decision. */
  footer?: ReactNode;
  children?: ReactNode;
}

/** A screen's root: its data-screen name, its heading, and the same rhythm everywhere. */
export function Screen({ name, title, lead, layout = 'center', icon, footer, children }: ScreenProps) {
  const titleId = useId();
  return (
    <section data-screen={name} aria-labelledby={titleId} className={`screen screen--${layout}`}>
      <div className="screen__content">
        {icon === undefined ? null : <div className="screen__icon">{icon}</div>}
        <h1 id={titleId} className="screen__title">
          {title}
        </h1>
        {lead === undefined ? null : <p className="screen__lead">{lead}</p>}
        {children}
      </div>
      {footer === undefined ? null : <div className="screen__footer">{footer}</div>}
    </section>
  );
}
