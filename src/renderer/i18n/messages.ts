/** Every UI string, per language. Adding a key here makes each locale fail to typecheck until translated. */
export interface Messages {
  title: string;
  description: string;
  languageSwitch: string;
  version: string;
}
