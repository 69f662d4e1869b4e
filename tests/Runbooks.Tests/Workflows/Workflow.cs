using YamlDotNet.RepresentationModel;

namespace Runbooks.Tests.Workflows;

/// <summary>
/// A workflow file of <c>.github/workflows</c> as its YAML tree, to check what it promises (which command runs, what
/// runs always) beyond what the linter can know. Scalars stay strings: <c>on</c> is a key, not YAML 1.1's true.
/// </summary>
public sealed class Workflow
{
    private Workflow(string path, string text, YamlMappingNode root)
    {
        Path = path;
        Text = text;
        Root = root;
    }

    public string Path { get; }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    /// <summary>Loads <c>.github/workflows/<paramref name="fileName"/></c>.</summary>
    public static Workflow Load(string fileName)
    {
        var path = System.IO.Path.Combine(WorkflowLinter.WorkflowsFolder, fileName);
        var text = File.ReadAllText(path);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return new Workflow(path, text, (YamlMappingNode)yaml.Documents.Single().RootNode);
    }

    /// <summary>The mapping at <paramref name="keys"/> under the root; fails naming the path when it is not there.</summary>
    public YamlMappingNode Map(params string[] keys) => (YamlMappingNode)Node(keys);

    /// <summary>The node at <paramref name="keys"/> under the root, or null.</summary>
    public YamlNode? Find(params string[] keys)
    {
        YamlNode node = Root;
        foreach (var key in keys)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }
        return node;
    }

    /// <summary>The node at <paramref name="keys"/>; fails naming the path when it is not there.</summary>
    public YamlNode Node(params string[] keys) =>
        Find(keys) ?? throw new Xunit.Sdk.XunitException($"{System.IO.Path.GetFileName(Path)} has no {string.Join('.', keys)}.");

    /// <summary>The string at <paramref name="keys"/>, or null.</summary>
    public string? Scalar(params string[] keys) => (Find(keys) as YamlScalarNode)?.Value;

    /// <summary>The steps of job <paramref name="job"/>, in order.</summary>
    public IReadOnlyList<WorkflowStep> Steps(string job) =>
        ((YamlSequenceNode)Node("jobs", job, "steps")).Children.Cast<YamlMappingNode>().Select(m => new WorkflowStep(m)).ToList();
}
