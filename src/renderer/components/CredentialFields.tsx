import { TextField } from './Field.tsx';

interface CredentialFieldsProps {
  loginLabel: string;
  passwordLabel: string;
  login: string;
  secret: string;
  onLogin: (login: string) => void;
  onSecret: (secret: string) => void;
  /**
   * At sign-in the browser may offer the operator's saved login; when a second operator types
   * theirs over the doctor's session it must offer nothing of anyone's.
   */
  autoComplete: 'sign-in' | 'off';
}

/** A login and a password as the contract takes them (shared/ipc `credentials`: 64 and 256 at most). */
export function CredentialFields(props: CredentialFieldsProps) {
  const signIn = props.autoComplete === 'sign-in';
  return (
    <>
      <TextField
        label={props.loginLabel}
        value={props.login}
        onChange={(e) => props.onLogin(e.target.value)}
        autoComplete={signIn ? 'username' : 'off'}
        autoCapitalize="none"
        spellCheck={false}
        maxLength={64}
        autoFocus
      />
      <TextField
        label={props.passwordLabel}
        type="password"
        value={props.secret}
        onChange={(e) => props.onSecret(e.target.value)}
        autoComplete={signIn ? 'current-password' : 'off'}
        maxLength={256}
      />
    </>
  );
}
