/**
 * Every UI string, per language. Adding a key here makes each locale fail to typecheck until
 * translated. Counts are written as "Attempts left: 2" rather than with plural forms: Kazakh,
 * Russian and English inflect differently, and a label with a number reads well in all three.
 */
import type { KnownErrorCode } from '../api/error-codes.ts';
import type { NewAccountProblem } from '../components/NewAccountFields.tsx';
import type { SettingsProblem } from '../features/admin/settings-form.ts';
import type { SetupProblem } from '../features/setup/setup-rules.ts';
import type { DeskAlert } from '../../shared/desk-alerts.ts';
import type { ChainProblem } from '../../shared/audit-chain.ts';
import type { AuditEvent } from '../../shared/audit-events.ts';
import type { ReportScope } from '../../shared/report-scope.ts';
import type { ClinicFlagKind, ClinicLinkState, OverBudgetReason } from '../../shared/ipc/clinic-channels.ts';
import type { QualityReason } from '../../shared/face.ts';
import type { LogLevel } from '../../shared/log-levels.ts';
import type { Role } from '../../shared/roles.ts';
import type {
  SelfCheckActionReason,
  SelfCheckName,
  SelfCheckReason,
  SelfCheckWithAction,
} from '../../shared/self-check.ts';
import type { StartupProblem } from '../../shared/startup-problems.ts';
import type {
  CodeReason,
  LivenessPrompt,
  TemplateRefreshState,
  VisitEndState,
  VisitMethod,
} from '../../shared/visit-view.ts';

type Texts<K extends string> = { [Key in K]: string };

export interface Messages {
  common: Texts<'loading' | 'back' | 'cancel' | 'done' | 'tryAgain' | 'signOut' | 'optional' | 'language'>;
  roles: Texts<Role>;
  methods: Texts<VisitMethod>;
  /** What each audit event is called on the admin's audit tab (the list is the shared one). */
  auditEvents: Texts<AuditEvent>;
  /** One message per known error code; any other code reads `generic`. */
  errors: Texts<KnownErrorCode | 'generic'>;
  /** The start-up screen: what failed and what IT should do, per problem; the recovery form. */
  startup: Texts<
    | 'title'
    | 'whatFailed'
    | 'whatToDo'
    | 'logNote'
    | 'recoverTitle'
    | 'recoverLead'
    | 'passphrase'
    | 'noPassphrase'
    | 'recover'
    | 'recovering'
    | 'wrongPassphrase'
    | 'otherDesk'
  > & {
    what: Texts<StartupProblem>;
    todo: Texts<StartupProblem>;
  };

  setup: Texts<
    | 'title'
    | 'lead'
    | 'clinic'
    | 'clinicName'
    | 'clinicId'
    | 'clinicIdHint'
    | 'timeZone'
    | 'otherZone'
    | 'zoneName'
    | 'zoneNameHint'
    | 'callNumber'
    | 'callNumberHint'
    | 'deskId'
    | 'deskIdHint'
    | 'admin'
    | 'displayName'
    | 'login'
    | 'loginHint'
    | 'password'
    | 'passwordHint'
    | 'passwordAgain'
    | 'submit'
    | 'configRefused'
    | 'adminRefused'
    | 'modes'
    | 'modeNew'
    | 'modeMove'
  > & {
    problems: Texts<SetupProblem>;
  };
  /** Setup's second choice: a new PC taking over an old desk (its transfer file and backup). */
  move: Texts<
    | 'lead'
    | 'needs'
    | 'needTransfer'
    | 'needBackup'
    | 'needPassphrase'
    | 'dialogs'
    | 'passphrase'
    | 'passphraseHint'
    | 'submit'
    | 'moving'
    | 'noPassphrase'
    | 'wrongPassphrase'
    | 'noFile'
    | 'notTransfer'
    | 'notBackup'
    | 'doneTitle'
    | 'doneLead'
    | 'clinic'
    | 'desk'
    | 'continue'
  >;
  signIn: Texts<'title' | 'lead' | 'login' | 'password' | 'submit'>;
  /** The last minute before the desk signs an idle operator out. */
  idle: Texts<'countdown' | 'stay'>;
  /** Asked before a sensitive action when the password was typed too long ago. */
  passwordAgain: Texts<'title' | 'lead' | 'password' | 'confirm'>;

