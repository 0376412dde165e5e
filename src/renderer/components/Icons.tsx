/**
 * The few pictures the screens use, as inline SVG (no image files, nothing loaded). Decorative:
 * hidden from screen readers, the words next to them carry the meaning.
 */
import type { ReactNode } from 'react';
import './icons.css';

type Tone = 'ok' | 'warn' | 'danger' | 'info';

function Disc({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <svg className={`icon icon--${tone}`} viewBox="0 0 96 96" aria-hidden="true">
      <circle className="icon__disc" cx="48" cy="48" r="46" />
      {children}
    </svg>
  );
}

export function CheckIcon() {
  return (
    <Disc tone="ok">
      <path className="icon__stroke" d="M28 50 L42 64 L70 34" />
    </Disc>
  );
}

export function WarnIcon() {
  return (
    <Disc tone="warn">
      <path className="icon__stroke" d="M48 26 V54" />
      <circle className="icon__dot" cx="48" cy="68" r="4.5" />
    </Disc>
  );
}

export function StopIcon() {
  return (
    <Disc tone="danger">
      <path className="icon__stroke" d="M34 34 L62 62 M62 34 L34 62" />
    </Disc>
  );
}

export function InfoIcon() {
  return (
    <Disc tone="info">
      <circle className="icon__dot" cx="48" cy="28" r="4.5" />
      <path className="icon__stroke" d="M48 42 V70" />
    </Disc>
  );
}

export function Spinner() {
  return (
    <svg className="spinner" viewBox="0 0 96 96" aria-hidden="true">
      <circle className="spinner__track" cx="48" cy="48" r="38" />
      <path className="spinner__arc" d="M48 10 A38 38 0 0 1 86 48" />
    </svg>
  );
}

/** Which way to turn, as the patient sees it in the mirrored preview. */
export function TurnArrow({ towards }: { towards: 'left' | 'right' }) {
  return (
    <svg className={`turn-arrow turn-arrow--${towards}`} viewBox="0 0 96 48" aria-hidden="true">
      <path className="turn-arrow__shaft" d="M84 24 H18" />
      <path className="turn-arrow__head" d="M34 8 L14 24 L34 40" />
    </svg>
  );
}

export function EyeIcon() {
  return (
    <svg className="eye-icon" viewBox="0 0 96 48" aria-hidden="true">
      <path className="eye-icon__lid" d="M8 24 Q48 -8 88 24 Q48 56 8 24 Z" />
      <circle className="eye-icon__pupil" cx="48" cy="24" r="10" />
    </svg>
  );
}
