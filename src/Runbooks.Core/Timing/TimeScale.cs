using System.Globalization;

namespace Runbooks.Core.Timing;

/// <summary>
/// How much faster than the real world a drill runs the durations it simulates or assumes: 1 is real time, 0.02 runs
/// a 2-minute alert window in 2.4 s. A value type so a scale is never a bare <c>double</c> that one caller multiplies
/// and another divides: <see cref="ToDrill"/> and <see cref="ToRealWorld"/> say which way a duration goes.
/// </summary>
public readonly record struct TimeScale
{
    private readonly double _value;

    /// <summary>A scale above 0 and at most 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside (0, 1].</exception>
    public TimeScale(double value)
    {
        if (!(value > 0 && value <= 1))
            throw new ArgumentOutOfRangeException(nameof(value), value, "A time scale must be above 0 and at most 1.");
        _value = value;
    }

    /// <summary>Real time: every duration as long as in the real world (production, staging, a drill at scale 1).</summary>
    public static TimeScale RealTime { get; } = new(1);

    /// <summary>The factor (a default-constructed scale is real time).</summary>
    public double Value => _value == 0 ? 1 : _value;

    /// <summary>Whether durations run as in the real world.</summary>
    public bool IsRealTime => Value >= 1;

    /// <summary>How long a real-world duration lasts in the drill.</summary>
    public TimeSpan ToDrill(TimeSpan realWorld) => realWorld == Timeout.InfiniteTimeSpan ? realWorld : realWorld * Value;

    /// <summary>What a span of simulated or assumed drill time stands for in the real world.</summary>
    public TimeSpan ToRealWorld(TimeSpan drill) => drill / Value;

    /// <summary>Parses an invariant decimal ("0.02"); null with a reason when it is not a scale.</summary>
    public static TimeScale? TryParse(string? text, out string? problem)
    {
        problem = null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v <= 1) return new TimeScale(v);
        problem = $"a time scale is a number above 0 and at most 1 (0.02 runs 2 min in 2.4 s), not '{text}'";
        return null;
    }

    /// <summary>The factor, invariant ("0.02").</summary>
    public override string ToString() => Value.ToString("0.####", CultureInfo.InvariantCulture);
}