  doctor: Texts<'title' | 'lead'> & {
    today: Texts<'title' | 'empty' | 'unavailable' | 'time'> & {
      outcomes: Texts<'open' | VisitEndState>;
    };
  };
  search: Texts<
    | 'byIin'
    | 'iin'
    | 'iinHint'
    | 'findByIin'
    | 'byName'
    | 'familyName'
    | 'givenNames'
    | 'birthDate'
    | 'findByName'
    | 'noResults'
    | 'results'
  >;
  patient: Texts<'born' | 'age' | 'iin'> & {
    badges: Texts<'minor' | 'incapacitated' | 'noPhone' | 'noTemplate' | 'dobMismatch'>;
  };
  confirm: Texts<'title' | 'ask' | 'start'>;

  visit: Texts<'cancel' | 'patientLine'>;
  visitType: Texts<'title' | 'inPerson' | 'online'>;
  consent: Texts<'question' | 'promise' | 'yes' | 'no' | 'reason' | 'reasonHint' | 'sendCode'>;
  camera: Texts<
    'preview' | 'starting' | 'retry' | 'device' | 'unnamed' | 'unavailable' | 'hint' | 'engineRestarting'
  > & {
    failure: Texts<'noCamera' | 'denied' | 'busy' | 'failed'>;
    failureHint: Texts<'noCamera' | 'denied' | 'busy' | 'failed'>;
  };
  guidance: Texts<QualityReason | 'default'>;
  liveness: Texts<LivenessPrompt | 'step' | 'secondsLeft'>;
  checking: Texts<'title' | 'lead'>;
  result: Texts<'notified' | 'notNotified' | 'online' | 'onlineLead'> & {
    identified: Texts<VisitMethod>;
    refresh: Texts<'offer' | 'accept' | 'decline' | Exclude<TemplateRefreshState, 'offered'>>;
  };
  noMatch: Texts<'title' | 'attemptsLeft' | 'retry' | 'useCode'>;
  noTemplate: Texts<'title' | 'lead' | 'useCode' | 'enrolledNow'>;
  codeSending: Texts<'title'>;
  codeReasons: Texts<CodeReason>;
  codeSent: Texts<
    'title' | 'toPatient' | 'toRepresentative' | 'slipTitle' | 'slipLead' | 'print' | 'printed' | 'enter'
  >;
  slipSignOff: Texts<'title' | 'lead' | 'login' | 'password' | 'submit'>;
  receptionSlipEntry: Texts<'title' | 'lead'>;
  codeEntry: Texts<'title' | 'lead' | 'label' | 'triesLeft' | 'submit' | 'short' | 'wrong'>;
  deliveryFailed: Texts<'title' | 'lead' | 'retry' | 'useSlip'>;
  noChannel: Texts<'title' | 'lead'>;
  codeExpired: Texts<'title' | 'lead' | 'resend'>;
  codeRateLimited: Texts<'title' | 'lead'>;
  codeLocked: Texts<'title' | 'lead'>;
  visitEnded: Texts<'cancelled' | 'timedOut' | 'gone' | 'lead'>;

