const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a person counts them: an accented letter, a flag or a family emoji is one. */
export function characterCount(text: string): number {
  return [...graphemes.segment(text)].length;
}
