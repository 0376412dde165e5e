/**
 * A patient's linked parents and representatives (names and relation only: main sends no phone
 * number and no IIN), and the relations and proof documents a link may name.
 */
import { useCallback, useEffect, useState } from 'react';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { ProofKind, Relation, Representative } from '../../api/types.ts';

export const RELATIONS: readonly Relation[] = ['parent', 'guardian', 'trustee', 'legal_representative'];

export const PROOF_KINDS: readonly ProofKind[] = [
  'birth_certificate',
  'guardianship_decision',
  'court_decision',
  'power_of_attorney',
];

/** The document that usually proves a relation: a parent's is the child's birth certificate. */
export const USUAL_PROOF: Readonly<Record<Relation, ProofKind>> = {
  parent: 'birth_certificate',
  guardian: 'guardianship_decision',
  trustee: 'guardianship_decision',
  legal_representative: 'court_decision',
};

export interface RepresentativesState {
  /** Null until the first answer. */
  list: Representative[] | null;
  error: string | null;
  reload: () => void;
}

export function useRepresentatives(patientId: string): RepresentativesState {
  const [answer, setAnswer] = useState<{ list: Representative[] | null; error: string | null }>({
    list: null,
    error: null,
  });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.patientRepresentatives({ patientId })).then((result) => {
      if (!current) return;
      setAnswer(result.ok ? { list: result.value, error: null } : { list: null, error: result.code });
    });
    return () => {
      current = false;
    };
  }, [patientId, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...answer, reload };
}
