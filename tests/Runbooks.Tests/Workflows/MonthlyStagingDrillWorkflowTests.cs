using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Runbooks.Tests.Workflows;

/// <summary>
/// What <c>monthly-staging-drill.yml</c> promises: the first Monday of each month and by hand, against staging only, one
/// run at a time, its history kept on a branch and an issue opened on a breach.
/// </summary>
public sealed class MonthlyStagingDrillWorkflowTests
{
    private readonly Workflow _workflow = Workflow.Load("monthly-staging-drill.yml");

    [Fact]
    public void Runs_every_Monday_and_lets_only_the_first_of_the_month_through()
    {
        var schedule = Assert.IsType<YamlSequenceNode>(_workflow.Node("on", "schedule"));
        Assert.Equal("0 6 * * 1", Assert.Single(schedule.Children).AllNodes.OfType<YamlScalarNode>().Last().Value);
        var gate = Assert.Single(_workflow.Steps("when"));
        Assert.Contains("date -u +%-d", gate.Run);
        Assert.Contains("-gt 7", gate.Run);
        Assert.Equal("needs.when.outputs.run == 'true'", _workflow.Scalar("jobs", "drill", "if"));
    }

    [Fact]
    public void Can_be_run_by_hand_with_the_drills_and_a_dry_run()
    {
        Assert.Equal("all", _workflow.Scalar("on", "workflow_dispatch", "inputs", "drills", "default"));
        Assert.Equal("boolean", _workflow.Scalar("on", "workflow_dispatch", "inputs", "dry_run", "type"));
        Assert.Equal("false", _workflow.Scalar("on", "workflow_dispatch", "inputs", "dry_run", "default"));
    }

    [Fact]
    public void Drills_staging_with_the_staging_environment_and_secrets()
    {
        Assert.Equal("staging", _workflow.Scalar("jobs", "drill", "environment"));
        var drill = Assert.Single(_workflow.Steps("drill"), s => s.Run.Contains("--yes", StringComparison.Ordinal));
        Assert.Contains("drill run \"${which[@]}\" --env staging --yes --history-dir history", drill.Run);
        Assert.Contains("which=(--all)", drill.Run);
        foreach (var name in new[] { "STAGING_CLOUDFLARE_API_TOKEN", "STAGING_VERCEL_TOKEN", "STAGING_DATABASE_URL" })
            Assert.Contains($"{name}: ${{{{ secrets.{name} }}}}", _workflow.Text);
    }

    [Fact]
    public void Never_names_a_production_secret()
    {
        // Every secret it reads is a staging one, and no production variable name appears anywhere, even in a comment.
        var secrets = Regex.Matches(_workflow.Text, @"secrets\.([A-Za-z0-9_]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.StartsWith("STAGING_", s));
        var production = Regex.Matches(_workflow.Text, @"(?<![A-Z0-9_])(CLOUDFLARE_API_TOKEN|VERCEL_TOKEN|DATABASE_URL|CLOUDFLARE_ACCOUNT_ID)(?![A-Z0-9_])");
        Assert.True(production.Count == 0, "monthly-staging-drill.yml names a production variable: " + string.Join(", ", production.Select(m => m.Value)));
    }

    [Fact]
    public void Writes_only_what_it_must_at_job_level_and_never_overlaps()
    {
        Assert.Empty(Assert.IsType<YamlMappingNode>(_workflow.Node("permissions")).Children);
        Assert.Equal("write", _workflow.Scalar("jobs", "drill", "permissions", "contents"));
        Assert.Equal("write", _workflow.Scalar("jobs", "drill", "permissions", "issues"));
        Assert.Empty(Assert.IsType<YamlMappingNode>(_workflow.Node("jobs", "when", "permissions")).Children);
        Assert.False(string.IsNullOrEmpty(_workflow.Scalar("concurrency", "group")));
        Assert.Equal("false", _workflow.Scalar("concurrency", "cancel-in-progress"));
    }

    [Fact]
    public void Commits_the_history_to_the_drill_history_branch_as_the_bot_and_opens_an_issue_with_the_table_on_a_breach()
    {
        var steps = _workflow.Steps("drill");
        var commit = Assert.Single(steps, s => s.Run.Contains("git push", StringComparison.Ordinal));
        Assert.Contains("HEAD:refs/heads/drill-history", commit.Run);
        Assert.Contains("github-actions[bot]", commit.Run);
        Assert.StartsWith("always()", commit.If);
        var issue = Assert.Single(steps, s => s.Run.Contains("gh issue create", StringComparison.Ordinal));
        Assert.Contains("steps.drill.outputs.exit == '1'", issue.If);
        Assert.Contains("bash scripts/drill-summary.sh reports", issue.Run);
        Assert.Contains("--body-file", issue.Run);
        Assert.Equal("always()", steps[^1].If);
        Assert.Contains("exit \"${DRILL_EXIT}\"", steps[^1].Run);
    }
}
