export interface Column {
  label: string;
  /** The column's class ('num' right-aligns figures), also given to its header. */
  className?: string;
}

/** A table's header row: one column header per column, in order. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => (
          <th key={index} scope="col" className={column.className}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
