using System.Globalization;

namespace Runbooks.Providers.Http;

/// <summary>Durations as error sentences and log lines say them: "350 ms", "8.5 s", "5 min 2 s".</summary>
internal static class DurationText
{
    public static string Of(TimeSpan t)
    {
        if (t < TimeSpan.FromSeconds(1)) return t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
        if (t < TimeSpan.FromSeconds(59.95)) return t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        var seconds = (long)Math.Round(t.TotalSeconds);
        return seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s";
    }
}
