// Post the seqsync plan as one pull-request comment, updated in place on every push,
// and label the pull request by what the plan does. Used by workflows/seqsync-pr.yml.
const MARKER = "<!-- seqsync-plan -->";
const LABELS = {
  changes: "seqsync: changes",
  destructive: "seqsync: destructive",
  none: "seqsync: no changes",
  failed: "seqsync: plan failed",
};

module.exports = async function publish({ github, owner, repo, issue, body, exitcode, destructive }) {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  });
  const mine = comments.find((comment) => (comment.body || "").includes(MARKER));
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
};
