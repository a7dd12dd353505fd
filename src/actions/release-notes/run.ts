import * as core from '../../shared/runner.ts';
import { GitHubClient } from '../../github/client.ts';
import { loadReleaseConfig } from '../../release-notes/config-file.ts';
import { searchFirstPullRequests } from '../../release-notes/contributors.ts';
import { generateReleaseNotes } from '../../release-notes/index.ts';
import { LocalGit } from '../../release-notes/local-git.ts';
import { writeRelease } from '../../release-notes/release.ts';
import { renderSummary } from '../../release-notes/summary.ts';
import { actionsInputReader, actionsLogger, appendSummary, runAction } from '../../shared/actions-runtime.ts';
import { contextFromEnv } from '../../shared/context.ts';
import { Inputs } from '../../shared/inputs.ts';
import { readReleaseNotesInputs } from './inputs.ts';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async () => {
    const logger = actionsLogger();
    const context = contextFromEnv(env);
    const inputs = readReleaseNotesInputs(new Inputs(actionsInputReader), context);
    logger.mask(inputs.githubToken);
    const config = await loadReleaseConfig(inputs.path, inputs.configPath, logger);

    const github = new GitHubClient({
      token: inputs.githubToken,
      apiUrl: context.apiUrl,
      graphqlUrl: context.graphqlUrl,
      owner: context.owner,
      repo: context.repo,
      logger,
    });
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

    core.setOutput('body', notes.body);
    core.setOutput('version', notes.version);
    core.setOutput('previous-version', notes.previousVersion ?? '');
    core.setOutput('next-version', notes.nextVersion);
    core.setOutput('release-id', written.release ? String(written.release.id) : '');
    core.setOutput('release-url', written.release ? written.release.htmlUrl : '');
    appendSummary(renderSummary(notes, written));
  });
}
