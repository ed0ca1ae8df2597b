// "Add a colleague": a combobox that searches the environment's users (in the Rust cache) as
// you type, a level, and Add. Keyboard: arrows move through the suggestions, Enter picks one,
// Escape closes the list.
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { useBackend } from "../../lib/ipc/BackendProvider";
import type { LevelView, UserRow } from "../../lib/ipc/backend";

const SUGGESTIONS = 8;

type Suggestions = { text: string; rows: UserRow[] };

export function AddMemberForm({
  organisationName,
  memberIds,
  busy,
  onAdd,
}: {
  organisationName: string;
  memberIds: ReadonlySet<string>;
  busy: boolean;
  /** Resolves to true when the colleague was added (or queued). */
  onAdd: (user: UserRow, level: LevelView) => Promise<boolean>;
}) {
  const { t } = useTranslation("organisations");
  const backend = useBackend();
  const inputId = useId();
  const levelId = useId();
  const listId = useId();
  const hintId = useId();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<UserRow | null>(null);
  const [level, setLevel] = useState<LevelView>("member");
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [hint, setHint] = useState<string | null>(null);

  const query = text.trim();
  useEffect(() => {
    if (!query || chosen) {
      setSuggestions(null);
      return;
    }
    let cancelled = false;
    backend.searchUsers({ text: query, limit: SUGGESTIONS }).then(
      (page) => {
        if (cancelled) return;
        setSuggestions({ text: query, rows: page.rows });
        setActive(-1);
      },
      () => !cancelled && setSuggestions({ text: query, rows: [] }),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, query, chosen]);

  const rows = suggestions?.rows ?? [];
  const selectable = (index: number) => {
    const row = rows[index];
    return row !== undefined && !memberIds.has(row.id);
  };
  const showList = open && !chosen && query !== "" && suggestions !== null;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (row: UserRow) => {
    setChosen(row);
    setText(row.email);
    setOpen(false);
    setActive(-1);
    setHint(null);
  };

  const move = (step: 1 | -1) => {
    if (rows.length === 0) return;
    let index = active >= 0 ? active : step === 1 ? -1 : rows.length;
    for (let tries = 0; tries < rows.length; tries++) {
      index = (index + step + rows.length) % rows.length;
      if (selectable(index)) {
        setActive(index);
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) setOpen(true);
        move(-1);
        break;
      case "Enter": {
        const row = rows[active];
        if (showList && row && selectable(active)) {
          event.preventDefault();
          choose(row);
        }
        break;
      }
      case "Escape":
        if (showList) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActive(-1);
        }
        break;
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!chosen) {
      setHint(t("add.chooseFromList"));
      return;
    }
    if (await onAdd(chosen, level)) {
      setChosen(null);
      setText("");
    }
  };

  return (
    <form className="add-member" aria-label={t("add.title", { organisation: organisationName })} onSubmit={(event) => void submit(event)}>
      <div className="add-member-field add-member-user-field">
        <label htmlFor={inputId}>{t("add.user")}</label>
        <div className="add-member-combobox">
          <input
            id={inputId}
            type="text"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            data-testid="add-member-user"
            placeholder={t("add.userPlaceholder")}
            aria-autocomplete="list"
            aria-expanded={showList && rows.length > 0}
            aria-controls={listId}
            aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
            aria-describedby={hint ? hintId : undefined}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setChosen(null);
              setOpen(true);
              setHint(null);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(true)}
          />
          <ul
            id={listId}
            role="listbox"
            className="add-member-options"
            aria-label={t("add.suggestions", { text: query })}
            hidden={!showList || rows.length === 0}
          >
            {showList &&
              rows.map((row, index) => {
                const member = memberIds.has(row.id);
                return (
                  <li
                    key={row.id}
                    id={optionId(index)}
                    role="option"
                    data-testid="add-member-option"
                    data-email={row.email}
                    aria-selected={index === active}
                    aria-disabled={member || undefined}
                    className={`add-member-option${index === active ? " add-member-option-active" : ""}`}
                    // Keep the focus in the input while clicking an option.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => !member && choose(row)}
                  >
                    <span className="add-member-option-name">{row.name ?? row.email}</span>
                    {row.name && <span className="muted"> {row.email}</span>}
                    <span className="muted"> · {t(`common:role.${row.role}`)}</span>
                    {member && <em className="muted"> · {t("add.alreadyMember")}</em>}
                  </li>
                );
              })}
          </ul>
          {showList && rows.length === 0 && suggestions.text === query && (
            <p className="add-member-none muted" role="status">
              {t("add.noSuggestions", { text: query })}
            </p>
          )}
        </div>
        {hint && (
          <p id={hintId} className="warning-text add-member-hint" role="alert">
            {hint}
          </p>
        )}
      </div>
      <div className="add-member-field">
        <label htmlFor={levelId}>{t("add.level")}</label>
        <select id={levelId} data-testid="add-member-level" value={level} onChange={(event) => setLevel(event.target.value as LevelView)}>
          <option value="member">{t("common:level.member")}</option>
          <option value="administrator">{t("common:level.administrator")}</option>
        </select>
      </div>
      <button type="submit" className="button-primary add-member-submit" data-testid="add-member-submit">
        {t("add.submit")}
      </button>
    </form>
  );
}
