namespace Runbooks.Drills.Environments.WireMock;

/// <summary>How the WireMock server is started. Immutable; validated when the server starts.</summary>
public sealed record WireMockOptions
{
    /// <summary>The defaults: a free loopback port, a journal of 5,000 requests, 30 s to start.</summary>
    public static WireMockOptions Default { get; } = new();

    /// <summary>The port; 0 lets WireMock take a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The most requests the journal keeps. Unbounded, it eats memory and throughput under drill load
    /// (shared/notes/load-and-wiremock.md); tests need only the last few hundred.
    /// </summary>
    public int MaxRequestJournalEntries { get; init; } = 5000;

    /// <summary>How long the server may take to answer its admin API.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder holding <c>tools/wiremock</c>; found by walking up from the current directory and the app's folder when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Extra command-line arguments for WireMock (e.g. <c>--container-threads 8</c> for load drills).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public WireMockOptions Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "must be 0-65535");
        if (MaxRequestJournalEntries < 1) throw new ArgumentOutOfRangeException(nameof(MaxRequestJournalEntries), MaxRequestJournalEntries, "must be at least 1");
        if (StartTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "must be positive");
        return this;
    }
}
