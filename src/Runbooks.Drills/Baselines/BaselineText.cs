using System.Globalization;

namespace Runbooks.Drills.Baselines;

/// <summary>How baseline figures read in sentences: whole milliseconds with thousands grouped, culture-independent.</summary>
internal static class BaselineText
{
    public static string Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds).ToString("#,0", CultureInfo.InvariantCulture) + " ms";
}