  registrar: Texts<'tasks' | 'registerTab' | 'enrolTab' | 'recordTab'>;
  register: Texts<
    | 'title'
    | 'lead'
    | 'iin'
    | 'iinHint'
    | 'birthDate'
    | 'familyName'
    | 'givenNames'
    | 'givenNamesHint'
    | 'phone'
    | 'phoneHint'
    | 'noPhone'
    | 'incapacitated'
    | 'incapacitatedHint'
    | 'submit'
    | 'doneTitle'
    | 'done'
    | 'another'
    | 'enrolNow'
  >;
  /** A patient's record at the registry: representatives, linking one, withdrawing consent. */
  receptionSlip: Texts<'title' | 'lead' | 'print' | 'printed' | 'offline'>;
  record: Texts<
    | 'findTitle'
    | 'findLead'
    | 'title'
    | 'otherPatient'
    | 'representatives'
    | 'noRepresentatives'
    | 'face'
    | 'templateOnFile'
    | 'noTemplateOnFile'
    | 'link'
    | 'linked'
    | 'withdraw'
    | 'withdrawTitle'
    | 'withdrawNow'
    | 'withdrawAfter'
    | 'withdrawConfirm'
    | 'withdrawn'
    | 'withdrawnNoTemplate'
    | 'noConsent'
    | 'consent'
    | 'nothingToWithdraw'
    | 'unlink'
    | 'unlinkTitle'
    | 'unlinkEffect'
    | 'unlinkConfirm'
    | 'unlinked'
  > & {
    /** Where the patient's consent to face identification stands (`none`: never asked). */
    consentStates: Texts<'given' | 'refused' | 'withdrawn' | 'none'>;
  };
  relations: Texts<'parent' | 'guardian' | 'trustee' | 'legal_representative'>;
  proofKinds: Texts<'birth_certificate' | 'guardianship_decision' | 'court_decision' | 'power_of_attorney'>;
  link: Texts<
    | 'title'
    | 'lead'
    | 'for'
    | 'iin'
    | 'iinHint'
    | 'find'
    | 'notFound'
    | 'self'
    | 'minor'
    | 'incapacitated'
    | 'alreadyLinked'
    | 'found'
    | 'relation'
    | 'proofKind'
    | 'proofReference'
    | 'proofReferenceHint'
    | 'noProofReference'
    | 'submit'
  >;
  enrol: Texts<
    | 'title'
    | 'findLead'
    | 'consentTitle'
    | 'alreadyEnrolled'
    | 'chooseRepresentative'
    | 'noRepresentative'
    | 'minorNote'
    | 'incapacitatedNote'
    | 'readAloud'
    | 'statement'
    | 'consentGiven'
    | 'finishing'
    | 'progress'
    | 'failed'
    | 'startAgain'
    | 'cancel'
    | 'enrolled'
    | 'enrolledLead'
    | 'duplicateTitle'
    | 'duplicate'
    | 'another'
  >;

