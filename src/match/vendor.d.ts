// The two libraries ship no types; these are their documented call signatures (CommonJS, one function each).
declare module 'any-ascii' {
  /** Unicode text to ASCII, by transliteration (Cyrillic, CJK as pinyin syllables, …). */
  function anyAscii(text: string): string;
  export = anyAscii;
}

declare module 'double-metaphone' {
  /** The primary and secondary Double Metaphone codes of a word. */
  function doubleMetaphone(word: string): [string, string];
  export = doubleMetaphone;
}
