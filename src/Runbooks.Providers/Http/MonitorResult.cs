namespace Runbooks.Providers.Http;

/// <summary>How a monitoring window went.</summary>
/// <param name="Url">The URL watched.</param>
/// <param name="Window">How long, real-world.</param>
/// <param name="Checks">How many probes.</param>
/// <param name="Failed">How many of them failed.</param>
public sealed record MonitorResult(string Url, TimeSpan Window, int Checks, int Failed);
