import { loadReleaseConfig } from '../../release-notes/config-file.ts';
import { searchFirstPullRequests } from '../../release-notes/contributors.ts';
import { wantsAftercare } from '../../aftercare/inputs.ts';
import { runAftercare } from '../../aftercare/run.ts';
import { renderAftercareSummary } from '../../aftercare/summary.ts';
import { generateReleaseNotes, pullRequestNumbers } from '../../release-notes/index.ts';
import { LocalGit } from '../../release-notes/local-git.ts';
import { writeRelease } from '../../release-notes/release.ts';
import { renderSummary } from '../../release-notes/summary.ts';
import { githubClient, secondMsFor } from '../clients.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction, setOutput } from '../runtime.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs } from '../../shared/inputs.ts';
import { readReleaseNotesInputs } from './inputs.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('release-notes', async (lifecycle) => {
    const logger = actionsLogger();
    const context = contextFromEnv(env);
    const inputs = readReleaseNotesInputs(new Inputs(actionsInputReader), context);
    logger.mask(inputs.githubToken);
    const config = await loadReleaseConfig(inputs.path, inputs.configPath, logger);

    const github = githubClient(inputs.githubToken, context, logger);
    const git = await LocalGit.open(inputs.path);
    if (!git)
      logger.info(
        `No full history at ${inputs.path} (use actions/checkout with fetch-depth: 0 to save API calls): reading it through the API.`,
      );

    const notes = await generateReleaseNotes({
      github,
      logger,
      repoUrl: `${context.serverUrl}/${context.owner}/${context.repo}`,
      head: inputs.head,
      tagPrefix: inputs.tagPrefix,
      language: inputs.language,
      firstPullRequests: searchFirstPullRequests(
        (query, variables) => github.graphql(query, variables),
        context.owner,
        context.repo,
      ),
      ...(git ? { git } : {}),
      ...(inputs.tag ? { tag: inputs.tag } : {}),
      ...(inputs.previousTag ? { previousTag: inputs.previousTag } : {}),
      ...(config ? { config } : {}),
    });
    const written = await writeRelease(
      github,
      notes,
      { publish: inputs.publish, dryRun: inputs.dryRun, tagPrefix: inputs.tagPrefix },
      logger,
    );

    setOutput('body', notes.body);
    setOutput('version', notes.version);
    setOutput('previous-version', notes.previousVersion ?? '');
    setOutput('next-version', notes.nextVersion);
    setOutput('release-id', written.release ? String(written.release.id) : '');
    setOutput('release-url', written.release ? written.release.htmlUrl : '');
    await appendSummary(renderSummary(notes, written));

    // Told once the release is out: a draft, a dry run or a branch push tells nobody.
    const published = written.release;
    if (published && !published.draft && inputs.publish && !inputs.dryRun && wantsAftercare(inputs.aftercare)) {
      const now = new Date();
      const care = await runAftercare(
        {
          github,
          logger,
          pullRequests: async () => pullRequestNumbers(notes),
          spacingMs: secondMsFor(context.apiUrl),
          signal: lifecycle.signal,
        },
        inputs.aftercare,
        {
          tag: notes.tag,
          version: notes.version,
          sha: notes.targetSha,
          releaseUrl: published.htmlUrl,
          repository: `${context.owner}/${context.repo}`,
          ...(inputs.app ? { app: inputs.app } : {}),
          startedAt: now,
          liveSince: now,
        },
      );
      await appendSummary(renderAftercareSummary(care, { rows: true }));
    } else if (wantsAftercare(inputs.aftercare)) {
      logger.info('released-comment and milestone wait for the release to be published (publish: true).');
    }
  });
}
