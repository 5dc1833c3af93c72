// Post the seqsync plan as one pull-request comment, updated in place on every push,
// and label the pull request by what the plan does. Used by workflows/seqsync-pr.yml.
//
// The comment is found by its marker *and* its author (this workflow's bot), so a human
// quoting the marker is never overwritten. When validation failed there is no plan: the
// comment then says so instead of leaving the previous plan up, stale.
const MARKER = "<!-- seqsync-plan -->";
const BOT = "github-actions[bot]";
const LABELS = {
  changes: "seqsync: changes",
  destructive: "seqsync: destructive",
  none: "seqsync: no changes",
  failed: "seqsync: plan failed",
};

function validationFailedBody(runUrl) {
  return [
    MARKER,
    "### seqsync plan: validation failed",
    "",
    "The sequence files have problems (see the annotations on the changed files), so there",
    `is no plan for this push. [The run](${runUrl}) lists every problem.`,
    "",
  ].join("\n");
}

async function publish({ github, owner, repo, issue, body, exitcode, destructive }) {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  });
  const mine = comments.find(
    (comment) => (comment.body || "").includes(MARKER) && comment.user && comment.user.login === BOT,
  );
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number: issue, body });
  }
  const wanted = exitcode === 1 ? [LABELS.failed]
    : exitcode === 2 ? (destructive ? [LABELS.changes, LABELS.destructive] : [LABELS.changes])
    : [LABELS.none];
  for (const label of Object.values(LABELS)) {
    if (!wanted.includes(label)) {
      try {
        await github.rest.issues.removeLabel({ owner, repo, issue_number: issue, name: label });
      } catch (error) {
        if (error.status !== 404) throw error; // not set: nothing to remove
      }
    }
  }
  await github.rest.issues.addLabels({ owner, repo, issue_number: issue, labels: wanted });
  return { updated: Boolean(mine), labels: wanted };
}

module.exports = publish;
module.exports.validationFailedBody = validationFailedBody;
module.exports.MARKER = MARKER;
