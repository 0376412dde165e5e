/**
 * Representatives: a parent or legal representative, themselves a patient in the registry, with
 * the relation and the document that proves it. A minor under 14 or a legally incapacitated
 * patient is identified through such a person; someone who cannot act for themselves cannot act
 * for another, so neither may be a representative.
 */
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { PatientRegistry } from './patients.ts';
import type { RepresentativeRow } from './representative-rows.ts';

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

const fromRow = (r: RepresentativeRow): Representative => ({
  patientId: r.patient_id,
  representativeId: r.representative_id,
  relation: r.relation as Relation,
  proof: { kind: r.proof_kind as ProofKind, reference: r.proof_reference },
  createdAt: r.created_at,
});

function invalid(message: string): RegistryError {
  return new RegistryError('INVALID_REPRESENTATIVE', message);
}

export interface RepresentativeDeps {
  store: DeskStore;
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
    const { store, patients, audit, clock } = this.#deps;
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
    store.write((tx) => {
      if (store.rows.representatives.linked(link.patientId, link.representativeId)) {
        throw invalid('This representative is already linked to the patient.');
      }
      store.rows.representatives.insert(tx, {
        patient_id: link.patientId,
        representative_id: link.representativeId,
        relation: link.relation,
        proof_kind: link.proof.kind,
        proof_reference: reference,
        created_at: createdAt,
      });
      audit.append(tx, { ...actor, patientId: link.patientId, event: 'representative_linked' });
    });
    return { ...link, proof: { kind: link.proof.kind, reference }, createdAt };
  }

  /** Who may act for this patient. */
  of(patientId: string): Representative[] {
    return this.#deps.store.rows.representatives.of(patientId).map(fromRow);
  }

  /**
   * Ends a link (a guardianship ended, a wrong link corrected). Codes for the patient then no
   * longer go to that phone. Audited; unknown links are an error, not a silent no-op.
   */
  unlink(patientId: string, representativeId: string, actor: Actor): void {
    const { store, audit } = this.#deps;
    store.write((tx) => {
      if (store.rows.representatives.delete(tx, patientId, representativeId) === 0) {
        throw invalid('This representative is not linked to the patient.');
      }
      audit.append(tx, { ...actor, patientId, event: 'representative_unlinked' });
    });
  }

  /** Whom this person represents. */
  representedBy(representativeId: string): Representative[] {
    return this.#deps.store.rows.representatives.representedBy(representativeId).map(fromRow);
  }
}
