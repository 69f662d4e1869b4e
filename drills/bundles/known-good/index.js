// runbooks-sim: healthy
// The known-good build the known-good-redeploy drill deploys (seed 000, Option 1B's "backup worker file"): a Worker that
// answers. A team keeps its own last good build here or as a CI artifact.
export default {
  async fetch(request) {
    return Response.json({ status: "ok", path: new URL(request.url).pathname });
  },
};
