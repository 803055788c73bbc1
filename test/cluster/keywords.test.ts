import { describe, expect, it } from 'vitest';
import { clusterKeywords, labelFromKeywords, tokenize } from '../../electron/engine/cluster/keywords.js';

describe('tokenize', () => {
  it('keeps words and code identifiers, drops stop words, numbers and punctuation', () => {
    const tokens = tokenize("Please don't run `npm test` again: ENOENT on src/utils/package.json at line 42, use tsc --watch in pre-commit.");
    expect(tokens).toEqual(['run', 'npm', 'test', 'ENOENT', 'package.json', 'line', 'tsc', 'watch', 'pre-commit']);
  });

  it('keeps snake_case, camelCase and dotted names whole, and a sentence period is not part of a word', () => {
    expect(tokenize('Call useEffect from my_module.load_all. Then os.path works.')).toEqual([
      'Call',
      'useEffect',
      'my_module.load_all',
      'os.path',
      'works',
    ]);
  });
});

describe('clusterKeywords (class-based TF-IDF)', () => {
  const texts = [
    // Cluster 0: npm install failing.
    'npm install fails with ENOENT error',
    'ENOENT error when running npm install again',
    'npm install error: ENOENT no such file',
    'the npm install keeps failing, ENOENT',
    // Cluster 1: git rebase conflicts.
    'git rebase stopped with a merge conflict error',
    'rebase conflict in git again, fix the error',
    'resolve the git rebase conflict',
    // Noise.
    'what is the weather like',
    'error',
  ];
  const labels = [0, 0, 0, 0, 1, 1, 1, -1, -1];

  it('ranks the words distinctive of each cluster first, not the words all clusters share', () => {
    const [npm, git] = clusterKeywords(texts, labels, 2);
    expect(npm.slice(0, 3).sort()).toEqual(['ENOENT', 'install', 'npm']);
    expect(git.slice(0, 3).sort()).toEqual(['conflict', 'git', 'rebase']);
    // "error" is in both clusters and in the noise: it may appear, but never before the distinctive words.
    expect(npm.indexOf('error')).not.toBe(0);
    expect(git.slice(0, 3)).not.toContain('error');
  });

  it('shows a term as it is usually written and labels a cluster with its top three', () => {
    const [npm] = clusterKeywords(texts, labels, 2);
    expect(npm).toContain('ENOENT');
    expect(npm).not.toContain('enoent');
    expect(labelFromKeywords(npm)).toBe(npm.slice(0, 3).join(', '));
    expect(labelFromKeywords([])).toBe('(no keywords)');
  });

  it('needs a term in at least two of a cluster\'s texts, so one long text cannot carry the label', () => {
    const long = ['webpack webpack webpack webpack webpack config build', 'build failed', 'the build failed again'];
    const [kw] = clusterKeywords([...long, 'unrelated words here'], [0, 0, 0, -1], 1);
    expect(kw[0]).toBe('build');
    expect(kw).not.toContain('webpack');
  });
});
