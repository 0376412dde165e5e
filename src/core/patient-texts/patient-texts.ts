/**
 * What a language must say to a patient: every text that leaves the desk towards a patient (the
 * visit notification, the code message, the printed slip) in one place per language. The callers
 * (notify/template.ts, codes/code-text.ts, slip/slip-text.ts) check and format the values; a
 * language only words them.
 */

/** How a visit was identified, as the notification names it. */
export type NotifyMethod = 'face' | 'code';

/** The values of a visit notification, already formatted in the clinic's time zone. */
export interface NotificationParts {
  date: string;
  time: string;
  clinic: string;
  doctor: string;
  /** The language's own words for the method (`methods`). */
  method: string;
  callNumber: string;
}

export interface CodeMessageParts {
  code: string;
  clinic: string;
  /** "14:05", the clinic's clock. */
  until: string;
  /** The code goes to a representative: the text says whose visit it is for. */
  forRepresentative: boolean;
}

/** The slip's printed lines, each given its values. */
export interface SlipWording {
  heading: string;
  issued: (when: string) => string;
  validUntil: (when: string) => string;
  patient: (initials: string) => string;
  instruction: string;
}

export interface PatientTexts {
  /** BCP 47 locale for dates in the texts ("12 сәуір 2026 ж."), e.g. 'kk-KZ'. */
  locale: string;
  /** "On <date> at <time> you were identified at <clinic> by <doctor>, by face|code. If this was not you, call <number>." */
  notification: (parts: NotificationParts) => string;
  methods: Readonly<Record<NotifyMethod, string>>;
  /** The SMS that carries a code: which clinic asks, until when, and not to pass it on. */
  codeMessage: (parts: CodeMessageParts) => string;
  slip: SlipWording;
}
