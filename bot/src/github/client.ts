// The GitHub client the handlers use: Probot's authenticated Octokit for one installation.
import type { ProbotOctokit } from 'probot';

export type GitHubClient = InstanceType<typeof ProbotOctokit>;
