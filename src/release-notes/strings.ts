export type Language = 'en' | 'fr';
export const LANGUAGES: readonly Language[] = ['en', 'fr'];

export type SectionKey = 'features' | 'fixes' | 'dependencies' | 'technical' | 'other';

export interface Strings {
  sections: Record<SectionKey, string>;
  newContributors: string;
  firstContribution: (who: string, where: string) => string;
  by: string;
  in: string;
  fullChangelog: string;
  noChanges: string;
}

/** Every user-visible word of the notes, per language, in one place. */
export const STRINGS: Record<Language, Strings> = {
  en: {
    sections: {
      features: 'Features',
      fixes: 'Bug fixes',
      dependencies: 'Dependency updates',
      technical: 'Technical improvements',
      other: 'Other changes',
    },
    newContributors: 'New contributors',
    firstContribution: (who, where) => `${who} made their first contribution in ${where}`,
    by: 'by',
    in: 'in',
    fullChangelog: 'Full Changelog',
    noChanges: 'No changes since the previous release.',
  },
  fr: {
    sections: {
      features: 'Fonctionnalités',
      fixes: 'Correctifs',
      dependencies: 'Mise à jour des dépendances',
      technical: 'Améliorations techniques',
      other: 'Autres changements',
    },
    newContributors: 'Nouveaux contributeurs',
    firstContribution: (who, where) => `${who} a contribué pour la première fois dans ${where}`,
    by: 'par',
    in: 'dans',
    fullChangelog: 'Full Changelog',
    noChanges: 'Aucun changement depuis la version précédente.',
  },
};
