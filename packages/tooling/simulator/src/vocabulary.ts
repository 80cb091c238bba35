// Names and words with the shapes of real simulator traffic: spaces,
// capitals, accents and other non-ASCII letters, HTML-significant and
// quoting characters, emoji and scripts beyond Latin.

// prettier-ignore
export const firstNames = [
  'Roger', 'Zoë', 'Jürgen', 'Åsa', 'Søren', 'José', 'Chloé', 'Łukasz', 'Mária', 'Nguyễn', 'Ólafur',
  'Çağla', 'Ines', "D'Arcy", 'Sigríður', 'Βασίλης', 'Дмитрий', '美咲', 'Anne-Marie', 'O’Neil',
  'Émile', 'Björk', 'Zdeněk', 'Grace', 'Mohammed', 'Ævar', 'Ingrid', 'Tomás', 'Yağmur', 'Kai',
];

// prettier-ignore
export const lastNames = [
  'Histand', 'Ångström', 'Müller', 'Østergaard', 'Niño', 'Brontë', 'Wałęsa', 'Dvořák', 'Smith',
  'van der Berg', 'Ó Súilleabháin', 'Çelik', 'Þórsdóttir', 'Παπαδόπουλος', 'Иванов', '山田',
  'Lefèvre', 'Guðmundsson', 'Kowalczyk', 'Ferreira', 'Nakamura', 'de la Cruz', 'Schrödinger',
];

// prettier-ignore
export const words = [
  'the', 'a', 'and', 'of', 'to', 'in', 'is', 'it', 'that', 'on', 'was', 'for', 'with', 'as',
  'café', 'naïve', 'façade', 'smörgåsbord', 'jalapeño', 'über', 'déjà', 'vu', 'Straße',
  '<b>bold</b>', '&amp;', 'AT&T', '"quoted"', "it's", '\\backslash', '[brackets]', '{braces}',
  '50%', '#hashtag', '@mention', '→', '★', '😀', '🚀', '👩‍💻', '日本語', 'Ελληνικά', 'русский',
  'العربية', 'עברית', 'emoji🎉party', 'tab\tinside', 'line\nbreak', 'Sed', 'ut', 'perspiciatis',
  'unde', 'omnis', 'iste', 'natus', 'error', 'sit', 'voluptatem', 'accusantium', 'doloremque',
];

export const passwordCharacters = Array.from(
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' +
    `!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~ äö€`,
);
