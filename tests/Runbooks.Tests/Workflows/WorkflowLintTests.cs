namespace Runbooks.Tests.Workflows;

/// <summary>Every workflow in <c>.github/workflows</c> passes actionlint, and actionlint does reject a broken one.</summary>
public sealed class WorkflowLintTests
{
    public static TheoryData<string> WorkflowFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(WorkflowLinter.WorkflowsFolder, "*.yml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void The_workflows_the_readme_describes_are_there()
    {
        var files = Directory.GetFiles(WorkflowLinter.WorkflowsFolder).Select(Path.GetFileName).ToList();
        Assert.Contains("rto-gate.yml", files);
        Assert.Contains("monthly-staging-drill.yml", files);
        // A .yaml would be run by GitHub yet missed by the theory below.
        Assert.DoesNotContain(files, f => f!.EndsWith(".yaml", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Workflow_passes_actionlint(string fileName)
    {
        var result = WorkflowLinter.Lint(Path.Combine(".github", "workflows", fileName));
        Assert.True(result.ExitCode == 0, $"actionlint rejects {fileName}:\n{result}");
    }

    // Without this a linter that accepts everything (or does not run at all) would pass every workflow above.
    [Fact]
    public void A_broken_workflow_is_rejected()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("runbooks-workflow-").FullName, "broken.yml");
        try
        {
            File.WriteAllText(file, """
                name: broken
                on: push
                jobs:
                  drills:
                    steps:
                      - run: echo ${{ steps.nothing.outputs.exit }}
                    timeout: 5
                """);
            var result = WorkflowLinter.Lint(file);
            Assert.True(result.ExitCode == 1, $"actionlint accepted a job with no runs-on and an unknown key:\n{result}");
            Assert.Contains("\"runs-on\" section is missing", result.Stdout);
            Assert.Contains("unexpected key \"timeout\"", result.Stdout);
            Assert.Contains("property \"nothing\" is not defined", result.Stdout);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
