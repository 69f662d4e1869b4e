using System.Globalization;
using System.Reflection;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Baselines;

/// <summary>
/// What a baseline was measured under, and so what it may be compared with: the build configuration of the running
/// code and the time scale. A Debug build JITs unoptimised code and a larger time scale stretches what the runbook waits
/// on, so a figure from one key says nothing about a run under another. Written as <c>Release@0.02</c>.
/// </summary>
public sealed record BaselineKey
{
    /// <summary>A key; <paramref name="configuration"/> is the build configuration.</summary>
    public BaselineKey(string configuration, TimeScale timeScale)
    {
        if (string.IsNullOrWhiteSpace(configuration) || configuration.Contains(Separator, StringComparison.Ordinal) || configuration != configuration.Trim())
            throw new ArgumentException($"A baseline key's build configuration must be a word without '{Separator}', not '{configuration}'.", nameof(configuration));
        Configuration = configuration;
        TimeScale = timeScale;
    }

    /// <summary>The build configuration (Debug, Release) of the code that measured it.</summary>
    public string Configuration { get; }

    /// <summary>The time scale the drill ran at.</summary>
    public TimeScale TimeScale { get; }

    /// <summary>The time scale as written in the key: invariant, shortest round-trip form (0.02, 0.05, 1).</summary>
    public string TimeScaleText => TimeScale.Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The build configuration of this Runbooks.Drills assembly, which is what a drill's measured work runs through;
    /// <c>unknown</c> when the build recorded none, a key no recorded baseline has, so nothing is compared by mistake.
    /// </summary>
    public static string CurrentConfiguration { get; } =
        typeof(BaselineKey).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "unknown";

    /// <summary>The key of a run of this build at <paramref name="timeScale"/>.</summary>
    public static BaselineKey For(TimeScale timeScale) => new(CurrentConfiguration, timeScale);

    /// <summary>
    /// The key figures of the old file format (one <c>overheadMs</c> per drill) were taken under: a Release build at
    /// the default time scale.
    /// </summary>
    public static BaselineKey Legacy { get; } = new("Release", new TimeScale(0.02));

    /// <summary>Reads <c>Release@0.02</c>; null when <paramref name="text"/> is not a key.</summary>
    public static BaselineKey? TryParse(string text)
    {
        var at = text.LastIndexOf(Separator);
        if (at <= 0) return null;
        var configuration = text[..at];
        if (configuration != configuration.Trim() || configuration.Contains(Separator, StringComparison.Ordinal)) return null;
        // No thousands separators or exponents: a key is written in one form, and a second form would be a second key.
        if (!double.TryParse(text[(at + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var scale)
            || !double.IsFinite(scale) || scale is <= 0 or > 1) return null;
        return new BaselineKey(configuration, new TimeScale(scale));
    }

    /// <summary>The key as written in the file, e.g. <c>Release@0.02</c>.</summary>
    public override string ToString() => Configuration + Separator + TimeScaleText;

    /// <summary>The key in words, for sentences: <c>Debug at time scale 0.02</c>.</summary>
    public string Describe() => $"{Configuration} at time scale {TimeScaleText}";

    private const char Separator = '@';
}
