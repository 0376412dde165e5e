/**
 * Representatives: a parent or legal representative, themselves a patient in the registry, with
 * the relation and the document that proves it. A minor under 14 or a legally incapacitated
 * patient is identified through such a person; someone who cannot act for themselves cannot act
 * for another, so neither may be a representative.
 */
import type Database from 'better-sqlite3';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';
import type { PatientRegistry } from './patients.ts';

export const RELATIONS = ['parent', 'guardian', 'trustee', 'legal_representative'] as const;
export type Relation = (typeof RELATIONS)[number];

export const PROOF_KINDS = [
  'birth_certificate',
  'guardianship_decision',
  'court_decision',
  'power_of_attorney',
] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

export interface RepresentativeLink {
  patientId: string;
  representativeId: string;
  relation: Relation;
  /** The document that proves the relation: its kind and its number or reference. */
  proof: { kind: ProofKind; reference: string };
}

export interface Representative extends RepresentativeLink {
  createdAt: string;
}

interface Row {
  patient_id: string;
  representative_id: string;
  relation: Relation;
  proof_kind: ProofKind;
  proof_reference: string;
  created_at: string;
}

const fromRow = (r: Row): Representative => ({
  patientId: r.patient_id,
  representativeId: r.representative_id,
  relation: r.relation,
  proof: { kind: r.proof_kind, reference: r.proof_reference },
  createdAt: r.created_at,
});

function invalid(message: string): RegistryError {
  return new RegistryError('INVALID_REPRESENTATIVE', message);
}

export interface RepresentativeDeps {
  db: Database.Database;
  patients: PatientRegistry;
  audit: AuditLog;
  clock: Clock;
}

export class Representatives {
  readonly #deps: RepresentativeDeps;

  constructor(deps: RepresentativeDeps) {
    this.#deps = deps;
  }

  link(link: RepresentativeLink, actor: Actor): Representative {
    const { db, patients, audit, clock } = this.#deps;
    if (!(RELATIONS as readonly unknown[]).includes(link.relation)) {
      throw invalid(`The relation must be one of ${RELATIONS.join(', ')}.`);
    }
    if (!(PROOF_KINDS as readonly unknown[]).includes(link.proof?.kind)) {
      throw invalid(`The proof document must be one of ${PROOF_KINDS.join(', ')}.`);
    }
    const reference = typeof link.proof.reference === 'string' ? link.proof.reference.trim() : '';
    if (reference.length === 0 || reference.length > 100 || /\p{Cc}/u.test(reference)) {
      throw invalid('The proof document needs its number or reference (1 to 100 characters).');
    }
    if (link.patientId === link.representativeId) throw invalid('A patient cannot represent themselves.');
    patients.get(link.patientId); // PATIENT_NOT_FOUND
    const representative = patients.get(link.representativeId);
    if (representative.minorUnder14) throw invalid('A minor under 14 cannot be a representative.');
    if (representative.legallyIncapacitated) {
      throw invalid('A legally incapacitated person cannot be a representative.');
    }
    const createdAt = clock.now().toISOString();
    runInTransaction(db, () => {
      const existing = db
        .prepare('SELECT 1 FROM representative WHERE patient_id = ? AND representative_id = ?')
        .get(link.patientId, link.representativeId);
      if (existing) throw invalid('This representative is already linked to the patient.');
      db.prepare(
        `INSERT INTO representative (patient_id, representative_id, relation, proof_kind, proof_reference, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(link.patientId, link.representativeId, link.relation, link.proof.kind, reference, createdAt);
      audit.append({ ...actor, patientId: link.patientId, event: 'representative_linked' });
    });
    return { ...link, proof: { kind: link.proof.kind, reference }, createdAt };
  }

  /** Who may act for this patient. */
  of(patientId: string): Representative[] {
    return withStoreErrors(() =>
      (
        this.#deps.db
          .prepare('SELECT * FROM representative WHERE patient_id = ? ORDER BY created_at, representative_id')
          .all(patientId) as Row[]
      ).map(fromRow),
    );
  }

  /**
   * Ends a link (a guardianship ended, a wrong link corrected). Codes for the patient then no
   * longer go to that phone. Audited; unknown links are an error, not a silent no-op.
   */
  unlink(patientId: string, representativeId: string, actor: Actor): void {
    const { db, audit } = this.#deps;
    runInTransaction(db, () => {
      const removed = db
        .prepare('DELETE FROM representative WHERE patient_id = ? AND representative_id = ?')
        .run(patientId, representativeId).changes;
      if (removed === 0) throw invalid('This representative is not linked to the patient.');
      audit.append({ ...actor, patientId, event: 'representative_unlinked' });
    });
  }

  /** Whom this person represents. */
  representedBy(representativeId: string): Representative[] {
    return withStoreErrors(() =>
      (
        this.#deps.db
          .prepare('SELECT * FROM representative WHERE representative_id = ? ORDER BY created_at, patient_id')
          .all(representativeId) as Row[]
      ).map(fromRow),
    );
  }
}
