import { FTM_TOPICS } from '../../src/model/vocabulary';
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
    topic: 'role.pep',
  };

  it('round-trips focus, expansions with their caps, hidden nodes, filters, the date and the topic', () => {
    const query = formatView(view);
    expect(query).toBe(
      'focus=hikvision&expand=canon,big-hub~1000&hide=techcentral-2022-05-05-hikvision-sanctions' +
        '&types=LISTED_ON,COMPETES_WITH&status=ACTIVE&asOf=2018&topic=role.pep',
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
      topic: undefined,
    });
    expect(formatView(parseView(''))).toBe('');
  });

  it('keeps a topic only when FtM knows it, and leaves it out of the URL when there is none', () => {
    for (const topic of FTM_TOPICS) {
      expect(parseView(`?topic=${encodeURIComponent(topic)}`).topic).toBe(topic);
      expect(formatView({ ...parseView(''), topic })).toBe(`topic=${topic}`);
    }
    expect(parseView('?focus=a&topic=sanction').topic).toBe('sanction');
    // Unknown, empty, differently cased or listed topics are dropped; the rest of the view stays.
    for (const bad of ['villain', '', 'SANCTION', 'sanction,role.pep', ' sanction']) {
      const parsed = parseView(`?focus=a&topic=${encodeURIComponent(bad)}`);
      expect(parsed.topic).toBeUndefined();
      expect(parsed.expanded).toEqual([{ id: 'a', limit: DEFAULT_CAP + 1 }]);
    }
    expect(formatView({ ...parseView('?focus=a'), topic: undefined })).toBe('focus=a');
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
