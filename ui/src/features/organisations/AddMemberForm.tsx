// "Add a colleague": a combobox that searches the environment's users (in the Rust cache) as
// you type, a level, and Add. Keyboard: arrows move through the suggestions, Enter picks one,
// Escape closes the list.
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import type { LevelView, UserRow } from "../../lib/ipc/backend";
import { Field } from "../../shared/form/Field";
import { LevelOptions } from "../../shared/form/Options";
import { useUserSuggestions, type Suggestions } from "../../shared/useUserSuggestions";

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
  const listId = useId();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<UserRow | null>(null);
  const [level, setLevel] = useState<LevelView>("member");
  const [open, setOpen] = useState(false);
  const [hint, setHint] = useState<string | null>(null);

  const query = text.trim();
  const suggestions = useUserSuggestions(query, query !== "" && !chosen);
  // The active option belongs to the suggestions it was chosen in: new ones start with none.
  const [activeIn, setActiveIn] = useState<{ suggestions: Suggestions | null; index: number }>({ suggestions: null, index: -1 });
  const active = activeIn.suggestions === suggestions ? activeIn.index : -1;
  const setActive = (index: number) => setActiveIn({ suggestions, index });

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
      <Field label={t("add.user")} error={hint ?? undefined} className="add-member-field add-member-user-field">
        {(control) => (
          <div className="add-member-combobox">
            <input
              {...control}
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
            <SuggestionList
              id={listId}
              query={query}
              suggestions={showList ? suggestions : null}
              active={active}
              optionId={optionId}
              memberIds={memberIds}
              onChoose={choose}
            />
          </div>
        )}
      </Field>
      <Field label={t("add.level")} className="add-member-field">
        {(control) => (
          <select {...control} data-testid="add-member-level" value={level} onChange={(event) => setLevel(event.target.value as LevelView)}>
            <LevelOptions />
          </select>
        )}
      </Field>
      <button type="submit" className="button-primary add-member-submit" data-testid="add-member-submit">
        {t("add.submit")}
      </button>
    </form>
  );
}

/** The suggestions under the combobox (hidden while closed); members are shown but disabled. */
function SuggestionList({
  id,
  query,
  suggestions,
  active,
  optionId,
  memberIds,
  onChoose,
}: {
  id: string;
  query: string;
  /** `null` while the list is closed. */
  suggestions: Suggestions | null;
  active: number;
  optionId: (index: number) => string;
  memberIds: ReadonlySet<string>;
  onChoose: (row: UserRow) => void;
}) {
  const { t } = useTranslation("organisations");
  const rows = suggestions?.rows ?? [];
  return (
    <>
      <ul id={id} role="listbox" className="add-member-options" aria-label={t("add.suggestions", { text: query })} hidden={rows.length === 0}>
        {rows.map((row, index) => {
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
              onClick={() => !member && onChoose(row)}
            >
              <span className="add-member-option-name">{row.name ?? row.email}</span>
              {row.name && <span className="muted"> {row.email}</span>}
              <span className="muted"> · {t(`common:role.${row.role}`)}</span>
              {member && <em className="muted"> · {t("add.alreadyMember")}</em>}
            </li>
          );
        })}
      </ul>
      {suggestions !== null && rows.length === 0 && suggestions.text === query && (
        <p className="add-member-none muted" role="status">
          {t("add.noSuggestions", { text: query })}
        </p>
      )}
    </>
  );
}
