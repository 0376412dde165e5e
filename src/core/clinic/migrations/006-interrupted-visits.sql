-- A visit can end 'interrupted' at the desk: open when the desk stopped, closed at its next start
-- (src/core/visit/interrupted-visits.ts). The clinic stores it as the desk recorded it.
ALTER TABLE tanu.visits DROP CONSTRAINT visits_end_state_check;
ALTER TABLE tanu.visits ADD CONSTRAINT visits_end_state_check CHECK (
  end_state IN ('identified', 'recordedOnline', 'codeLocked', 'cancelled', 'timedOut', 'noChannel', 'interrupted')
);
