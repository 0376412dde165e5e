interface TabsProps<Tab extends string> {
  /** The navigation's accessible name. */
  label: string;
  tabs: readonly Tab[];
  current: Tab;
  tabLabel: (tab: Tab) => string;
  onChoose: (tab: Tab) => void;
}

/** A home screen's sections, one button each; the open one is marked as the current page. */
export function Tabs<Tab extends string>({ label, tabs, current, tabLabel, onChoose }: TabsProps<Tab>) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          className="tabs__tab"
          aria-current={current === tab ? 'page' : undefined}
          onClick={() => onChoose(tab)}
        >
          {tabLabel(tab)}
        </button>
      ))}
    </nav>
  );
}
