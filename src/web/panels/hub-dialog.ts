import { byId } from '../dom';
import { DEFAULT_CAP, MAX_LIMIT } from '../view-state';

/**
 * The supernode guard: says how big a node is and lets the analyst choose how much to draw.
 * Resolves to the limit chosen, or undefined when the analyst cancels.
 */
export function askHowMuch(name: string, degree: number): Promise<number | undefined> {
  const dialog = byId<HTMLDialogElement>('hub-dialog');
  byId('hub-text').textContent =
    `${name} has ${degree.toLocaleString('en')} relationships. Drawing more than ${DEFAULT_CAP} ` +
    'neighbours at once can crowd the view.';
  byId('hub-cap').textContent = `Draw the nearest ${DEFAULT_CAP}`;
  byId('hub-all').textContent = `Draw up to ${Math.min(degree, MAX_LIMIT - 1).toLocaleString('en')}`;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener(
      'close',
      () => {
        const choice = dialog.returnValue;
        resolve(choice === 'cap' ? DEFAULT_CAP + 1 : choice === 'all' ? MAX_LIMIT : undefined);
      },
      { once: true },
    ),
  );
}
