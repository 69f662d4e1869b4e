using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Runbooks.Core.Configuration;

/// <summary>
/// Reads a YAML configuration file (a drill, the estate) key by key, so that every problem names the file, the line and
/// column, and what is allowed there. The exception type is the caller's: each file kind has its own.
/// </summary>
public sealed class YamlMappingReader
{
    private readonly Func<int, int, string, Exception> _error;

    private YamlMappingReader(YamlMappingNode root, Func<int, int, string, Exception> error)
    {
        Root = root;
        _error = error;
    }

    /// <summary>The document's top-level mapping.</summary>
    public YamlMappingNode Root { get; }

    /// <summary>
    /// Parses <paramref name="path"/>, whose top level must be a mapping (<paramref name="whatItIs"/> says what one holds);
    /// <paramref name="error"/> builds the exception for a line, a column and a problem.
    /// </summary>
    public static YamlMappingReader Open(string path, string whatItIs, Func<int, int, string, Exception> error)
    {
        if (!File.Exists(path)) throw error(1, 1, "file does not exist.");
        using var reader = new StreamReader(path);
        var parser = new Parser(reader);
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? new YamlMappingReader(m, error) : throw error(1, 1, whatItIs);
        }
        catch (YamlException e)
        {
            throw error((int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet reports some malformed flow mappings this way; the parser still knows where it stopped.
            var at = parser.Current?.Start;
            throw error((int)(at?.Line ?? 1), (int)(at?.Column ?? 1), "not valid YAML: an unclosed or malformed { } mapping or [ ] list.");
        }
    }

    /// <summary>The exception for a problem at <paramref name="at"/>.</summary>
    public Exception Error(YamlNode at, string problem) => _error((int)at.Start.Line, (int)at.Start.Column, problem);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public YamlNode? Node(YamlMappingNode map, string key)
        => map.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

    /// <summary>Refuses any key not in <paramref name="allowed"/>, naming the allowed ones.</summary>
    public void OnlyKeys(YamlMappingNode map, IReadOnlyList<string> allowed, string where)
    {
        foreach (var k in map.Children.Keys)
            if (k is not YamlScalarNode { Value: { } name } || !allowed.Contains(name))
                throw Error(k, $"'{(k as YamlScalarNode)?.Value}' is not a {where} key; allowed: {string.Join(", ", allowed)}.");
    }

    /// <summary>The mapping under <paramref name="key"/>.</summary>
    public YamlMappingNode? Mapping(YamlMappingNode map, string key, bool required)
    {
        var n = Node(map, key);
        if (n is null) return required ? throw Error(map, $"'{key}' is required.") : null;
        return n as YamlMappingNode ?? throw Error(n, $"'{key}' must be a mapping ({key}: {{ ... }}).");
    }

    /// <summary>The list under <paramref name="key"/>; empty when absent.</summary>
    public IReadOnlyList<YamlNode> Sequence(YamlMappingNode map, string key)
    {
        var n = Node(map, key);
        if (n is null) return [];
        return n as YamlSequenceNode is { } s ? s.Children.ToList() : throw Error(n, $"'{key}' must be a list ({key}: [ ... ]).");
    }

    /// <summary>The list of single values under <paramref name="key"/>; empty when absent.</summary>
    public IReadOnlyList<string> Scalars(YamlMappingNode map, string key)
        => Sequence(map, key).Select(n => n is YamlScalarNode { Value: { } v } ? v : throw Error(n, $"each entry of '{key}' must be a single value.")).ToList();

    /// <summary>A mapping of single values under <paramref name="key"/> (for example vars); empty when absent.</summary>
    public IReadOnlyDictionary<string, string> StringMap(YamlMappingNode map, string key)
    {
        var m = Mapping(map, key, required: false);
        if (m is null) return new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode { Value: { } name } || v is not YamlScalarNode { Value: var value })
                throw Error(k, $"each entry of '{key}' must be NAME: value.");
            result[name] = value ?? "";
        }
        return result;
    }

    /// <summary>The single value under <paramref name="key"/>, or null.</summary>
    public string? OptionalScalar(YamlMappingNode map, string key)
    {
        var n = Node(map, key);
        if (n is null) return null;
        return n is YamlScalarNode s ? s.Value : throw Error(n, $"'{key}' must be a single value.");
    }

    /// <summary>The single value under <paramref name="key"/>; <paramref name="hint"/> says what it is when it is missing.</summary>
    public string RequiredScalar(YamlMappingNode map, string key, string hint)
        => OptionalScalar(map, key) is { Length: > 0 } v ? v : throw Error(map, $"'{key}' is required ({hint}).");

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, or null when absent and not required.</summary>
    public double? Number(YamlMappingNode map, string key, bool required, double min, double max)
    {
        var text = OptionalScalar(map, key);
        if (text is null) return required ? throw Error(map, $"'{key}' is required.") : null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw Error(Node(map, key)!, $"'{key}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
        return v;
    }
}
