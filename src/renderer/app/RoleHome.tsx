import type { OperatorView } from '../api/types.ts';
import { AdminHome } from '../features/admin/AdminHome.tsx';
import { DoctorConsole } from '../features/doctor/DoctorConsole.tsx';
import { RegistrarHome } from '../features/registrar/RegistrarHome.tsx';

/** Each role has one home; main checks the role again on every call. */
export function RoleHome({ operator }: { operator: OperatorView }) {
  switch (operator.role) {
    case 'doctor':
      return <DoctorConsole />;
    case 'registrar':
      return <RegistrarHome />;
    case 'admin':
      return <AdminHome />;
  }
}
