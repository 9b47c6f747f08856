import { DEFAULT_CAP, formatView, parseView, UndoHistory, type ViewState } from '../../src/web/view-state';

describe('the explorer’s URL state', () => {
  const view: ViewState = {
    expanded: [
      { id: 'hikvision', limit: DEFAULT_CAP + 1 },
      { id: 'canon', limit: DEFAULT_CAP + 1 },
      { id: 'big-hub', limit: 1000 },
    ],
    hidden: ['techcentral-2022-05-05-hikvision-sanctions'],
    types: ['LISTED_ON', 'COMPETES_WITH'],
    statuses: ['ACTIVE'],
    asOf: '2018',
  };

  it('round-trips focus, expansions with their caps, hidden nodes, filters and the date', () => {
    const query = formatView(view);
    expect(query).toBe(
      'focus=hikvision&expand=canon,big-hub~1000&hide=techcentral-2022-05-05-hikvision-sanctions' +
        '&types=LISTED_ON,COMPETES_WITH&status=ACTIVE&asOf=2018',
    );
    expect(parseView(`?${query}`)).toEqual(view);
  });

  it('ignores what it cannot use instead of failing: bad caps, bad dates, repeated ids', () => {
    expect(parseView('?focus=a&expand=a,b~0,c~5000,d~7&asOf=soon')).toEqual({
      expanded: [
        { id: 'a', limit: DEFAULT_CAP + 1 },
        { id: 'd', limit: 7 },
      ],
      hidden: [],
      types: [],
      statuses: [],
      asOf: undefined,
    });
    expect(formatView(parseView(''))).toBe('');
  });

  it('undoes and redoes structure changes in order, and a new change drops the redo branch', () => {
    const history = new UndoHistory();
    const one = { expanded: [{ id: 'a', limit: 51 }], hidden: [] };
    const two = { expanded: [...one.expanded, { id: 'b', limit: 51 }], hidden: [] };
    const three = { ...two, hidden: ['c'] };
    history.record(one);
    history.record(two);
    expect(history.undo(three)).toEqual(two);
    expect(history.undo(two)).toEqual(one);
    expect(history.canUndo).toBe(false);
    expect(history.redo(one)).toEqual(two);
    history.record(two);
    expect(history.canRedo).toBe(false);
  });
});
