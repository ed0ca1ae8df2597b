// Keyboard shortcuts as a table: the keys, then what they do (the cheat sheet and Settings).
export function ShortcutTable({ rows }: { rows: readonly (readonly [keys: string, action: string])[] }) {
  return (
    <table className="shortcuts-table">
      <tbody>
        {rows.map(([keys, action]) => (
          <tr key={keys}>
            <td>
              <kbd>{keys}</kbd>
            </td>
            <td>{action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
