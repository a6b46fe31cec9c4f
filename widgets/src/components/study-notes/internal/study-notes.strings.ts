/** User-facing strings of the notes view (loaded with its chunk). Replace the object's fields to translate. */
export const notesStrings = {
  heading: 'Study notes',
  topicHeading: (title: string) => `Study notes: ${title}`,
  empty: 'No study notes yet. Notes appear once the course documents have been indexed.',
  source: 'Source',
  sourceOf: (title: string, heading: string) => (heading ? `${title} › ${heading}` : title),
  unsupported: 'Not found in the cited passage',
  edited: 'Edited by an instructor',
  edit: 'Edit notes',
  save: 'Save notes',
  cancel: 'Cancel',
  lineLabel: (n: number) => `Line ${n}`,
  saved: 'Notes saved.',
};
