using YamlDotNet.RepresentationModel;

namespace Runbooks.Tests.Workflows;

/// <summary>One step of a workflow job: its <c>uses</c>, <c>run</c>, <c>if</c> and <c>with</c> values as written.</summary>
public sealed class WorkflowStep(YamlMappingNode node)
{
    public string? Uses => Value("uses");

    public string Run => Value("run") ?? "";

    public string? If => Value("if");

    public string? Name => Value("name");

    public string? With(string key) =>
        node.Children.TryGetValue(new YamlScalarNode("with"), out var with) && with is YamlMappingNode map
        && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    public override string ToString() => Name ?? Uses ?? Run;

    private string? Value(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
