/** Builds DOM from data with textContent only, so no name or quote from the graph is ever parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page lacks #${id}`);
  return element as T;
}

/** One tab stop per list; arrows, Home and End move between its buttons (roving tabindex). */
export function rovingList(list: HTMLElement): void {
  list.addEventListener('keydown', (event) => {
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
    buttons[index].tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  });
}

/** Fills a roving list: only the first button is a tab stop. */
export function fillRovingList(list: HTMLElement, buttons: HTMLButtonElement[]): void {
  buttons.forEach((button, index) => (button.tabIndex = index === 0 ? 0 : -1));
  list.replaceChildren(...buttons.map((button) => h('li', {}, button)));
}
