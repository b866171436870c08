// Deciding: a repository URL in the form Argo CD compares sourceRepos with (util/git
// NormalizeGitURL): trimmed, lower-cased, `user@host:path` SSH form rewritten to
// `user@host/path`, a trailing `.git` removed. Go then re-encodes the URL (net/url); for the
// characters URLs are normally written with that is the identity. A URL holding a character Go
// would percent-encode or reject is reported as not normalisable instead of guessed at.

const SSH_URL = /^(ssh:\/\/)?([^/:]*?)@[^@]+$/;
/** Characters net/url keeps as written in an http(s)/ssh URL (and the glob metacharacters `*?[]!`). */
const KEPT_AS_WRITTEN = /^[a-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

export type NormalizedUrl = { ok: true; url: string } | { ok: false; reason: string };

export function normalizeGitUrl(repo: string): NormalizedUrl {
  let url = repo.trim().toLowerCase();
  if (SSH_URL.test(url) && !url.startsWith('ssh://')) url = `ssh://${url.replace(':', '/')}`;
  if (url.endsWith('.git')) url = url.slice(0, -'.git'.length);
  if (!KEPT_AS_WRITTEN.test(url)) return { ok: false, reason: `${JSON.stringify(repo)} holds characters Argo CD re-encodes before comparing` };
  if (/%(?![0-9a-f]{2})/.test(url)) return { ok: false, reason: `${JSON.stringify(repo)} has a malformed %-escape, which Argo CD cannot parse` };
  return { ok: true, url: url.startsWith('ssh://') ? url.slice('ssh://'.length) : url };
}
