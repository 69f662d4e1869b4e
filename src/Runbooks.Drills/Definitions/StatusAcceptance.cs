namespace Runbooks.Drills.Definitions;

/// <summary>Which HTTP statuses a synthetic user counts as served: <c>2xx</c>, <c>503</c>, or a comma-separated list of both kinds.</summary>
public sealed class StatusAcceptance
{
    private readonly bool[] _accepted = new bool[600];

    private StatusAcceptance() { }

    /// <summary>Parses <paramref name="text"/>; false when an entry is neither <c>Nxx</c> nor a status from 100 to 599.</summary>
    public static bool TryParse(string text, out StatusAcceptance acceptance)
    {
        acceptance = new StatusAcceptance();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.Length == 3 && raw[0] is >= '1' and <= '5' && raw[1..].Equals("xx", StringComparison.OrdinalIgnoreCase))
                for (var s = (raw[0] - '0') * 100; s < (raw[0] - '0' + 1) * 100; s++) acceptance._accepted[s] = true;
            else if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
                acceptance._accepted[code] = true;
            else return false;
        }
        return acceptance._accepted.Any(a => a);
    }

    /// <summary>Parses text already validated by the drill file reader.</summary>
    public static StatusAcceptance Parse(string text)
        => TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not a list of statuses like 2xx or 2xx,503.");

    /// <summary>Whether <paramref name="status"/> counts as served.</summary>
    public bool Accepts(int status) => status is >= 0 and < 600 && _accepted[status];
}
