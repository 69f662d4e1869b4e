namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>The <c>{name}</c> segments a route template matched, by name.</summary>
public sealed class RouteValues(IReadOnlyDictionary<string, string> values)
{
    /// <summary>The segment named <paramref name="name"/> in the template.</summary>
    public string this[string name] => values[name];
}
