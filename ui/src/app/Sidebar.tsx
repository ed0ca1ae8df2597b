import { ProductMark } from "../shared/ProductMark";

export type ScreenId = "welcome" | "settings";

const ITEMS: { id: ScreenId; label: string }[] = [
  { id: "welcome", label: "Start" },
  { id: "settings", label: "Settings" },
];

export function Sidebar({ current, onNavigate }: { current: ScreenId; onNavigate: (screen: ScreenId) => void }) {
  return (
    <nav className="sidebar" aria-label="Main menu">
      <div className="sidebar-brand">
        <ProductMark size={28} />
        <span>eConnect Admin</span>
      </div>
      <ul className="sidebar-items">
        {ITEMS.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="sidebar-item"
              aria-current={current === item.id ? "page" : undefined}
              onClick={() => onNavigate(item.id)}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
