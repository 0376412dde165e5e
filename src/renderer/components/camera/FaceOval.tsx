import { useId } from 'react';

/**
 * The oval the patient puts their face in: the rest of the picture is dimmed. Drawn as an SVG over
 * the video (never painted into the frames), in the preview's 4:3 coordinates.
 */
export function FaceOval({ tone }: { tone: 'neutral' | 'ok' | 'warn' }) {
  const maskId = useId();
  return (
    <svg className="face-oval" viewBox="0 0 640 480" preserveAspectRatio="none" aria-hidden="true">
      <defs>
        <mask id={maskId}>
          <rect width="640" height="480" fill="white" />
          <ellipse cx="320" cy="235" rx="135" ry="180" fill="black" />
        </mask>
      </defs>
      <rect className="face-oval__shade" width="640" height="480" mask={`url(#${maskId})`} />
      <ellipse className={`face-oval__ring face-oval__ring--${tone}`} cx="320" cy="235" rx="135" ry="180" />
    </svg>
  );
}