  /** The desk's link to the clinic database: the admin's tab and the line every screen shows. */
  clinicLink: Texts<
    | 'single'
    | 'singleLead'
    | 'server'
    | 'desk'
    | 'state'
    | 'lastContact'
    | 'acknowledged'
    | 'ackLine'
    | 'nothingAcknowledged'
    | 'unsent'
    | 'unsentLine'
    | 'budget'
    | 'budgetLine'
    | 'desks'
    | 'deskName'
    | 'deskContact'
    | 'deskHead'
    | 'deskAck'
    | 'deskUnsent'
    | 'revokedDesk'
    | 'noDesks'
    | 'rejects'
    | 'rejectsNewest'
    | 'duplicates'
    | 'never'
    | 'refresh'
    | 'joinTitle'
    | 'joinLead'
    | 'passphrase'
    | 'noPassphrase'
    | 'join'
    | 'joining'
    | 'wrongPassphrase'
    | 'noFile'
    | 'notProvisioning'
    | 'tlsRequired'
    | 'certificateInvalid'
  > & {
    states: Texts<ClinicLinkState>;
    /** The clinic's duplicate flags, by kind (api.duplicates). */
    flagKinds: Texts<ClinicFlagKind>;
    /** Past the offline budget: {{amount}} decisions, or hours since the oldest unsent one. */
    over: Texts<'decisions' | 'hours'>;
  };
  admin: {
    sections: string;
    tabs: Texts<'settings' | 'audit' | 'report' | 'operators' | 'selfCheck' | 'backup' | 'clinic'>;
    /** What the admin must know now ({{code}}, {{duration}}, {{since}} filled in by the panel). */
    alerts: Texts<'title' | 'clockRight' | 'escrowNever' | 'escrowDays'> & { text: Texts<DeskAlert> };
    /** The only way out of the production kiosk. */
    quit: Texts<'button' | 'title' | 'lead' | 'password' | 'submit'>;
    settings: Texts<
      | 'clinic'
      | 'clinicName'
      | 'clinicId'
      | 'timeZone'
      | 'callNumber'
      | 'deskId'
      | 'desk'
      | 'camera'
      | 'cameraHint'
      | 'firstCamera'
      | 'savedCamera'
      | 'logLevel'
      | 'languages'
      | 'defaultLanguage'
      | 'identification'
      | 'maxFaceAttempts'
      | 'maxFaceAttemptsHint'
      | 'retentionDays'
      | 'retentionDaysHint'
      | 'slipAllowed'
      | 'slipAllowedHint'
      | 'startWithSystem'
      | 'gateway'
      | 'gatewayUrl'
      | 'gatewayUrlHint'
      | 'gatewayToken'
      | 'tokenStored'
      | 'tokenMissing'
      | 'tokenForNewAddress'
      | 'tokenRemoved'
      | 'save'
      | 'saved'
      | 'refused'
    > & {
      logLevels: Texts<LogLevel>;
      problems: Texts<SettingsProblem>;
    };
    rule: Texts<'title' | 'readOnly' | 'threshold' | 'model' | 'calibration' | 'bands' | 'band'>;
    audit: Texts<
      | 'lead'
      | 'check'
      | 'checking'
      | 'intact'
      | 'broken'
      | 'brokenAdvice'
      | 'recentTitle'
      | 'recentLead'
      | 'show'
      | 'showing'
      | 'when'
      | 'event'
      | 'who'
      | 'theDesk'
      | 'noRows'
    >;
    report: Texts<
      | 'title'
      | 'from'
      | 'to'
      | 'show'
      | 'badPeriod'
      | 'clinic'
      | 'empty'
      | 'doctor'
      | 'visits'
      | 'methods'
      | 'bypass'
      | 'noMatchRate'
      | 'codeFailures'
      | 'refusals'
      | 'noVisits'
      | 'flagged'
      | 'flagExplanation'
      | 'flaggedLine'
      | 'slip'
      | 'slipExplanation'
      | 'slipDayLine'
      | 'slipShareLine'
      | 'desksOverBudget'
    > & {
      /** Whose decisions the report counts (a single desk needs no note: it is the clinic). */
      scopes: Texts<Exclude<ReportScope, 'single'>>;
      /** A desk past its offline budget, as the clinic sees it. */
      deskOver: Texts<OverBudgetReason>;
    };
    operators: Texts<
      | 'list'
      | 'displayName'
      | 'login'
      | 'role'
      | 'status'
      | 'active'
      | 'locked'
      | 'new'
      | 'password'
      | 'passwordAgain'
      | 'create'
      | 'created'
      | 'unlock'
      | 'unlocked'
    > & {
      problems: Texts<NewAccountProblem>;
    };
    selfCheck: Texts<
      | 'lead'
      | 'run'
      | 'running'
      | 'check'
      | 'result'
      | 'detail'
      | 'action'
      | 'allOk'
      | 'warnings'
      | 'failures'
      | 'technical'
      | 'failedAction'
    > & {
      status: Texts<'OK' | 'WARN' | 'FAIL'>;
      /** The checks main runs (src/core/doctor/self-check.ts); any other name is shown as given. */
      checks: Texts<SelfCheckName>;
      /** What each check found, by reason, with main's values as {{name}}. */
      reasons: { [C in SelfCheckName]: Texts<SelfCheckReason<C>> };
      /** What to do, by reason, for the outcomes that need something done. */
      actions: { [C in SelfCheckWithAction]: Texts<SelfCheckActionReason<C>> };
      /** Why the audit chain does not verify, as the {{problem}} of 'chain-broken'. */
      chainProblems: Texts<ChainProblem>;
    };
    backup: Texts<
      | 'title'
      | 'lead'
      | 'now'
      | 'saving'
      | 'saved'
      | 'notWritten'
      | 'offDeskTitle'
      | 'offDeskLead'
      | 'offDesk'
      | 'offDeskHint'
      | 'offDeskSave'
      | 'moveTitle'
      | 'moveLead'
      | 'step1'
      | 'step2'
      | 'step3'
      | 'tellPassphrase'
      | 'move'
      | 'passphrase'
      | 'passphraseHint'
      | 'passphraseAgain'
      | 'export'
      | 'exporting'
      | 'exported'
      | 'exportedNext'
    > & {
      problems: Texts<'passphrase' | 'passphraseAgain'>;
    };
  };
}
